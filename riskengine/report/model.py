"""What the HTML report shows, computed from a result document (plus the store's history when there is one).

Everything here is plain data (lists and dicts of strings and numbers), ordered deterministically, so
the same inputs give the same report, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..messages import text
from ..render.labels import INHERENT, PostLabels, domain_label, status_label

LEVELS = ("high", "medium", "low")
LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}
# The built-in domains come first, in this order, even when nothing was found in them.
KNOWN_DOMAINS = ("finance_disclosure", "procurement", "welfare", "cadre_conduct")
TOP_RISKS = 10
FINDINGS_PER_RISK = 5
RECORDS_PER_FINDING = 8  # the workbook's 问题清单 lists them all


@dataclass(frozen=True)
class HistoryPoint:
    """One saved assessment, reduced to what the trend chart needs."""

    assessment_id: str
    as_of: str
    high: int
    medium: int
    low: int
    findings: int


@dataclass(frozen=True)
class StoreView:
    """What the store can add to a report: past assessments and the tasks it tracks (None: no store)."""

    history: list[HistoryPoint] = field(default_factory=list)
    tasks: list[dict[str, Any]] | None = None


def history_point(doc: dict[str, Any], orgs: set[str] | None = None) -> HistoryPoint | None:
    """A result document reduced to its level counts and number of findings, counting only ``orgs``.

    None when the document assessed none of ``orgs`` (another street's assessment in a shared database).
    """
    posts = [p for p in doc["posts"] if orgs is None or p["org_id"] in orgs]
    if not posts:
        return None
    counts = {level: sum(p["level"] == level for p in posts) for level in LEVELS}
    findings = sum(orgs is None or f["org_id"] in orgs for f in doc["findings"])
    return HistoryPoint(
        doc["assessment_id"], doc["as_of"], counts["high"], counts["medium"], counts["low"], findings
    )


def build_model(
    doc: dict[str, Any], store: StoreView | None = None, *, on: dt.date | None = None
) -> dict[str, Any]:
    """The report's content for result ``doc``; overdue means past its deadline on ``on`` (default: as-of)."""
    store = store or StoreView()
    labels = PostLabels(doc)
    on = on or dt.date.fromisoformat(doc["as_of"])
    communities = _communities(doc, labels)
    domains = _domains(doc)
    overdue = _overdue(doc, store.tasks, labels, on)
    blind = _blind_spots(doc, communities, domains, labels)  # may add domains known only by rule id
    counts = {level: sum(p["level"] == level for p in doc["posts"]) for level in LEVELS}
    return {
        "meta": {
            "assessment_id": doc["assessment_id"],
            "as_of": doc["as_of"],
            "period_from": doc["period"]["from"],
            "period_to": doc["period"]["to"],
            "engine_version": doc["engine_version"],
            "on": on.isoformat(),
            "rule_packs": [
                f"{p.get('title') or p['id']}（{p['id']} {p['version']}）" for p in doc["rule_packs"]
            ],
        },
        "summary": {
            "posts": len(doc["posts"]),
            **counts,
            "communities": len(communities),
            "streets": len({c["street"] for c in communities}),
            "findings": len(doc["findings"]),
            "tasks": len(doc["tasks"]),
            "overdue": len(overdue),
            "not_evaluated": len({n["rule_id"] for n in doc["not_evaluated"]}),
            "rejected": len({(r["source"], r["row"]) for r in doc["rejected"]}),
        },
        "streets": _streets(communities),
        "communities": communities,
        "domains": [{"id": d, "label": domain_label(d)} for d in domains],
        "heat": _heat(doc, communities, domains),
        "trend": _trend(doc, store.history),
        "top_risks": _top_risks(doc, labels),
        "overdue": overdue,
        "overdue_source": "store" if store.tasks is not None else "result",
        "blind": blind,
    }


def _communities(doc: dict[str, Any], labels: PostLabels) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for post in doc["posts"]:
        row = rows.setdefault(
            post["org_id"],
            {
                "org_id": post["org_id"],
                "name": labels.org(post),
                "street": labels.street_name(post["org_id"]),
                "high": 0,
                "medium": 0,
                "low": 0,
                "findings": 0,
                "points": 0,
            },
        )
        row[post["level"]] += 1
    for finding in doc["findings"]:
        row = rows.get(finding["org_id"])
        if row is not None:
            row["findings"] += 1
            row["points"] += finding["points"]
    for row in rows.values():
        row["points"] = _round(row["points"])
    # Streets in name order; inside a street the riskiest community first.
    return sorted(
        rows.values(), key=lambda r: (r["street"], -r["high"], -r["medium"], -r["points"], r["org_id"])
    )


def _streets(communities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    streets: dict[str, dict[str, Any]] = {}
    for c in communities:
        row = streets.setdefault(
            c["street"],
            {"name": c["street"], "high": 0, "medium": 0, "low": 0, "communities": 0, "findings": 0},
        )
        for key in ("high", "medium", "low", "findings"):
            row[key] += c[key]
        row["communities"] += 1
    return list(streets.values())


def _domains(doc: dict[str, Any]) -> list[str]:
    seen = {f["domain"] for f in doc["findings"]} | {
        n["domain"] for n in doc["not_evaluated"] if n.get("domain")
    }
    return list(KNOWN_DOMAINS) + sorted(seen - set(KNOWN_DOMAINS))


def _heat(doc: dict[str, Any], communities: list[dict[str, Any]], domains: list[str]) -> dict[str, Any]:
    """Points of findings per community (rows) and domain (columns), with the number of findings."""
    index = {c["org_id"]: i for i, c in enumerate(communities)}
    points: dict[tuple[int, int], float] = defaultdict(float)
    findings: dict[tuple[int, int], int] = defaultdict(int)
    for f in doc["findings"]:
        if f["org_id"] in index:
            key = (domains.index(f["domain"]), index[f["org_id"]])
            points[key] += f["points"]
            findings[key] += 1
    cells = [[x, y, _round(points[(x, y)]), findings[(x, y)]] for (x, y) in sorted(points)]
    return {"cells": cells, "max": max((c[2] for c in cells), default=0)}


def _trend(doc: dict[str, Any], history: list[HistoryPoint]) -> dict[str, Any]:
    points = {p.assessment_id: p for p in history}
    current = history_point(doc)
    if current is not None:
        points[doc["assessment_id"]] = current
    ordered = sorted(
        (p for p in points.values() if p.as_of <= doc["as_of"]), key=lambda p: (p.as_of, p.assessment_id)
    )
    return {
        "available": len(ordered) >= 2,
        "points": [
            {
                "as_of": p.as_of,
                "assessment_id": p.assessment_id,
                "high": p.high,
                "medium": p.medium,
                "low": p.low,
                "findings": p.findings,
            }
            for p in ordered
        ],
    }


def _top_risks(doc: dict[str, Any], labels: PostLabels) -> list[dict[str, Any]]:
    by_post: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in doc["findings"]:
        for post_id in f["post_ids"]:
            by_post[post_id].append(f)
    posts = sorted(
        (p for p in doc["posts"] if p["level"] != "low"),
        key=lambda p: (LEVEL_ORDER[p["level"]], -p["score"], p["post_id"]),
    )[:TOP_RISKS]
    out = []
    for post in posts:
        findings = sorted(by_post.get(post["post_id"], []), key=lambda f: (-f["points"], f["finding_id"]))
        out.append(
            {
                "post_id": post["post_id"],
                "label": labels.post_label(post["post_id"]),
                "street": labels.street(post),
                "level": post["level"],
                "level_label": post["level_label"],
                "score": post["score"],
                "overrides": list(post.get("overrides", [])),
                "contributions": [
                    {
                        "title": c.get("title") or labels.rule(c["rule_id"]),
                        "points": c["points"],
                        "findings": c["findings"],
                        "inherent": c["rule_id"] == INHERENT,
                    }
                    for c in post["contributions"]
                ],
                "findings": [
                    {
                        "finding_id": f["finding_id"],
                        "title": labels.rule(f["rule_id"]),
                        "message": f["message"],
                        "serious": f.get("serious"),
                        "records": f["records"][:RECORDS_PER_FINDING],
                        "more_records": max(len(f["records"]) - RECORDS_PER_FINDING, 0),
                        "points": f["points"],
                    }
                    for f in findings[:FINDINGS_PER_RISK]
                ],
                "more_findings": max(len(findings) - FINDINGS_PER_RISK, 0),
            }
        )
    return out


def _overdue(
    doc: dict[str, Any], store_tasks: list[dict[str, Any]] | None, labels: PostLabels, on: dt.date
) -> list[dict[str, Any]]:
    """Tasks not closed whose deadline has passed: the store's when it tracks them, else the result's."""
    tasks = {t["task_id"]: t for t in doc["tasks"]}
    if store_tasks is not None:  # the store may track other streets' tasks too
        orgs = {p["org_id"] for p in doc["posts"]}
        tasks = {t["task_id"]: t for t in store_tasks if t["org_id"] in orgs}
    rows = []
    for task in tasks.values():
        deadline = dt.date.fromisoformat(task["deadline"])
        if task["status"] == "closed" or deadline >= on:
            continue
        rows.append(
            {
                "task_id": task["task_id"],
                "street": labels.street_name(task["org_id"]),
                "org": labels.org(task),
                "post": labels.post_label(task["post_id"]),
                "title": task["title"],
                "rule": labels.rule(task["rule_id"]),
                "deadline": task["deadline"],
                "days": (on - deadline).days,
                "status": status_label(task["status"]),
            }
        )
    return sorted(rows, key=lambda r: (-r["days"], r["street"], r["org"], r["task_id"]))


def _blind_spots(
    doc: dict[str, Any], communities: list[dict[str, Any]], domains: list[str], labels: PostLabels
) -> dict[str, Any]:
    """Rules not evaluated per community and domain: a blank cell there is "not looked at", not "clean"."""
    index = {c["org_id"]: i for i, c in enumerate(communities)}
    per_cell: dict[tuple[int, int], set[str]] = defaultdict(set)
    rules: dict[str, dict[str, Any]] = {}
    for item in doc["not_evaluated"]:
        domain = item.get("domain") or item["rule_id"].split(".")[0]
        if domain not in domains:
            domains.append(domain)
        orgs = [o for o in item.get("org_ids") or [] if o in index] or (
            [] if item.get("org_ids") else list(index)
        )
        for org in orgs:
            per_cell[(domains.index(domain), index[org])].add(item["rule_id"])
        rule = rules.setdefault(
            item["rule_id"],
            {
                "rule_id": item["rule_id"],
                "title": item.get("title") or labels.rule(item["rule_id"]),
                "domain": domain_label(domain),
                "all": False,
                "orgs": set(),
                "reasons": [],
            },
        )
        if item.get("org_ids"):
            rule["orgs"].update(item["org_ids"])
        else:
            rule["all"] = True
        if item["reason"] not in rule["reasons"]:
            rule["reasons"].append(item["reason"])
    cells = [[x, y, len(ids)] for (x, y), ids in sorted(per_cell.items())]
    listed = []
    for rule in sorted(rules.values(), key=lambda r: (not r["all"], r["rule_id"])):
        orgs = sorted(rule["orgs"])
        listed.append(
            {
                "rule_id": rule["rule_id"],
                "title": rule["title"],
                "domain": rule["domain"],
                "scope": text("xl_scope_all") if rule["all"] else text("xl_scope_orgs", n=len(orgs)),
                "orgs": "、".join(labels.org_name(o) for o in orgs),
                "reason": rule["reasons"][0]
                if len(rule["reasons"]) == 1
                else text("rp_reasons_vary", example=rule["reasons"][0], n=len(rule["reasons"])),
            }
        )
    affected = {y for _, y, _ in cells}
    return {
        "cells": cells,
        "max": max((c[2] for c in cells), default=0),
        "rules": listed,
        "communities_affected": len(affected),
    }


def _round(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 2)
