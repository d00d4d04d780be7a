"""``riskengine findings list|verdict|suppressions|unsuppress``: verdicts on findings, suppressions."""

from __future__ import annotations

import click

from ..messages import text
from .options import db_option, parse_date
from .store_common import by_option, echo_json, json_or_table, table, workspace

# Officers write the Chinese words; both spellings are accepted.
VERDICT_NAMES = {
    "confirmed": "confirmed",
    "查实": "confirmed",
    "false_positive": "false_positive",
    "不实": "false_positive",
    "corrected": "corrected",
    "已纠正": "corrected",
}


@click.group()
def findings() -> None:
    """问题核实：查看已保存评估中的问题，认定查实 / 不实 / 已纠正，屏蔽不实问题。"""


@findings.command("list")
@click.option("--assessment", "assessment_id", metavar="ID", help="评估编号（默认最近一次）。")
@click.option("--org", "org_id", metavar="ID", help="只列出该社区（或街道、区）的问题。")
@click.option("--post", "post_id", metavar="ID", help="只列出涉及该岗位的问题。")
@click.option("--rule", "rule_id", metavar="ID", help="只列出该规则的问题。")
@db_option
@json_or_table
def list_findings(assessment_id, org_id, post_id, rule_id, db_url, fmt) -> None:
    """列出问题及其核实结论。"""
    with workspace(db_url) as ws:
        rows = ws.findings(assessment_id=assessment_id, org_id=org_id, post_id=post_id, rule_id=rule_id)
    if fmt == "json":
        echo_json(rows)
        return
    body = [
        [
            f["finding_id"],
            f["rule_id"],
            f["org_id"],
            "、".join(f["post_ids"]),
            f["verdict"] or "-",
            "已屏蔽" if f["suppressed"] else "-",
            f["message"],
        ]
        for f in rows
    ]
    click.echo(
        table(["问题编号", "规则", "社区", "岗位", "核实结论", "屏蔽", "说明"], body)
        if rows
        else text("no_rows")
    )


@findings.command("verdict")
@click.argument("finding_id")
@click.option(
    "--verdict",
    "verdict",
    required=True,
    type=click.Choice(list(VERDICT_NAMES)),
    help="核实结论：查实（confirmed）、不实（false_positive，须说明理由）、已纠正（corrected）。",
)
@click.option("--reason", help="理由（认定不实时必填）。")
@click.option(
    "--suppress-until",
    callback=parse_date,
    metavar="DATE",
    help="认定不实时：在该日期前，同一规则、同一批记录不再生成整改任务（新记录不受影响）。",
)
@by_option
@db_option
def verdict(finding_id, verdict, reason, suppress_until, by, db_url) -> None:
    """对问题 FINDING_ID 作出核实结论。"""
    with workspace(db_url) as ws:
        done = ws.record_verdict(
            finding_id, verdict=VERDICT_NAMES[verdict], by=by, reason=reason, suppress_until=suppress_until
        )
    click.echo(
        text("verdict_recorded", finding_id=finding_id, rule_id=done["rule_id"], label=done["verdict_label"])
    )
    if done["suppression"]:
        click.echo(
            text("suppressed_until", date=done["suppression"]["expires_on"], id=done["suppression"]["id"])
        )


@findings.command("suppressions")
@click.option("--active", is_flag=True, help="只列出仍有效的屏蔽。")
@db_option
@json_or_table
def suppressions(active, db_url, fmt) -> None:
    """列出对不实问题的屏蔽（规则、记录、期限、状态）。"""
    with workspace(db_url) as ws:
        rows = ws.suppressions(active_only=active)
    if fmt == "json":
        echo_json(rows)
        return
    states = {"active": "有效", "expired": "已过期", "revoked": "已撤销"}
    body = [
        [
            s["id"],
            s["rule_id"],
            s["org_id"],
            s["expires_on"],
            states[s["state"]],
            s["created_by"],
            "、".join(s["records"]),
        ]
        for s in rows
    ]
    click.echo(
        table(["编号", "规则", "社区", "有效期至", "状态", "设置人", "记录"], body)
        if rows
        else text("no_rows")
    )


@findings.command("unsuppress")
@click.argument("suppression_id", type=int)
@click.option("--reason", help="撤销理由。")
@by_option
@db_option
def unsuppress(suppression_id, reason, by, db_url) -> None:
    """撤销屏蔽 SUPPRESSION_ID：下次评估起该问题重新生成整改任务。"""
    with workspace(db_url) as ws:
        ws.revoke_suppression(suppression_id, by=by, reason=reason)
    click.echo(text("suppression_revoked", id=suppression_id))
