"""The RESULT.md document of an :class:`Assessment`: the one place its shape is written down.

:func:`head` gives everything but the three long lists, as a dict; :func:`record_lines` gives
each finding, post or task as one line of JSON text, built column by column from the frames as
:data:`FIELDS` says (no Python object per record). The streamed JSON output writes those lines as
they are, and :func:`build_document` parses them back into dicts for the readers that want the
document, so both always agree.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl

from ..messages import text
from . import json_text as jt
from .assessment import Assessment
from .columns import INHERENT_RULE

#: The long lists, written last and from the frames.
LISTS = ("findings", "posts", "tasks")


def build_document(assessment: Assessment) -> dict[str, Any]:
    """The whole document (``schemas/result.schema.json``) as dicts."""
    document = head(assessment)
    for name in LISTS:
        lines = record_lines(assessment, name)
        with _no_cycle_collection():
            document[name] = json.loads("[" + lines.str.join(",").item() + "]") if len(lines) else []
    return document


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Parsing a province's records makes millions of dicts and lists, none in a cycle; the garbage
    collector, triggered again and again by the new objects, would take twice the parsing time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    frame = getattr(assessment, name)
    members = [(field, encode(frame[field])) for field, encode in FIELDS[name]]
    if name == "posts":
        members.append(("contributions", contributions_text(frame)))
    return jt.objects(members)


def _date(values: pl.Series) -> pl.Series:
    return jt.scalar(values.dt.strftime("%Y-%m-%d"))


def _evidence(values: pl.Series) -> pl.Series:
    return jt.compact_to_python(values.fill_null("{}"))


#: The fields of each long list, in order, with how a column becomes JSON text (a post's
#: ``contributions``, made of several columns, comes last: :func:`contributions_text`).
Fields = tuple[tuple[str, Callable[[pl.Series], pl.Series]], ...]
FIELDS: dict[str, Fields] = {
    "findings": (
        ("finding_id", jt.scalar),
        ("rule_id", jt.scalar),
        ("title", jt.scalar),
        ("domain", jt.scalar),
        ("severity", jt.scalar),
        ("serious", jt.scalar),
        ("points", jt.number),
        ("org_id", jt.scalar),
        ("post_ids", jt.array),
        ("records", jt.array),
        ("date", _date),
        ("evidence", _evidence),
        ("message", jt.scalar),
        ("escalation_reason", jt.scalar),
    ),
    "posts": (
        *((name, jt.scalar) for name in ("post_id", "org_id", "title", "category", "org_name", "street_id",
                                         "street_name", "holder_id", "holder_name")),
        ("score", jt.number),
        ("level", jt.scalar),
        ("level_label", jt.scalar),
        ("score_level", jt.scalar),
        ("serious_findings", jt.scalar),
        ("overrides", jt.array),
    ),
    "tasks": (
        ("task_id", jt.scalar),
        ("post_id", jt.scalar),
        ("org_id", jt.scalar),
        ("rule_id", jt.scalar),
        ("title", jt.scalar),
        ("measures", jt.array),
        ("deadline", _date),
        ("status", jt.scalar),
        ("finding_ids", jt.array),
    ),
}
#: One rule's entry of a post's ``contributions`` (the inherent risk's adds ``powers``).
CONTRIBUTION_FIELDS: Fields = (
    ("rule_id", jt.scalar),
    ("title", jt.scalar),
    ("points", jt.number),
    ("findings", jt.scalar),
    ("serious", jt.scalar),
)


def contributions_text(posts: pl.DataFrame) -> pl.Series:
    """Each post's ``contributions`` as a JSON array: its inherent risk first (when any), then each rule."""
    inherent = posts.select(
        pl.lit(INHERENT_RULE).alias("rule_id"),
        pl.lit(text("inherent_title")).alias("title"),
        pl.col("inherent").alias("points"),
        pl.lit(0).alias("findings"),
        pl.lit(0).alias("serious"),
        "powers",
    )
    rules = (
        posts.select(pl.int_range(pl.len()).alias("i"), "contributions")
        .explode("contributions")
        .drop_nulls("contributions")
        .unnest("contributions")
    )
    by_post = (
        rules.select("i", _objects(rules, CONTRIBUTION_FIELDS).alias("rules"))
        .group_by("i", maintain_order=True)
        .agg(pl.col("rules").str.join(", "))
    )
    parts = pl.DataFrame(
        {
            "i": pl.int_range(posts.height, eager=True),
            "inherent": _objects(inherent, (*CONTRIBUTION_FIELDS, ("powers", jt.array))),
            "has_inherent": posts["inherent"].fill_null(0.0) != 0.0,  # as truthy in Python: not 0
        }
    ).join(by_post, on="i", how="left", maintain_order="left")
    listed = pl.concat_str(
        pl.when("has_inherent").then("inherent"), "rules", separator=", ", ignore_nulls=True
    )
    return parts.select(pl.concat_str(pl.lit("["), listed, pl.lit("]"))).to_series()


def _objects(frame: pl.DataFrame, fields: Fields) -> pl.Series:
    return jt.objects([(name, encode(frame[name])) for name, encode in fields])
