"""Scoring settings (severity points, inherent risk, level thresholds, overrides) from a rule pack."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Level:
    level: str
    min_score: float
    label: str


@dataclass(frozen=True)
class Override:
    """A situation that puts a post at ``level`` whatever its score."""

    rules: tuple[str, ...]
    level: str
    reason: str
    severity_at_least: str | None = None
    min_findings: int = 1
    within_days: int | None = None


@dataclass(frozen=True)
class ScoringConfig:
    severity_points: dict[str, float]
    levels: tuple[Level, ...]
    power_points: dict[str, float] = field(default_factory=dict)
    inherent_cap: float | None = None
    overrides: tuple[Override, ...] = ()
    pack_id: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, pack_id: str = "") -> ScoringConfig:
        inherent = data.get("inherent", {})
        levels = sorted((Level(**item) for item in data["levels"]), key=lambda lv: -lv.min_score)
        overrides = tuple(
            Override(
                rules=tuple(o["rules"]),
                level=o["level"],
                reason=o["reason"],
                severity_at_least=o.get("severity_at_least"),
                min_findings=o.get("min_findings", 1),
                within_days=o.get("within_days"),
            )
            for o in data.get("overrides", [])
        )
        return cls(
            severity_points=dict(data["severity_points"]),
            levels=tuple(levels),
            power_points=dict(inherent.get("powers", {})),
            inherent_cap=inherent.get("cap"),
            overrides=overrides,
            pack_id=pack_id,
        )

    def label(self, level: str) -> str:
        return next(lv.label for lv in self.levels if lv.level == level)
