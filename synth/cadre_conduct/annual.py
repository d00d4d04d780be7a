"""Planted annual-record problems: the annual declaration missing or late, low approval in the evaluation."""

from __future__ import annotations

from datetime import date

from .book import ConductBook


def annual_declaration(book: ConductBook, *, missing: bool):
    """Plant the 2026 annual declaration of a post holder: ``missing``, or filed weeks to months late."""
    post_id = book.next_post()
    person_id = book.holder_of[post_id]
    posts = book.posts_of_holder[person_id]
    book.skip_annual.add((person_id, 2026))

    def step() -> None:
        if missing:
            book.plant(
                "annual_declaration",
                posts,
                [f"posts:{p}" for p in posts],
                False,
                "2026 年度个人有关事项未报告",
            )
            return
        decl = book.declaration(
            person_id,
            "annual_personal_matters",
            book.day(date(2026, 1, 5), date(2026, 2, 27)),
            book.day(date(2026, 4, 10), date(2026, 6, 30)),
        )
        book.plant(
            "annual_declaration",
            posts,
            [f"declarations:{decl['decl_id']}"],
            False,
            "2026 年度个人有关事项逾期报告",
        )

    return step


def low_approval(book: ConductBook, *, two_years: bool):
    """Plant an approval below 60 % in the 2025 evaluation (``two_years``: in 2024 too)."""
    post_id = book.next_post()

    def step() -> None:
        rows = [r for r in book.world.tables["evaluations"] if r["post_id"] == post_id]
        years = (2024, 2025) if two_years else (2025,)
        for row in rows:
            if row["year"] in years:
                row["approval_rate"] = round(book.rng.uniform(0.35, 0.58), 2)
        book.plant(
            "low_approval",
            post_id,
            [f"evaluations:{post_id}:{y}" for y in sorted(years, reverse=True)],
            two_years,
            "连续两年民主测评不称职" if two_years else "民主测评不称职",
        )

    return step
