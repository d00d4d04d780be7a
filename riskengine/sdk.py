"""The plugin SDK: building blocks for a detector's finding frame, spelled the same in every plugin.

A detector returns one row per finding (see :class:`riskengine.Detector`): ``org_id``,
``records`` (``<type>:<key>`` references), the responsible post column(s), ``date`` and its
evidence columns. The helpers here build those columns so every plugin names records, shows
amounts and dates, and labels family ties the same way::

    from riskengine import sdk

    hits = sdk.rows_in_period(ctx, "leases", "signed_date")
    return hits.select("org_id", sdk.ref("leases", "lease_id").alias("record"), ...)

``text(key, **values)`` is riskengine's message catalogue in the user's language
(``RISKENGINE_LANG``), for the reasons the built-in detectors share (e.g. too few peers).

Every helper is column-wise (a Polars expression or frame), never a Python loop per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from .data.records import FieldKind
from .evaluation.detectors import Detector, DetectorContext
from .evaluation.peers import org_peer_groups, tukey_fences
from .evaluation.templates import render_column
from .host.hookspecs import hookimpl
from .messages import text

#: Chinese labels of family ties (``relations.relation``, ``graph.kin.relation``), for messages.
RELATION_LABELS: Mapping[str, str] = {
    "self": "本人",
    "spouse": "配偶",
    "child": "子女",
    "parent": "父母",
    "sibling": "兄弟姐妹",
    "in_law": "姻亲",
    "other": "其他亲属",
}

#: Chinese labels of a person's role in a company (``graph.company_people.role``), for messages.
COMPANY_ROLE_LABELS: Mapping[str, str] = {"legal_rep": "法定代表人", "shareholder": "股东"}

#: Polars types of the output kinds a detector declares in ``Detector.outputs``.
OUTPUT_TYPES: Mapping[str, pl.DataType] = {
    "string": pl.String(),
    "number": pl.Float64(),
    "integer": pl.Int64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "month": pl.String(),
    "list": pl.List(pl.String()),
}


def ref(record_type: str, *key_columns: str | pl.Expr) -> pl.Expr:
    """``<record_type>:<k1>[:<k2>]`` for each row: how a finding names the records it rests on.

    The key columns are the record type's ``x-key`` fields, in order: column names, or expressions
    (``pl.col("year") - 1``, or ``pl.element()`` inside ``list.eval`` to turn a list of ids into a
    list of references). One null policy for every plugin, the engine's own
    (``RecordType.ref_expr``): a null key part is written as empty text.
    """
    parts: list[pl.Expr] = [pl.lit(record_type)]
    for key in key_columns:
        column = pl.col(key) if isinstance(key, str) else key
        parts.append(column.cast(pl.String).fill_null(""))
    return pl.concat_str(parts, separator=":")


def label(column: str, labels: Mapping[str, str]) -> pl.Expr:
    """The label of a code column (e.g. its Chinese name); unknown codes are shown as they are."""
    code = pl.col(column).cast(pl.String)
    return code.replace_strict(dict(labels), default=code, return_dtype=pl.String)


def relation_label(column: str = "relation") -> pl.Expr:
    """The Chinese label of a family-tie column (``spouse`` -> ``配偶``)."""
    return label(column, RELATION_LABELS)


def money_text(amount: str | pl.Expr) -> pl.Expr:
    """An amount (column name or expression) as message text, the way the engine renders number
    columns (``58,200``, ``1,234.5``)."""
    expr = pl.col(amount) if isinstance(amount, str) else amount
    return render_column(expr, FieldKind.NUMBER)


def name_and_id(name: str | pl.Expr, id_: str | pl.Expr) -> pl.Expr:
    """``张三（P000555）``: how a message names a person or post; the id alone when the name is unknown."""
    name_expr = pl.col(name) if isinstance(name, str) else name
    id_expr = pl.col(id_) if isinstance(id_, str) else id_
    return pl.when(name_expr.is_not_null()).then(pl.format("{}（{}）", name_expr, id_expr)).otherwise(id_expr)


def post_titles(posts: pl.DataFrame, *, key: str = "post_id", title: str = "post_title") -> pl.DataFrame:
    """``key, title``: each post's title (its first row) from the ``posts`` frame, to join onto findings.

    Empty (with those two String columns) when ``posts`` has no titles, e.g. the empty frame of
    ``ctx.optional_frame("posts")`` when the dataset has no posts.
    """
    if posts.is_empty() or "title" not in posts.columns:
        return pl.DataFrame(schema={key: pl.String, title: pl.String})
    return posts.select(pl.col("post_id").alias(key), pl.col("title").alias(title)).unique(key, keep="first")


def date_text(date: str | pl.Expr) -> pl.Expr:
    """A Date column (name or expression) as ``YYYY-MM-DD`` text, for lists inside messages."""
    expr = pl.col(date) if isinstance(date, str) else date
    return expr.dt.strftime("%Y-%m-%d")


def rows_in_period(ctx: DetectorContext, record_type: str, column: str = "date") -> pl.DataFrame:
    """The rows of ``record_type`` whose ``column`` (a Date) lies in the assessed period.

    Raises :class:`riskengine.MissingDataError` when the dataset has no such records, so the
    rule is reported as not evaluated.
    """
    return ctx.in_period(ctx.frame(record_type), column)


def empty_findings(columns: Mapping[str, str | pl.DataType]) -> pl.DataFrame:
    """An empty finding frame, for a detector that finds nothing.

    ``columns`` maps column names to an output kind (``"string"``, ``"list"``, ... as in
    ``Detector.outputs``) or a Polars type; ``org_id`` and ``records`` come first unless given.
    """
    schema: dict[str, pl.DataType] = {}
    if "org_id" not in columns:
        schema.update({"org_id": pl.String(), "records": pl.List(pl.String())})
    for name, kind in columns.items():
        schema[name] = OUTPUT_TYPES[kind] if isinstance(kind, str) else kind
    return pl.DataFrame(schema=schema)


def by_first_record(frame: pl.DataFrame) -> pl.DataFrame:
    """Findings in a stable order: by ``org_id``, then by the first record each one names."""
    return frame.sort("org_id", pl.col("records").list.first(), nulls_last=True, maintain_order=True)


def peer_fences(
    ctx: DetectorContext,
    values: pl.DataFrame,
    value: str,
    *,
    group_min_orgs: int,
    min_values: int,
    k: float,
    reason: str,
    pooled: bool = True,
) -> pl.DataFrame:
    """Tukey fences of ``value`` within each org's peer group; the orgs that cannot be judged are noted.

    ``values`` has one row per value to judge, with its ``org_id``. Each row gets its org's
    ``peer_group`` (:func:`riskengine.org_peer_groups` over ``orgs``: the street when it has at least
    ``group_min_orgs`` communities, else the district; with ``pooled`` a value also counts toward its
    district's group, see ``peer_pool``), then the fences of :func:`riskengine.tukey_fences`
    (``upper_fence``, ``lower_fence``, ``n_peers`` ...; none in a group of fewer than ``min_values``
    values). The orgs with no peer group (absent from ``orgs``) or no fence are reported as not
    evaluated with ``reason``. Returned: the rows that have a peer group, with their fences.
    """
    columns = ["org_id", "peer_group", *(["peer_pool"] if pooled else [])]
    groups = org_peer_groups(ctx.frame("orgs"), min_size=group_min_orgs).select(columns)
    joined = values.join(groups, on="org_id", how="left")
    grouped = pl.col("peer_group").is_not_null()
    fenced = tukey_fences(joined.filter(grouped), value, "peer_group", min_size=min_values, k=k)
    no_fence = fenced.filter(pl.col("upper_fence").is_null())
    unjudged = pl.concat([joined.filter(~grouped).select("org_id"), no_fence.select("org_id")])
    ctx.not_evaluated(unjudged["org_id"], reason)
    return fenced


def distinct_sorted(column: str) -> pl.Expr:
    """Aggregation: the distinct non-null values of ``column`` as a sorted list."""
    return pl.col(column).drop_nulls().unique().sort()


def params(properties: Mapping[str, Any] | None = None, **schema: Any) -> dict[str, Any]:
    """A detector's ``params_schema``: an object with these ``properties`` (JSON Schema each)."""
    return {"type": "object", "properties": dict(properties or {}), **schema}


def fence_k_param(**schema: Any) -> dict[str, Any]:
    """Parameter schema of a Tukey fence factor ``k`` (upper fence = Q3 + k·IQR), default 1.5."""
    return {"type": "number", "exclusiveMinimum": 0, "default": 1.5, **schema}


def peer_count_param(default: int = 10, *, minimum: int = 2, **schema: Any) -> dict[str, Any]:
    """Parameter schema of a peer group's minimum size (fewer peers: the org is not evaluated)."""
    return {"type": "integer", "minimum": minimum, "default": default, **schema}


def detector_hook(detectors: Iterable[Detector]) -> Callable[..., None]:
    """A ``register_detectors`` hook implementation registering ``detectors``.

    In a plugin module: ``register_detectors = sdk.detector_hook(DETECTORS)``.
    """
    detectors = tuple(detectors)

    @hookimpl
    def register_detectors(register: Callable[[Detector], None]) -> None:
        """Register the plugin's detectors."""
        for detector in detectors:
            register(detector)

    return register_detectors


def rule_pack_hook(*packs: Path | Any) -> Callable[..., None]:
    """A ``register_rule_packs`` hook implementation registering the YAML files ``packs``.

    In a plugin module: ``register_rule_packs = sdk.rule_pack_hook(resources.files(__name__) / "x.yaml")``.
    """

    @hookimpl
    def register_rule_packs(register: Callable[[Path], None]) -> None:
        """Register the plugin's rule packs."""
        for pack in packs:
            register(pack)

    return register_rule_packs


__all__ = [
    "COMPANY_ROLE_LABELS",
    "OUTPUT_TYPES",
    "RELATION_LABELS",
    "by_first_record",
    "date_text",
    "detector_hook",
    "distinct_sorted",
    "empty_findings",
    "fence_k_param",
    "label",
    "money_text",
    "name_and_id",
    "params",
    "peer_count_param",
    "peer_fences",
    "post_titles",
    "ref",
    "relation_label",
    "rows_in_period",
    "rule_pack_hook",
    "text",
]
