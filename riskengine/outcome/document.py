"""The RESULT.md document of an :class:`Assessment`: the one place its shape is written down.

:func:`head` gives everything but the three long lists, as a dict; :func:`record_lines` gives
each finding, post or task as one line of JSON text, built column by column from the frames (no
Python object per record). The streamed JSON output writes those lines as they are, and
:func:`build_document` parses them back into dicts for the readers that want the document, so
both always agree.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ..messages import text
from . import json_text as jt
from .assessment import Assessment
from .columns import INHERENT_RULE

#: The long lists, written last and from the frames.
LISTS = ("findings", "posts", "tasks")


def build_document(assessment: Assessment) -> dict[str, Any]:
    """The whole document (spec/RESULT.md, ``schemas/result.schema.json``) as dicts."""
    document = head(assessment)
    for name in LISTS:
        lines = record_lines(assessment, name)
        document[name] = json.loads("[" + lines.str.join(",").item() + "]") if len(lines) else []
    return document


def head(assessment: Assessment) -> dict[str, Any]:
    """The document without ``findings``, ``posts`` and ``tasks``, in the document's field order
    (of a document read back: its own fields, as read)."""
    if assessment.read_from is not None:
        return {key: value for key, value in assessment.read_from.items() if key not in LISTS}
    meta = assessment.meta
    return {
        "assessment_id": meta.assessment_id,
        "engine_version": meta.engine_version,
        "as_of": meta.as_of.isoformat(),
        "period": {
            "from": meta.period.start.isoformat(),
            "to": meta.period.end.isoformat(),
            "source": meta.period_source,
        },
        "rule_packs": [dict(pack) for pack in meta.rule_packs],
        "plugins": [dict(plugin) for plugin in meta.plugins],
        "inputs": [
            {
                "type": i.type,
                "source": i.source,
                "rows": i.rows,
                "rows_evaluated": i.rows_evaluated,
                "rows_rejected": i.rows_rejected,
                "sha256": i.sha256,
            }
            for i in meta.inputs
        ],
        "rejected": assessment.rejected.to_dicts(),
        "notices": list(meta.notices),
        "packs_not_applied": [dict(entry) for entry in meta.packs_not_applied],
        "not_evaluated": not_evaluated_entries(assessment.not_evaluated),
    }


def not_evaluated_entries(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The ``not_evaluated`` entries; ``org_ids``, ``error`` and ``domain`` only where they say something."""
    entries = []
    for entry in frame.to_dicts():  # one per rule (or rule and reason), not per record
        if not entry["org_ids"]:
            del entry["org_ids"]
        if not entry["error"]:
            del entry["error"]
        if entry["domain"] is None:
            del entry["domain"]
        entries.append(entry)
    return entries


def record_lines(assessment: Assessment, name: str) -> pl.Series:
    """Each entry of the list ``name`` (findings, posts or tasks) as one line of JSON text."""
    return {"findings": finding_lines, "posts": post_lines, "tasks": task_lines}[name](
        getattr(assessment, name)
    )


def finding_lines(findings: pl.DataFrame) -> pl.Series:
    """Findings as JSON lines (``evidence`` an object, ``points`` a number as :func:`json_text.number`)."""
    f = findings
    return jt.objects(
        [
            ("finding_id", jt.scalar(f["finding_id"])),
            ("rule_id", jt.scalar(f["rule_id"])),
            ("title", jt.scalar(f["title"])),
            ("domain", jt.scalar(f["domain"])),
            ("severity", jt.scalar(f["severity"])),
            ("serious", jt.scalar(f["serious"])),
            ("points", jt.number(f["points"])),
            ("org_id", jt.scalar(f["org_id"])),
            ("post_ids", jt.array(f["post_ids"])),
            ("records", jt.array(f["records"])),
            ("date", jt.scalar(f["date"].dt.strftime("%Y-%m-%d"))),
            ("evidence", jt.compact_to_python(f["evidence"].fill_null("{}"))),
            ("message", jt.scalar(f["message"])),
            ("escalation_reason", jt.scalar(f["escalation_reason"])),
        ]
    )


def post_lines(posts: pl.DataFrame) -> pl.Series:
    """Posts as JSON lines, with names beside the ids and ``contributions`` that add up to the score."""
    p = posts
    strings = ("post_id", "org_id", "title", "category", "org_name", "street_id", "street_name", "holder_id",
               "holder_name")
    return jt.objects(
        [
            *((column, jt.scalar(p[column])) for column in strings),
            ("score", jt.number(p["score"])),
            ("level", jt.scalar(p["level"])),
            ("level_label", jt.scalar(p["level_label"])),
            ("score_level", jt.scalar(p["score_level"])),
            ("serious_findings", jt.scalar(p["serious_findings"])),
            ("overrides", jt.array(p["overrides"])),
            ("contributions", contributions_text(p)),
        ]
    )


def contributions_text(posts: pl.DataFrame) -> pl.Series:
    """Each post's ``contributions`` as a JSON array: its inherent risk first (when any), then each rule."""
    inherent = jt.objects(
        [
            ("rule_id", pl.Series([json.dumps(INHERENT_RULE)] * posts.height, dtype=pl.String)),
            ("title", pl.Series([json.dumps(text("inherent_title"), ensure_ascii=False)] * posts.height,
                                dtype=pl.String)),
            ("points", jt.number(posts["inherent"])),
            ("findings", pl.Series(["0"] * posts.height, dtype=pl.String)),
            ("serious", pl.Series(["0"] * posts.height, dtype=pl.String)),
            ("powers", jt.array(posts["powers"])),
        ]
    )
    has_inherent = (posts["inherent"].fill_null(0.0) != 0.0).alias("has")
    rules = (
        posts.select(pl.int_range(pl.len()).alias("i"), "contributions")
        .explode("contributions")
        .drop_nulls("contributions")
        .unnest("contributions")
    )
    rule_texts = jt.objects(
        [
            ("rule_id", jt.scalar(rules["rule_id"])),
            ("title", jt.scalar(rules["title"])),
            ("points", jt.number(rules["points"])),
            ("findings", jt.scalar(rules["findings"])),
            ("serious", jt.scalar(rules["serious"])),
        ]
    )
    joined = (
        rules.select("i", rule_texts.alias("text"))
        .group_by("i", maintain_order=True)
        .agg(pl.col("text").str.join(", "))
    )
    parts = (
        pl.DataFrame({"inherent": inherent, "has": has_inherent})
        .with_row_index("i")
        .with_columns(pl.col("i").cast(pl.Int64))
        .join(joined.with_columns(pl.col("i").cast(pl.Int64)), on="i", how="left", maintain_order="left")
    )
    return parts.select(
        pl.concat_str(
            pl.lit("["),
            pl.concat_str(
                pl.when("has").then("inherent"), "text", separator=", ", ignore_nulls=True
            ),
            pl.lit("]"),
        )
    ).to_series()


def task_lines(tasks: pl.DataFrame) -> pl.Series:
    """Tasks as JSON lines (one per post and rule)."""
    t = tasks
    return jt.objects(
        [
            ("task_id", jt.scalar(t["task_id"])),
            ("post_id", jt.scalar(t["post_id"])),
            ("org_id", jt.scalar(t["org_id"])),
            ("rule_id", jt.scalar(t["rule_id"])),
            ("title", jt.scalar(t["title"])),
            ("measures", jt.array(t["measures"])),
            ("deadline", jt.scalar(t["deadline"].dt.strftime("%Y-%m-%d"))),
            ("status", jt.scalar(t["status"])),
            ("finding_ids", jt.array(t["finding_ids"])),
        ]
    )
