"""``riskengine audit verify``: check the hash chains of the audit trail."""

from __future__ import annotations

import sys

import click

from ..messages import text
from . import exits
from .options import db_option
from .store_common import workspace


@click.group()
def audit() -> None:
    """审计记录：核验整改任务等变更记录是否被改动。"""


@audit.command("verify")
@db_option
def verify(db_url) -> None:
    """逐条重算审计记录的哈希链，发现被改动、删除或插入的记录时以退出码 1 失败。"""
    with workspace(db_url) as ws:
        report = ws.verify_audit()
    if report.ok:
        click.echo(text("audit_ok", entries=report.entries, chains=report.chains))
        return
    click.secho(text("audit_broken", n=len(report.problems)), fg="red", err=True)
    for problem in report.problems:
        click.echo(f"  {problem}", err=True)
    sys.exit(exits.STRICT_FAILED)
