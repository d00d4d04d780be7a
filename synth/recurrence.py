"""Synthetic task history: closed rectification tasks whose problem comes back (conduct.recurrence).

Runs after the domain generators: it picks planted violations of single-post rules and records
that the post's task for that rule was closed a few months before the as-of date, so the
recurrence rule must fire for exactly those (post, rule) pairs.
"""

from __future__ import annotations

import datetime as dt

from riskengine.outcome.ids import task_id

from .dates import AS_OF, PERIOD_START
from .truth import Truth
from .world import World

RULE_ID = "conduct.recurrence"
PLANTS = 5
# Rules whose findings rest on one post and one clear record: safe anchors for a recurrence.
_ANCHOR_PREFIXES = (
    "finance.cash_over_limit",
    "finance.hospitality_over_limit",
    "procurement.direct_award_over_limit",
    "procurement.new_vendor",
    "welfare.over_standard",
    "conduct.unanswered_complaint",
)


def generate(world: World, truth: Truth) -> None:
    """Add ``task_history`` rows (some closed tasks that recur, some that do not) and plant recurrences."""
    anchors = sorted(
        {
            (v["post_id"], v["rule_id"], v["org_id"])
            for v in truth.violations
            if v["rule_id"] in _ANCHOR_PREFIXES and isinstance(v["post_id"], str)
        }
    )
    by_post: dict[str, tuple[str, str, str]] = {}
    for anchor in anchors:
        by_post.setdefault(anchor[0], anchor)
    chosen = world.rng.sample(sorted(by_post.values()), min(PLANTS, len(by_post)))
    for post_id, rule_id, org_id in sorted(chosen):
        # Closed in December before the period: within the 12-month window, before any planted problem.
        closed_on = PERIOD_START - dt.timedelta(days=world.rng.randint(1, 30))
        tid = task_id(post_id, rule_id)
        world.add(
            "task_history",
            {
                "task_id": tid,
                "post_id": post_id,
                "org_id": org_id,
                "rule_id": rule_id,
                "status": "closed",
                "closed_on": closed_on,
            },
        )
        truth.plant(
            RULE_ID,
            org_id=org_id,
            post_id=post_id,
            records=[f"task_history:{tid}"],
            serious=True,
            note=f"{rule_id} 的整改任务于 {closed_on} 销号后再次出现",
        )
    _clean_history(world)


def _clean_history(world: World) -> None:
    """Closed tasks that must NOT trip the rule: closed too long ago, or still open, on clean posts."""
    for i, org_id in enumerate(world.clean_orgs[:4]):
        post_id = world.post_id(org_id, "finance")
        old = i % 2 == 0
        world.add(
            "task_history",
            {
                "task_id": task_id(post_id, "finance.cash_over_limit"),
                "post_id": post_id,
                "org_id": org_id,
                "rule_id": "finance.cash_over_limit",
                "status": "closed" if old else "open",
                "closed_on": AS_OF - dt.timedelta(days=500) if old else None,
            },
        )
