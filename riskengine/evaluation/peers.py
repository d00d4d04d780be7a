"""Peer statistics: peer groups of communities, Tukey fences over peers, Benford first-digit MAD.

Indicators such as "complaints above the peer fence" or "vendor share above the peer fence" compare a
community (or a post) with its peers: the communities and villages of the same street when the street
has at least ``min_size`` of them, else of the whole district. Thin groups are not judged: their fences
(or MAD) are null and the detector reports the org as not evaluated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import polars as pl

from .graph import conform

#: Org levels that form peer groups.
GRASSROOTS_LEVELS = ("community", "village")
#: Columns tukey_fences adds (replacing same-named columns of its input).
FENCE_COLUMNS = ("q1", "q3", "iqr", "upper_fence", "lower_fence", "n_peers")
#: Benford's first-digit law: P(d) = log10(1 + 1/d), d = 1..9.
BENFORD = tuple(math.log10(1 + 1 / d) for d in range(1, 10))

Group = str | Sequence[str]


def _group_cols(group_col: Group) -> list[str]:
    return [group_col] if isinstance(group_col, str) else list(group_col)


def org_peer_groups(orgs: pl.DataFrame, *, min_size: int = 10) -> pl.DataFrame:
    """Each community/village's peer group.

    Returns ``org_id``, ``street_id``, ``district_id``, ``peer_group`` (the street id when the street
    has >= ``min_size`` communities/villages, else the district id, i.e. all communities/villages under
    the district's streets), ``n_peers`` (size of that group, the org itself included) and ``peer_pool``
    (List[String]: every group whose statistics this org's value counts toward -- its street and its
    district). :func:`tukey_fences` uses ``peer_pool`` so that a thin street's fence is computed over the
    whole district, including communities whose own group is their (large) street.

    An org whose street is not in ``orgs`` (unknown district) keeps its street as group.
    """
    orgs = conform(orgs, {"org_id": pl.String(), "level": pl.String(), "parent_id": pl.String()})
    units = orgs.filter(pl.col("level").is_in(GRASSROOTS_LEVELS)).select(
        "org_id", pl.col("parent_id").alias("street_id")
    )
    streets = orgs.select(
        pl.col("org_id").alias("street_id"), pl.col("parent_id").alias("district_id")
    ).unique(subset="street_id", keep="first")
    grouped = units.join(streets, on="street_id", how="left").with_columns(
        n_street=pl.len().over("street_id"),
        n_district=pl.len().over("district_id"),
    )
    use_street = (pl.col("n_street") >= min_size) | pl.col("district_id").is_null()
    return grouped.select(
        "org_id",
        "street_id",
        "district_id",
        pl.when(use_street).then(pl.col("street_id")).otherwise(pl.col("district_id")).alias("peer_group"),
        pl.when(use_street)
        .then(pl.col("n_street"))
        .otherwise(pl.col("n_district"))
        .cast(pl.Int64)
        .alias("n_peers"),
        pl.concat_list("street_id", "district_id")
        .list.drop_nulls()
        .list.unique(maintain_order=True)
        .alias("peer_pool"),
    )


def tukey_fences(
    frame: pl.DataFrame,
    value_col: str,
    group_col: Group,
    *,
    min_size: int = 10,
    k: float = 1.5,
    pool_col: str | None = None,
) -> pl.DataFrame:
    """``frame`` plus per-group ``q1``, ``q3``, ``iqr``, ``upper_fence``, ``lower_fence``, ``n_peers``.

    Quartiles use Polars ``quantile(..., interpolation="linear")`` (numpy's default, type 7);
    ``upper_fence = q3 + k*iqr``, ``lower_fence = q1 - k*iqr``. ``n_peers`` counts the non-null values
    in the group; the fences are null where ``n_peers < min_size`` (too few peers: not evaluated).
    ``group_col`` may be several columns, e.g. ``["peer_group", "category"]`` for posts of one category.
    Existing columns named like the output columns (e.g. ``n_peers`` from :func:`org_peer_groups`) are
    replaced.

    Pooling: when ``pool_col`` (a List[String] column) is given -- or when ``group_col`` includes
    ``peer_group`` and the frame has the ``peer_pool`` column of :func:`org_peer_groups` -- each row's
    value counts toward every group listed in its pool (the pool stands in for the ``peer_group`` key,
    or for the first group column), and the row is judged against its own group. Without a pool,
    statistics use the rows of each group only.
    """
    groups = _group_cols(group_col)
    if pool_col is None and "peer_group" in groups and "peer_pool" in frame.columns:
        pool_col = "peer_pool"
    base = frame.drop([c for c in FENCE_COLUMNS if c in frame.columns])
    values = base.select(
        *groups,
        pl.col(value_col).cast(pl.Float64).alias("_value"),
        *([pool_col] if pool_col is not None else []),
    )
    if pool_col is not None:
        # The pool names the groups this row contributes to; it stands in for the peer_group key.
        pooled_key = "peer_group" if "peer_group" in groups else groups[0]
        values = values.drop(pooled_key).rename({pool_col: pooled_key}).explode(pooled_key)
    stats = (
        values.filter(pl.col("_value").is_not_null() & pl.col("_value").is_not_nan())
        .group_by(groups)
        .agg(
            pl.col("_value").quantile(0.25, interpolation="linear").alias("q1"),
            pl.col("_value").quantile(0.75, interpolation="linear").alias("q3"),
            pl.len().cast(pl.Int64).alias("n_peers"),
        )
    )
    thick = pl.col("n_peers") >= min_size
    stats = stats.with_columns(iqr=pl.col("q3") - pl.col("q1")).with_columns(
        upper_fence=pl.when(thick).then(pl.col("q3") + k * pl.col("iqr")),
        lower_fence=pl.when(thick).then(pl.col("q1") - k * pl.col("iqr")),
    )
    out = base.join(stats, on=groups, how="left", nulls_equal=True, maintain_order="left")
    # Groups with no value at all get n_peers 0 rather than null, so "n_peers < min_size" reads naturally.
    return out.with_columns(pl.col("n_peers").fill_null(0))


def first_digit(amount: pl.Expr) -> pl.Expr:
    """First significant digit (1..9) of a positive amount in yuan; null for amounts < 0.01 or null.

    Works on the amount rounded to cents as an integer string, which is exact for ledger amounts
    (at most 2 decimals) where ``x / 10**floor(log10(x))`` can land just below an integer (0.3 -> 2.99...).
    """
    cents = (amount.cast(pl.Float64) * 100).round(0)
    return (
        pl.when(cents >= 1)
        # strict=False: both branches are evaluated, and negatives/inf must not raise on the masked side.
        .then(cents.cast(pl.Int64, strict=False).cast(pl.String).str.slice(0, 1).cast(pl.Int8, strict=False))
        .otherwise(None)
    )


def benford_mad(
    frame: pl.DataFrame,
    amount_col: str,
    group_col: Group,
    *,
    min_count: int = 1000,
    min_amount: float = 0.0,
) -> pl.DataFrame:
    """Benford first-digit conformity per group.

    Returns the group column(s), ``n`` (amounts with a first digit: positive, >= 0.01 and > ``min_amount``),
    ``mad`` (mean over digits 1..9 of |observed proportion - log10(1 + 1/d)|; null where ``n < min_count``,
    since small samples exceed the MAD bands even when they conform) and ``digit_share`` (List[Float64] of
    the 9 observed proportions, digit 1 first; null where n == 0) for evidence.
    Nigrini's bands: <= 0.012 close conformity, 0.012-0.015 marginal, > 0.015 nonconformity.
    """
    groups = _group_cols(group_col)
    digit = first_digit(pl.col(amount_col))
    if min_amount > 0:
        digit = pl.when(pl.col(amount_col) > min_amount).then(digit)
    counts = (
        frame.select(*groups, digit.alias("_digit"))
        .group_by(groups)
        .agg(
            pl.col("_digit").count().cast(pl.Int64).alias("n"),
            # One expression per digit (nine of them), not a loop over records.
            *((pl.col("_digit") == d).sum().alias(f"_d{d}") for d in range(1, 10)),
        )
    )
    has_n = pl.col("n") > 0
    shares = [pl.when(has_n).then(pl.col(f"_d{d}") / pl.col("n")) for d in range(1, 10)]
    mad = pl.sum_horizontal(*((share - BENFORD[d - 1]).abs() for d, share in enumerate(shares, 1))) / 9
    return counts.select(
        *groups,
        "n",
        pl.when(pl.col("n") >= min_count).then(mad).alias("mad"),
        pl.when(has_n).then(pl.concat_list(shares)).alias("digit_share"),
    ).sort(groups, nulls_last=True)
