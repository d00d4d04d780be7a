"""Building blocks shared by the procurement detectors: record references, labels, bid summaries.

Every detector returns the finding frame of :class:`riskengine.evaluation.detectors.Detector`: ``org_id``,
``records``, the responsible ``handled_by`` post(s), ``date`` and its evidence columns. The helpers
here keep those columns spelled the same way in every detector.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from riskengine import DetectorContext, sdk

S = pl.String()

METHOD_LABELS: Mapping[str, str] = {"direct": "直接采购", "quotation": "询价采购", "tender": "招标采购"}
CATEGORY_LABELS: Mapping[str, str] = {"goods": "货物", "works": "工程", "services": "服务"}
RELATION_LABELS = sdk.RELATION_LABELS
ROLE_LABELS = sdk.COMPANY_ROLE_LABELS


ref = sdk.ref
label = sdk.label


def period_procurements(ctx: DetectorContext) -> pl.DataFrame:
    """Procurements awarded in the assessed period (the ones a finding may be about)."""
    return sdk.rows_in_period(ctx, "procurements")


def bid_summary(bids: pl.DataFrame) -> pl.DataFrame:
    """One row per procurement with bids: count, the two lowest bids and the bidders.

    Columns: proc_id, bid_count, bid_vendors (sorted), lowest_vendor, lowest_amount,
    runner_up_vendor, runner_up_amount. Ties are broken by vendor id so the result is stable.
    """
    ordered = bids.filter(pl.col("proc_id").is_not_null()).sort(
        "proc_id", "amount", "vendor_id", nulls_last=True
    )
    return ordered.group_by("proc_id", maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("bid_count"),
        pl.col("vendor_id").drop_nulls().sort().alias("bid_vendors"),
        pl.col("vendor_id").first().alias("lowest_vendor"),
        pl.col("amount").first().alias("lowest_amount"),
        pl.col("vendor_id").slice(1, 1).first().alias("runner_up_vendor"),
        pl.col("amount").slice(1, 1).first().alias("runner_up_amount"),
    )


def bids_by_procurement(ctx: DetectorContext) -> pl.DataFrame:
    """:func:`bid_summary` of the dataset's bids, computed once per assessment and shared."""
    return ctx.memo("procurement.bid_summary", lambda: bid_summary(ctx.frame("bids")))


#: The responsible post (every procurement finding answers to the handler), also kept as evidence.
HANDLER = {"handled_by": "string"}
#: For findings on a group of awards: the handlers of all of them.
HANDLERS = {"handled_by": "list"}


def finish(frame: pl.DataFrame, outputs: Mapping[str, str]) -> pl.DataFrame:
    """The finding frame in contract order, sorted by org and first record for determinism."""
    return sdk.by_first_record(frame.select("org_id", "records", "date", *outputs))


def peer_fences(
    ctx: DetectorContext, values: pl.DataFrame, value: str, params: Mapping, reason: str
) -> pl.DataFrame:
    """:func:`riskengine.sdk.peer_fences` of ``value`` with the parameters of :data:`PEER_PARAMS`.

    ``reason`` is the message key of the not-evaluated note; it gets the minimum count as ``n``.
    """
    min_values = int(params["min_peer_values"])
    return sdk.peer_fences(
        ctx, values, value, group_min_orgs=int(params["peer_group_min_orgs"]), min_values=min_values,
        k=float(params["fence_k"]), reason=sdk.text(reason, n=min_values),
    )


PEER_PARAMS: Mapping[str, Mapping] = {
    "peer_group_min_orgs": {
        "type": "integer", "minimum": 1, "default": 10,
        "description": "同一街道的社区（村）达到此数时在街道内比较，否则在全区比较",
    },
    "min_peer_values": {
        "type": "integer", "minimum": 1, "default": 10,
        "description": "比较组内样本少于此数时不计算围栏，相关社区记为未评估",
    },
    "fence_k": sdk.fence_k_param(description="Tukey 围栏系数"),
}
