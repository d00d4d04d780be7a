"""Display names for the result: community, street and post holder, from ``orgs``, ``posts`` and ``persons``.

Officers read names, not codes. The result keeps the ids (the contract) and adds the names beside
them, so every renderer (table, workbook, report, service pages) shows the same names without
re-reading the dataset.
"""

from __future__ import annotations

import polars as pl

# A community's street is the nearest ancestor at this level (a village's township is filed as a street too).
STREET_LEVEL = "street"

NAME_COLUMNS: dict[str, pl.DataType] = {
    "post_id": pl.String(),
    "org_name": pl.String(),
    "street_id": pl.String(),
    "street_name": pl.String(),
    "holder_id": pl.String(),
    "holder_name": pl.String(),
}


def post_names(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per post of ``posts``: :data:`NAME_COLUMNS`, a missing name null (renderers show the id).

    Whichever of ``orgs``, ``posts`` and ``persons`` the dataset has is used; an empty name counts
    as missing, and of two rows for one id the last names it.
    """
    posts = frames.get("posts")
    if posts is None or posts.height == 0:
        return pl.DataFrame(schema=NAME_COLUMNS)
    posts = posts.select("post_id", "org_id", "holder_id").unique("post_id", keep="last", maintain_order=True)
    orgs = _org_names(frames.get("orgs"))
    holders = _holder_names(frames.get("persons"), posts)
    return (
        posts.join(orgs, on="org_id", how="left", maintain_order="left")
        .join(orgs.select(pl.col("org_id").alias("street_id"), pl.col("org_name").alias("street_name")),
              on="street_id", how="left", maintain_order="left")
        .join(holders, left_on="holder_id", right_on="person_id", how="left", maintain_order="left")
        .select(list(NAME_COLUMNS))
        .cast(NAME_COLUMNS)
    )


def _org_names(orgs: pl.DataFrame | None) -> pl.DataFrame:
    """``org_id``, ``org_name`` and ``street_id`` (the street above it) of every org."""
    schema = {"org_id": pl.String, "org_name": pl.String, "street_id": pl.String}
    if orgs is None or orgs.height == 0:
        return pl.DataFrame(schema=schema)
    ids = orgs["org_id"].unique(maintain_order=True).to_list()
    names = _last_given(orgs, "name")
    parents = _last_given(orgs, "parent_id")
    levels = _last_given(orgs, "level")
    streets = [_street_of(org_id, parents, levels) for org_id in ids]  # one per org, not per record
    org_names = [names.get(org_id) for org_id in ids]
    return pl.DataFrame({"org_id": ids, "org_name": org_names, "street_id": streets}, schema=schema)


def _last_given(orgs: pl.DataFrame, column: str) -> dict[str, str]:
    given = orgs.filter(pl.col(column).is_not_null() & (pl.col(column) != ""))
    return dict(given.select("org_id", column).iter_rows())


def _street_of(org_id: str, parents: dict[str, str], levels: dict[str, str]) -> str | None:
    """The street (街道/乡镇) above ``org_id``: the nearest ancestor at street level, else the parent."""
    seen, current = set(), parents.get(org_id)
    while current is not None and current not in seen:
        if levels.get(current) == STREET_LEVEL:
            return current
        seen.add(current)
        current = parents.get(current)
    return parents.get(org_id)


def _holder_names(persons: pl.DataFrame | None, posts: pl.DataFrame) -> pl.DataFrame:
    """``person_id``, ``holder_name`` of the post holders (a province's register has millions of others)."""
    schema = {"person_id": pl.String, "holder_name": pl.String}
    if persons is None or persons.height == 0:
        return pl.DataFrame(schema=schema)
    return (
        persons.select("person_id", pl.col("name").alias("holder_name"))
        .join(posts.select(pl.col("holder_id").alias("person_id")), on="person_id", how="semi")
        .filter(pl.col("holder_name").is_not_null() & (pl.col("holder_name") != ""))
        .unique("person_id", keep="last", maintain_order=True)
        .cast(schema)
    )
