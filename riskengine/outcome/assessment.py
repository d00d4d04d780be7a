"""The outcome of one assessment, typed: its metadata and the frames of its lists.

The engine returns an :class:`Assessment`; writers that can go column by column (JSON to a file,
parquet) read its frames, and the RESULT.md document (:attr:`Assessment.document`) is built from
them once, only when a reader asks for dicts. A result read back from a file or the store is an
:class:`Assessment` too (:meth:`Assessment.from_document`), which keeps the document it was read from.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl

from ..data.dataset import InputInfo
from ..data.period import Period


@dataclass(frozen=True)
class AssessmentMeta:
    """Everything about an assessment but its lists: what was assessed, when, and with which packs."""

    assessment_id: str
    engine_version: str
    as_of: dt.date
    period: Period
    #: How the period was chosen: ``given`` (--period), ``data`` (the records' dates), ``default``.
    period_source: str
    #: The rule packs applied, each as the result lists it (id, version, sha256, domain, title, source).
    rule_packs: tuple[Mapping[str, Any], ...] = ()
    #: The plugins loaded (name, version).
    plugins: tuple[Mapping[str, Any], ...] = ()
    #: The input tables, by record type and source.
    inputs: tuple[InputInfo, ...] = ()
    #: What reading the data and choosing the packs and the period had to say.
    notices: tuple[str, ...] = ()
    #: Packs loaded but not applied (not in force on the as-of date), with why.
    packs_not_applied: tuple[Mapping[str, Any], ...] = ()


@dataclass(eq=False)
class Assessment:
    """One assessment: :class:`AssessmentMeta` and a frame per list of the result.

    The frames' columns are those of :mod:`riskengine.outcome.columns`: ``findings`` (evidence as
    JSON text), ``posts`` (with names, level and contributions), ``tasks``, ``rejected`` (rows kept
    out of evaluation) and ``not_evaluated`` (rules, or rules for some orgs, not judged).
    """

    meta: AssessmentMeta
    findings: pl.DataFrame
    posts: pl.DataFrame
    tasks: pl.DataFrame
    rejected: pl.DataFrame
    not_evaluated: pl.DataFrame
    #: Plugin and rule-pack problems found at load (each names its location).
    problems: list[str] = field(default_factory=list)
    #: The document this assessment was read back from (None: made by the engine).
    read_from: dict[str, Any] | None = field(default=None, repr=False)

    @classmethod
    def from_document(cls, document: Mapping[str, Any], problems: list[str] | None = None) -> Assessment:
        """The assessment a RESULT.md document describes; its :attr:`document` is ``document`` itself."""
        from .read_back import assessment_from_document

        return assessment_from_document(dict(document), list(problems or []))

    @property
    def assessment_id(self) -> str:
        """The stable id of this assessment."""
        return self.meta.assessment_id

    @cached_property
    def document(self) -> dict[str, Any]:
        """The RESULT.md document (built on first use, then kept)."""
        if self.read_from is not None:
            return self.read_from
        from .document import build_document

        return build_document(self)

    def to_dict(self) -> dict[str, Any]:
        """The RESULT.md document (see :attr:`document`)."""
        return self.document

    def to_json(self, *, indent: int | None = 2) -> str:
        """The document as JSON text; with ``indent``, one line per finding, post, task and rejected row."""
        if indent is None:
            return json.dumps(self.document, ensure_ascii=False)
        return "".join(self.json_chunks(indent=indent))

    def json_chunks(self, *, indent: int = 2) -> Iterator[str]:
        """:meth:`to_json`'s text in pieces (the long lists written from the frames)."""
        from .json_writer import json_chunks

        return json_chunks(self, indent=indent)

    def write_json(self, path: str | Path, *, indent: int = 2) -> None:
        """:meth:`to_json`'s text written to ``path``, the long lists straight from the frames."""
        from .json_writer import write_json

        write_json(self, Path(path), indent=indent)

    def post(self, post_id: str) -> dict[str, Any]:
        """One post of the document (with its contributions)."""
        return next(p for p in self.document["posts"] if p["post_id"] == post_id)

    def level_counts(self) -> dict[str, int]:
        """Posts per level: ``{"high": n, "medium": n, "low": n}``."""
        counts = {"high": 0, "medium": 0, "low": 0}
        for level, n in self.posts.group_by("level").len().iter_rows():
            counts[level] = n
        return counts
