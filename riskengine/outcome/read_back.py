"""An :class:`Assessment` from a RESULT.md document read back (a result file, the store).

The document stays the assessment's :attr:`~Assessment.document` as it was read (fields this
version does not know included); the frames and metadata are parsed from it so that every reader
of an assessment sees the same types whichever way it came.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import polars as pl
import pyarrow as pa

from ..data.dataset import InputInfo
from ..data.period import GIVEN, Period
from . import columns
from .assessment import Assessment, AssessmentMeta


def assessment_from_document(document: dict[str, Any], problems: list[str]) -> Assessment:
    """See :meth:`Assessment.from_document`; ``document`` needs the fields RESULT.md requires."""
    return Assessment(
        meta=_meta(document),
        findings=_findings(document.get("findings") or []),
        posts=_posts(document.get("posts") or []),
        tasks=_rows(document.get("tasks") or [], columns.TASKS),
        rejected=_rows(document.get("rejected") or [], columns.REJECTED),
        not_evaluated=_rows(document.get("not_evaluated") or [], columns.NOT_EVALUATED),
        problems=problems,
        read_from=document,
    )


def _meta(document: Mapping[str, Any]) -> AssessmentMeta:
    period = document["period"]
    return AssessmentMeta(
        assessment_id=document["assessment_id"],
        engine_version=document.get("engine_version", ""),
        as_of=dt.date.fromisoformat(document["as_of"]),
        period=Period(dt.date.fromisoformat(period["from"]), dt.date.fromisoformat(period["to"])),
        period_source=period.get("source", GIVEN),
        rule_packs=tuple(document.get("rule_packs") or ()),
        plugins=tuple(document.get("plugins") or ()),
        inputs=tuple(_input(item) for item in document.get("inputs") or ()),
        notices=tuple(document.get("notices") or ()),
        packs_not_applied=tuple(document.get("packs_not_applied") or ()),
    )


def _input(item: Mapping[str, Any]) -> InputInfo:
    return InputInfo(
        type=item["type"],
        source=item["source"],
        rows=item["rows"],
        sha256=item["sha256"],
        rows_evaluated=item.get("rows_evaluated", item["rows"]),
        rows_rejected=item.get("rows_rejected", 0),
    )


def _findings(findings: list[Mapping[str, Any]]) -> pl.DataFrame:
    # Evidence back to JSON text, compact as the engine writes it.
    rows = [
        {**f, "evidence": json.dumps(f.get("evidence") or {}, ensure_ascii=False, separators=(",", ":"))}
        for f in findings
    ]
    return _rows(rows, columns.FINDINGS)


def _posts(posts: list[Mapping[str, Any]]) -> pl.DataFrame:
    """Posts, the inherent-risk entry of ``contributions`` taken apart into ``inherent`` and ``powers``."""
    rows = []
    for post in posts:  # one per post, not per record
        contributions = post.get("contributions") or []
        inherent = next((c for c in contributions if c["rule_id"] == columns.INHERENT_RULE), {})
        rules = [
            {
                "rule_id": c["rule_id"],
                "title": c.get("title", c["rule_id"]),
                "points": c["points"],
                "findings": c["findings"],
                "serious": c.get("serious", 0),
            }
            for c in contributions
            if c["rule_id"] != columns.INHERENT_RULE
        ]
        rows.append(
            {
                **post,
                "inherent": inherent.get("points", 0.0),
                "powers": inherent.get("powers", []),
                "overrides": post.get("overrides", []),
                "serious_findings": post.get("serious_findings", 0),
                "contributions": rules,
            }
        )
    return _rows(rows, columns.POSTS)


def _rows(rows: list[Mapping[str, Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """A frame of ``schema`` from document entries; dates come as ISO text, absent fields as null
    (an absent list as an empty one)."""
    as_read = {name: pl.String() if dtype == pl.Date else dtype for name, dtype in schema.items()}
    types = pl.DataFrame(schema=as_read).to_arrow().schema
    # Converted by Arrow in C: Polars' own conversion of nested lists goes element by element.
    arrays = {name: pa.array([row.get(name) for row in rows], type=types.field(name).type) for name in schema}
    frame = pl.from_arrow(pa.table(arrays))
    dates = [name for name, dtype in schema.items() if dtype == pl.Date]
    lists = [name for name, dtype in schema.items() if isinstance(dtype, pl.List)]
    return columns.conform(frame.with_columns(pl.col(dates).str.to_date("%Y-%m-%d")), schema).with_columns(
        pl.col(name).fill_null(pl.lit([], schema[name])) for name in lists  # an absent list: no items
    )
