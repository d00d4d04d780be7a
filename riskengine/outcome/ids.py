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


def stable_ids(prefix: str, parts: list[pl.Expr], frame: pl.DataFrame, length: int = 16) -> pl.Series:
    """:func:`stable_id` of each row of ``frame``: the same text as one call per row.

    The joined text of every row is built by Polars (a null part is left out, as ``finding_id``
    leaves out an absent date), so the Python loop does nothing but hash.
    """
    texts = frame.select(pl.concat_str(parts, separator="\x1f", ignore_nulls=True)).to_series()
    sha256 = hashlib.sha256
    ids = [prefix + sha256(text.encode("utf-8")).hexdigest()[:length] for text in texts.to_list()]
    return pl.Series(ids, dtype=pl.String)


def task_id(post_id: str, rule_id: str) -> str:
    """Stable across runs for the same post and rule (RESULT.md)."""
    return stable_id("T-", post_id, rule_id)


def with_finding_ids(findings: pl.DataFrame) -> pl.DataFrame:
    """``findings`` with a ``finding_id`` each, one row per id, sorted by rule, org and id.

    A detector may emit the very same finding twice (same rule, records and date): one is kept.
    """
    # A hash per finding (the output), not per input record; the parts as finding_id joins them
    # (a null rule or record list would read "None" there, an absent date is left out).
    parts = [
        pl.col("rule_id").fill_null("None"),
        pl.col("records").list.join("\x1f").fill_null("None"),
        pl.col("date").cast(pl.String),
    ]
    ids = stable_ids("F-", parts, findings)
    return (
        findings.with_columns(ids.alias("finding_id"))
        .unique(subset=["finding_id"], keep="first", maintain_order=True)
        .sort("rule_id", "org_id", "finding_id")
    )
