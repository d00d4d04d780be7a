"""The engine: load plugins and rule packs once, then assess datasets.

The CLI and the HTTP service both build an :class:`Engine` and call :meth:`Engine.assess`;
neither holds assessment logic of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pluggy
import polars as pl

from . import __version__
from .data.dataset import Dataset, load_dataset
from .data.period import GIVEN, Period, assessed_period
from .evaluation.detectors import DetectorContext
from .evaluation.evaluate import NotEvaluated, evaluate
from .host.plugins import Registry, collect, get_plugin_manager
from .messages import text
from .outcome.ids import finding_id, stable_id
from .outcome.names import Names, collect_names
from .outcome.result import Assessment
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
        """Assess one dataset; see ``schemas/result.schema.json`` for the document returned.

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
        evaluation = evaluate(rulebook.rules, ctx, progress=progress)
        not_evaluated = [
            NotEvaluated(rule_id, text("rule_broken", error=error))
            for rule_id, error in sorted(rulebook.broken_rules.items())
        ] + evaluation.not_evaluated
        with stage("assemble"):
            findings = _with_ids(with_points(evaluation.findings, rulebook.scoring))
        with stage("scoring"):
            posts = score_posts(ctx.optional_frame("posts"), findings, rulebook.scoring)
        rules = {rule.id: rule for rule in rulebook.rules}
        with stage("tasks"):
            tasks = build_tasks(findings, rules, as_of)
        with stage("document"):
            finding_frame = _finding_frame(findings, rules)  # the document's dicts come from it
            document = self._document(
                rulebook,
                data,
                as_of,
                period,
                finding_frame,
                posts,
                tasks,
                not_evaluated,
                rules,
                history_digest=_digest(frames.get("task_history")),
                names=collect_names(frames),
            )
        document["period"]["source"] = period_source
        document["notices"] = [*period_notices, *document["notices"]]
        return Assessment(document=document, problems=self.problems, frames={"findings": finding_frame})

    def _document(
        self,
        rulebook: RuleBook,
        data: Dataset,
        as_of,
        period,
        findings,
        posts,
        tasks,
        not_evaluated,
        rules,
        history_digest: str = "",
        names: Names | None = None,
    ) -> dict[str, Any]:
        inputs = [
            {
                "type": i.type,
                "source": i.source,
                "rows": i.rows,
                "rows_evaluated": i.rows_evaluated,
                "rows_rejected": i.rows_rejected,
                "sha256": i.sha256,
            }
            for i in sorted(data.inputs, key=lambda i: (i.type, i.source))
        ]
        packs = [p.to_dict() for p in sorted(rulebook.packs, key=lambda p: p.id)]
        assessment_id = stable_id(
            "A-",
            __version__,
            as_of,
            period,
            *(i["sha256"] for i in inputs),
            *(p["sha256"] for p in packs),
            history_digest,
        )
        return {
            "assessment_id": assessment_id,
            "engine_version": __version__,
            "as_of": as_of.isoformat(),
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
            "rule_packs": packs,
            "plugins": [{"name": p.name, "version": p.version} for p in self.registry.plugins.values()],
            "inputs": inputs,
            "rejected": [
                {"source": r.source, "row": r.row, "field": r.field, "error": r.error, "type": r.type}
                for r in data.rejected
            ],
            "notices": [*rulebook.notices, *data.notices],
            "packs_not_applied": [s.to_dict() for s in rulebook.set_aside],
            "not_evaluated": [_with_title(n.to_dict(), rules) for n in not_evaluated],
            "findings": _finding_dicts(findings),
            "posts": _post_dicts(posts, rulebook.scoring, rules, names or Names()),
            "tasks": tasks,
        }


def _digest(frame: pl.DataFrame | None) -> str:
    """A content hash of the closures in the task history (order-independent).

    Only closures can change findings (the recurrence rule reads nothing else), so only they take
    part in the assessment id: saving a run's open tasks does not change the next run's id.
    """
    if frame is None or frame.height == 0:
        return ""
    closed = frame.filter(pl.col("closed_on").is_not_null())
    closed = closed.select("task_id", "post_id", "rule_id", "closed_on")
    if closed.height == 0:
        return ""
    return hashlib.sha256(closed.sort(closed.columns).write_csv().encode("utf-8")).hexdigest()


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


