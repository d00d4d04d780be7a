"""Backtest a pack revision: run the old and the new packs on the same data and compare.

A province shadow-runs a revision before publishing it: which findings appear and disappear,
rule by rule, and which posts change level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.dataset import Dataset, load_dataset
from ..data.period import Period
from ..engine import Engine

_LEVEL_ORDER = {"low": 0, "medium": 1, "high": 2}


@dataclass
class RuleChange:
    """How one rule's findings differ between the two runs."""

    rule_id: str
    title: str
    before: int
    after: int
    appeared: list[dict[str, Any]] = field(default_factory=list)
    disappeared: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class PostChange:
    post_id: str
    org_id: str
    title: str
    level_before: str
    level_after: str
    score_before: float
    score_after: float

    @property
    def direction(self) -> int:
        """+1 when the level rose, -1 when it fell."""
        return 1 if _LEVEL_ORDER[self.level_after] > _LEVEL_ORDER[self.level_before] else -1


@dataclass
class Comparison:
    old_packs: list[dict[str, Any]]
    new_packs: list[dict[str, Any]]
    rules: list[RuleChange]
    posts: list[PostChange]
    period: str = ""

    @property
    def changed_rules(self) -> list[RuleChange]:
        return [r for r in self.rules if r.appeared or r.disappeared]

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "old_packs": self.old_packs,
            "new_packs": self.new_packs,
            "rules": [vars(r) for r in self.changed_rules],
            "posts": [vars(p) for p in self.posts],
        }


def compare_packs(old: Sequence[str | Path], new: Sequence[str | Path], dataset: str | Path, *,
                  as_of: dt.date | None = None, period: Period | None = None,
                  default_packs: bool = True) -> Comparison:
    """Assess ``dataset`` once with ``old`` and once with ``new`` packs; compare the two results."""
    before_engine = Engine.create(rule_packs=old, default_packs=default_packs)
    after_engine = Engine.create(rule_packs=new, default_packs=default_packs)
    data: Dataset = load_dataset(Path(dataset), after_engine.registry.record_types)
    before = before_engine.assess(data, as_of=as_of, period=period).to_dict()
    after = after_engine.assess(data, as_of=as_of, period=period).to_dict()
    titles = {r.id: r.title for r in before_engine.rulebook.rules}
    titles.update({r.id: r.title for r in after_engine.rulebook.rules})
    return Comparison(
        old_packs=before["rule_packs"],
        new_packs=after["rule_packs"],
        rules=_rule_changes(before["findings"], after["findings"], titles),
        posts=_post_changes(before["posts"], after["posts"]),
        period=f"{after['period']['from']}..{after['period']['to']}",
    )


def _rule_changes(before: list[dict], after: list[dict], titles: Mapping[str, str]) -> list[RuleChange]:
    # A finding is "the same" when the same rule rests on the same records (its id may change
    # with its date); severity or message changes are not appearances.
    def keyed(findings: list[dict]) -> dict[tuple, dict]:
        return {(f["rule_id"], tuple(sorted(f["records"]))): f for f in findings}

    old, new = keyed(before), keyed(after)
    changes = []
    for rule_id in sorted({key[0] for key in old} | {key[0] for key in new} | set(titles)):
        old_keys = {k for k in old if k[0] == rule_id}
        new_keys = {k for k in new if k[0] == rule_id}
        changes.append(RuleChange(
            rule_id=rule_id,
            title=titles.get(rule_id, rule_id),
            before=len(old_keys),
            after=len(new_keys),
            appeared=[_brief(new[k]) for k in sorted(new_keys - old_keys)],
            disappeared=[_brief(old[k]) for k in sorted(old_keys - new_keys)],
        ))
    return changes


def _post_changes(before: list[dict], after: list[dict]) -> list[PostChange]:
    old = {p["post_id"]: p for p in before}
    changes = []
    for post in after:
        previous = old.get(post["post_id"])
        if previous is None or previous["level"] == post["level"]:
            continue
        changes.append(PostChange(
            post_id=post["post_id"], org_id=post["org_id"], title=post.get("title") or "",
            level_before=previous["level"], level_after=post["level"],
            score_before=previous["score"], score_after=post["score"],
        ))
    return sorted(changes, key=lambda c: (-c.direction, c.org_id, c.post_id))


def _brief(finding: Mapping[str, Any]) -> dict[str, Any]:
    return {"org_id": finding["org_id"], "post_ids": finding["post_ids"], "records": finding["records"],
            "severity": finding["severity"], "message": finding["message"]}
