"""``riskengine explain [DATASET] --post ID`` and ``DATASET --record TYPE:ID --rule RULE``."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from .options import as_of_option, db_option, no_default_rules_option, period_option, rules_option


@click.command(help="help.explain")
@click.argument("dataset", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--post", "post_id", metavar="ID", help="help.explain.post")
@click.option("--record", "record_ref", metavar="TYPE:ID", help="help.explain.record")
@click.option("--rule", "rule_id", metavar="RULE", help="help.explain.rule")
@rules_option
@no_default_rules_option
@as_of_option
@period_option
@db_option
def explain(
    dataset, post_id, record_ref, rule_id, rule_packs, no_default_rules, as_of, period, db_url
) -> None:
    """Explain a conclusion in plain words: why a post has its level, why a rule did (not) fire."""
    if not post_id and not (record_ref and rule_id):
        raise click.UsageError(text("explain_needs_target"))
    if record_ref and dataset is None:
        raise click.UsageError(text("explain_record_needs_dataset"))
    from ..authoring.explain import Explainer
    from ..engine import Engine

    engine = Engine.create(rule_packs=rule_packs, default_packs=not no_default_rules)
    if dataset is not None:
        document, frames = _assess(engine, dataset, as_of, period)
    else:
        document, frames = _saved(db_url, post_id), None
    explainer = Explainer(
        document=document,
        rules={rule.id: rule for rule in engine.rulebook.rules},
        scoring=engine.rulebook.scoring,
        record_types=engine.registry.record_types,
        frames=frames,
    )
    lines = explainer.post(post_id) if post_id else []
    if record_ref and rule_id:
        lines += ([""] if lines else []) + explainer.record(rule_id, record_ref)
    click.echo("\n".join(lines))


def _assess(engine, dataset: Path, as_of, period):
    from ..data.dataset import load_dataset

    data = load_dataset(dataset, engine.registry.record_types, require_data=True)
    return engine.assess(data, as_of=as_of, period=period).to_dict(), data.frames


def _saved(db_url: str, post_id: str) -> dict:
    """The newest saved assessment that rated ``post_id`` (``riskengine explain --post ID --db URL``)."""
    from ..storage import StorageError
    from ..workspace import Workspace

    with Workspace.open(db_url, upgrade=False) as workspace:
        try:
            assessment_id = workspace.post(post_id)["assessment_id"]
        except StorageError:
            raise RiskEngineError(text("explain_no_saved_post", post=post_id, db=db_url)) from None
        document = workspace.assessment(assessment_id)["document"]
    click.echo(text("explain_from_saved", assessment=assessment_id, as_of=document["as_of"]), err=True)
    return document
