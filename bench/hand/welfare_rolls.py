"""Welfare rolls (救助对象): cadres and their relatives enrolled, reviewers reviewing their own kin,
and quarters whose recipient list was not disclosed."""

from __future__ import annotations

import datetime as dt

import polars as pl

from .links import RELATION_ZH, holders, kin
from .run import EMPTY_LIST, Run, fmt, label, ref
from .welfare import program_name


def active(start, end) -> pl.Expr:
    """An enrolment record active at some time in [start, end] (no approval date counts as active)."""
    start, end = (pl.lit(x) if isinstance(x, dt.date) else x for x in (start, end))
    approved = pl.col("approved_date").is_null() | (pl.col("approved_date") <= end)
    return approved & (pl.col("exit_date").is_null() | (pl.col("exit_date") >= start))


def summarise_links(linked: pl.LazyFrame) -> pl.LazyFrame:
    """One finding per enrolment record, naming the record and every family tie it rests on."""
    who = fmt("{}（{}，{}）", pl.col("cadre_post_title").fill_null("岗位"), "cadre_post_id", "cadre_id")
    tie = (
        pl.when(pl.col("relation") == "self")
        .then(pl.lit("本人"))
        .otherwise(fmt("的亲属（{}）", label("relation", RELATION_ZH)))
    )
    return (
        linked.sort("cadre_post_id", "cadre_id")
        .group_by("org_id", "person_id", "program", maintain_order=True)
        .agg(
            pl.col("reviewed_by", "approved_date").first(),
            cadre_ids=pl.col("cadre_id").unique(maintain_order=True),
            cadre_post_ids=pl.col("cadre_post_id").unique(maintain_order=True),
            relations=label("relation", RELATION_ZH).unique(maintain_order=True),
            links=(who + tie).unique(maintain_order=True),
            relation_refs=pl.col("relation_ref").drop_nulls().unique(),
            self_enrolled=(pl.col("relation") == "self").any(),
        )
        .with_columns(
            program_name(),
            records=pl.concat_list(ref("beneficiaries", "person_id", "program"), "relation_refs"),
            date=pl.col("approved_date"),
        )
    )


def _titled(r: Run, linked: pl.LazyFrame) -> pl.LazyFrame:
    titles = r.lf("posts").select(
        pl.col("post_id").alias("cadre_post_id"), pl.col("title").alias("cadre_post_title")
    )
    return linked.join(titles.unique("cadre_post_id", keep="first"), on="cadre_post_id", how="left")


def kin_enrolled(r: Run) -> None:
    """Means-tested beneficiaries linked to a cadre of their community (the reviewer's ties are the
    reviewer-conflict rule's), and beneficiaries whose reviewing post's holder is them or their kin."""
    p = r.p("welfare.relative_enrolled")
    rolls = r.lf("beneficiaries").filter(active(r.start, r.end))
    ties = kin(r).select("cadre_id", "cadre_post_id", "cadre_org_id", "person_id", "relation", "relation_ref")
    bens = rolls.filter(pl.col("program").is_in(p["means_tested_programs"])).join(
        holders(r).rename({"post_id": "reviewed_by", "holder": "reviewer_id"}), on="reviewed_by", how="left"
    )
    linked = bens.join(ties, left_on=["person_id", "org_id"], right_on=["person_id", "cadre_org_id"]).filter(
        pl.col("reviewer_id").is_null() | (pl.col("cadre_id") != pl.col("reviewer_id"))
    )
    found = summarise_links(_titled(r, linked))
    ev = ["reviewed_by", "person_id", "program", "program_name", "approved_date", "relations", "links"]
    reads = ("beneficiaries", "posts", "relations")
    r.add(
        "welfare.relative_enrolled",
        found,
        [*ev, "cadre_ids", "cadre_post_ids", "self_enrolled"],
        reads=reads,
        escalate=pl.col("self_enrolled"),
    )
    programs = r.p("welfare.reviewer_conflict")["review_programs"]
    bens = rolls.filter(pl.col("program").is_in(programs) & pl.col("reviewed_by").is_not_null())
    linked = bens.join(
        ties.drop("cadre_org_id"),
        left_on=["person_id", "reviewed_by"],
        right_on=["person_id", "cadre_post_id"],
    )
    linked = linked.with_columns(cadre_post_id=pl.col("reviewed_by"))
    found = summarise_links(_titled(r, linked)).with_columns(
        reviewer_id=pl.col("cadre_ids").list.first(),
        self_review=pl.col("self_enrolled"),
        reviewer_link=pl.when("self_enrolled")
        .then(fmt("{} 本人", pl.col("cadre_ids").list.first()))
        .otherwise(fmt("{} 的{}", pl.col("cadre_ids").list.first(), pl.col("relations").list.join("、"))),
    )
    r.add(
        "welfare.reviewer_conflict", found, [*ev, "reviewer_id", "reviewer_link", "self_review"], reads=reads
    )


