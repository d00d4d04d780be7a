"""``riskengine tasks list | close | import``: rectification tasks tracked until closed (对账销号)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any, NoReturn

import click

from ..errors import RiskEngineError
from ..result import Assessment
from ..storage.db import TASK_STATUSES
from ..storage.store import SaveSummary, Store
from . import exits
from .options import db_option, parse_date

STATUS_LABELS = {"open": "待整改", "reopened": "重新整改", "closed": "已销号"}
REQUIRED_KEYS = ("assessment_id", "engine_version", "as_of", "period", "posts", "findings", "tasks")



@click.group()
def tasks() -> None:
    """整改任务：查看、销号，导入评估结果。"""


@tasks.command("list")
@db_option
@click.option("--status", type=click.Choice(TASK_STATUSES),
              help="只列出该状态的任务：open 待整改，closed 已销号，reopened 重新整改。")
@click.option("--org", "org_id", metavar="ID", help="只列出该社区（村）的任务。")
@click.option("--post", "post_id", metavar="ID", help="只列出该岗位的任务。")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="输出格式。")
def list_tasks(db_url: str, status: str | None, org_id: str | None, post_id: str | None, fmt: str) -> None:
    """列出整改任务：编号、状态、社区、岗位、规则、期限、销号日期、整改事项。"""
    try:
        with Store(db_url) as store:
            store.check()
            rows = store.tasks(status=status, org_id=org_id, post_id=post_id)
    except RiskEngineError as exc:
        _fail(exc)
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2) if fmt == "json" else task_table(rows))


@tasks.command("close")
@click.argument("task_id")
@click.option("--note", required=True, help="整改情况说明（必填）。")
@click.option("--on", "on", callback=parse_date, metavar="DATE", help="销号日期（YYYY-MM-DD，默认今天）。")
@db_option
def close_task(task_id: str, note: str, on: dt.date | None, db_url: str) -> None:
    """整改完成后销号 TASK_ID。"""
    try:
        with Store(db_url) as store:
            store.check()
            task = store.close(task_id, on=on or dt.date.today(), note=note)
    except RiskEngineError as exc:
        _fail(exc)
    click.echo(f"整改任务 {task['task_id']}（{task['title']}，岗位 {task['post_id']}）"
               f"已于 {task['closed_on']} 销号")


@tasks.command("import")
@click.argument("result", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
def import_result(result: Path, db_url: str) -> None:
    """导入评估结果 RESULT（riskengine assess --format json 的输出），生成或更新整改任务。"""
    try:
        document = _read_result(result)
        with Store(db_url) as store:
            store.upgrade()
            summary = store.save(Assessment(document=document))
    except RiskEngineError as exc:
        _fail(exc)
    click.echo(describe_save(document["assessment_id"], summary))


def describe_save(assessment_id: str, summary: SaveSummary) -> str:
    """One Chinese sentence saying what saving an assessment did to the tasks."""
    if summary.already_saved:
        return f"评估 {assessment_id} 此前已保存，整改任务未变动"
    text = (f"评估 {assessment_id} 已保存：新增整改任务 {summary.new} 项，仍在整改 {summary.seen} 项，"
            f"重新打开 {summary.reopened} 项")
    if summary.kept_closed:
        text += f"，已销号且无新问题 {summary.kept_closed} 项"
    return text


def task_table(rows: list[dict[str, Any]]) -> str:
    """Tasks as an aligned terminal table under a count by status."""
    counts = {status: sum(1 for r in rows if r["status"] == status) for status in STATUS_LABELS}
    by_status = "，".join(f"{STATUS_LABELS[status]} {n}" for status, n in counts.items())
    head = f"共 {len(rows)} 项整改任务（{by_status}）"
    if not rows:
        return head
    header = ["任务编号", "状态", "社区", "岗位", "规则", "整改期限", "销号日期", "整改事项"]
    body = [
        [r["task_id"], STATUS_LABELS[r["status"]], r["org_id"], r["post_id"], r["rule_id"], r["deadline"],
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
        raise RiskEngineError(f"无法读取评估结果 JSON：{exc}") from None
    missing = [key for key in REQUIRED_KEYS if not isinstance(document, dict) or key not in document]
    if missing:
        raise RiskEngineError(
            f"{path} 不是评估结果（riskengine assess --format json 的输出）：缺少 {'、'.join(missing)}"
        )
    return document


def _width(value: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


def _fail(exc: RiskEngineError) -> NoReturn:
    click.echo(str(exc), err=True)
    sys.exit(exits.INPUT_ERROR)
