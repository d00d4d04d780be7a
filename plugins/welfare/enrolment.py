"""Who was enrolled, and by whom: cadres' relatives on means-tested rolls, reviewers reviewing their own kin.

Both tests read enrolment records active during the assessed period and ask the relationship graph
whether the beneficiary is a cadre or a cadre's relative.

How the two rules split an overlap: when the linked cadre is the holder of the reviewing post
itself, the case is a *reviewer conflict* (回避) and only ``welfare.reviewer_conflict`` reports it;
``welfare.relative_enrolled`` reports links to every other cadre of the same community (the
secretary's brother enrolled in 低保 and reviewed by the 民政专干). A beneficiary linked both to the
reviewer and to another cadre is reported by both rules, once for each tie.
"""

from __future__ import annotations

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

from .common import (
    MEANS_TESTED,
    PROGRAMS,
    PROGRAMS_SCHEMA,
    ben_ref,
    beneficiaries_in_period,
    finish,
    program_zh,
    relation_zh,
)

_SELF = "self"


def _with_relation_refs(linked: pl.DataFrame, relations: pl.DataFrame) -> pl.DataFrame:
    """Add ``relation_ref``: the ``relations:<cadre>:<relative>`` row a link rests on (null for 'self').

    The graph reads ``relations`` both ways, so the row may be listed from either side; the cadre's
    own listing is preferred, as in the graph.
    """
    pairs = relations.select(pl.col("person_id").cast(pl.String), pl.col("related_id").cast(pl.String))
    forward = pairs.select(
        pl.col("person_id").alias("cadre_id"),
        pl.col("related_id").alias("person_id"),
        pl.lit(True).alias("_fwd"),
    ).unique()
    backward = pairs.select(
        pl.col("related_id").alias("cadre_id"),
        pl.col("person_id").alias("person_id"),
        pl.lit(True).alias("_bwd"),
    ).unique()
    joined = linked.join(forward, on=["cadre_id", "person_id"], how="left").join(
        backward, on=["cadre_id", "person_id"], how="left"
    )
    ref = (
        pl.when(pl.col("relation") == _SELF)
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("_fwd").fill_null(False))
        .then(sdk.ref("relations", "cadre_id", "person_id"))
        .when(pl.col("_bwd").fill_null(False))
        .then(sdk.ref("relations", "person_id", "cadre_id"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return joined.with_columns(relation_ref=ref).drop("_fwd", "_bwd")


def _with_post_titles(linked: pl.DataFrame, posts: pl.DataFrame) -> pl.DataFrame:
    """Add ``cadre_post_title`` (党组织书记, 民政专干 ...) so messages name the post as officers know it."""
    titles = sdk.post_titles(posts, key="cadre_post_id", title="cadre_post_title")
    return linked.join(titles, on="cadre_post_id", how="left")


def _link_label() -> pl.Expr:
    """``党组织书记（C0001-SEC，P000010）的亲属（兄弟姐妹）`` or ``居委会主任（C0001-DIR，P000011）本人``."""
    who = pl.concat_str(
        [
            pl.col("cadre_post_title").fill_null("岗位"),
            pl.lit("（"),
            pl.col("cadre_post_id"),
            pl.lit("，"),
            pl.col("cadre_id"),
            pl.lit("）"),
        ]
    )
    return (
        pl.when(pl.col("relation") == _SELF)
        .then(pl.concat_str([who, pl.lit("本人")]))
        .otherwise(pl.concat_str([who, pl.lit("的亲属（"), relation_zh(), pl.lit("）")]))
    )


def _summarise_links(linked: pl.DataFrame) -> pl.DataFrame:
    """One finding per enrolment record, naming the record and every family tie it rests on."""
    grouped = (
        linked.sort("cadre_post_id", "cadre_id")
        .group_by("org_id", "person_id", "program", maintain_order=True)
        .agg(
            pl.col("reviewed_by").first(),
            pl.col("approved_date").first(),
            pl.col("cadre_id").unique(maintain_order=True).alias("cadre_ids"),
            pl.col("cadre_post_id").unique(maintain_order=True).alias("cadre_post_ids"),
            relation_zh().unique(maintain_order=True).alias("relations"),
            _link_label().unique(maintain_order=True).alias("links"),
            pl.col("relation_ref").drop_nulls().unique(maintain_order=True).alias("relation_refs"),
            (pl.col("relation") == _SELF).any().alias("self_enrolled"),
        )
    )
    return grouped.with_columns(
        records=pl.concat_list(pl.concat_list(ben_ref()), pl.col("relation_refs")),
        program_name=program_zh(),
        date=pl.col("approved_date"),
    )


def relative_enrolled(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Means-tested beneficiaries who are a cadre of the same community or a cadre's relative.

    Links to the holder of the reviewing post are left to ``reviewer_conflict`` (see module doc).
    """
    graph = ctx.graph
    bens = beneficiaries_in_period(ctx, list(params["means_tested_programs"])).with_columns(
        reviewer_id=graph.cadre_person_of_post("reviewed_by")
    )
    linked = graph.link_persons(bens, "person_id", org_col="org_id", include_self=True).filter(
        pl.col("reviewer_id").is_null() | (pl.col("cadre_id") != pl.col("reviewer_id"))
    )
    linked = _with_relation_refs(linked, ctx.optional_frame("relations"))
    linked = _with_post_titles(linked, ctx.optional_frame("posts"))
    found = _summarise_links(linked)
    return finish(
        found,
        [
            "org_id",
            "records",
            "reviewed_by",
            "date",
            "person_id",
            "program",
            "program_name",
            "approved_date",
            "cadre_ids",
            "cadre_post_ids",
            "relations",
            "links",
            "self_enrolled",
        ],
    )


def reviewer_conflict(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Enrolment records whose reviewing post's holder is the beneficiary or the beneficiary's relative."""
    graph = ctx.graph
    bens = beneficiaries_in_period(ctx, list(params["review_programs"])).filter(
        pl.col("reviewed_by").is_not_null()
    )
    linked = graph.link_persons(bens, "person_id", post_col="reviewed_by", include_self=True)
    linked = _with_relation_refs(linked, ctx.optional_frame("relations"))
    linked = _with_post_titles(linked, ctx.optional_frame("posts"))
    found = _summarise_links(linked).with_columns(
        reviewer_id=pl.col("cadre_ids").list.first(),
        self_review=pl.col("self_enrolled"),
    )
    # "the beneficiary is the reviewer P1 himself" / "... the reviewer P1's sibling"
    found = found.with_columns(
        reviewer_link=pl.when(pl.col("self_review"))
        .then(pl.concat_str([pl.col("reviewer_id"), pl.lit(" 本人")]))
        .otherwise(pl.concat_str([pl.col("reviewer_id"), pl.lit(" 的"), pl.col("relations").list.join("、")]))
    )
    return finish(
        found,
        [
            "org_id",
            "records",
            "reviewed_by",
            "date",
            "person_id",
            "program",
            "program_name",
            "approved_date",
            "reviewer_id",
            "reviewer_link",
            "relations",
            "links",
            "self_review",
        ],
    )


_OUTPUTS = {
    "reviewed_by": "string",
    "person_id": "string",
    "program": "string",
    "program_name": "string",
    "approved_date": "date",
    "relations": "list",
    "links": "list",
}

DETECTORS = (
    Detector(
        name="welfare_relative_enrolled",
        reads=("beneficiaries", "posts", "relations"),
        run=relative_enrolled,
        params_schema=sdk.params(
            {"means_tested_programs": {**PROGRAMS_SCHEMA, "default": list(MEANS_TESTED),
                "description": "须对干部近亲属备案复核的救助项目"}}
        ),
        outputs={**_OUTPUTS, "cadre_ids": "list", "cadre_post_ids": "list", "self_enrolled": "boolean"},
        description="干部近亲属享受低保、特困、临时救助：受益人是本社区干部本人或其亲属（审核人本人及其亲属由回避规则处理）。",
    ),
    Detector(
        name="welfare_reviewer_conflict",
        reads=("beneficiaries", "posts", "relations"),
        run=reviewer_conflict,
        params_schema=sdk.params({"review_programs": {**PROGRAMS_SCHEMA, "default": list(PROGRAMS),
            "description": "审核回避检查覆盖的救助项目"}}),
        outputs={**_OUTPUTS, "reviewer_id": "string", "reviewer_link": "string", "self_review": "boolean"},
        description="审核未回避：救助对象记录的审核岗位在岗人员是受益人本人或其亲属。",
    ),
)
