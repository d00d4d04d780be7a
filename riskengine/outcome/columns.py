"""The columns of an assessment's frames, in the order the result document writes their fields.

Each frame holds one of the result's lists (``schemas/result.schema.json``); a column is a field
of its entries, except where noted.
"""

from __future__ import annotations

import polars as pl

_TEXTS = pl.List(pl.String)

FINDINGS: dict[str, pl.DataType] = {
    "finding_id": pl.String(),
    "rule_id": pl.String(),
    "title": pl.String(),
    "domain": pl.String(),
    "severity": pl.String(),
    "serious": pl.String(),
    "points": pl.Float64(),
    "org_id": pl.String(),
    "post_ids": _TEXTS,
    "records": _TEXTS,
    "date": pl.Date(),
    "evidence": pl.String(),  # JSON text (the document holds the object)
    "message": pl.String(),
    "escalation_reason": pl.String(),
}

# One rule's part of a post's score (the post's inherent risk is in ``inherent`` and ``powers``).
CONTRIBUTION = pl.Struct(
    {
        "rule_id": pl.String,
        "title": pl.String,
        "points": pl.Float64,
        "findings": pl.Int64,
        "serious": pl.Int64,
    }
)

POSTS: dict[str, pl.DataType] = {
    "post_id": pl.String(),
    "org_id": pl.String(),
    "title": pl.String(),
    "category": pl.String(),
    "org_name": pl.String(),
    "street_id": pl.String(),
    "street_name": pl.String(),
    "holder_id": pl.String(),
    "holder_name": pl.String(),
    "score": pl.Float64(),
    "level": pl.String(),
    "level_label": pl.String(),
    "score_level": pl.String(),
    "serious_findings": pl.Int64(),
    "overrides": _TEXTS,
    # The document's ``contributions``: the inherent risk first (when there is any), then the rules.
    "inherent": pl.Float64(),
    "powers": _TEXTS,
    "contributions": pl.List(CONTRIBUTION),
}

TASKS: dict[str, pl.DataType] = {
    "task_id": pl.String(),
    "post_id": pl.String(),
    "org_id": pl.String(),
    "rule_id": pl.String(),
    "title": pl.String(),
    "measures": _TEXTS,
    "deadline": pl.Date(),
    "status": pl.String(),
    "finding_ids": _TEXTS,
}

REJECTED: dict[str, pl.DataType] = {
    "source": pl.String(),
    "row": pl.Int64(),
    "field": pl.String(),
    "error": pl.String(),
    "type": pl.String(),
}

# ``org_ids`` empty, ``error`` and ``domain`` null: the document leaves the field out.
NOT_EVALUATED: dict[str, pl.DataType] = {
    "rule_id": pl.String(),
    "reason": pl.String(),
    "org_ids": _TEXTS,
    "error": pl.String(),
    "title": pl.String(),
    "domain": pl.String(),
}

#: The post's inherent risk as the first entry of its ``contributions``.
INHERENT_RULE = "post.inherent_risk"


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """``frame`` with exactly ``schema``'s columns, in its order and types (a missing one all null)."""
    return frame.select(
        pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in schema.items()
    )
