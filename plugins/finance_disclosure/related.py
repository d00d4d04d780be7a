"""Related-party payments (关联支付): payees who are cadres of the same community, their relatives,
or companies such people represent or own (through ``ctx.graph``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from riskengine import Detector, DetectorContext, sdk

from .common import RELATION_ZH, category_zh, expenses_in_period, ledger_ref, unique_sorted

_LINK_COLUMNS = [
    "txn_id", "cadre_id", "cadre_post_id", "relation", "relation_ref", "linked_person_id", "role"
]


def _link_text() -> pl.Expr:
    """How the payee is linked to a cadre, as a sentence.

    E.g. '收款单位的法定代表人李四（P2）为本社区干部张三（P1，岗位 C1-DIR）的配偶'.
    """
    relation = pl.col("relation")
    relation_zh = relation.replace_strict(RELATION_ZH, default="亲属", return_dtype=pl.String)
    cadre = pl.when(pl.col("cadre_name").is_not_null()).then(
        pl.format(
            "本社区干部{}（{}，岗位 {}）", pl.col("cadre_name"), pl.col("cadre_id"), pl.col("cadre_post_id")
        )
    ).otherwise(pl.format("本社区干部 {}（岗位 {}）", pl.col("cadre_id"), pl.col("cadre_post_id"))) + pl.when(
        relation == "self"
    ).then(pl.lit("本人")).otherwise(pl.lit("的") + relation_zh)
    role_zh = pl.col("role").replace_strict(sdk.COMPANY_ROLE_LABELS, default="关联人", return_dtype=pl.String)
    linked = sdk.name_and_id("linked_name", "linked_person_id")
    return (
        pl.when(pl.col("role").is_null())
        .then(pl.lit("收款人为") + cadre)
        .when(relation == "self")
        .then(pl.format("收款单位的{}为", role_zh) + cadre)
        .otherwise(pl.format("收款单位的{}{}为", role_zh, linked) + cadre)
    )


def _with_names(links: pl.DataFrame, persons: pl.DataFrame) -> pl.DataFrame:
    """Add cadre_name and linked_name from ``persons`` (null when persons are not given)."""
    if "name" not in persons.columns:
        return links.with_columns(cadre_name=pl.lit(None, pl.String), linked_name=pl.lit(None, pl.String))
    # Names of the people in the links only, not of the whole register (millions of persons).
    wanted = pl.concat(
        [links.select(pl.col(c).alias("person_id")) for c in ("cadre_id", "linked_person_id")]
    ).unique()
    names = (
        persons.select(pl.col("person_id").cast(pl.String), pl.col("name").cast(pl.String))
        .join(wanted, on="person_id", how="semi")
        .unique("person_id")
    )
    return links.join(
        names.rename({"person_id": "cadre_id", "name": "cadre_name"}), on="cadre_id", how="left"
    ).join(
        names.rename({"person_id": "linked_person_id", "name": "linked_name"}),
        on="linked_person_id",
        how="left",
    )


def _with_payee(found: pl.DataFrame, ctx: DetectorContext) -> pl.DataFrame:
    """Add ``payee``: the counterparty's name and id (the id alone when the name is unknown)."""
    wanted = found.select("counterparty_id").unique()
    names = [
        frame.select(
            pl.col(key).cast(pl.String).alias("counterparty_id"), pl.col("name").cast(pl.String)
        ).join(wanted, on="counterparty_id", how="semi")
        for frame, key in (
            (ctx.optional_frame("persons"), "person_id"),
            (ctx.optional_frame("companies"), "company_id"),
        )
        if {key, "name"} <= set(frame.columns)
    ]
    if names:
        found = found.join(pl.concat(names).unique("counterparty_id"), on="counterparty_id", how="left")
    else:
        found = found.with_columns(name=pl.lit(None, pl.String))
    return found.with_columns(payee=sdk.name_and_id("name", "counterparty_id")).drop("name")


def related_party_payment(ctx: DetectorContext, params: Mapping[str, Any]) -> pl.DataFrame:
    """Expenses whose payee is linked to a cadre of the paying community.

    A payment to a cadre him/herself in one of ``own_payment_categories`` (salary, travel,
    subsidy) is normal and excluded, whatever other links the payee has. The finding names the
    expense, the ``relations`` row of each relative link and the paid company.
    """
    own_categories = list(params["own_payment_categories"])
    columns = ["txn_id", "org_id", "date", "approved_by", "amount", "category", "counterparty_type"]
    exp = expenses_in_period(
        ctx, [*columns, "counterparty_id"], where=pl.col("counterparty_id").is_not_null()
    )
    graph = ctx.graph
    person_links = graph.link_persons(
        exp.filter(pl.col("counterparty_type") == "person"), "counterparty_id", org_col="org_id"
    ).with_columns(linked_person_id=pl.col("counterparty_id"), role=pl.lit(None, dtype=pl.String))
    own_pay = (
        person_links.filter((pl.col("relation") == "self") & pl.col("category").is_in(own_categories))
        .select("txn_id")
        .unique()
    )
    person_links = person_links.join(own_pay, on="txn_id", how="anti")
    company_links = graph.link_companies(
        exp.filter(pl.col("counterparty_type") == "company"), "counterparty_id", org_col="org_id"
    )
    links = pl.concat(
        [person_links.select(_LINK_COLUMNS), company_links.select(_LINK_COLUMNS)], how="vertical_relaxed"
    )
    links = _with_names(links, ctx.optional_frame("persons")).with_columns(
        link=_link_text(),
    )
    per_txn = links.group_by("txn_id").agg(
        unique_sorted("link").alias("links"),
        unique_sorted("cadre_post_id").alias("cadre_post_ids"),
        unique_sorted("relation_ref").alias("relation_refs"),
    )
    found = _with_payee(exp.join(per_txn, on="txn_id", how="inner"), ctx)
    company = (pl.col("counterparty_type") == "company") & pl.col("counterparty_id").is_not_null()
    company_ref = pl.when(company).then(sdk.ref("companies", "counterparty_id"))
    records = pl.concat_list(ledger_ref(), company_ref, "relation_refs").list.drop_nulls()
    return found.select(
        "org_id",
        records.alias("records"),
        "date",
        "approved_by",
        "txn_id",
        "amount",
        "category",
        category_zh().alias("category_zh"),
        "counterparty_type",
        "counterparty_id",
        "payee",
        "cadre_post_ids",
        "links",
    ).sort("org_id", "date", "txn_id")


DETECTORS = [
    Detector(
        name="finance_related_party_payment",
        reads=("ledger", "posts"),
        run=related_party_payment,
        params_schema=sdk.params({
            "own_payment_categories": {
                "type": "array",
                "items": {"type": "string"},
                "default": ["salary", "travel", "subsidy"],
                "description": "干部本人领取时属正常的支出类别（报酬、差旅、补助）",
            },
        }),
        outputs={
            "txn_id": "string",
            "date": "date",
            "approved_by": "string",
            "amount": "number",
            "category": "string",
            "category_zh": "string",
            "counterparty_type": "string",
            "counterparty_id": "string",
            "payee": "string",
            "cadre_post_ids": "list",
            "links": "list",
        },
        description="收款人是本社区干部本人或其亲属，或收款单位的法定代表人、股东是上述人员",
    ),
]
