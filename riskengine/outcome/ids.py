"""Stable identifiers: the same inputs give the same ids, run after run."""

from __future__ import annotations

import hashlib

import polars as pl


def stable_id(prefix: str, *parts: object, length: int = 16) -> str:
    """``prefix`` + a hex digest of ``parts`` (joined unambiguously)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:length]}"


def finding_id(rule_id: str, records: str, date: object = None) -> str:
    """Stable across runs for the same rule and records (RESULT.md).

    ``records`` are the finding's sorted record references joined by ``\x1f``. The finding's date
    takes part too, so two findings of one rule that rest on the same records at different times
    (two missed quarters of an unchanged roll) stay two findings.
    """
    return stable_id("F-", rule_id, records, *([date] if date is not None else []))


def task_id(post_id: str, rule_id: str) -> str:
    """Stable across runs for the same post and rule (RESULT.md)."""
    return stable_id("T-", post_id, rule_id)


def with_finding_ids(findings: pl.DataFrame) -> pl.DataFrame:
    """``findings`` with a ``finding_id`` each, one row per id, sorted by rule, org and id.

    A detector may emit the very same finding twice (same rule, records and date): one is kept.
    """
    keys = findings.select("rule_id", pl.col("records").list.join("\x1f"), pl.col("date").cast(pl.String))
    # A hash per finding (the output), not per input record.
    ids = [finding_id(rule_id, records, date) for rule_id, records, date in keys.iter_rows()]
    return (
        findings.with_columns(pl.Series("finding_id", ids, dtype=pl.String))
        .unique(subset=["finding_id"], keep="first", maintain_order=True)
        .sort("rule_id", "org_id", "finding_id")
    )
