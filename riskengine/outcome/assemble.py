"""From the evaluation's findings and the scored posts and tasks to the typed :class:`Assessment`.

Everything here is column-wise: titles, labels and names are joined onto the frames, never
looked up per record. The assessment id is a hash of what went in (engine version, dates,
input and pack hashes, closures in the task history), so the same inputs give the same id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence

import polars as pl

from .. import __version__
from ..data.dataset import Dataset
from ..data.period import Period
from ..evaluation.findings import NotEvaluated
from ..packs.rule import Rule
from ..packs.rulebook import RuleBook
from . import columns
from .assessment import Assessment, AssessmentMeta
from .ids import stable_id
from .names import post_names


def assemble(
    *,
    meta: AssessmentMeta,
    findings: pl.DataFrame,
    posts: pl.DataFrame,
    tasks: pl.DataFrame,
    data: Dataset,
    not_evaluated: Sequence[NotEvaluated],
    rulebook: RuleBook,
    frames: Mapping[str, pl.DataFrame],
    problems: list[str],
) -> Assessment:
    """The assessment: ``findings`` (with ids and points), ``posts`` (scored) and ``tasks`` in the
    result's columns, with titles, level labels and names."""
    titles = {rule.id: rule.title for rule in rulebook.rules}
    rules = {rule.id: rule for rule in rulebook.rules}
    return Assessment(
        meta=meta,
        findings=finding_frame(findings, titles),
        posts=post_frame(posts, titles, rulebook, post_names(dict(frames))),
        tasks=columns.conform(tasks, columns.TASKS),
        rejected=pl.DataFrame(
            [(r.source, r.row, r.field, r.error, r.type) for r in data.rejected],
            schema=columns.REJECTED,
            orient="row",
        ),
        not_evaluated=not_evaluated_frame(not_evaluated, rules),
        problems=problems,
    )


def meta_for(
    *,
    rulebook: RuleBook,
    data: Dataset,
    plugins: Sequence[Mapping[str, str]],
    as_of: dt.date,
    period: Period,
    period_source: str,
    notices: Sequence[str],
    task_history: pl.DataFrame | None,
) -> AssessmentMeta:
    """What was assessed, with its stable id."""
    inputs = tuple(sorted(data.inputs, key=lambda i: (i.type, i.source)))
    packs = tuple(p.to_dict() for p in sorted(rulebook.packs, key=lambda p: p.id))
    assessment_id = stable_id(
        "A-",
        __version__,
        as_of,
        period,
        *(i.sha256 for i in inputs),
        *(p["sha256"] for p in packs),
        history_digest(task_history),
    )
    return AssessmentMeta(
        assessment_id=assessment_id,
        engine_version=__version__,
        as_of=as_of,
        period=period,
        period_source=period_source,
        rule_packs=packs,
        plugins=tuple(plugins),
        inputs=inputs,
        notices=(*notices, *rulebook.notices, *data.notices),
        packs_not_applied=tuple(s.to_dict() for s in rulebook.set_aside),
    )


def history_digest(frame: pl.DataFrame | None) -> str:
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


def finding_frame(findings: pl.DataFrame, titles: Mapping[str, str]) -> pl.DataFrame:
    """Findings in the result's columns, each with its rule's title (evidence still JSON text)."""
    return columns.conform(
        findings.with_columns(
            pl.col("rule_id").replace_strict(titles, return_dtype=pl.String).alias("title")
        ),
        columns.FINDINGS,
    )


def post_frame(
    posts: pl.DataFrame, titles: Mapping[str, str], rulebook: RuleBook, names: pl.DataFrame
) -> pl.DataFrame:
    """Scored posts with names, the level's label and each contribution's rule title."""
    labels = {level.level: level.label for level in rulebook.scoring.levels}
    contribution = pl.element().struct
    titled = pl.col("contributions").list.eval(
        pl.struct(
            contribution.field("rule_id"),
            contribution.field("rule_id").replace_strict(titles, default=contribution.field("rule_id"),
                                                          return_dtype=pl.String).alias("title"),
            contribution.field("points"),
            contribution.field("findings"),
            contribution.field("serious"),
        )
    )
    return columns.conform(
        posts.join(names, on="post_id", how="left", maintain_order="left").with_columns(
            pl.col("level").replace_strict(labels, return_dtype=pl.String).alias("level_label"),
            pl.col("override_reasons").alias("overrides"),
            titled.cast(pl.List(columns.CONTRIBUTION)).fill_null(pl.lit([], pl.List(columns.CONTRIBUTION))),
        ),
        columns.POSTS,
    )


def not_evaluated_frame(entries: Sequence[NotEvaluated], rules: Mapping[str, Rule]) -> pl.DataFrame:
    """The rules not evaluated, each with its rule's title and domain (additive to RESULT.md)."""
    rows = []
    for entry in entries:  # one per rule (or rule and reason), not per record
        rule = rules.get(entry.rule_id)
        rows.append(
            (
                entry.rule_id,
                entry.reason,
                list(entry.org_ids),
                entry.error or None,
                rule.title if rule is not None else entry.rule_id,
                rule.domain if rule is not None else None,
            )
        )
    return pl.DataFrame(rows, schema=columns.NOT_EVALUATED, orient="row")
