"""``riskengine rules check``: load packs as an assessment would and report on the ones checked.

The checked packs are loaded on top of the shipped ones (so ``extends`` and ``rule_overrides``
resolve as they will in a run). Packs given together that share a ``pack.id`` (variants of one
province's pack) would replace each other, hiding the errors of all but the last, so they are
checked in separate rounds. Exit codes: 0 valid, 1 validation errors, 3 a pack cannot be read at
all (undecodable, not YAML, too large) -- the same 3 as ``assess``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import Engine
from ..errors import Problem, RulePackError
from .rulepack import display_path, read_rule_pack


@dataclass
class PackCheck:
    """What ``rules check`` reports."""

    problems: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rules: int = 0
    overrides: int = 0
    unreadable: bool = False

    @property
    def exit_code(self) -> int:
        """0 valid, 1 validation errors, 3 a pack cannot be read at all."""
        if self.unreadable:
            return 3
        return 1 if self.problems else 0

    def add(self, other: PackCheck) -> None:
        """Fold in the result of another round (problems and notices shared by rounds appear once)."""
        self.problems += [p for p in other.problems if p not in self.problems]
        self.warnings += other.warnings
        self.notices += [n for n in other.notices if n not in self.notices]
        self.rules += other.rules
        self.overrides += other.overrides
        self.unreadable = self.unreadable or other.unreadable


def check_packs(paths: Sequence[str | Path], *, as_of: dt.date | None = None, **engine_options) -> PackCheck:
    """Load ``paths`` with the shipped packs and collect problems, warnings and counts.

    The notices also say which packs would not be in force on ``as_of`` (default today).
    """
    result = PackCheck()
    for group in _rounds([Path(p) for p in paths]):
        result.add(_check(group, as_of or dt.date.today(), **engine_options))
    return result


def _check(paths: list[Path], as_of: dt.date, **engine_options) -> PackCheck:
    engine = Engine.create(rule_packs=paths, **engine_options)
    book = engine.rulebook
    sources = {display_path(p) for p in paths}
    dated = [n for n in book.on(as_of).notices if n not in book.notices]
    return PackCheck(
        problems=engine.problems,
        warnings=[w for w in book.warnings if w.location is not None and w.location.source in sources],
        notices=[*book.notices, *dated],
        rules=sum(1 for rule in book.rules if rule.location.source in sources),
        overrides=sum(len(doc.rule_overrides) for doc in book.loaded if doc.info.source in sources),
        unreadable=bool(book.unreadable),
    )


def _rounds(paths: list[Path]) -> list[list[Path]]:
    """Split ``paths`` so that no round holds two packs with the same id (order kept)."""
    rounds: list[tuple[list[Path], set[str]]] = []
    for path in paths:
        try:
            pack_id = read_rule_pack(path).info.id
        except (RulePackError, OSError):
            pack_id = None  # reported when its round loads it
        target = next((r for r in rounds if pack_id is None or pack_id not in r[1]), None)
        if target is None:
            target = ([], set())
            rounds.append(target)
        target[0].append(path)
        if pack_id is not None:
            target[1].add(pack_id)
    return [group for group, _ in rounds] or [[]]
