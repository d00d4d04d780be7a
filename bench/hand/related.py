"""Related-party payments (关联支付): expenses whose payee is a cadre of the paying community, a
cadre's relative, or a company such a person represents or owns."""

from __future__ import annotations

import polars as pl

from .links import RELATION_ZH, ROLE_ZH, company_kin, kin
from .run import Run, fmt, label


def _names(r: Run, ids: pl.LazyFrame) -> pl.LazyFrame:
    """person_id/company_id -> name, for the ids named (not the whole register)."""
    people = r.lf("persons").select(pl.col("person_id").alias("id"), "name")
    firms = r.lf("companies").select(pl.col("company_id").alias("id"), "name")
    return pl.concat([people, firms]).join(ids, on="id", how="semi").unique("id", keep="first")


def related_party_payment(r: Run) -> None:
    """One finding per expense with a link; a cadre's own salary, travel or subsidy is no finding."""
    own = r.p("finance.related_party_payment")["own_payment_categories"]
    exp = r.expenses().filter(pl.col("counterparty_id").is_not_null())
    ties = kin(r).select("cadre_id", "cadre_post_id", "cadre_org_id", "person_id", "relation", "relation_ref")
    to_person = exp.filter(pl.col("counterparty_type") == "person").join(
        ties, left_on=["counterparty_id", "org_id"], right_on=["person_id", "cadre_org_id"]
    )
    own_pay = to_person.filter((pl.col("relation") == "self") & pl.col("category").is_in(own)).select(
        "txn_id"
    )
    to_person = to_person.join(own_pay, on="txn_id", how="anti").with_columns(
        linked_person_id=pl.col("counterparty_id"), role=pl.lit(None, pl.String)
    )
    to_company = exp.filter(pl.col("counterparty_type") == "company").join(
        company_kin(r), left_on=["counterparty_id", "org_id"], right_on=["company_id", "cadre_org_id"]
    )
    cols = ["txn_id", "cadre_id", "cadre_post_id", "relation", "relation_ref", "linked_person_id", "role"]
    links = pl.concat([to_person.select(cols), to_company.select(cols)]).cache()
    names = _names(r, links.select(pl.concat_list("cadre_id", "linked_person_id").alias("id")).explode("id"))
    links = links.join(
        names.rename({"id": "cadre_id", "name": "cadre_name"}), on="cadre_id", how="left"
    ).join(names.rename({"id": "linked_person_id", "name": "linked_name"}), on="linked_person_id", how="left")
    cadre = fmt(
        "本社区干部{}（{}，岗位 {}）", pl.col("cadre_name").fill_null(""), "cadre_id", "cadre_post_id"
    )
    tie = (
        pl.when(pl.col("relation") == "self")
        .then(pl.lit("本人"))
        .otherwise("的" + label("relation", RELATION_ZH))
    )
    link = (
        pl.when(pl.col("role").is_null())
        .then("收款人为" + cadre + tie)
        .otherwise(fmt("收款单位的{}{}为", label("role", ROLE_ZH), pl.col("linked_person_id")) + cadre + tie)
    )
    per_txn = links.group_by("txn_id").agg(
        links=link.drop_nulls().unique().sort(),
        cadre_post_ids=pl.col("cadre_post_id").drop_nulls().unique().sort(),
        relation_refs=pl.col("relation_ref").drop_nulls().unique().sort(),
    )
    found = exp.join(per_txn, on="txn_id")
    payee = _names(r, found.select(pl.col("counterparty_id").alias("id")))
    company = pl.when(pl.col("counterparty_type") == "company").then(fmt("companies:{}", "counterparty_id"))
    found = found.join(
        payee.rename({"id": "counterparty_id"}), on="counterparty_id", how="left"
    ).with_columns(
        payee=pl.when(pl.col("name").is_not_null())
        .then(fmt("{}（{}）", "name", "counterparty_id"))
        .otherwise(pl.col("counterparty_id")),
        records=pl.concat_list(fmt("ledger:{}", "txn_id"), company, "relation_refs").list.drop_nulls(),
    )
    ev = ["txn_id", "date", "approved_by", "amount", "category", "counterparty_type", "counterparty_id"]
    ev += ["payee", "cadre_post_ids", "links"]
    r.add("finance.related_party_payment", found, ev, reads=("ledger", "posts"))


#: The rules this module writes out, called in turn by ``assess``.
RULES = (related_party_payment,)
