"""``--format parquet -o DIR``: findings, posts and tasks as parquet files, for large runs.

``DIR/findings.parquet``, ``DIR/posts.parquet`` and ``DIR/tasks.parquet`` hold the result's lists
column for column (the fields of ``schemas/result.schema.json``); nested values that have no fixed shape (a
finding's ``evidence``, a post's ``contributions``) are kept as their JSON text. ``DIR/assessment.json``
is the rest of the document: ids, period, packs, inputs, rejected rows, rules not evaluated, notices,
and the row count of each file. Findings are written straight from the engine's frame.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from ..outcome.result import Assessment

LISTS = ("findings", "posts", "tasks")
FINDINGS_SCHEMA = {
    "finding_id": pl.String,
    "rule_id": pl.String,
    "title": pl.String,
    "domain": pl.String,
    "severity": pl.String,
    "serious": pl.String,
    "points": pl.Float64,
    "org_id": pl.String,
    "post_ids": pl.List(pl.String),
    "records": pl.List(pl.String),
    "date": pl.String,
    "evidence": pl.String,
    "message": pl.String,
    "escalation_reason": pl.String,
}
TASKS_SCHEMA = {
    "task_id": pl.String,
    "post_id": pl.String,
    "org_id": pl.String,
    "rule_id": pl.String,
    "title": pl.String,
    "measures": pl.List(pl.String),
    "deadline": pl.String,
    "status": pl.String,
    "finding_ids": pl.List(pl.String),
}


def write_parquet(result: Assessment, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    document = result.to_dict()
    _findings(result).write_parquet(directory / "findings.parquet")
    _posts(document["posts"]).write_parquet(directory / "posts.parquet")
    _tasks(document["tasks"]).write_parquet(directory / "tasks.parquet")
    header: dict[str, Any] = {key: value for key, value in document.items() if key not in LISTS}
    header["files"] = {name: {"path": f"{name}.parquet", "rows": len(document[name])} for name in LISTS}
    text = json.dumps(header, ensure_ascii=False, indent=2)
    (directory / "assessment.json").write_text(text, encoding="utf-8")


def _findings(result: Assessment) -> pl.DataFrame:
    frame = result.frames.get("findings")
    if frame is None:  # read back from a document: no frame to write from
        dump = json.dumps
        rows = [{**f, "evidence": dump(f.get("evidence") or {}, ensure_ascii=False)} for f in result.findings]
        frame = pl.DataFrame(rows, schema=FINDINGS_SCHEMA)
    return frame.select(
        pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in FINDINGS_SCHEMA.items()
    ).with_columns(
        pl.col("points").round(2),
        pl.col("evidence").fill_null("{}"),
    )


def _posts(posts: list[dict[str, Any]]) -> pl.DataFrame:
    """Posts (one row per post, not per record); contributions as JSON text, names as found."""
    keys: dict[str, None] = {}
    for post in posts:
        keys.update(dict.fromkeys(post))
    columns = {key: [post.get(key) for post in posts] for key in keys}
    if "contributions" in columns:
        dump = json.dumps
        columns["contributions"] = [dump(value, ensure_ascii=False) for value in columns["contributions"]]
    types = {"overrides": pa.list_(pa.string()), "score": pa.float64(), "contributions": pa.string()}
    return _frame(columns, types)


def _tasks(tasks: list[dict[str, Any]]) -> pl.DataFrame:
    if not tasks:
        return pl.DataFrame(schema=TASKS_SCHEMA)
    columns = {key: [task.get(key) for task in tasks] for key in TASKS_SCHEMA}
    lists = pa.list_(pa.string())
    return _frame(columns, {"measures": lists, "finding_ids": lists}).cast(TASKS_SCHEMA)


def _frame(columns: dict[str, list[Any]], types: dict[str, Any]) -> pl.DataFrame:
    """A frame from Python columns, converted by Arrow in C (Polars' own conversion of nested lists
    goes element by element)."""
    arrays = {key: pa.array(values, type=types.get(key)) for key, values in columns.items()}
    return pl.from_arrow(pa.table(arrays))
