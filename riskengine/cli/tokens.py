"""``riskengine tokens create|list|revoke``: API tokens of the service (stored hashed)."""

from __future__ import annotations

import click

from ..messages import text
from ..storage.db import ROLES
from .options import db_option
from .store_common import admin_by_option, echo_json, json_or_table, table, workspace


@click.group()
def tokens() -> None:
    """服务模式的访问令牌：按组织范围和角色创建、查看、撤销。"""


@tokens.command("create")
@click.option("--org", "org_id", required=True, metavar="ID", help="令牌可访问的组织（含其下级）。")
@click.option(
    "--role",
    required=True,
    type=click.Choice(ROLES),
    help="角色：officer 经办人，reviewer 审核人，auditor 审计（只读），admin 管理员。",
)
@click.option("--name", help="备注（如使用人）。")
@admin_by_option
@db_option
def create(org_id, role, name, by, db_url) -> None:
    """创建令牌；令牌只在最后一行显示这一次，数据库只保存其哈希。"""
    with workspace(db_url) as ws:
        token, record = ws.create_token(org_id=org_id, role=role, by=by, name=name)
    click.echo(text("token_created", **record))
    click.echo(token)


@tokens.command("list")
@db_option
@json_or_table
def list_tokens(db_url, fmt) -> None:
    """列出令牌（编号、组织、角色、状态），不显示令牌本身。"""
    with workspace(db_url) as ws:
        rows = ws.tokens()
    if fmt == "json":
        echo_json(rows)
        return
    body = [
        [
            t["token_id"],
            t["org_id"],
            t["role_label"],
            "有效" if t["active"] else "已撤销",
            t["created_by"],
            t["created_at"],
            t["name"] or "-",
        ]
        for t in rows
    ]
    click.echo(
        table(["令牌编号", "组织", "角色", "状态", "创建人", "创建时间", "备注"], body)
        if rows
        else text("no_rows")
    )


@tokens.command("revoke")
@click.argument("token_id")
@admin_by_option
@db_option
def revoke(token_id, by, db_url) -> None:
    """撤销令牌 TOKEN_ID。"""
    with workspace(db_url) as ws:
        ws.revoke_token(token_id, by=by)
    click.echo(text("token_revoked", token_id=token_id))
