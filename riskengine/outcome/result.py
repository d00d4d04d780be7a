"""The assessment result (``schemas/result.schema.json``) as a plain document."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
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
        return "".join(self.json_chunks(indent=indent))

    def write_json(self, path, *, indent: int = 2) -> None:
        """:meth:`to_json`'s text written to ``path`` piece by piece (same bytes, no whole copy in memory)."""
        with open(path, "w", encoding="utf-8") as out:
            out.writelines(self.json_chunks(indent=indent))

    def json_chunks(self, *, indent: int = 2) -> Iterator[str]:
        """:meth:`to_json`'s text in pieces: one per record of the long lists."""
        pad = " " * indent
        encode = _record_encoder()
        yield "{\n"
        for number, (key, value) in enumerate(self.document.items()):
            yield f",\n{pad}" if number else pad
            yield f"{json.dumps(key, ensure_ascii=False)}: "
            if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
                separator = f",\n{pad * 2}"
                yield f"[\n{pad * 2}"
                for position, item in enumerate(value):
                    if position:
                        yield separator
                    yield encode(item)
                yield f"\n{pad}]"
            else:
                yield json.dumps(value, ensure_ascii=False, indent=indent).replace("\n", "\n" + pad)
        yield "\n}"

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


def _record_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)`` for many small values: one C encoder made once
    (json.dumps makes a new one per call, which costs more than encoding a finding)."""
    from json import encoder

    if encoder.c_make_encoder is None:  # no C accelerator: json.dumps itself
        return lambda value: json.dumps(value, ensure_ascii=False)
    default = json.JSONEncoder(ensure_ascii=False).default
    make = encoder.c_make_encoder(
        None, default, encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda value: "".join(make(value, 0))
