"""What the CLI tells the user on stderr: problems, rejected rows, progress."""

from __future__ import annotations

import contextlib
import sys

import click
import polars as pl

from ..errors import StrictModeError
from ..messages import text
from ..outcome.assessment import Assessment
from ..outcome.document import not_evaluated_entries

MAX_LISTED = 20


def print_problems(result: Assessment) -> None:
    """Pack/plugin problems, rejected rows and unevaluated rules, each with its location."""
    if result.problems:
        click.secho(text("pack_problems"), fg="yellow", err=True)
        for problem in result.problems:
            click.echo(_indent(problem), err=True)
    for notice in result.meta.notices:
        click.echo(text("notice", text=notice), err=True)
    rejected = result.rejected
    if rejected.height:
        click.secho(text("rejected_rows", n=_rejected_rows(result)), fg="yellow", err=True)
        for item in rejected.head(MAX_LISTED).iter_rows(named=True):
            where = f"{item['source']}:{item['row']}" + (f" [{item['field']}]" if item.get("field") else "")
            click.echo(f"  {where}: {item['error']}", err=True)
        if rejected.height > MAX_LISTED:
            click.echo("  " + text("more_rejected", n=rejected.height - MAX_LISTED), err=True)
    if result.not_evaluated.height:
        click.secho(text("not_evaluated_rules"), fg="yellow", err=True)
        for line in _not_evaluated_lines(not_evaluated_entries(result.not_evaluated))[:MAX_LISTED]:
            click.echo(line, err=True)


def _rejected_rows(result: Assessment) -> int:
    """Rows rejected (a row with several bad fields has several entries)."""
    return result.rejected.select("source", "row").n_unique()


def _not_evaluated_lines(entries: list[dict]) -> list[str]:
    """One line per rule: whole-rule reasons as they are, thin-data orgs counted with one example reason."""
    lines, by_rule = [], {}
    for item in entries:
        if item.get("org_ids"):
            by_rule.setdefault(item["rule_id"], []).append(item)
        else:
            lines.append(f"  {item.get('title') or item['rule_id']}: {item['reason']}")
    for rule_id, items in by_rule.items():
        orgs = sorted({org for item in items for org in item["org_ids"]})
        title = items[0].get("title") or rule_id
        lines.append("  " + text("not_evaluated_orgs", rule=title, n=len(orgs), example=items[0]["reason"]))
    return lines


def fail_if_strict(result: Assessment, strict: bool) -> None:
    """With ``--strict``, raise :class:`StrictModeError` (exit 1) naming what made the run fail."""
    failures = strict_failures(result) if strict else []
    if failures:
        raise StrictModeError(text("strict_failed", what=text("list_separator").join(failures)))


def strict_failures(result: Assessment) -> list[str]:
    """What makes a ``--strict`` run fail: rejected rows, whole rules not evaluated, pack problems."""
    failures = []
    if result.rejected.height:
        failures.append(text("strict_rejected", n=_rejected_rows(result)))
    whole_rules = result.not_evaluated.filter(pl.col("org_ids").list.len() == 0).height
    if whole_rules:
        failures.append(text("strict_not_evaluated", n=whole_rules))
    if result.problems:
        failures.append(text("strict_pack_problems"))
    return failures


@contextlib.contextmanager
def progress_bar(total: int):
    """A progress bar on stderr (only when stderr is a terminal); yields an ``advance(rule)`` callback."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=text("progress_label"), file=sys.stderr) as bar:
        yield lambda rule: bar.update(1)


def _indent(block: str) -> str:
    return "\n".join("  " + line for line in block.splitlines())
