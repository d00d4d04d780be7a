"""``riskengine tasks list | close | import``: rectification tasks tracked until closed (对账销号)."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import click

from ..errors import RiskEngineError
from ..messages import text
from ..result import Assessment
from ..storage.db import TASK_STATUSES
from ..storage.store import SaveSummary, Store
from .i18n import Group, Option
from .options import db_option, parse_date

REQUIRED_KEYS = ("assessment_id", "engine_version", "as_of", "period", "posts", "findings", "tasks")


@click.group(cls=Group, help="help.tasks")
def tasks() -> None:
    """Rectification tasks: list, close, import results."""


@tasks.command("list", help="help.tasks.list")
@db_option
@click.option("--status", type=click.Choice(TASK_STATUSES), cls=Option, help="help.tasks.list.status")
@click.option("--org", "org_id", metavar="ID", cls=Option, help="help.tasks.list.org")
@click.option("--post", "post_id", metavar="ID", cls=Option, help="help.tasks.list.post")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              cls=Option, help="help.opt.format")
def list_tasks(db_url: str, status: str | None, org_id: str | None, post_id: str | None, fmt: str) -> None:
    """List tasks: id, status, org, post, rule, deadline, closing date, title."""
    with Store(db_url) as store:
        store.check()
        rows = store.tasks(status=status, org_id=org_id, post_id=post_id)
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2) if fmt == "json" else task_table(rows))


@tasks.command("close", help="help.tasks.close")
@click.argument("task_id")
@click.option("--note", required=True, cls=Option, help="help.tasks.close.note")
@click.option("--on", "on", callback=parse_date, metavar="DATE", cls=Option, help="help.tasks.close.on")
@db_option
def close_task(task_id: str, note: str, on: dt.date | None, db_url: str) -> None:
    """Close TASK_ID once it is rectified."""
    with Store(db_url) as store:
        store.check()
        task = store.close(task_id, on=on or dt.date.today(), note=note)
    click.echo(text("task_closed", task=task["task_id"], title=task["title"], post=task["post_id"],
                    on=task["closed_on"]))


@tasks.command("import", help="help.tasks.import")
@click.argument("result", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
def import_result(result: Path, db_url: str) -> None:
    """Import RESULT (the output of ``riskengine assess --format json``) and update the tasks."""
    document = _read_result(result)
    with Store(db_url) as store:
        store.upgrade()
        summary = store.save(Assessment(document=document))
    click.echo(describe_save(document["assessment_id"], summary))


def describe_save(assessment_id: str, summary: SaveSummary) -> str:
    """One sentence saying what saving an assessment did to the tasks."""
    if summary.already_saved:
        return text("save_already", id=assessment_id)
    said = text("save_done", id=assessment_id, new=summary.new, seen=summary.seen, reopened=summary.reopened)
    if summary.kept_closed:
        said += text("save_kept_closed", n=summary.kept_closed)
    return said


def status_label(status: str) -> str:
    """A task status (open, reopened, closed) as the user reads it."""
    return text(f"task_status_{status}")


def task_table(rows: list[dict[str, Any]]) -> str:
    """Tasks as an aligned terminal table under a count by status."""
    statuses = ("open", "reopened", "closed")
    counts = {status: sum(1 for r in rows if r["status"] == status) for status in statuses}
    by_status = text("list_separator").join(f"{status_label(status)} {n}" for status, n in counts.items())
    head = text("tasks_head", n=len(rows), by_status=by_status)
    if not rows:
        return head
    header = text("tasks_columns").split("|")
    body = [
        [r["task_id"], status_label(r["status"]), r["org_id"], r["post_id"], r["rule_id"], r["deadline"],
         r["closed_on"] or "-", r["title"]]
        for r in rows
    ]
    widths = [max(_width(line[i]) for line in [header, *body]) for i in range(len(header) - 1)]
    lines = [head, ""]
    for line in [header, *body]:
        # The last column (the task title) is left ragged so one long title does not widen every row.
        cells = [cell + " " * (width - _width(cell)) for cell, width in zip(line[:-1], widths, strict=True)]
        lines.append("  ".join([*cells, line[-1]]))
    return "\n".join(lines)


def _read_result(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RiskEngineError(text("result_unreadable", error=exc)) from None
    missing = [key for key in REQUIRED_KEYS if not isinstance(document, dict) or key not in document]
    if missing:
        missing_keys = text("list_separator_short").join(missing)
        raise RiskEngineError(text("not_a_result", path=path, missing=missing_keys))
    return document


def _width(value: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)
