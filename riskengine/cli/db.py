"""``riskengine db upgrade``: create the database or migrate it to the newest revision."""

from __future__ import annotations

import click

from ..errors import RiskEngineError
from ..messages import text
from ..storage import Store
from ..storage.migrate import head_revision
from .options import db_option
from .store_common import fail


@click.group()
def db() -> None:
    """数据库：建库、升级。"""


@db.command("upgrade")
@db_option
def upgrade(db_url) -> None:
    """创建数据库表，或升级到当前版本（可重复执行，多个进程同时执行也安全）。"""
    try:
        with Store(db_url) as store:
            store.upgrade()
            shown = store.display_url
    except RiskEngineError as exc:
        fail(exc)
    click.echo(text("db_upgraded", url=shown, revision=head_revision()))
