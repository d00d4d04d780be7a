"""Who is close to a cadre: post holders, their relatives (both ways round), the people behind companies.

Three small lazy frames, built once per run and joined by the rules that ask (related-party
payments, conflicts of interest, relatives enrolled in welfare, reviewer conflicts).
"""

from __future__ import annotations

import polars as pl

from .run import Run, fmt

#: A relation read from the other side: the row says the cadre is the person's parent, so the
#: person is the cadre's child. The other labels are symmetric.
REVERSED = {"parent": "child", "child": "parent"}


def cadres(r: Run) -> pl.LazyFrame:
    """cadre_id, cadre_post_id, cadre_org_id: one row per held post."""
    return r.shared(
        "cadres",
        lambda: (
            r.lf("posts")
            .filter(pl.col("holder_id").is_not_null() & pl.col("post_id").is_not_null())
            .select(
                pl.col("holder_id").alias("cadre_id"),
                pl.col("post_id").alias("cadre_post_id"),
                pl.col("org_id").alias("cadre_org_id"),
            )
            .unique(maintain_order=True)
        ),
    )


def holders(r: Run) -> pl.LazyFrame:
    """post_id, holder: who holds each post."""
    return cadres(r).select(pl.col("cadre_post_id").alias("post_id"), pl.col("cadre_id").alias("holder"))


def kin(r: Run) -> pl.LazyFrame:
    """cadre_id, cadre_post_id, cadre_org_id, person_id, relation, relation_ref: the cadre and relatives.

    One row per (cadre post, person); the cadre itself comes first, then the relatives the cadre
    is listed with, then those who list the cadre (label reversed, the cited row as recorded).
    """

    def build() -> pl.LazyFrame:
        rel = r.lf("relations").select("person_id", "related_id", "relation")
        c = cadres(r)
        own = c.with_columns(
            person_id=pl.col("cadre_id"), relation=pl.lit("self"), relation_ref=pl.lit(None, pl.String)
        )
        forward = c.join(rel, left_on="cadre_id", right_on="person_id").select(
            "cadre_id",
            "cadre_post_id",
            "cadre_org_id",
            pl.col("related_id").alias("person_id"),
            "relation",
            fmt("relations:{}:{}", "cadre_id", "related_id").alias("relation_ref"),
        )
        backward = c.join(rel, left_on="cadre_id", right_on="related_id").select(
            "cadre_id",
            "cadre_post_id",
            "cadre_org_id",
            "person_id",
            pl.col("relation").replace(REVERSED),
            fmt("relations:{}:{}", "person_id", "cadre_id").alias("relation_ref"),
        )
        return (
            pl.concat([own, forward, backward])
            .filter(pl.col("person_id").is_not_null())
            .with_columns(pl.col("relation").fill_null("other"))
            .unique(["cadre_post_id", "person_id"], keep="first", maintain_order=True)
        )

    return r.shared("kin", build)


def company_kin(r: Run) -> pl.LazyFrame:
    """company_id, linked_person_id, role + the kin columns: companies a cadre or relative represents or owns.

    A person both legal representative and shareholder of a company counts once, as representative.
    """

    def build() -> pl.LazyFrame:
        companies = r.lf("companies")
        reps = companies.select(
            "company_id", pl.col("legal_rep_id").alias("person_id"), role=pl.lit("legal_rep")
        )
        owners = companies.select(
            "company_id", pl.col("shareholder_ids").alias("person_id"), role=pl.lit("shareholder")
        ).explode("person_id")
        people = (
            pl.concat([reps, owners])
            .filter(pl.col("company_id").is_not_null() & pl.col("person_id").is_not_null())
            .filter(pl.col("person_id") != "")
            .unique()
        )
        return (
            people.join(kin(r), on="person_id")
            .rename({"person_id": "linked_person_id"})
            .sort(pl.col("role") != "legal_rep")
            .unique(["company_id", "cadre_post_id", "linked_person_id"], keep="first", maintain_order=True)
        )

    return r.shared("company_kin", build)


RELATION_ZH = {
    "self": "本人",
    "spouse": "配偶",
    "child": "子女",
    "parent": "父母",
    "sibling": "兄弟姐妹",
    "in_law": "姻亲",
    "other": "其他亲属",
}
ROLE_ZH = {"legal_rep": "法定代表人", "shareholder": "股东"}