def quarters_due(r: Run, deadline_days: int) -> pl.LazyFrame:
    """Quarters ending in the period whose disclosure deadline is before the as-of date (a handful)."""
    rows, year, q = [], r.start.year, (r.start.month - 1) // 3
    while dt.date(year, 3 * q + 1, 1) <= r.end:
        first = dt.date(year, 3 * q + 1, 1)
        end = dt.date(year + (q == 3), (3 * q + 3) % 12 + 1, 1) - dt.timedelta(days=1)
        deadline = end + dt.timedelta(days=deadline_days)
        if r.start <= end <= r.end and deadline < r.as_of:
            months = [f"{year}-{3 * q + m:02d}" for m in (1, 2, 3)]
            rows.append((f"{year}年第{q + 1}季度", first, end, deadline, months, months[-1]))
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    schema = {
        "quarter": pl.String,
        "q_start": pl.Date,
        "q_end": pl.Date,
        "deadline": pl.Date,
        "months": pl.List(pl.String),
        "last_month": pl.String,
    }
    return pl.LazyFrame(rows, schema=schema, orient="row")


def recipients_not_disclosed(r: Run) -> None:
    """Per community and due quarter: beneficiaries active in it and no recipient list covering it."""
    p = r.p("welfare.recipients_not_disclosed")
    quarters = quarters_due(r, p["disclosure_deadline_days"]).cache()
    if p["recipients_period_rule"] == "last_month":
        covers = pl.col("period") == pl.col("last_month")
    else:
        covers = pl.col("months").list.contains(pl.col("period"))
    covered = (
        r.lf("disclosures")
        .filter((pl.col("item") == "welfare_recipients") & pl.col("published_date").is_not_null())
        .filter(pl.col("published_date") <= r.as_of)
        .select("org_id", "period")
        .join(quarters, how="cross")
        .filter(covers)
        .select("org_id", "quarter")
        .unique()
    )
    missing = (
        r.lf("beneficiaries")
        .select("org_id", "person_id", "program", "approved_date", "exit_date")
        .join(quarters, how="cross")
        .filter(active(pl.col("q_start"), pl.col("q_end")))
        .join(covered, on=["org_id", "quarter"], how="anti")
        .group_by("org_id", "quarter")
        .agg(
            pl.col("q_start", "q_end", "deadline", "last_month").first(),
            records=ref("beneficiaries", "person_id", "program"),
            n_beneficiaries=pl.len().cast(pl.Int64),
            programs=program_name().unique().sort(),
        )
    )
    # The quarter's payments are named too: what the list should have shown.
    payments = (
        r.lf("disbursements")
        .select("org_id", "disb_id", "date", "amount")
        .join(missing.select("org_id", "quarter", "q_start", "q_end"), on="org_id")
        .filter(pl.col("date").is_between(pl.col("q_start"), pl.col("q_end")))
        .group_by("org_id", "quarter")
        .agg(
            disb_refs=fmt("disbursements:{}", "disb_id"),
            n_disbursements=pl.len().cast(pl.Int64),
            total_paid=pl.col("amount").sum().round(2),
        )
    )
    found = missing.join(payments, on=["org_id", "quarter"], how="left").with_columns(
        records=pl.concat_list("records", pl.col("disb_refs").fill_null(EMPTY_LIST)),
        n_disbursements=pl.col("n_disbursements").fill_null(0),
        total_paid=pl.col("total_paid").fill_null(0.0),
        date=pl.col("deadline"),
    )
    ev = ["quarter", "q_end", "deadline", "last_month", "n_beneficiaries", "programs", "n_disbursements"]
    ev += ["total_paid"]
    r.add(
        "welfare.recipients_not_disclosed", found, ev, reads=("beneficiaries", "disclosures", "disbursements")
    )


#: The rules this module writes out, called in turn by ``assess``.
RULES = (kin_enrolled, recipients_not_disclosed)
