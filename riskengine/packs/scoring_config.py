"""Scoring settings from a rule pack: severity points, inherent risk, levels, serious problems, overrides."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Level:
    level: str
    min_score: float
    label: str
    description: str = ""


@dataclass(frozen=True)
class Serious:
    """What counts as one serious problem (严重问题): a finding of ``rules`` (any rule when empty)
    whose severity is at least ``severity_at_least`` (any when None)."""

    label: str
    rules: tuple[str, ...] = ()
    severity_at_least: str | None = None


@dataclass(frozen=True)
class Override:
    """A situation that puts a post at ``level`` whatever its score.

    The findings counted are those of ``rules`` (any rule when empty), only serious ones when
    ``serious`` is set, only from ``severity_at_least`` up; ``min_findings`` of them (within
    ``within_days`` of each other when set) trigger the override.
    """

    rules: tuple[str, ...]
    level: str
    reason: str
    severity_at_least: str | None = None
    min_findings: int = 1
    within_days: int | None = None
    serious: bool = False


@dataclass(frozen=True)
class ScoringConfig:
    severity_points: dict[str, float]
    levels: tuple[Level, ...]
    power_points: dict[str, float] = field(default_factory=dict)
    inherent_cap: float | None = None
    overrides: tuple[Override, ...] = ()
    pack_id: str = ""
    serious: tuple[Serious, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, pack_id: str = "") -> ScoringConfig:
        inherent = data.get("inherent", {})
        levels = sorted((Level(**item) for item in data["levels"]), key=lambda lv: -lv.min_score)
        overrides = tuple(
            Override(
                rules=tuple(o.get("rules", ())),
                level=o["level"],
                reason=o["reason"],
                severity_at_least=o.get("severity_at_least"),
                min_findings=o.get("min_findings", 1),
                within_days=o.get("within_days"),
                serious=bool(o.get("serious", False)),
            )
            for o in data.get("overrides", [])
        )
        serious = tuple(
            Serious(
                label=s["label"],
                rules=tuple(s.get("rules", ())),
                severity_at_least=s.get("severity_at_least"),
            )
            for s in data.get("serious", [])
        )
        return cls(
            severity_points=dict(data["severity_points"]),
            levels=tuple(levels),
            power_points=dict(inherent.get("powers", {})),
            inherent_cap=inherent.get("cap"),
            overrides=overrides,
            pack_id=pack_id,
            serious=serious,
        )

    def label(self, level: str) -> str:
        return next(lv.label for lv in self.levels if lv.level == level)
