"""What the evaluation stage hands on: every finding in one frame, and what could not be judged."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

FINDING_COLUMNS: dict[str, pl.DataType] = {
    "rule_id": pl.String(),
    "domain": pl.String(),
    "severity": pl.String(),
    "org_id": pl.String(),
    "post_ids": pl.List(pl.String()),
    "records": pl.List(pl.String()),
    "date": pl.Date(),
    "evidence": pl.String(),  # JSON text of the rule's evidence columns and thresholds
    "message": pl.String(),
    "escalation_reason": pl.String(),  # why the severity differs from the rule's (null: it does not)
}


@dataclass
class NotEvaluated:
    """A rule (or a rule for some orgs) that could not be judged, and why."""

    rule_id: str
    reason: str
    org_ids: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict:
        """The entry of the result's ``not_evaluated`` (without the rule's title)."""
        out: dict = {"rule_id": self.rule_id, "reason": self.reason}
        if self.org_ids:
            out["org_ids"] = self.org_ids
        if self.error:
            out["error"] = self.error
        return out


@dataclass(frozen=True)
class Findings:
    """The findings of one evaluation, one row per finding in :data:`FINDING_COLUMNS`, and the
    rules (or rules for some orgs) that could not be evaluated, in the order they were met."""

    frame: pl.DataFrame
    not_evaluated: list[NotEvaluated] = field(default_factory=list)

    @staticmethod
    def concat(parts: list[pl.DataFrame]) -> pl.DataFrame:
        """One findings frame from the frames of several rules (an empty one from none)."""
        return pl.concat(parts, how="vertical") if parts else pl.DataFrame(schema=FINDING_COLUMNS)
