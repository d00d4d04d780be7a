"""``--format parquet -o DIR``: findings, posts and tasks as parquet files, for large runs.

``DIR/findings.parquet``, ``DIR/posts.parquet`` and ``DIR/tasks.parquet`` hold the result's lists
column for column (the fields of ``schemas/result.schema.json``); nested values that have no fixed shape (a
finding's ``evidence``, a post's ``contributions``) are kept as their JSON text. ``DIR/assessment.json``
is the rest of the document: ids, period, packs, inputs, rejected rows, rules not evaluated, notices,
and the row count of each file. All three are written straight from the assessment's frames.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from ..outcome.assessment import Assessment
from ..outcome.document import LISTS, contributions_text, head

#: The posts' columns in posts.parquet (``contributions`` as JSON text, the inherent risk first).
POST_COLUMNS = (
    "post_id", "org_id", "title", "category", "org_name", "street_id", "street_name", "holder_id",
    "holder_name", "score", "level", "level_label", "score_level", "serious_findings", "overrides",
)


def write_parquet(result: Assessment, directory: Path) -> None:
    """Write ``findings.parquet``, ``posts.parquet``, ``tasks.parquet`` and ``assessment.json``."""
    directory.mkdir(parents=True, exist_ok=True)
    _findings(result.findings).write_parquet(directory / "findings.parquet")
    _posts(result.posts).write_parquet(directory / "posts.parquet")
    result.tasks.with_columns(pl.col("deadline").cast(pl.String)).write_parquet(directory / "tasks.parquet")
    header: dict[str, Any] = head(result)
    header["files"] = {
        name: {"path": f"{name}.parquet", "rows": getattr(result, name).height} for name in LISTS
    }
    text = json.dumps(header, ensure_ascii=False, indent=2)
    (directory / "assessment.json").write_text(text, encoding="utf-8")


def _findings(findings: pl.DataFrame) -> pl.DataFrame:
    return findings.with_columns(
        pl.col("points").round(2),
        pl.col("date").cast(pl.String),
        pl.col("evidence").fill_null("{}"),
    )


def _posts(posts: pl.DataFrame) -> pl.DataFrame:
    """Posts (one row per post, not per record); contributions as the document's JSON text."""
    return posts.select(*POST_COLUMNS, contributions_text(posts).alias("contributions"))
