"""Options shared by several commands, defined once."""

from __future__ import annotations

import datetime as dt

import click

from ..detectors import Period


def parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"应为 YYYY-MM-DD 格式的日期：{value!r}") from None


def _parse_period(ctx, param, value):
    if value is None:
        return None
    start, sep, end = value.partition("..")
    try:
        period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    except ValueError:
        raise click.BadParameter(f"应为 起始日期..结束日期，例如 2026-01-01..2026-10-31：{value!r}") from None
    if not sep or period.start > period.end:
        raise click.BadParameter(f"起始日期应早于结束日期：{value!r}")
    return period


rules_option = click.option(
    "--rules",
    "rule_packs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="额外的规则包 YAML（可多次指定）；与内置规则包同 id 的将取代之。",
)
no_default_rules_option = click.option(
    "--no-default-rules", is_flag=True, help="不加载插件自带的规则包，只用 --rules 指定的。"
)
as_of_option = click.option(
    "--as-of",
    callback=parse_date,
    metavar="DATE",
    help="评估基准日（YYYY-MM-DD，默认今天）；整改期限由此起算。",
)
period_option = click.option(
    "--period",
    callback=_parse_period,
    metavar="FROM..TO",
    help="评估期间，例如 2026-01-01..2026-10-31（默认为数据中记录日期覆盖的期间，不晚于基准日）。",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "xlsx"]),
    default="table",
    show_default=True,
    help="输出格式：终端表格、JSON、CSV 或 Excel 工作簿（xlsx 须用 -o 指定 .xlsx 文件）。",
)
output_option = click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="写入文件（默认输出到终端）。"
)
strict_option = click.option(
    "--strict", is_flag=True, help="严格模式：有被拒收的数据行、未评估的规则或规则包错误时以退出码 1 失败。"
)

DEFAULT_DB = "sqlite:///riskengine.db"
db_option = click.option(
    "--db",
    "db_url",
    envvar="RISKENGINE_DB",
    default=DEFAULT_DB,
    show_default=True,
    metavar="URL",
    help="数据库地址（SQLAlchemy URL，如 postgresql+psycopg://host/db）；未指定时取环境变量 RISKENGINE_DB。",
)
