"""``riskengine tasks list|show|start|submit|close|reject|reopen|export|import``: 整改任务 (对账销号)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import RiskEngineError
from ..messages import text
from ..result import Assessment
from ..storage.db import TASK_STATUSES
from ..storage.lifecycle import EvidenceFile
from ..storage.store import SaveSummary
from ..workspace import Workspace
from .options import db_option, parse_date
from .store_common import by_option, echo_json, fail, json_or_table, table, version_option, workspace

REQUIRED_KEYS = ("assessment_id", "engine_version", "as_of", "period", "posts", "findings", "tasks")
LEVELS = ("high", "medium", "low")
OBSERVATION_NOTES = {
    "verified_by_data": "数据核验：问题已不存在，待审核销号",
    "not_observed": "最近一次评估未再发现该问题，请经办人核实确认",
}


def task_filters(command):
    """--status --org --post --level --rule --overdue: the task filters of ``list`` and ``export``."""
    options = [
        click.option(
            "--status",
            multiple=True,
            type=click.Choice(TASK_STATUSES),
            help="只列出该状态的任务（可多次指定）：open 待整改，in_progress 整改中，submitted 待审核，"
            "closed 已销号，reopened 重新整改。",
        ),
        click.option(
            "--org", "org_id", metavar="ID", help="只列出该社区（村），或该街道、区下各社区的任务。"
        ),
        click.option("--post", "post_id", metavar="ID", help="只列出该岗位的任务。"),
        click.option("--level", type=click.Choice(LEVELS), help="只列出该风险等级岗位的任务。"),
        click.option("--rule", "rule_id", metavar="ID", help="只列出该规则的任务。"),
        click.option(
            "--overdue", is_flag=True, default=None, help="只列出已逾期（过整改期限未销号）的任务。"
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(status, org_id, post_id, level, rule_id, overdue) -> dict[str, Any]:
    return {
        "status": list(status) or None,
        "org_id": org_id,
        "post_id": post_id,
        "level": level,
        "rule_id": rule_id,
        "overdue": overdue,
    }


@click.group()
def tasks() -> None:
    """整改任务：查看、开始整改、提交佐证、审核销号或退回、重新打开，导出整改台账。"""


@tasks.command("list")
@db_option
@task_filters
@json_or_table
def list_tasks(db_url, status, org_id, post_id, level, rule_id, overdue, fmt) -> None:
    """列出整改任务：编号、状态、是否逾期、社区、岗位、等级、规则、期限、销号日期、版本、整改事项。"""
    with workspace(db_url) as ws:
        rows = ws.tasks(**_filters(status, org_id, post_id, level, rule_id, overdue))
    echo_json(rows) if fmt == "json" else click.echo(task_table(rows))


@tasks.command("show")
@click.argument("task_id")
@db_option
@json_or_table
def show_task(task_id, db_url, fmt) -> None:
    """显示一项整改任务：状态、期限、问题、佐证材料和全部变更记录（谁、何时、做了什么、为什么）。"""
    with workspace(db_url) as ws:
        task = ws.task(task_id)
    echo_json(task) if fmt == "json" else click.echo(task_detail(task))


@tasks.command("start")
@click.argument("task_id")
@by_option
@version_option
@click.option("--note", help="说明（可选）。")
@db_option
def start_task(task_id, by, expected_version, note, db_url) -> None:
    """开始整改 TASK_ID（待整改 / 重新整改 → 整改中）。"""
    _change(db_url, "start_task", task_id, by=by, expected_version=expected_version, note=note)


@tasks.command("submit")
@click.argument("task_id")
@by_option
@click.option("--note", help="整改情况说明。")
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="佐证材料文件（上传保存到数据库，可多次指定）。",
)
@click.option(
    "--ref", "refs", multiple=True, metavar="TEXT", help="佐证材料的存放位置（如档案编号，可多次指定）。"
)
@version_option
@db_option
def submit_task(task_id, by, note, files, refs, expected_version, db_url) -> None:
    """提交整改佐证材料，交审核人审核（→ 待审核）。须有说明或材料。"""
    evidence = [EvidenceFile(path.name, path.read_bytes()) for path in files] + [
        EvidenceFile(r) for r in refs
    ]
    _change(
        db_url, "submit_task", task_id, by=by, note=note, files=evidence, expected_version=expected_version
    )


@tasks.command("close")
@click.argument("task_id")
@by_option
@click.option("--note", required=True, help="整改完成情况（必填，写入台账“完成情况”）。")
@click.option("--on", "on", callback=parse_date, metavar="DATE", help="销号日期（YYYY-MM-DD，默认今天）。")
@click.option("--override", metavar="REASON", help="问题在最近一次评估中仍存在时，仍予销号的理由。")
@version_option
@db_option
def close_task(task_id, by, note, on, override, expected_version, db_url) -> None:
    """审核通过并销号 TASK_ID。销号人不能是责任岗位或提交人。"""
    _change(
        db_url,
        "close_task",
        task_id,
        by=by,
        note=note,
        on=on,
        override=override,
        expected_version=expected_version,
    )


@tasks.command("reject")
@click.argument("task_id")
@by_option
@click.option("--reason", required=True, help="退回理由（必填）。")
@version_option
@db_option
def reject_task(task_id, by, reason, expected_version, db_url) -> None:
    """审核不通过，退回 TASK_ID 继续整改（待审核 → 整改中）。"""
    _change(db_url, "reject_task", task_id, by=by, reason=reason, expected_version=expected_version)


@tasks.command("reopen")
@click.argument("task_id")
@by_option
@click.option("--reason", required=True, help="重新打开的理由（必填）。")
@version_option
@db_option
def reopen_task(task_id, by, reason, expected_version, db_url) -> None:
    """重新打开已销号的 TASK_ID（问题复发或销号有误），并升级督办。"""
    _change(db_url, "reopen_task", task_id, by=by, reason=reason, expected_version=expected_version)


@tasks.command("export")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), required=True, help="台账格式。")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="写入的文件（扩展名须与 --format 一致）。",
)
@task_filters
@db_option
def export_tasks(fmt, output, status, org_id, post_id, level, rule_id, overdue, db_url) -> None:
    """导出整改台账：序号、社区、岗位、责任人、问题描述、整改措施、整改时限、完成情况、佐证材料、销号日期、状态。"""
    with workspace(db_url) as ws:
        try:
            n = ws.export_tasks(output, fmt, **_filters(status, org_id, post_id, level, rule_id, overdue))
        except RiskEngineError as exc:
            fail(exc)
    click.echo(text("exported", path=output, n=n), err=True)


@tasks.command("import")
@click.argument("result", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
def import_result(result: Path, db_url: str) -> None:
    """导入评估结果 RESULT（riskengine assess --format json 的输出），生成或更新整改任务。"""
    try:
        document = _read_result(result)
        with Workspace.open(db_url) as ws:
            summary = ws.save(Assessment(document=document))
    except RiskEngineError as exc:
        fail(exc)
    click.echo(describe_save(document["assessment_id"], summary))


def _change(db_url: str, method: str, task_id: str, **kwargs: Any) -> None:
    with workspace(db_url) as ws:
        before = ws.task(task_id)["status"]
        try:
            task = getattr(ws, method)(task_id, **kwargs)
        except RiskEngineError as exc:
            fail(exc)
    if task["status"] == "closed":
        click.echo(text("task_closed", **task))
    else:
        click.echo(
            text(
                "task_changed",
                before=text(f"status_{before}"),
                after=text(f"status_{task['status']}"),
                **task,
            )
        )


def describe_save(assessment_id: str, summary: SaveSummary) -> str:
    """One Chinese sentence saying what saving an assessment did to the tasks."""
    if summary.already_saved:
        return f"评估 {assessment_id} 此前已保存，整改任务未变动"
    out = (
        f"评估 {assessment_id} 已保存：新增整改任务 {summary.new} 项，仍在整改 {summary.seen} 项，"
        f"重新打开 {summary.reopened} 项"
    )
    extras = [
        (summary.kept_closed, "已销号且无新问题"),
        (summary.verified_by_data, "数据核验问题已不存在（待审核销号）"),
        (summary.not_observed, "未再发现（待核实）"),
        (summary.suppressed, "已屏蔽的不实问题"),
    ]
    out += "".join(f"，{label} {n} 项" for n, label in extras if n)
    return out


def task_table(rows: list[dict[str, Any]]) -> str:
    """Tasks as an aligned terminal table under a count by status and overdue."""
    by_status = text("list_sep").join(
        f"{text(f'status_{status}')} {sum(1 for r in rows if r['status'] == status)}"
        for status in TASK_STATUSES
    )
    head = text("tasks_head", n=len(rows), by_status=by_status, overdue=sum(r["overdue"] for r in rows))
    if not rows:
        return head
    body = [
        [
            r["task_id"],
            text(f"status_{r['status']}"),
            text("overdue_mark") if r["overdue"] else "-",
            text(f"observation_{r['observation']}") if r["status"] != "closed" else "-",
            r["org_id"],
            r["post_id"],
            r["level"],
            r["rule_id"],
            r["deadline"],
            r["closed_on"],
            r["version"],
            r["title"],
        ]
        for r in rows
    ]
    return head + "\n\n" + table(text("task_columns").split("|"), body)


def task_detail(task: dict[str, Any]) -> str:
    """One task in full: fields, observation, evidence and its audit trail."""
    overdue = "（逾期）" if task["overdue"] else ""
    escalated = f"（复发升级 {task['escalation']} 次）" if task["escalation"] else ""
    kind = "状态类，数据可核验" if task["kind"] == "state" else "行为类，须佐证材料"
    lines = [
        f"整改任务 {task['task_id']}：{task['title']}",
        f"  状态：{task['status_label']}{overdue}{escalated}，版本 {task['version']}",
        f"  社区 {task['org_id']}，岗位 {task['post_id']}，规则 {task['rule_id']}（{kind}）",
        f"  整改期限 {task['deadline']}，生成于 {task['opened_on']}，销号日期 {task['closed_on'] or '-'}",
        f"  整改措施：{'；'.join(task['measures'])}",
        f"  问题记录：{'、'.join(task['finding_ids'])}",
    ]
    if task["observation"] in OBSERVATION_NOTES and task["status"] != "closed":
        lines.append(f"  {OBSERVATION_NOTES[task['observation']]}")
    lines.append("  佐证材料：" + ("" if task["evidence"] else "（无）"))
    lines += [
        f"    [{e['id']}] {e['file_name'] or e['text']}"
        + (f"（sha256 {e['sha256'][:12]}…）" if e["sha256"] else "")
        + f" —— {e['by']}，{e['at']}"
        for e in task["evidence"]
    ]
    lines.append("  变更记录：")
    lines += [
        f"    {e['at']}  {e['by']}  {e['event']}"
        + (f"  {e['from_status'] or '-'} → {e['to_status']}" if e["from_status"] != e["to_status"] else "")
        + (f"  {e['note']}" if e["note"] else "")
        for e in task["events"]
    ]
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


__all__ = ["describe_save", "task_table", "tasks"]
