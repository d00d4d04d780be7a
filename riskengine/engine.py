"""The engine: load plugins and rule packs once, then assess datasets.

The CLI and the HTTP service both build an :class:`Engine` and call :meth:`Engine.assess`;
neither holds assessment logic of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import pluggy
import polars as pl

from .data.dataset import Dataset, load_dataset
from .data.period import GIVEN, Period, assessed_period
from .evaluation.detectors import DetectorContext
from .evaluation.evaluate import evaluate
from .evaluation.findings import NotEvaluated
from .host.plugins import Registry, collect, get_plugin_manager
from .messages import text
from .outcome.assemble import assemble, meta_for
from .outcome.assessment import Assessment
from .outcome.ids import with_finding_ids
from .outcome.scoring import score_posts, with_points
from .outcome.tasks import build_tasks
from .packs.rule import Rule
from .packs.rulebook import RuleBook, build_rulebook
from .packs.shipped import load_packs
from .profile import stage


class Engine:
    """Plugins and compiled rule packs, ready to assess any number of datasets."""

    def __init__(self, registry: Registry, rulebook: RuleBook, plugin_manager: pluggy.PluginManager):
        self.registry = registry
        self.rulebook = rulebook
        self.plugin_manager = plugin_manager

    @classmethod
    def create(
        cls,
        *,
        rule_packs: Sequence[str | Path] = (),
        default_packs: bool = True,
        plugin_manager: pluggy.PluginManager | None = None,
    ) -> Engine:
        """Load plugins (entry points) and rule packs.

        :param rule_packs: extra packs (a province's revision, a vendor's pack). A pack with the
            same ``pack.id`` as a shipped one replaces it; ``rule_overrides`` adjust single rules.
        :param default_packs: also load the packs the plugins ship and the default scoring pack.
        """
        pm = plugin_manager or get_plugin_manager()
        registry = collect(pm)
        rulebook = build_rulebook(load_packs(registry, rule_packs, default_packs=default_packs), registry)
        return cls(registry, rulebook, pm)

    @property
    def problems(self) -> list[str]:
        """Plugin and rule-pack problems found at load (each already names its location)."""
        return [str(p) for p in self.registry.problems] + [str(p) for p in self.rulebook.problems]

    def assess(
        self,
        dataset: str | Path | Dataset,
        *,
        as_of: dt.date | None = None,
        period: Period | None = None,
        progress: Callable[[Rule], None] | None = None,
        task_history: pl.DataFrame | None = None,
    ) -> Assessment:
        """Assess one dataset into a typed :class:`Assessment` (its document: ``schemas/result.schema.json``).

        :param task_history: earlier tasks and their closing dates (from the store), added to any
            ``task_history`` file of the dataset, for the recurrence rule.
        """
        as_of = as_of or dt.date.today()
        rulebook = self.rulebook.on(as_of)  # without the packs not in force on as_of
        rulebook.require_scoring(as_of)
        data = (
            dataset
            if isinstance(dataset, Dataset)
            else load_dataset(Path(dataset), self.registry.record_types, require_data=True)
        )
        period_source, period_notices = GIVEN, []
        if period is None:  # the period the data covers, not 1 January of the as-of year
            period, period_source, period_notices = assessed_period(data, self.registry.record_types, as_of)
        frames = dict(data.frames)
        if task_history is not None:
            frames["task_history"] = _merge_history(
                frames.get("task_history"), task_history, self.registry.record_types["task_history"]
            )
        ctx = DetectorContext(
            frames=frames,
            as_of=as_of,
            period=period,
            record_types=self.registry.record_types,
            absent=data.absent,
        )
        found = evaluate(rulebook.rules, ctx, progress=progress)
        not_evaluated = [
            NotEvaluated(rule_id, text("rule_broken", error=error))
            for rule_id, error in sorted(rulebook.broken_rules.items())
        ] + found.not_evaluated
        rules = {rule.id: rule for rule in rulebook.rules}
        with stage("assemble"):
            findings = with_finding_ids(with_points(found.frame, rulebook.scoring))
        with stage("scoring"):
            posts = score_posts(ctx.optional_frame("posts"), findings, rulebook.scoring)
        with stage("tasks"):
            tasks = build_tasks(findings, rules, as_of)
        with stage("document"):
            meta = meta_for(
                rulebook=rulebook,
                data=data,
                plugins=[{"name": p.name, "version": p.version} for p in self.registry.plugins.values()],
                as_of=as_of,
                period=period,
                period_source=period_source,
                notices=period_notices,
                task_history=frames.get("task_history"),
            )
            return assemble(
                meta=meta,
                findings=findings,
                posts=posts,
                tasks=tasks,
                data=data,
                not_evaluated=not_evaluated,
                rulebook=rulebook,
                frames=frames,
                problems=self.problems,
            )


def _merge_history(existing: pl.DataFrame | None, history: pl.DataFrame, rtype) -> pl.DataFrame:
    history = history.select(
        pl.col(name).cast(dtype) if name in history.columns else pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in rtype.polars_schema.items()
    )
    if existing is None:
        return history
    # The dataset's own rows first: a closure the store learnt from them (a task it stored as
    # reopened) is the same closure, and must not be counted, or named, twice.
    return pl.concat([existing.select(list(rtype.polars_schema)), history]).unique(
        subset=["post_id", "rule_id", "closed_on"], keep="first", maintain_order=True
    )
