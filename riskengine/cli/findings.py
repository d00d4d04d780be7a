"""``riskengine findings list|verdict|suppressions|unsuppress``: verdicts on findings, suppressions."""

from __future__ import annotations

import click

from ..messages import text
from ..storage.suppressions import STATES
from .options import db_option, parse_date
from .store_common import by_option, echo_json, echo_table, json_or_table, workspace

# Officers write the Chinese words; both spellings are accepted.
VERDICT_NAMES = {
    "confirmed": "confirmed",
    "查实": "confirmed",
    "false_positive": "false_positive",
    "不实": "false_positive",
    "corrected": "corrected",
    "已纠正": "corrected",
}


@click.group(help="help.findings")
def findings() -> None:
    """Verify findings: list the findings of saved assessments, mark them confirmed / false positive /
    corrected, suppress false ones.
    """


@findings.command("list", help="help.findings.list")
@click.option("--assessment", "assessment_id", metavar="ID", help="help.findings.assessment")
@click.option("--org", "org_id", metavar="ID", help="help.findings.org")
@click.option("--post", "post_id", metavar="ID", help="help.findings.post")
@click.option("--rule", "rule_id", metavar="ID", help="help.findings.rule")
@db_option
@json_or_table
def list_findings(assessment_id, org_id, post_id, rule_id, db_url, fmt) -> None:
    """List findings and their verdicts."""
    with workspace(db_url) as ws:
        rows = ws.findings(assessment_id=assessment_id, org_id=org_id, post_id=post_id, rule_id=rule_id)
    if fmt == "json":
        echo_json(rows)
        return
    echo_table("finding_columns", [
        [f["finding_id"], f["rule_id"], f["org_id"], text("enum_sep").join(f["post_ids"]),
         f["verdict"] or "-", text("suppressed_mark") if f["suppressed"] else "-", f["message"]]
        for f in rows
    ])


@findings.command("verdict", help="help.findings.verdict")
@click.argument("finding_id")
@click.option(
    "--verdict",
    "verdict",
    required=True,
    type=click.Choice(list(VERDICT_NAMES)),
    # The Chinese names are accepted too; help lists the English ones in either language.
    metavar="[confirmed|false_positive|corrected]",
    help="help.findings.verdict.verdict",
)
@click.option("--reason", help="help.findings.verdict.reason")
@click.option(
    "--suppress-until",
    callback=parse_date,
    metavar="DATE",
    help="help.findings.verdict.suppress_until",
)
@by_option
@db_option
def verdict(finding_id, verdict, reason, suppress_until, by, db_url) -> None:
    """Record a verdict on finding FINDING_ID."""
    verdict_key = VERDICT_NAMES[verdict]
    with workspace(db_url) as ws:
        done = ws.record_verdict(
            finding_id, verdict=VERDICT_NAMES[verdict], by=by, reason=reason, suppress_until=suppress_until
        )
    click.echo(
        text("verdict_recorded", finding_id=finding_id, rule_id=done["rule_id"],
             label=text(f"verdict_{verdict_key}"))
    )
    if done["suppression"]:
        click.echo(
            text("suppressed_until", date=done["suppression"]["expires_on"], id=done["suppression"]["id"])
        )


@findings.command("suppressions", help="help.findings.suppressions")
@click.option("--state", type=click.Choice(STATES), help="help.findings.suppressions.state")
@click.option("--active", is_flag=True, help="help.findings.suppressions.active")
@click.option("--org", "org_id", metavar="ID", help="help.findings.suppressions.org")
@click.option("--rule", "rule_id", metavar="ID", help="help.findings.suppressions.rule")
@db_option
@json_or_table
def suppressions(state, active, org_id, rule_id, db_url, fmt) -> None:
    """List the suppressions of false findings (rule, records, expiry, state)."""
    with workspace(db_url) as ws:
        rows = ws.suppressions(state="active" if active else state, org_id=org_id, rule_id=rule_id)
    if fmt == "json":
        echo_json(rows)
        return
    echo_table("suppression_columns", [
        [s["id"], s["rule_id"], s["org_id"], s["expires_on"], s["state_label"], s["created_by"],
         text("enum_sep").join(s["records"])]
        for s in rows
    ])


@findings.command("unsuppress", help="help.findings.unsuppress")
@click.argument("suppression_id", type=int)
@click.option("--reason", help="help.findings.unsuppress.reason")
@by_option
@db_option
def unsuppress(suppression_id, reason, by, db_url) -> None:
    """Revoke suppression SUPPRESSION_ID: from the next assessment on the finding opens tasks again."""
    with workspace(db_url) as ws:
        ws.revoke_suppression(suppression_id, by=by, reason=reason)
    click.echo(text("suppression_revoked", id=suppression_id))
