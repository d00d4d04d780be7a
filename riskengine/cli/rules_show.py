"""``riskengine rules show [--effective]``: rule values with the layer (pack, file:line) that set each."""

from __future__ import annotations

import difflib
import json
import sys

import click

from ..engine import Engine
from ..messages import text
from ..packs.effective import EffectiveRule, Setting, effective_rules, ordered_items
from . import exits
from .options import rules_option


@click.command("show", help="help.rules.show")
@click.argument("rule_ids", nargs=-1, metavar="[RULE_ID]...")
@rules_option
@click.option(
    "--effective",
    is_flag=True,
    help="help.rules.show.effective",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="help.rules.compare.format")
def show(rule_ids, rule_packs, effective, fmt) -> None:
    """Show a rule's values, the pack layer (id, file:line) that set each, and the locks and ranges on it."""
    engine = Engine.create(rule_packs=rule_packs)
    for problem in engine.problems:
        click.echo(problem, err=True)
    found = effective_rules(engine.rulebook, engine.registry, overlays=effective)
    known = [rule.id for rule in found]
    missing = [rule_id for rule_id in rule_ids if rule_id not in known]
    for rule_id in missing:
        close = difflib.get_close_matches(rule_id, known, n=1, cutoff=0.6)
        hint = text("did_you_mean", name=close[0]) if close else ""
        click.echo(text("show_unknown_rule", rule=rule_id, hint=hint), err=True)
    if rule_ids:
        found = [rule for rule in found if rule.id in rule_ids]
    if fmt == "json":
        document = {"effective": effective, "rules": [rule.to_dict() for rule in found]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
    else:
        for rule in found:
            click.echo("\n".join(render_rule(rule)))
    if missing or engine.problems:
        sys.exit(exits.STRICT_FAILED)


def render_rule(rule: EffectiveRule) -> list[str]:
    """The text block of one rule: a header, one line per value, then locks and bounds."""
    location = rule.origin.location()
    lines = [text("show_rule", rule=rule.id, title=rule.title, pack=rule.pack_id,
                  where=f"{location.source}:{location.line}")]
    items = ordered_items(rule)
    width = max(len(item) for item in items)
    for item in items:
        setting = rule.values.get(item)
        if setting is not None:
            locked = "  🔒" if any(lock.covers(item) for lock in rule.locks) else ""
            lines.append(f"  {item:<{width}}  {_value(setting.value)}  ← {_layer(setting)}{locked}")
    if rule.locks:
        lines.append("  " + text("show_locks"))
        for lock in rule.locks:
            where = lock.origin.location()
            lines.append(f"    {lock.written}  ← {_at(lock.pack_id, where)}")
    if rule.bounds:
        lines.append("  " + text("show_bounds"))
        for bound in rule.bounds:
            where = bound.origin.location()
            shown = f"{bound.parameter}: {bound.range_text()}"
            lines.append(f"    {shown}  ← {_at(bound.pack_id, where)}")
    return [*lines, ""]


def _layer(setting: Setting) -> str:
    if setting.origin is None:
        return text("show_detector_default", pack=setting.pack_id)
    shown = _at(setting.pack_id, setting.origin.location())
    return shown + text("show_default") if setting.default else shown


def _at(pack_id: str, where) -> str:
    return text("show_layer", pack=pack_id, where=f"{where.source}:{where.line}")


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if " " in value or "{" in value else value
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
