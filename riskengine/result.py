"""The assessment result (spec/RESULT.md) as a plain document."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Assessment:
    """The outcome of one ``assess`` run. ``to_dict()`` is the RESULT.md document."""

    document: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    # The findings as a frame (evidence as JSON text), for writers that go column-wise (parquet);
    # empty when the result was read back from a document.
    frames: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return self.document

    def to_json(self, *, indent: int | None = 2) -> str:
        """The document as JSON text; with ``indent``, one line per finding, post and task.

        Lists of records (findings, posts, tasks, rejected rows) are written one compact object per
        line: as readable, and encoded by the C encoder (an indented dump runs in pure Python, about
        ten times slower on a province's result).
        """
        if indent is None:
            return json.dumps(self.document, ensure_ascii=False)
        pad = " " * indent
        parts = []
        for key, value in self.document.items():
            if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
                items = f",\n{pad * 2}".join(json.dumps(item, ensure_ascii=False) for item in value)
                text = f"[\n{pad * 2}{items}\n{pad}]"
            else:
                text = json.dumps(value, ensure_ascii=False, indent=indent).replace("\n", "\n" + pad)
            parts.append(f"{pad}{json.dumps(key, ensure_ascii=False)}: {text}")
        return "{\n" + ",\n".join(parts) + "\n}"

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.document["findings"]

    @property
    def posts(self) -> list[dict[str, Any]]:
        return self.document["posts"]

    @property
    def tasks(self) -> list[dict[str, Any]]:
        return self.document["tasks"]

    @property
    def rejected(self) -> list[dict[str, Any]]:
        return self.document["rejected"]

    @property
    def not_evaluated(self) -> list[dict[str, Any]]:
        return self.document["not_evaluated"]

    def post(self, post_id: str) -> dict[str, Any]:
        return next(p for p in self.posts if p["post_id"] == post_id)

    def level_counts(self) -> dict[str, int]:
        counts = {"high": 0, "medium": 0, "low": 0}
        for post in self.posts:
            counts[post["level"]] += 1
        return counts
