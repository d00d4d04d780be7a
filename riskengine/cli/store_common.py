"""Helpers shared by the commands that touch the store: options, opening the workspace, tables, errors."""

from __future__ import annotations

import contextlib
import getpass
import json
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

import click

from ..errors import RiskEngineError
from ..messages import text
from ..workspace import Workspace
from . import exits

by_option = click.option(
    "--by", "by", envvar="RISKENGINE_USER", required=True, metavar="WHO", help="by_help"
)
# Token administration happens at the server's console: the operating-system user is the default actor.
admin_by_option = click.option(
    "--by",
    "by",
    envvar="RISKENGINE_USER",
    default=lambda: _os_user(),
    metavar="WHO",
    show_default="current_os_user",
    help="by_help",
)
version_option = click.option(
    "--version", "expected_version", type=int, metavar="N", help="version_help"
)
json_or_table = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="help.opt.store_format",
)


@contextlib.contextmanager
def workspace(db_url: str) -> Iterator[Workspace]:
    """An existing, migrated database (never created by a read or a task change); errors exit 3."""
    try:
        with Workspace.open(db_url, upgrade=False) as opened:
            yield opened
    except RiskEngineError as exc:
        fail(exc)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "admin"


def fail(exc: RiskEngineError) -> NoReturn:
    """Print the error and exit with the input-error code."""
    click.echo(str(exc), err=True)
    sys.exit(exits.INPUT_ERROR)


def echo_json(value: Any) -> None:
    """Pretty JSON on stdout (Chinese kept readable)."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def echo_table(columns_key: str, rows: Sequence[Sequence[Any]]) -> None:
    """Print ``rows`` under the headers of message ``columns_key`` (``A|B|…``), or that there are none."""
    click.echo(table(text(columns_key).split("|"), rows) if rows else text("no_rows"))


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An aligned terminal table; the last column is left ragged."""
    cells = [[str(c) for c in header], *[["-" if c is None else str(c) for c in row] for row in rows]]
    widths = [max(width(line[i]) for line in cells) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join([*(c + " " * (w - width(c)) for c, w in zip(line[:-1], widths, strict=True)), line[-1]])
        for line in cells
    )


def width(value: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


def percent(value: float | None) -> str:
    """0.8 → '80.0%'; None → '-'."""
    return "-" if value is None else f"{value * 100:.1f}%"
