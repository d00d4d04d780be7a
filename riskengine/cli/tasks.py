"""``riskengine tasks list|show|start|submit|close|reject|reopen|export|import``: rectification tasks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import RiskEngineError
from ..messages import text
from ..outcome.assessment import Assessment
from ..outcome.schema import read_result
from ..storage import EvidenceFile, SaveSummary
from ..storage.db import TASK_STATUSES
from ..workspace import Workspace
from .options import db_option, parse_date
from .store_common import by_option, echo_json, fail, json_or_table, table, version_option, workspace

LEVELS = ("high", "medium", "low")
OBSERVATION_NOTES = {
    "verified_by_data": "observation_note_verified_by_data",
    "not_observed": "observation_note_not_observed",
}


def task_filters(command):
    """--status --org --post --level --rule --overdue: the task filters of ``list`` and ``export``."""
    options = [
        click.option(
            "--status",
            multiple=True,
            type=click.Choice(TASK_STATUSES),
            help="help.tasks.status",
        ),
        click.option(
            "--org", "org_id", metavar="ID", help="help.tasks.org"
        ),
        click.option("--post", "post_id", metavar="ID", help="help.tasks.post"),
        click.option("--level", type=click.Choice(LEVELS), help="help.tasks.level"),
        click.option("--rule", "rule_id", metavar="ID", help="help.tasks.rule"),
        click.option(
            "--overdue", is_flag=True, default=None, help="help.tasks.overdue"
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


@click.group(help="help.tasks")
def tasks() -> None:
    """Rectification tasks: view, start, submit evidence, close or send back after review, reopen;
    export the ledger.
    """


@tasks.command("list", help="help.tasks.list")
@db_option
@task_filters
@json_or_table
def list_tasks(db_url, status, org_id, post_id, level, rule_id, overdue, fmt) -> None:
    """List rectification tasks: id, status, overdue, community, post, level, rule, deadline, closing
    date, version, title.
    """
    with workspace(db_url) as ws:
        rows = ws.tasks(**_filters(status, org_id, post_id, level, rule_id, overdue))
    echo_json(rows) if fmt == "json" else click.echo(task_table(rows))


@tasks.command("show", help="help.tasks.show")
@click.argument("task_id")
@db_option
@json_or_table
def show_task(task_id, db_url, fmt) -> None:
    """Show one task: status, deadline, findings, evidence and its full change log (who, when, what, why)."""
    with workspace(db_url) as ws:
        task = ws.task(task_id)
    echo_json(task) if fmt == "json" else click.echo(task_detail(task))


@tasks.command("start", help="help.tasks.start")
@click.argument("task_id")
@by_option
@version_option
@click.option("--note", help="help.tasks.start.note")
@db_option
def start_task(task_id, by, expected_version, note, db_url) -> None:
    """Start work on TASK_ID (open / reopened → in progress)."""
    _change(db_url, "start_task", task_id, by=by, expected_version=expected_version, note=note)


@tasks.command("submit", help="help.tasks.submit")
@click.argument("task_id")
@by_option
@click.option("--note", help="help.tasks.submit.note")
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="help.tasks.submit.file",
)
@click.option(
    "--ref", "refs", multiple=True, metavar="TEXT", help="help.tasks.submit.ref"
)
@version_option
@db_option
def submit_task(task_id, by, note, files, refs, expected_version, db_url) -> None:
    """Submit the evidence of the rectification for review (→ submitted). A note or evidence is required."""
    evidence = [EvidenceFile(path.name, path.read_bytes()) for path in files] + [
        EvidenceFile(r) for r in refs
    ]
    _change(
        db_url, "submit_task", task_id, by=by, note=note, files=evidence, expected_version=expected_version
    )


@tasks.command("close", help="help.tasks.close")
@click.argument("task_id")
@by_option
@click.option("--note", required=True, help="help.tasks.close.note")
@click.option("--on", "on", callback=parse_date, metavar="DATE", help="help.tasks.close.on")
@click.option("--override", metavar="REASON", help="help.tasks.close.override")
@version_option
@db_option
def close_task(task_id, by, note, on, override, expected_version, db_url) -> None:
    """Approve and close TASK_ID. The closer may be neither the responsible post nor the submitter."""
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


@tasks.command("reject", help="help.tasks.reject")
@click.argument("task_id")
@by_option
@click.option("--reason", required=True, help="help.tasks.reject.reason")
@version_option
@db_option
def reject_task(task_id, by, reason, expected_version, db_url) -> None:
    """Reject the submission and send TASK_ID back (submitted → in progress)."""
    _change(db_url, "reject_task", task_id, by=by, reason=reason, expected_version=expected_version)


@tasks.command("reopen", help="help.tasks.reopen")
@click.argument("task_id")
@by_option
@click.option("--reason", required=True, help="help.tasks.reopen.reason")
@version_option
@db_option
def reopen_task(task_id, by, reason, expected_version, db_url) -> None:
    """Reopen the closed TASK_ID (the problem recurred or was closed by mistake) and escalate it."""
    _change(db_url, "reopen_task", task_id, by=by, reason=reason, expected_version=expected_version)


@tasks.command("export", help="help.tasks.export")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), required=True,
              help="help.tasks.export.format")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="help.tasks.export.output",
)
@task_filters
@db_option
def export_tasks(fmt, output, status, org_id, post_id, level, rule_id, overdue, db_url) -> None:
    """Export the rectification ledger: no., community, post, holder, problem, measures, deadline,
    outcome, evidence, closing date, status.
    """
    with workspace(db_url) as ws:
        try:
            n = ws.export_tasks(output, fmt, **_filters(status, org_id, post_id, level, rule_id, overdue))
        except RiskEngineError as exc:
            fail(exc)
    click.echo(text("exported", path=output, n=n), err=True)


@tasks.command("import", help="help.tasks.import")
@click.argument("result", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
def import_result(result: Path, db_url: str) -> None:
    """Import the assessment result RESULT (output of riskengine assess --format json) and open or
    update its tasks.
    """
    try:
        document = read_result(result)
        with Workspace.open(db_url) as ws:
            summary = ws.save(Assessment.from_document(document))
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
    """One sentence saying what saving an assessment did to the tasks."""
    if summary.already_saved:
        return text("save_already", assessment_id=assessment_id)
    out = text("save_done", assessment_id=assessment_id, new=summary.new, seen=summary.seen,
               reopened=summary.reopened)
    extras = [
        (summary.kept_closed, "save_kept_closed"),
        (summary.verified_by_data, "save_verified_by_data"),
        (summary.not_observed, "save_not_observed"),
        (summary.suppressed, "save_suppressed"),
    ]
    out += "".join(text(key, n=n) for n, key in extras if n)
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
    overdue = text("task_overdue_suffix") if task["overdue"] else ""
    escalated = text("task_escalated", n=task["escalation"]) if task["escalation"] else ""
    kind = text("task_kind_state") if task["kind"] == "state" else text("task_kind_behaviour")
    lines = [
        text("task_detail_head", task_id=task["task_id"], title=task["title"]),
        text("task_detail_status", status=text(f"status_{task['status']}"), overdue=overdue,
             escalated=escalated, version=task["version"]),
        text("task_detail_where", org_id=task["org_id"], post_id=task["post_id"], rule_id=task["rule_id"],
             kind=kind),
        text("task_detail_dates", deadline=task["deadline"], opened_on=task["opened_on"],
             closed_on=task["closed_on"] or "-"),
        text("task_detail_measures", measures=text("clause_sep").join(task["measures"])),
        text("task_detail_findings", findings=text("enum_sep").join(task["finding_ids"])),
    ]
    if task["observation"] in OBSERVATION_NOTES and task["status"] != "closed":
        lines.append(f"  {text(OBSERVATION_NOTES[task['observation']])}")
    lines.append(text("task_detail_evidence") + ("" if task["evidence"] else text("no_rows")))
    lines += [
        f"    [{e['id']}] {e['file_name'] or e['text']}"
        + (text("sha256_short", digest=e["sha256"][:12]) if e["sha256"] else "")
        + text("task_detail_evidence_by", by=e["by"], at=e["at"])
        for e in task["evidence"]
    ]
    lines.append(text("task_detail_events"))
    lines += [
        f"    {e['at']}  {e['by']}  {e['event']}"
        + (f"  {e['from_status'] or '-'} → {e['to_status']}" if e["from_status"] != e["to_status"] else "")
        + (f"  {e['note']}" if e["note"] else "")
        for e in task["events"]
    ]
    return "\n".join(lines)


__all__ = ["describe_save", "task_table", "tasks"]
