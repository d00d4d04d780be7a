"""Planted enrolment conflicts: a cadre's relative enrolled, a reviewer reviewing a relative (or themself)."""

from __future__ import annotations

from datetime import date

from .book import Planted, WelfareBook, ben


def plant_relative_enrolled(book: WelfareBook, org_id: str, *, allow_self: bool = True) -> Planted:
    """A relative of a cadre other than the reviewer on a means-tested roll (1 of 5: the cadre,
    unless ``allow_self`` is off: a cadre enrolled twice would also be a duplicate)."""
    world = book.world
    reviewer = world.holder(world.post_id(org_id, "welfare"))
    cadres = [
        world.holder(world.post_id(org_id, c))
        for c in ("secretary", "director", "finance", "procurement", "grid")
    ]
    cadre = book.rng.choice([c for c in cadres if c != reviewer])
    program = book.rng.choice(("dibao", "tekun", "temp_relief"))
    if book.seq("relative_enrolled") % 5 == 4 and allow_self:
        person, records = cadre, [ben(cadre, program)]
    else:
        person = world.relative(cadre, book.rng.choice(("sibling", "parent", "child", "in_law")))
        records = [ben(person, program), f"relations:{cadre}:{person}"]
    _regular(book, org_id, person, program)
    return records, f"{person} 系干部 {cadre} 本人或亲属，享受{program}"


def plant_reviewer_conflict(book: WelfareBook, org_id: str, *, allow_self: bool = True) -> Planted:
    """The welfare post's holder reviewed a relative's record (1 of 5: their own, unless ``allow_self``
    is off)."""
    world = book.world
    reviewer = world.holder(world.post_id(org_id, "welfare"))
    if book.seq("reviewer_conflict") % 5 == 4 and allow_self:
        _regular(book, org_id, reviewer, "disability_allowance")
        return [ben(reviewer, "disability_allowance")], f"审核人 {reviewer} 审核本人"
    person = world.relative(reviewer, book.rng.choice(("spouse", "sibling", "parent", "child", "in_law")))
    program = book.rng.choice(("dibao", "tekun", "disability_allowance"))
    _regular(book, org_id, person, program)
    return [ben(person, program), f"relations:{reviewer}:{person}"], f"审核人 {reviewer} 审核亲属 {person}"


def _regular(book: WelfareBook, org_id: str, person: str, program: str) -> None:
    """Clean enrolment and payments for a planted person (the violation is who they are)."""
    if program == "temp_relief":
        book.temp_relief(org_id, person, [book.world.workday(date(2026, 4, 1), date(2026, 4, 30))])
        return
    standard = book.standard(program)
    approved = book.random_day(date(2023, 1, 1), date(2025, 12, 31))
    book.enrol(org_id, person, program, approved, standard=standard)
    book.monthly(org_id, person, program, standard, approved)

