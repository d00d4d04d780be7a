"""``riskengine history --post ID | --org ID`` and ``riskengine rollup --org ID``."""

from __future__ import annotations

from typing import Any

import click

from ..errors import RiskEngineError
from ..messages import text
from .options import db_option
from .store_common import echo_json, fail, json_or_table, percent, table, workspace

LEVEL_NAMES = {"high": "level_short_high", "medium": "level_short_medium", "low": "level_short_low"}


@click.command(help="help.history")
@click.option("--post", "post_id", metavar="ID", help="help.history.post")
@click.option("--org", "org_id", metavar="ID", help="help.history.org")
@db_option
@json_or_table
def history(post_id, org_id, db_url, fmt) -> None:
    """A post's (or an org's) risk level, score and tasks across the saved assessments."""
    if (post_id is None) == (org_id is None):
        fail(RiskEngineError(text("history_needs_target")))
    with workspace(db_url) as ws:
        data = ws.post_history(post_id) if post_id else ws.org_history(org_id)
    if fmt == "json":
        echo_json(data)
    else:
        click.echo(_post_history(data) if post_id else _org_history(data))


@click.command(help="help.rollup")
@click.option("--org", "org_id", required=True, metavar="ID", help="help.rollup.org")
@db_option
@json_or_table
def rollup(org_id, db_url, fmt) -> None:
    """Rollup: per community the posts by level, open and overdue tasks, closing rate, disclosure rate;
    totals per street and district; the confirmation rate of each rule.
    """
    with workspace(db_url) as ws:
        data = ws.rollup(org_id)
    echo_json(data) if fmt == "json" else click.echo(rollup_table(data))


def _post_history(data: dict[str, Any]) -> str:
    head = text("history_post_head", post_id=data["post_id"], title=data["title"] or "-",
                org_id=data["org_id"])
    body = [
        [
            a["as_of"],
            a["assessment_id"],
            (text(LEVEL_NAMES[a["level"]]) if a["level"] in LEVEL_NAMES else a["level"]),
            a["score"],
            a["findings"],
            text("clause_sep").join(f"{e['rule_id']} {e['event']}" for e in a["task_events"]) or "-",
        ]
        for a in data["assessments"]
    ]
    tasks = [
        text("history_task_line", task_id=t["task_id"], status=text(f"status_{t['status']}"),
             overdue=text("task_overdue_suffix") if t["overdue"] else "", rule_id=t["rule_id"],
             deadline=t["deadline"])
        for t in data["tasks"]
    ]
    return "\n".join(
        [
            head,
            "",
            table(text("history_post_columns").split("|"), body),
            "",
            text("history_tasks_head", n=len(tasks)),
            *tasks,
        ]
    )


def _org_history(data: dict[str, Any]) -> str:
    body = [
        [
            a["as_of"],
            a["assessment_id"],
            a["posts"]["high"],
            a["posts"]["medium"],
            a["posts"]["low"],
            a["findings"],
            a["tasks_opened"],
            a["tasks_reopened"],
        ]
        for a in data["assessments"]
    ]
    open_tasks = sum(t["status"] != "closed" for t in data["tasks"])
    overdue = sum(t["overdue"] for t in data["tasks"])
    return "\n".join(
        [
            text("history_org_head", org_id=data["org_id"]),
            "",
            table(text("history_org_columns").split("|"), body),
            "",
            text("history_org_tasks", n=len(data["tasks"]), open=open_tasks, overdue=overdue),
        ]
    )


def rollup_table(data: dict[str, Any]) -> str:
    """The rollup as terminal tables: communities, streets and the total; then the confirmation rate
    per rule.
    """
    header = text("rollup_columns").split("|")

    def line(row, label=None):
        return [
            label or row["org_id"],
            row["name"] or "-",
            row["posts"]["high"],
            row["posts"]["medium"],
            row["posts"]["low"],
            row["tasks"],
            row["open"],
            row["overdue"],
            percent(row["closure_rate"]),
            row["months_due"],
            row["months_on_time"],
            percent(row["disclosure_rate"]),
        ]

    rows = [line(r) for r in data["communities"]]
    rows += [line(s, text("rollup_street_total", org_id=s["org_id"])) for s in data["streets"]]
    rows.append(line(data["total"], text("rollup_grand_total", org_id=data["org_id"])))
    out = [text("rollup_head", org_id=data["org_id"], name=data["name"] or "-", as_of=data["as_of"]), "",
           table(header, rows)]
    if data["rules"]:
        rules = [
            [r["rule_id"], r["confirmed"], r["false_positive"], percent(r["rate"])] for r in data["rules"]
        ]
        out += ["", text("rollup_rates_head"), table(text("rollup_rates_columns").split("|"), rules)]
        detail = [
            [
                r["rule_id"],
                r["street_id"],
                r["period"],
                r["confirmed"],
                r["false_positive"],
                percent(r["rate"]),
            ]
            for r in data["confirmation_rates"]
        ]
        out += ["", text("rollup_detail_head"), table(text("rollup_detail_columns").split("|"), detail)]
    return "\n".join(out)
