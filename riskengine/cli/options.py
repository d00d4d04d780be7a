"""Options shared by several commands, defined once, each checked before any work is done."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import click

from ..data.period import Period
from ..messages import text
from ..render import SUFFIXES
from .i18n import Option
from .output import check_output

# Dates the engine can count deadlines from without leaving the calendar.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")

FORMATS = ("table", "json", "csv", "xlsx")


def to_date(value: str) -> dt.date:
    """``YYYY-MM-DD`` as a date.

    Raises :class:`click.BadParameter` for a wrong format or a day that does not exist.
    """
    match = _DATE.fullmatch(value.strip())
    if not match:
        raise click.BadParameter(text("bad_date_format", value=value))
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise click.BadParameter(text("bad_date", value=value)) from None
    if not EARLIEST <= day <= LATEST:
        raise click.BadParameter(text("date_out_of_range", value=value, earliest=EARLIEST, latest=LATEST))
    return day


def parse_date(ctx, param, value):
    """click callback for a ``DATE`` option."""
    return None if value is None else to_date(value)


def _parse_period(ctx, param, value):
    if value is None:
        return None
    start, sep, end = value.partition("..")
    if not sep:
        raise click.BadParameter(text("bad_period", value=value))
    period = Period(to_date(start), to_date(end))
    if period.start > period.end:
        raise click.BadParameter(text("period_reversed", start=period.start, end=period.end))
    return period


def _check_output(ctx, param, value):
    """The output file must be writable before the run starts (relative to where the user stands)."""
    if value is None or value == "-":  # "-": the terminal, as if no --output was given
        return None
    path = Path(value)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise click.BadParameter(text("output_is_dir", path=value))
    if not parent.is_dir():
        raise click.BadParameter(text("output_dir_missing", path=value, dir=parent))
    if (path.exists() and not os.access(path, os.W_OK)) or not os.access(parent, os.W_OK):
        raise click.BadParameter(text("output_not_writable", path=value))
    return value


def output_format(fmt: str | None, output: str | None) -> str:
    """The format to write: ``--format``, else the one the output file's suffix names, else ``table``.

    Then the output must be able to take it (:func:`riskengine.cli.output.check_output`: exit 2 for
    ``--format csv -o result.json`` or an xlsx workbook without ``-o``).
    """
    if fmt is None:
        suffix = Path(output).suffix.lower() if output else ""
        fmt = next((name for name, suffixes in SUFFIXES.items() if suffix in suffixes), "table")
    check_output(fmt, output)
    return fmt


def _check_db(ctx, param, value):
    if value is None or value == DEFAULT_DB:  # the default needs no check, and no SQLAlchemy import
        return value
    from sqlalchemy.engine import make_url  # only for a URL given (half a second of start-up)
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        raise click.BadParameter(text("bad_db_url", url=value)) from None
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        folder = Path(url.database).parent
        if not folder.is_dir():
            raise click.BadParameter(text("db_dir_missing", url=value, dir=folder))
    return value


rules_option = click.option(
    "--rules",
    "rule_packs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    cls=Option,
    help="help.opt.rules",
)
no_default_rules_option = click.option(
    "--no-default-rules", is_flag=True, cls=Option, help="help.opt.no_default_rules"
)
as_of_option = click.option(
    "--as-of", callback=parse_date, metavar="DATE", cls=Option, help="help.opt.as_of"
)
period_option = click.option(
    "--period", callback=_parse_period, metavar="FROM..TO", cls=Option, help="help.opt.period"
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), cls=Option, help="help.opt.format"
)
output_option = click.option(
    "--output", "-o", type=click.Path(dir_okay=False), callback=_check_output, cls=Option,
    help="help.opt.output",
)
strict_option = click.option("--strict", is_flag=True, cls=Option, help="help.opt.strict")

DEFAULT_DB = "sqlite:///riskengine.db"
db_option = click.option(
    "--db",
    "db_url",
    envvar="RISKENGINE_DB",
    default=DEFAULT_DB,
    show_default=True,
    metavar="URL",
    callback=_check_db,
    cls=Option,
    help="help.opt.db",
)
no_db_option = click.option("--no-db", is_flag=True, cls=Option, help="help.opt.no_db")
