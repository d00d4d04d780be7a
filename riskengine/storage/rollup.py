"""The rollup of a street or district: posts by level, tasks open and overdue, 销号率, 公开率, 查实率.

Counted per community, per street and in total, from each post's newest assessment and each
community's newest disclosure months.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import select

from . import db

LEVELS = ("high", "medium", "low")
ASSESSMENTS = db.Assessment.__table__
DISCLOSURE = db.DisclosureMonths.__table__
ORGS = db.Org.__table__


class RollupStore:
    """Rollups (mixed into :class:`~riskengine.storage.Store`)."""

    def rollup(
        self, org_id: str, *, scope: Collection[str] | None = None, today: dt.date | None = None
    ) -> dict[str, Any]:
        """Counts for a street or district: per community, per street and in total.

        Posts by level (each post's newest assessment), tasks open and overdue, 销号率 (closed /
        all tasks), 公开率 (months disclosed on time / months due, newest assessment per community)
        and 查实率 per rule.
        """
        today = today or self.today()
        with self._unit_of_work() as session:
            orgs = self._org_filter(session, org_id, scope)
            info = {o.org_id: o for o in session.execute(select(ORGS).where(ORGS.c.org_id.in_(orgs)))}
            disclosure = _newest_disclosure(session, orgs)
        posts = self.posts(org_id=org_id, scope=scope)
        tasks = self.tasks(org_id=org_id, scope=scope, today=today)
        community_ids = sorted(
            {p["org_id"] for p in posts}
            | {t["org_id"] for t in tasks}
            | set(disclosure)
            | {o for o, row in info.items() if row.level in ("community", "village")}
        )
        rows = {c: _empty_row(c, info.get(c)) for c in community_ids}
        for post in posts:
            rows[post["org_id"]]["posts"][post["level"]] += 1
        for task in tasks:
            row = rows[task["org_id"]]
            row["tasks"] += 1
            row["closed"] += task["status"] == "closed"
            row["open"] += task["status"] != "closed"
            row["overdue"] += task["overdue"]
        for org, (due, on_time) in disclosure.items():
            rows[org]["months_due"], rows[org]["months_on_time"] = due, on_time
        streets: dict[str, dict[str, Any]] = {}
        for community in rows.values():
            parent = info[community["org_id"]].parent_id if community["org_id"] in info else None
            street_id = parent if parent and parent != community["org_id"] else org_id
            street = streets.setdefault(street_id, _empty_row(street_id, info.get(street_id)))
            _add(street, community)
        total = _empty_row(org_id, info.get(org_id))
        for street in streets.values():
            _add(total, street)
        for row in [*rows.values(), *streets.values(), total]:
            _rates(row)
        rates = self.confirmation_rates(org_ids=orgs)
        return {
            "org_id": org_id,
            "name": total["name"],
            "as_of": today.isoformat(),
            "communities": list(rows.values()),
            "streets": [streets[s] for s in sorted(streets)],
            "total": total,
            "confirmation_rates": rates,
            "rules": _rule_totals(rates),
        }


def _newest_disclosure(session, orgs: set[str]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    rows = session.execute(
        select(DISCLOSURE.c.org_id, DISCLOSURE.c.months_due, DISCLOSURE.c.months_on_time)
        .join(ASSESSMENTS, ASSESSMENTS.c.assessment_id == DISCLOSURE.c.assessment_id)
        .where(DISCLOSURE.c.org_id.in_(orgs))
        .order_by(DISCLOSURE.c.org_id, ASSESSMENTS.c.as_of.desc(), ASSESSMENTS.c.created_at.desc())
    )
    for org_id, due, on_time in rows:
        out.setdefault(org_id, (due, on_time))
    return out


def _empty_row(org_id: str, org: Any) -> dict[str, Any]:
    return {
        "org_id": org_id,
        "name": org.name if org else None,
        "posts": dict.fromkeys(LEVELS, 0),
        "tasks": 0,
        "open": 0,
        "overdue": 0,
        "closed": 0,
        "closure_rate": None,
        "months_due": 0,
        "months_on_time": 0,
        "disclosure_rate": None,
    }


def _add(into: dict[str, Any], row: dict[str, Any]) -> None:
    for level in LEVELS:
        into["posts"][level] += row["posts"][level]
    for key in ("tasks", "open", "overdue", "closed", "months_due", "months_on_time"):
        into[key] += row[key]


def _rates(row: dict[str, Any]) -> None:
    row["closure_rate"] = round(row["closed"] / row["tasks"], 4) if row["tasks"] else None
    row["disclosure_rate"] = (
        round(row["months_on_time"] / row["months_due"], 4) if row["months_due"] else None
    )


def _rule_totals(rates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rates:
        totals[r["rule_id"]][0] += r["confirmed"]
        totals[r["rule_id"]][1] += r["false_positive"]
    return [
        {"rule_id": rule_id, "confirmed": c, "false_positive": f, "rate": round(c / (c + f), 4)}
        for rule_id, (c, f) in sorted(totals.items())
    ]
