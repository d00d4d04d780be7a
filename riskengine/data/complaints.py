"""Complaints filed on a community's public page (码上监督) join the dataset of its next assessment.

The workspace reads the stored complaints of the orgs a dataset covers and appends them to the
dataset's ``complaints`` records (channel 码上监督, not yet answered), so the complaint rules
(an unanswered complaint, a post complained about unusually often) count them like any other.
A complaint whose id the dataset already has (exported and re-imported) is not added twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import polars as pl

from .dataset import Dataset

CHANNEL = "码上监督"
COLUMNS = {
    "complaint_id": pl.String,
    "org_id": pl.String,
    "date": pl.Date,
    "target_post_id": pl.String,
    "category": pl.String,
    "channel": pl.String,
    "responded_date": pl.Date,
    "resolved": pl.Boolean,
    "satisfaction": pl.Int64,
}


def dataset_orgs(dataset: Dataset) -> set[str]:
    """The org ids a dataset covers: its ``orgs`` and the orgs of its ``posts``."""
    found: set[str] = set()
    for name in ("orgs", "posts"):
        frame = dataset.frames.get(name)
        if frame is not None and "org_id" in frame.columns:
            found.update(v for v in frame.get_column("org_id").to_list() if v)
    return found


def merge_complaints(dataset: Dataset, complaints: Sequence[dict[str, Any]]) -> Dataset:
    """``dataset`` with ``complaints`` (stored records) added to its ``complaints`` frame."""
    if not complaints:
        return dataset
    frame = dataset.frames.get("complaints")
    known = set(frame.get_column("complaint_id").to_list()) if frame is not None else set()
    rows = [
        {
            "complaint_id": c["complaint_id"],
            "org_id": c["org_id"],
            "date": c["date"],
            "target_post_id": c.get("target_post_id"),
            "category": c.get("category"),
            "channel": CHANNEL,
            "responded_date": None,
            "resolved": None,
            "satisfaction": None,
        }
        for c in complaints
        if c["complaint_id"] not in known
    ]
    if not rows:
        return dataset
    added = pl.DataFrame(rows, schema=COLUMNS)
    if frame is not None:
        added = added.select(
            [
                pl.col(name).cast(frame.schema[name]) if name in frame.schema else pl.col(name)
                for name in added.columns
            ]
        )
        merged = pl.concat([frame, added], how="diagonal_relaxed")
    else:
        merged = added
    return dataclasses.replace(dataset, frames={**dataset.frames, "complaints": merged})
