"""The result as one JSON document, written column-wise (each row encoded by Polars, not by Python)."""

from __future__ import annotations

import json
from typing import TextIO

import polars as pl


def rows_json(frame: pl.DataFrame, raw: str | None = None) -> str:
    """A frame as a JSON array of objects; ``raw`` names a column already holding JSON text."""
    if not frame.height:
        return "[]"
    dates = [c for c, t in frame.schema.items() if t == pl.Date]
    frame = frame.with_columns(pl.col(dates).dt.strftime("%Y-%m-%d"))
    row = pl.struct([c for c in frame.columns if c != raw]).struct.json_encode()
    if raw:
        row = row.str.head(-1) + f',"{raw}":' + pl.col(raw) + "}"
    return "[\n" + ",\n".join(frame.select(row).to_series().to_list()) + "\n]"


def write(result: dict, out: TextIO) -> None:
    """The document: dates, inputs and rejected rows, then findings, posts and tasks."""
    head = {
        "as_of": result["as_of"].isoformat(),
        "period": {"from": result["period"][0].isoformat(), "to": result["period"][1].isoformat()},
        "inputs": result["inputs"],
        "rejected": result["rejected"],
        "not_evaluated": [{"rule_id": rule_id} for rule_id in result["not_evaluated"]],
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1])
    out.write(',\n"findings": ' + rows_json(result["findings"], raw="evidence"))
    out.write(',\n"posts": ' + rows_json(result["posts"]))
    out.write(',\n"tasks": ' + rows_json(result["tasks"]) + "}\n")
