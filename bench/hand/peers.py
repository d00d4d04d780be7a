"""Peer groups of communities and Tukey fences over a value of their peers.

A community's peers are the communities and villages of its street when the street has at least
``min_size`` of them, else of its whole district. Fences are Q3 + k·IQR (upper) and Q1 - k·IQR
(lower) with linear quartiles, null where the group holds fewer than ``min_size`` values.
"""

from __future__ import annotations

import polars as pl

from .run import Run

FENCES = ("q1", "q3", "iqr", "upper_fence", "lower_fence", "n_peers")


def peer_groups(r: Run, min_size: int) -> pl.LazyFrame:
    """org_id, peer_group, peer_pool (the street and district a value also counts toward)."""
    orgs = r.lf("orgs")
    units = orgs.filter(pl.col("level").is_in(["community", "village"])).select(
        "org_id", pl.col("parent_id").alias("street_id")
    )
    streets = orgs.select(
        pl.col("org_id").alias("street_id"), pl.col("parent_id").alias("district_id")
    ).unique("street_id", keep="first")
    groups = units.join(streets, on="street_id", how="left").with_columns(
        n_street=pl.len().over("street_id"), n_district=pl.len().over("district_id")
    )
    use_street = (pl.col("n_street") >= min_size) | pl.col("district_id").is_null()
    return groups.select(
        "org_id",
        pl.when(use_street).then("street_id").otherwise("district_id").alias("peer_group"),
        pl.concat_list("street_id", "district_id").list.drop_nulls().list.unique().alias("peer_pool"),
    )


def fences(
    frame: pl.LazyFrame, value: str, groups: list[str], min_size: int, k: float, *, pooled: bool
) -> pl.LazyFrame:
    """``frame`` with its group's quartiles, fences and ``n_peers`` (values in the group).

    ``pooled``: a value counts toward every group of its ``peer_pool`` (a thin street's fence is its
    district's, over all of the district's communities), and each row is judged against its own group.
    """
    values = frame.select(
        *groups, *(["peer_pool"] if pooled else []), pl.col(value).cast(pl.Float64).alias("_v")
    )
    if pooled:
        values = values.drop("peer_group").rename({"peer_pool": "peer_group"}).explode("peer_group")
    thick = pl.col("n_peers") >= min_size
    stats = (
        values.filter(pl.col("_v").is_not_null() & pl.col("_v").is_not_nan())
        .group_by(groups)
        .agg(
            q1=pl.col("_v").quantile(0.25, "linear"),
            q3=pl.col("_v").quantile(0.75, "linear"),
            n_peers=pl.len().cast(pl.Int64),
        )
        .with_columns(iqr=pl.col("q3") - pl.col("q1"))
        .with_columns(
            upper_fence=pl.when(thick).then(pl.col("q3") + k * pl.col("iqr")),
            lower_fence=pl.when(thick).then(pl.col("q1") - k * pl.col("iqr")),
        )
    )
    return frame.join(stats, on=groups, how="left", nulls_equal=True).with_columns(
        pl.col("n_peers").fill_null(0)
    )