def _with_ids(findings: pl.DataFrame) -> pl.DataFrame:
    keys = findings.select("rule_id", pl.col("records").list.join("\x1f"), pl.col("date").cast(pl.String))
    ids = [finding_id(rule_id, records, date) for rule_id, records, date in keys.iter_rows()]
    # A detector may emit the very same finding twice (same rule, records and date): keep one.
    return (
        findings.with_columns(pl.Series("finding_id", ids, dtype=pl.String))
        .unique(subset=["finding_id"], keep="first", maintain_order=True)
        .sort("rule_id", "org_id", "finding_id")
    )


def _finding_frame(findings: pl.DataFrame, rules: dict[str, Rule]) -> pl.DataFrame:
    """Findings in the result's columns, evidence still as its JSON text (written as is to parquet)."""
    titles = {rule_id: rule.title for rule_id, rule in rules.items()}
    return findings.select(
        "finding_id",
        "rule_id",
        pl.col("rule_id").replace_strict(titles, return_dtype=pl.String).alias("title"),
        "domain",
        "severity",
        "serious" if "serious" in findings.columns else pl.lit(None, dtype=pl.String).alias("serious"),
        "points",
        "org_id",
        "post_ids",
        "records",
        pl.col("date").dt.strftime("%Y-%m-%d"),
        "evidence",
        "message",
        "escalation_reason",
    )


def _finding_dicts(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Findings as result dicts; evidence JSON is decoded column-wise, one rule at a time."""
    evidence: dict[str, dict] = {}
    for (_rule_id,), group in frame.group_by("rule_id"):
        decoded = group["evidence"].str.json_decode(infer_schema_length=None).to_list()
        evidence.update(zip(group["finding_id"].to_list(), decoded, strict=True))
    out = frame.with_columns(pl.lit(None).alias("evidence")).to_dicts()
    for finding in out:  # one per finding (the output), not per input record
        finding["points"] = _number(finding["points"])
        finding["evidence"] = evidence[finding["finding_id"]] or {}
    return out


def _with_title(entry: dict[str, Any], rules: dict[str, Rule]) -> dict[str, Any]:
    """A not-evaluated entry with its rule's title and domain beside the id (additive to RESULT.md)."""
    rule = rules.get(entry["rule_id"])
    entry["title"] = rule.title if rule is not None else entry["rule_id"]
    if rule is not None:
        entry["domain"] = rule.domain
    return entry


def _post_dicts(posts: pl.DataFrame, scoring, rules: dict[str, Rule], names: Names) -> list[dict[str, Any]]:
    titles = {rule_id: rule.title for rule_id, rule in rules.items()}
    out = []
    for row in posts.iter_rows(named=True):
        contributions = []
        if row["inherent"]:
            contributions.append(
                {
                    "rule_id": "post.inherent_risk",
                    "title": text("inherent_title"),
                    "points": _number(row["inherent"]),
                    "findings": 0,
                    "serious": 0,
                    "powers": row["powers"],
                }
            )
        contributions += [
            {
                "rule_id": c["rule_id"],
                "title": titles.get(c["rule_id"], c["rule_id"]),
                "points": _number(c["points"]),
                "findings": c["findings"],
                "serious": c["serious"],
            }
            for c in (row["contributions"] or [])
        ]
        out.append(
            {
                "post_id": row["post_id"],
                "org_id": row["org_id"],
                "title": row["title"],
                "category": row["category"],
                **names.for_post(row["post_id"], row["org_id"]),
                "score": _number(row["score"]),
                "level": row["level"],
                "level_label": scoring.label(row["level"]),
                "score_level": row["score_level"],
                "serious_findings": row["serious_findings"],
                "overrides": row["override_reasons"],
                "contributions": contributions,
            }
        )
    return out


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)
