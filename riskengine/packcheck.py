"""``riskengine rules check``: load packs as an assessment would and report on the ones checked.

The checked packs are loaded on top of the shipped ones (so ``extends`` and ``rule_overrides``
resolve as they will in a run). Exit codes: 0 valid, 1 validation errors, 3 a pack cannot be
read at all (undecodable, not YAML, too large) -- the same 3 as ``assess``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .engine import Engine
from .errors import Problem
from .rulepack import display_path


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
        if self.unreadable:
            return 3
        return 1 if self.problems else 0


def check_packs(paths: Sequence[str | Path], **engine_options) -> PackCheck:
    """Load ``paths`` with the shipped packs and collect problems, warnings and counts."""
    engine = Engine.create(rule_packs=paths, **engine_options)
    book = engine.rulebook
    sources = {display_path(Path(p)) for p in paths}
    return PackCheck(
        problems=engine.problems,
        warnings=[w for w in book.warnings if w.location is not None and w.location.source in sources],
        notices=list(book.notices),
        rules=sum(1 for rule in book.rules if rule.location.source in sources),
        overrides=sum(len(doc.rule_overrides) for doc in book.loaded if doc.info.source in sources),
        unreadable=bool(book.unreadable),
    )

