"""``riskengine db upgrade``: create the database or migrate it to the newest revision."""

from __future__ import annotations

import click

from ..errors import RiskEngineError
from ..messages import text
from ..storage import Store
from ..storage.migrate import head_revision
from .options import db_option
from .store_common import fail


@click.group(help="help.db")
def db() -> None:
    """Database: create, upgrade."""


@db.command("upgrade", help="help.db.upgrade")
@db_option
def upgrade(db_url) -> None:
    """Create the tables or upgrade them to the current revision (repeatable; safe from several
    processes at once).
    """
    try:
        with Store(db_url) as store:
            store.upgrade()
            shown = store.display_url
    except RiskEngineError as exc:
        fail(exc)
    click.echo(text("db_upgraded", url=shown, revision=head_revision()))
