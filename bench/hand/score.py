"""Finding ids, post scores and levels (the scoring pack's points, serious problems and overrides),
and one rectification task per post and rule."""

from __future__ import annotations

import datetime as dt
import hashlib

import polars as pl

SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}


def _digest(prefix: str, *parts: str) -> str:
    return prefix + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def finding_ids(findings: pl.DataFrame) -> pl.Series:
    """``F-`` + sha256 of rule id, sorted records and date: one hash per finding (no vectorised sha256)."""
    keys = findings.select("rule_id", pl.col("records").list.join("\x1f"), pl.col("date").cast(pl.String))
    ids = [_digest("F-", rule, records, *([day] if day else [])) for rule, records, day in keys.iter_rows()]
    return pl.Series("finding_id", ids, dtype=pl.String)


def _matches(entry: dict) -> pl.Expr:
    """A finding matches a scoring entry: its rules (if any) and a minimum severity (if any)."""
    cond = pl.lit(True)
    if entry.get("rules"):
        cond = cond & pl.col("rule_id").is_in(entry["rules"])
    if entry.get("severity_at_least"):
        rank = pl.col("severity").replace_strict(SEVERITY_RANK, default=-1, return_dtype=pl.Int8)
        cond = cond & (rank >= SEVERITY_RANK[entry["severity_at_least"]])
    return cond


def serious(scoring: dict) -> pl.Expr:
    """The label of the first ``scoring.serious`` entry a finding matches (null: not serious)."""
    label = pl.lit(None, pl.String)
    for entry in reversed(scoring.get("serious", [])):
        label = pl.when(_matches(entry)).then(pl.lit(entry["label"])).otherwise(label)
    return label


def _overrides(per_post: pl.DataFrame, scoring: dict) -> pl.DataFrame:
    """post_id, overrides: the override reasons (direct 一级) each post meets."""
    over = []
    for o in scoring["overrides"]:
        f = per_post.filter(_matches(o))
        if o.get("serious"):
            f = f.filter(pl.col("serious").is_not_null())
        if o.get("within_days"):
            # Two findings within the window: some consecutive pair is (min_findings is 2 in the pack).
            gap = (pl.col("date") - pl.col("date").shift(1)).dt.total_days()
            f = (
                f.filter(pl.col("date").is_not_null())
                .sort("post_id", "date")
                .filter((gap < o["within_days"]).over("post_id"))
            )
        else:
            f = f.filter(pl.len().over("post_id") >= o.get("min_findings", 1))
        over.append(f.select("post_id", pl.lit(o["reason"]).alias("reason")))
    return (
        pl.concat(over)
        .group_by("post_id")
        .agg(pl.col("reason").unique(maintain_order=True).alias("overrides"))
    )


def score(posts: pl.DataFrame, findings: pl.DataFrame, scoring: dict) -> pl.DataFrame:
    """Every post: inherent risk from its powers, each rule's points, score, level and overrides."""
    per_post = (
        findings.explode("post_ids").rename({"post_ids": "post_id"}).filter(pl.col("post_id").is_not_null())
    )
    powers = scoring["inherent"]["powers"]
    inherent = pl.min_horizontal(
        pl.col("powers")
        .fill_null([])
        .list.eval(pl.element().replace_strict(powers, default=0, return_dtype=pl.Float64))
        .list.sum(),
        pl.lit(float(scoring["inherent"]["cap"])),
    )
    contrib = (
        per_post.group_by("post_id", "rule_id")
        .agg(pl.col("points").sum(), pl.len().alias("findings"))
        .sort("post_id", "points", "rule_id", descending=[False, True, False])
        .group_by("post_id", maintain_order=True)
        .agg(
            pl.struct("rule_id", "points", "findings").alias("contributions"),
            pl.col("points").sum().alias("fp"),
        )
    )
    level = pl.lit("low")
    for t in reversed(scoring["levels"]):
        level = pl.when(pl.col("score") >= t["min_score"]).then(pl.lit(t["level"])).otherwise(level)
    return (
        posts.select("post_id", "org_id", "title", "category", inherent.alias("inherent"))
        .join(contrib, on="post_id", how="left")
        .with_columns(score=(pl.col("inherent") + pl.col("fp").fill_null(0)).round(2))
        .with_columns(score_level=level)
        .join(_overrides(per_post, scoring), on="post_id", how="left")
        .with_columns(
            level=pl.when(pl.col("overrides").is_not_null()).then(pl.lit("high")).otherwise("score_level"),
            overrides=pl.col("overrides").fill_null(pl.lit([], pl.List(pl.String))),
        )
    )


def tasks(findings: pl.DataFrame, rules: dict[str, dict], as_of: dt.date) -> pl.DataFrame:
    """One open task per post and rule, with the pack's rectification title and deadline."""
    out = (
        findings.explode("post_ids")
        .filter(pl.col("post_ids").is_not_null())
        .group_by(pl.col("post_ids").alias("post_id"), "rule_id")
        .agg(pl.col("org_id").first(), pl.col("finding_id").sort().alias("finding_ids"))
        .sort("post_id", "rule_id")
    )
    ids = [_digest("T-", post, rule) for post, rule in out.select("post_id", "rule_id").iter_rows()]
    titles = {k: v["rectification"]["title"] for k, v in rules.items()}
    days = {k: v["rectification"]["deadline_days"] for k, v in rules.items()}
    deadline = pl.lit(as_of) + pl.duration(days=pl.col("rule_id").replace_strict(days, return_dtype=pl.Int64))
    return out.with_columns(
        task_id=pl.Series(ids, dtype=pl.String),
        title=pl.col("rule_id").replace_strict(titles),
        deadline=deadline.dt.strftime("%Y-%m-%d"),
        status=pl.lit("open"),
    )
