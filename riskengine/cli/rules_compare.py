"""``riskengine rules compare OLD NEW DATASET``: shadow-run a pack revision before publishing it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from . import exits
from .options import as_of_option, period_option

SHOWN_PER_RULE = 5


@click.command("compare", help="help.rules.compare")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("dataset", type=click.Path(exists=True, path_type=Path))
@as_of_option
@period_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="help.rules.compare.format")
def compare(old: Path, new: Path, dataset: Path, as_of, period, fmt: str) -> None:
    """Run packs OLD and NEW on the same data: findings that appear or vanish, posts whose level changes."""
    from ..authoring.compare import compare_packs

    try:
        result = compare_packs([old], [new], dataset, as_of=as_of, period=period)
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    names = {p["source"]: f"{p['id']} {p['version']}" for p in [*result.old_packs, *result.new_packs]}
    click.echo(text("compare_head", dataset=dataset, period=result.period,
                    old=_pack_name(old, names), new=_pack_name(new, names)))
    changed = result.changed_rules
    if not changed and not result.posts:
        click.echo(text("compare_same"))
        return
    click.echo(text("compare_rules", n=len(changed)))
    for rule in changed:
        click.echo(text("compare_rule", title=rule.title, rule=rule.rule_id, before=rule.before,
                        after=rule.after, appeared=len(rule.appeared), disappeared=len(rule.disappeared)))
        for sign, items in (("+", rule.appeared), ("-", rule.disappeared)):
            for item in items[:SHOWN_PER_RULE]:
                records = "、".join(item["records"][:3])
                click.echo(f"    {sign} {item['org_id']} {records}「{item['message']}」")
            if len(items) > SHOWN_PER_RULE:
                click.echo(text("compare_more", n=len(items) - SHOWN_PER_RULE))
    ups = sum(1 for p in result.posts if p.direction > 0)
    click.echo(text("compare_posts", n=len(result.posts), up=ups, down=len(result.posts) - ups))
    for post in result.posts:
        click.echo(text("compare_post", post=post.post_id, org=post.org_id, title=post.title,
                        before=text("level_" + post.level_before), after=text("level_" + post.level_after),
                        score_before=post.score_before, score_after=post.score_after))


def _pack_name(path: Path, names: dict[str, str]) -> str:
    for source, name in names.items():
        if Path(source).resolve() == path.resolve():
            return name
    return str(path)
