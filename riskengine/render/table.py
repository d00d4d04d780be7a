"""A readable terminal table: posts by level, with their top reasons."""

from __future__ import annotations

import unicodedata

from ..messages import text
from ..result import Assessment

TOP_REASONS = 3


def render_table(result: Assessment) -> str:
    """Summary line, then every 一级 and 二级 post with score and top reasons (三级 posts are counted)."""
    doc = result.to_dict()
    titles = {f["rule_id"]: f["title"] for f in doc["findings"]}
    counts = result.level_counts()
    lines = [
        text(
            "summary",
            assessment_id=doc["assessment_id"],
            posts=len(doc["posts"]),
            findings=len(doc["findings"]),
            tasks=len(doc["tasks"]),
            **counts,
        ),
        "",
    ]
    header = [
        text("col_level"),
        text("col_post"),
        text("col_org"),
        text("col_title"),
        text("col_score"),
        text("col_reasons"),
    ]
    rows = []
    for post in doc["posts"]:
        if post["level"] == "low":
            continue
        reasons = [
            f"{titles.get(c['rule_id'], c['rule_id'])}×{c['findings']}"
            for c in post["contributions"]
            if c["rule_id"] in titles
        ][:TOP_REASONS]
        reasons = [text("override", reason=r) for r in post["overrides"]] + reasons
        rows.append(
            [
                post["level_label"],
                post["post_id"],
                post["org_id"],
                post["title"] or "",
                str(post["score"]),
                "；".join(reasons),
            ]
        )
    if rows:
        lines += _table(header, rows)
    return "\n".join(lines)


def _width(value: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


def _pad(value: str, width: int) -> str:
    return value + " " * (width - _width(value))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    # The last column (reasons) is left ragged so long reason lists do not widen every row.
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    out = []
    for row in [header, *rows]:
        cells = [_pad(cell, widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        out.append("  ".join(cells).rstrip())
    out.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 10)
    return out
