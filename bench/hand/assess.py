"""The whole assessment: load, every rule (one ``collect_all``), recurrence, ids, scores, tasks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from . import bids, conduct, disclosure, finance, finance_stats, procurement, related, welfare, welfare_rolls
from .load import load
from .recurrence import recurrence
from .run import FINDING_SCHEMA, Run, packs
from .score import finding_ids, score, serious, tasks

DOMAINS = (finance, finance_stats, disclosure, related, procurement, bids, welfare, welfare_rolls, conduct)


def assess(folder: Path, as_of: dt.date, period: tuple[dt.date, dt.date]) -> dict:
    """Assess the dataset in ``folder``; the result's parts as frames and lists."""
    frames, rejected, inputs = load(folder)
    rules, scoring = packs()
    r = Run(frames, as_of, period, rules)
    parts = []
    for domain in DOMAINS:
        # One collect per domain: its rules share intermediates (cached) and run in parallel. One
        # collect of every rule would hold all their intermediates at once (+1 GB at 12.8M rows)
        # for no time saved.
        built = len(r.queries)
        for rule in domain.RULES:
            rule(r)
        parts += pl.collect_all([q for _, q in r.queries[built:]])
    findings = pl.concat([pl.DataFrame(schema=FINDING_SCHEMA), *parts], how="vertical_relaxed")
    recurrence(r, findings)
    if r.queries[-1][0] == "conduct.recurrence":
        findings = pl.concat([findings, r.queries[-1][1].collect()], how="vertical_relaxed")
    written = {rule_id for rule_id, _ in r.queries} | set(r.skipped)
    if written != set(rules):
        # A rule added to a shipped pack must be written here too, or the comparison is not like for like.
        raise SystemExit(f"rules without a hand-written query: {sorted(set(rules) - written)}")
    findings = (
        findings.drop("latest")
        .with_columns(finding_ids(findings))
        .unique("finding_id", keep="first", maintain_order=True)
        .with_columns(
            points=pl.col("severity").replace_strict(scoring["severity_points"], return_dtype=pl.Float64),
            serious=serious(scoring),
        )
        .sort("rule_id", "org_id", "finding_id")
    )
    return {
        "as_of": as_of,
        "period": period,
        "inputs": inputs,
        "rejected": rejected,
        "not_evaluated": sorted(r.skipped),
        "findings": findings,
        "posts": score(frames["posts"], findings, scoring),
        "tasks": tasks(findings, rules, as_of),
    }
