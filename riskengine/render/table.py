"""The terminal table (rich): posts by level with names and top reasons, then their rectification tasks.

Widths are measured in terminal cells (a Chinese character takes two), and long cells wrap inside
their column, so the whole table fits ``width`` columns (100 by default).
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table

from ..messages import text
from ..outcome.assessment import Assessment
from .labels import PostLabels, level_short, top_reasons

WIDTH = 100
LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2}


def render_table(result: Assessment, *, all_posts: bool = False, width: int = WIDTH) -> str:
    """Summary line, the posts (一级 and 二级, or every post with ``all_posts``) and their tasks."""
    doc = result.to_dict()
    labels = PostLabels(doc)
    counts = result.level_counts()
    summary = text(
        "summary",
        assessment_id=doc["assessment_id"],
        posts=len(doc["posts"]),
        findings=len(doc["findings"]),
        tasks=len(doc["tasks"]),
        **counts,
    )
    posts = sorted(
        (p for p in doc["posts"] if all_posts or p["level"] != "low"),
        key=lambda p: (LEVEL_ORDER[p["level"]], -p["score"], p["org_id"], p["post_id"]),
    )
    console = Console(
        file=io.StringIO(), width=width, color_system=None, force_terminal=False, legacy_windows=False
    )
    console.print(summary, highlight=False)
    if not all_posts and counts["low"]:
        console.print(text("table_low_hidden", n=counts["low"]), highlight=False)
    if posts:
        console.print(_posts_table(posts, labels))
    shown = {p["post_id"] for p in posts}
    tasks = sorted(
        (t for t in doc["tasks"] if t["post_id"] in shown),
        key=lambda t: (t["deadline"], t["org_id"], t["post_id"], t["task_id"]),
    )
    if tasks:
        console.print(_tasks_table(tasks, labels))
    return "\n".join(line.rstrip() for line in console.file.getvalue().rstrip("\n").splitlines())


def _posts_table(posts: list[dict], labels: PostLabels) -> Table:
    table = Table(title=text("table_posts_title"), box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column(text("col_level"), no_wrap=True)
    table.add_column(text("col_street"), overflow="fold", max_width=10)
    table.add_column(text("col_org"), overflow="fold", max_width=12)
    table.add_column(text("col_title"), overflow="fold", max_width=12)
    table.add_column(text("col_holder"), overflow="fold", max_width=8)
    table.add_column(text("col_score"), justify="right", no_wrap=True)
    table.add_column(text("col_reasons"), overflow="fold", ratio=1, min_width=20)
    for post in posts:
        table.add_row(
            level_short(post["level"]),
            labels.street(post),
            labels.org(post),
            labels.title(post),
            post.get("holder_name") or "",
            _number(post["score"]),
            "\n".join(top_reasons(post)),
        )
    return table


def _tasks_table(tasks: list[dict], labels: PostLabels) -> Table:
    table = Table(title=text("table_tasks_title"), box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column(text("col_task_id"), no_wrap=True)
    table.add_column(text("col_deadline"), no_wrap=True)
    table.add_column(text("col_org"), overflow="fold", max_width=12)
    table.add_column(text("col_title"), overflow="fold", max_width=12)
    table.add_column(text("col_task"), overflow="fold", ratio=1, min_width=16)
    for task in tasks:
        post = labels.post(task["post_id"])
        table.add_row(
            task["task_id"],
            task["deadline"],
            labels.org(post or task),
            labels.title(post) if post else task["post_id"],
            task["title"],
        )
    return table


def _number(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
