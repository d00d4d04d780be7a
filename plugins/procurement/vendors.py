"""Who won: vendors tied to the handling cadre, and vendors registered just before the award."""

from __future__ import annotations

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

from ._frames import HANDLER, RELATION_LABELS, ROLE_LABELS, finish, label, period_procurements, ref

AWARD_OUTPUTS = {
    **HANDLER,
    "proc_id": "string", "title": "string", "amount": "number", "award_date": "date",
    "vendor_id": "string", "vendor_name": "string",
}


def _awards(ctx: DetectorContext) -> pl.DataFrame:
    """Period procurements with a vendor, plus the vendor's name and registration date when known."""
    companies = ctx.optional_frame("companies")
    info = (
        companies.select(
            pl.col("company_id").cast(pl.String).alias("vendor_id"),
            pl.col("name").cast(pl.String).alias("vendor_name"),
            pl.col("registered_date").cast(pl.Date).alias("registered_date"),
        ).unique(subset="vendor_id", keep="first")
        if {"company_id", "name", "registered_date"} <= set(companies.columns)
        else pl.DataFrame(schema={"vendor_id": pl.String, "vendor_name": pl.String,
                                  "registered_date": pl.Date})
    )
    return (
        period_procurements(ctx)
        .filter(pl.col("vendor_id").is_not_null())
        .join(info, on="vendor_id", how="left")
        .with_columns(
            pl.col("date").alias("award_date"),
            pl.col("vendor_name").fill_null(pl.col("vendor_id")),
            pl.concat_list(ref("procurements", "proc_id"), ref("companies", "vendor_id")).alias("records"),
        )
    )


CONFLICT_OUTPUTS = {**AWARD_OUTPUTS, "cadre_id": "string", "linked_person_ids": "list", "link_text": "string"}


def conflict_of_interest(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Awards whose vendor has the handling cadre, or a relative of the cadre, as legal rep or shareholder.

    ``reads`` names posts and companies, so without them the rule is "not evaluated", never clean;
    relations are optional (the cadre's own companies are still found).
    """
    linked = ctx.graph.link_companies(_awards(ctx), "vendor_id", post_col="handled_by")
    role = label("role", ROLE_LABELS)
    link = pl.when(pl.col("relation") == "self").then(
        pl.concat_str([role, pl.lit(" "), pl.col("linked_person_id"), pl.lit(" 即经办人本人")])
    ).otherwise(
        pl.concat_str([role, pl.lit(" "), pl.col("linked_person_id"), pl.lit(" 系经办人的"),
                       label("relation", RELATION_LABELS)])
    )
    found = (
        linked.with_columns(link.alias("link"))
        .sort("proc_id", "linked_person_id", "role")
        .group_by("proc_id", maintain_order=True)
        .agg(
            pl.all().exclude("link", "linked_person_id").first(),
            pl.col("linked_person_id").unique(maintain_order=True).alias("linked_person_ids"),
            pl.col("link").unique(maintain_order=True).str.join("；").alias("link_text"),
        )
    )
    return finish(found, CONFLICT_OUTPUTS)


NEW_OUTPUTS = {**AWARD_OUTPUTS, "registered_date": "date", "days_registered": "integer",
               "min_days": "integer", "registration_note": "string"}


def new_vendor(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Awards to a vendor registered fewer than ``new_vendor_days`` days before the award date.

    An award before the registration date (``days_registered`` negative) is flagged too;
    ``registration_note`` says so instead of printing a negative age.
    """
    min_days = int(params["new_vendor_days"])
    found = (
        _awards(ctx)
        .filter(pl.col("registered_date").is_not_null())
        .with_columns(days_registered=(pl.col("date") - pl.col("registered_date")).dt.total_days())
        .filter(pl.col("days_registered") < min_days)
        .with_columns(
            pl.lit(min_days, dtype=pl.Int64).alias("min_days"),
            pl.when(pl.col("days_registered") < 0)
            .then(pl.format("授标早于注册日期 {} 天", -pl.col("days_registered")))
            .otherwise(pl.format("注册仅 {} 天，不足 {} 天", pl.col("days_registered"), pl.lit(min_days)))
            .alias("registration_note"),
        )
    )
    return finish(found, NEW_OUTPUTS)


DETECTORS = (
    Detector(
        name="conflict_of_interest", reads=("procurements", "companies", "posts"),
        run=conflict_of_interest, outputs=CONFLICT_OUTPUTS,
        description="成交供应商的法定代表人或股东是经办干部本人或其亲属",
    ),
    Detector(
        name="new_vendor", reads=("procurements", "companies"), run=new_vendor,
        params_schema=sdk.params({
        "new_vendor_days": {"type": "integer", "minimum": 1, "default": 90,
                            "description": "供应商注册后至成交不足此天数视为新设供应商"},
    }),
        outputs=NEW_OUTPUTS,
        description="供应商注册不久即获得采购",
    ),
)
