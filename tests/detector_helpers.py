"""Building detector inputs from partial rows, shared by the plugin tests."""

from __future__ import annotations

import datetime as dt

import polars as pl

from riskengine.data.period import Period
from riskengine.data.records import load_builtin_record_types
from riskengine.evaluation.detectors import DetectorContext

AS_OF = dt.date(2026, 11, 30)
PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 10, 31))
TYPES = {rt.name: rt for rt in load_builtin_record_types()}


def frame(record_type: str, rows: list[dict]) -> pl.DataFrame:
    """A frame typed like the loader's, from partial rows (missing fields are null)."""
    schema = TYPES[record_type].polars_schema
    return pl.DataFrame([{name: row.get(name) for name in schema} for row in rows], schema=schema)


def make_context(posts: list[dict], frames: dict[str, list[dict]]) -> DetectorContext:
    """A DetectorContext over ``frames`` (partial rows per record type), with ``posts`` unless given."""
    data = {name: frame(name, rows) for name, rows in frames.items()}
    data.setdefault("posts", frame("posts", posts))
    return DetectorContext(frames=data, as_of=AS_OF, period=PERIOD, record_types=TYPES)


def evaluate_domain(module, pack):
    """Generate one domain's synthetic ledgers (seed 7) and evaluate its pack alone.

    Returns ``(world, truth, findings, not_evaluated)``.
    """
    from riskengine_synth.frames import build_frames
    from riskengine_synth.truth import Truth
    from riskengine_synth.world import World

    from riskengine.evaluation.evaluate import evaluate
    from riskengine.host.plugins import collect, get_plugin_manager
    from riskengine.packs.rulebook import build_rulebook
    from riskengine.packs.rulepack import read_rule_packs

    world = World(7)
    truth = Truth.for_world(world)
    module.generate(world, truth)
    frames = build_frames(world.tables, list(TYPES.values()))
    ctx = DetectorContext(frames=frames, as_of=AS_OF, period=PERIOD, record_types=TYPES)
    rulebook = build_rulebook(read_rule_packs([pack]), collect(get_plugin_manager()))
    result = evaluate(rulebook.rules, ctx)
    return world, truth, result.frame, result.not_evaluated


def with_serious(findings: pl.DataFrame) -> pl.DataFrame:
    """``findings`` with the ``serious`` label the shipped scoring pack gives each (null: not serious)."""
    from pathlib import Path

    import yaml

    from riskengine.outcome.scoring import with_points
    from riskengine.packs.scoring_config import ScoringConfig

    pack = Path(__file__).resolve().parents[1] / "rules" / "scoring.yaml"
    config = ScoringConfig.from_dict(yaml.safe_load(pack.read_text(encoding="utf-8"))["scoring"])
    return with_points(findings, config)
