"""Related-party payments (关联支付): payees who are cadres of the same community, their relatives,
or companies such people represent or own (through ``ctx.graph``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from riskengine.detectors import Detector, DetectorContext

from .common import RELATION_ZH, category_zh, expenses_in_period, unique_sorted

_ROLE_ZH = {"legal_rep": "法定代表人", "shareholder": "股东"}
_LINK_COLUMNS = ["txn_id", "cadre_id", "cadre_post_id", "relation", "linked_person_id", "role"]


def _whose(relation: pl.Expr) -> pl.Expr:
    """'干部 X（岗位 P）本人' or '干部 X（岗位 P）的配偶'."""
    relation_zh = relation.replace_strict(RELATION_ZH, default="亲属", return_dtype=pl.String)
    suffix = pl.when(relation == "self").then(pl.lit("本人")).otherwise(pl.lit("的") + relation_zh)
    return pl.format("本社区干部 {}（岗位 {}）", pl.col("cadre_id"), pl.col("cadre_post_id")) + suffix


def _link_text() -> pl.Expr:
    role_zh = pl.col("role").replace_strict(_ROLE_ZH, default="关联人", return_dtype=pl.String)
    return (
        pl.when(pl.col("role").is_null())
        .then(pl.lit("收款人为") + _whose(pl.col("relation")))
        .otherwise(pl.format("收款单位的{} {} 为", role_zh, pl.col("linked_person_id")) + _whose(pl.col("relation")))
    )


def related_party_payment(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Expenses whose payee is linked to a cadre of the paying community.

    A payment to a cadre him/herself in one of ``own_payment_categories`` (salary, travel,
    subsidy) is normal and excluded, whatever other links the payee has. The finding names the
    expense, the ``relations`` row of each relative link and the paid company.
    """
    own_categories = list(params["own_payment_categories"])
    exp = expenses_in_period(ctx).filter(pl.col("counterparty_id").is_not_null())
    graph = ctx.graph
    person_links = graph.link_persons(
        exp.filter(pl.col("counterparty_type") == "person"), "counterparty_id", org_col="org_id"
    ).with_columns(
        linked_person_id=pl.col("counterparty_id"), role=pl.lit(None, dtype=pl.String)
    )
    own_pay = person_links.filter(
        (pl.col("relation") == "self") & pl.col("category").is_in(own_categories)
    ).select("txn_id").unique()
    person_links = person_links.join(own_pay, on="txn_id", how="anti")
    company_links = graph.link_companies(
        exp.filter(pl.col("counterparty_type") == "company"), "counterparty_id", org_col="org_id"
    )
    links = pl.concat(
        [person_links.select(_LINK_COLUMNS), company_links.select(_LINK_COLUMNS)], how="vertical_relaxed"
    ).with_columns(
        link=_link_text(),
        relation_ref=pl.when(pl.col("relation") != "self").then(
            pl.format("relations:{}:{}", pl.col("cadre_id"), pl.col("linked_person_id"))
        ),
    )
    per_txn = links.group_by("txn_id").agg(
        unique_sorted("link").alias("links"),
        unique_sorted("cadre_post_id").alias("cadre_post_ids"),
        unique_sorted("relation_ref").alias("relation_refs"),
    )
    found = exp.join(per_txn, on="txn_id", how="inner")
    company_ref = pl.when(pl.col("counterparty_type") == "company").then(
        pl.format("companies:{}", pl.col("counterparty_id"))
    )
    records = pl.concat_list(
        pl.format("ledger:{}", pl.col("txn_id")), company_ref, "relation_refs"
    ).list.drop_nulls()
    return found.select(
        "org_id", records.alias("records"), "date", "approved_by",
        "txn_id", "amount", "category", category_zh().alias("category_zh"), "counterparty_type", "counterparty_id",
        "cadre_post_ids", "links",
    ).sort("org_id", "date", "txn_id")


DETECTORS = [
    Detector(
        name="finance_related_party_payment",
        reads=("ledger", "posts"),
        run=related_party_payment,
        params_schema={
            "type": "object",
            "properties": {
                "own_payment_categories": {
                    "type": "array", "items": {"type": "string"},
                    "default": ["salary", "travel", "subsidy"],
                    "description": "干部本人领取时属正常的支出类别（报酬、差旅、补助）",
                },
            },
        },
        outputs={
            "txn_id": "string", "date": "date", "approved_by": "string", "amount": "number", "category": "string", "category_zh": "string",
            "counterparty_type": "string",
            "counterparty_id": "string", "cadre_post_ids": "list", "links": "list",
        },
        description="收款人是本社区干部本人或其亲属，或收款单位的法定代表人、股东是上述人员",
    ),
]
