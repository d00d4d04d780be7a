"""CSV rendering: one row per post, the table an officer opens in Excel."""

from __future__ import annotations

import csv
import io

from ..outcome.assessment import Assessment

COLUMNS = ("post_id", "org_id", "title", "level", "level_label", "score", "findings", "rules", "overrides")


def render_csv(result: Assessment) -> str:
    """Posts with their level, score and the rules behind the score (UTF-8 with BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for post in result.document["posts"]:
        rules = [c for c in post["contributions"] if c["rule_id"] != "post.inherent_risk"]
        writer.writerow(
            [
                post["post_id"],
                post["org_id"],
                post["title"],
                post["level"],
                post["level_label"],
                post["score"],
                sum(c["findings"] for c in rules),
                ";".join(c["rule_id"] for c in rules),
                ";".join(post["overrides"]),
            ]
        )
    return "\ufeff" + buffer.getvalue()
