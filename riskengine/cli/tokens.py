"""``riskengine tokens create|list|revoke``: API tokens of the service (stored hashed)."""

from __future__ import annotations

import click

from ..messages import text
from ..storage.db import ROLES
from .options import db_option
from .store_common import admin_by_option, echo_json, echo_table, json_or_table, workspace


@click.group(help="help.tokens")
def tokens() -> None:
    """API tokens of the service: create, list, revoke, scoped by org and role."""


@tokens.command("create", help="help.tokens.create")
@click.option("--org", "org_id", required=True, metavar="ID", help="help.tokens.org")
@click.option(
    "--role",
    required=True,
    type=click.Choice(ROLES),
    help="help.tokens.role",
)
@click.option("--name", help="help.tokens.name")
@admin_by_option
@db_option
def create(org_id, role, name, by, db_url) -> None:
    """Create a token; it is shown once, on the last line, and the database keeps only its hash."""
    with workspace(db_url) as ws:
        token, record = ws.create_token(org_id=org_id, role=role, by=by, name=name)
    click.echo(text("token_created", **record))
    click.echo(token)


@tokens.command("list", help="help.tokens.list")
@db_option
@json_or_table
def list_tokens(db_url, fmt) -> None:
    """List tokens (id, org, role, state), never the tokens themselves."""
    with workspace(db_url) as ws:
        rows = ws.tokens()
    if fmt == "json":
        echo_json(rows)
        return
    echo_table("token_columns", [
        [t["token_id"], t["org_id"], t["role_label"],
         text("token_active") if t["active"] else text("suppression_revoked_state"), t["created_by"],
         t["created_at"], t["name"] or "-"]
        for t in rows
    ])


@tokens.command("revoke", help="help.tokens.revoke")
@click.argument("token_id")
@admin_by_option
@db_option
def revoke(token_id, by, db_url) -> None:
    """Revoke token TOKEN_ID."""
    with workspace(db_url) as ws:
        ws.revoke_token(token_id, by=by)
    click.echo(text("token_revoked", token_id=token_id))
