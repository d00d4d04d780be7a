"""``riskengine explain DATASET --post ID`` and ``--record TYPE:ID --rule RULE``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from . import exits
from .options import as_of_option, no_default_rules_option, period_option, rules_option


@click.command(help="help.explain")
@click.argument("dataset", type=click.Path(exists=True, path_type=Path))
@click.option("--post", "post_id", metavar="ID", help="help.explain.post")
@click.option("--record", "record_ref", metavar="TYPE:ID", help="help.explain.record")
@click.option("--rule", "rule_id", metavar="RULE", help="help.explain.rule")
@rules_option
@no_default_rules_option
@as_of_option
@period_option
def explain(dataset, post_id, record_ref, rule_id, rule_packs, no_default_rules, as_of, period) -> None:
    """Explain a conclusion in plain words: why a post has its level, why a rule did (not) fire."""
    if not post_id and not (record_ref and rule_id):
        raise click.UsageError(text("explain_needs_target"))
    from ..authoring.explain import Explainer
    from ..dataset import load_dataset
    from ..engine import Engine

    try:
        engine = Engine.create(rule_packs=rule_packs, default_packs=not no_default_rules)
        data = load_dataset(dataset, engine.registry.record_types)
        result = engine.assess(data, as_of=as_of, period=period)
        explainer = Explainer(
            document=result.to_dict(),
            rules={rule.id: rule for rule in engine.rulebook.rules},
            scoring=engine.rulebook.scoring,
            record_types=engine.registry.record_types,
            frames=data.frames,
        )
        lines = explainer.post(post_id) if post_id else []
        if record_ref and rule_id:
            lines += ([""] if lines else []) + explainer.record(rule_id, record_ref)
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    click.echo("\n".join(lines))
