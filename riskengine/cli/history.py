"""``riskengine history --post ID | --org ID`` and ``riskengine rollup --org ID``."""

from __future__ import annotations

from typing import Any

import click

from ..errors import RiskEngineError
from .options import db_option
from .store_common import echo_json, fail, json_or_table, percent, table, workspace

LEVEL_NAMES = {"high": "一级", "medium": "二级", "low": "三级"}


@click.command()
@click.option("--post", "post_id", metavar="ID", help="岗位编号。")
@click.option("--org", "org_id", metavar="ID", help="社区、街道或区的编号。")
@db_option
@json_or_table
def history(post_id, org_id, db_url, fmt) -> None:
    """历次评估中岗位（或组织）的风险等级、得分和整改任务。"""
    if (post_id is None) == (org_id is None):
        fail(RiskEngineError("请指定 --post 或 --org 之一"))
    with workspace(db_url) as ws:
        data = ws.post_history(post_id) if post_id else ws.org_history(org_id)
    if fmt == "json":
        echo_json(data)
    else:
        click.echo(_post_history(data) if post_id else _org_history(data))


@click.command()
@click.option("--org", "org_id", required=True, metavar="ID", help="街道或区（也可为单个社区）的编号。")
@db_option
@json_or_table
def rollup(org_id, db_url, fmt) -> None:
    """汇总：各社区岗位等级分布、未销号和逾期任务、销号率、公开率，街道和全区合计，以及各规则查实率。"""
    with workspace(db_url) as ws:
        data = ws.rollup(org_id)
    echo_json(data) if fmt == "json" else click.echo(rollup_table(data))


def _post_history(data: dict[str, Any]) -> str:
    head = f"岗位 {data['post_id']}（{data['title'] or '-'}，社区 {data['org_id']}）历次评估："
    body = [
        [
            a["as_of"],
            a["assessment_id"],
            LEVEL_NAMES.get(a["level"], a["level"]),
            a["score"],
            a["findings"],
            "；".join(f"{e['rule_id']} {e['event']}" for e in a["task_events"]) or "-",
        ]
        for a in data["assessments"]
    ]
    tasks = [
        f"  {t['task_id']}  {t['status_label']}{'（逾期）' if t['overdue'] else ''}  {t['rule_id']}  "
        f"期限 {t['deadline']}"
        for t in data["tasks"]
    ]
    return "\n".join(
        [
            head,
            "",
            table(["评估日", "评估编号", "等级", "得分", "问题", "整改任务变化"], body),
            "",
            f"整改任务（{len(tasks)} 项）：",
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
            f"组织 {data['org_id']} 历次评估：",
            "",
            table(["评估日", "评估编号", "一级", "二级", "三级", "问题", "新增任务", "复发重开"], body),
            "",
            f"整改任务 {len(data['tasks'])} 项，未销号 {open_tasks} 项，逾期 {overdue} 项",
        ]
    )


def rollup_table(data: dict[str, Any]) -> str:
    """The rollup as terminal tables: communities, streets and the total; then 查实率 per rule."""
    header = [
        "组织",
        "名称",
        "一级",
        "二级",
        "三级",
        "任务",
        "未销号",
        "逾期",
        "销号率",
        "应公开月",
        "按时公开",
        "公开率",
    ]

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
    rows += [line(s, f"{s['org_id']} 合计") for s in data["streets"]]
    rows.append(line(data["total"], f"{data['org_id']} 总计"))
    out = [f"{data['org_id']}（{data['name'] or '-'}）汇总，截至 {data['as_of']}：", "", table(header, rows)]
    if data["rules"]:
        rules = [
            [r["rule_id"], r["confirmed"], r["false_positive"], percent(r["rate"])] for r in data["rules"]
        ]
        out += ["", "各规则查实率（查实 / 已核实）：", table(["规则", "查实", "不实", "查实率"], rules)]
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
        out += ["", "按街道、月份：", table(["规则", "街道", "月份", "查实", "不实", "查实率"], detail)]
    return "\n".join(out)
