"""Display names for the result: community, street and post holder, from ``orgs``, ``posts`` and ``persons``.

Officers read names, not codes. The result keeps the ids (the contract) and adds the names beside
them, so every renderer (table, workbook, report, service pages) shows the same names without
re-reading the dataset.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

# A community's street is the nearest ancestor at this level (a village's township is filed as a street too).
STREET_LEVEL = "street"


@dataclass(frozen=True)
class Names:
    """Lookups from ids to display names; a missing name is ``None`` (the renderer falls back to the id)."""

    orgs: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    holders: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def street_of(self, org_id: str) -> str | None:
        """The street (街道/乡镇) above ``org_id``: the nearest ancestor at street level, else the parent."""
        seen, current = set(), self.parents.get(org_id)
        while current is not None and current not in seen:
            if self.levels.get(current) == STREET_LEVEL:
                return current
            seen.add(current)
            current = self.parents.get(current)
        return self.parents.get(org_id)

    def for_post(self, post_id: str, org_id: str) -> dict[str, str | None]:
        """The additive display fields of one post in the result."""
        street_id = self.street_of(org_id)
        holder_id, holder_name = self.holders.get(post_id, (None, None))
        return {
            "org_name": self.orgs.get(org_id),
            "street_id": street_id,
            "street_name": self.orgs.get(street_id) if street_id else None,
            "holder_id": holder_id,
            "holder_name": holder_name,
        }


def collect_names(frames: dict[str, pl.DataFrame]) -> Names:
    """Names from whichever of ``orgs``, ``posts`` and ``persons`` the dataset has."""
    orgs, parents, levels, holders = {}, {}, {}, {}
    org_frame = frames.get("orgs")
    if org_frame is not None and org_frame.height:
        for org_id, name, level, parent_id in org_frame.select(
            "org_id", "name", "level", "parent_id"
        ).iter_rows():
            if name:
                orgs[org_id] = name
            if parent_id:
                parents[org_id] = parent_id
            if level:
                levels[org_id] = level
    persons: dict[str, str] = {}
    person_frame = frames.get("persons")
    post_frame = frames.get("posts")
    if person_frame is not None and person_frame.height:
        named = person_frame.select("person_id", "name")
        if post_frame is not None:
            # Only post holders are named: a province's register has millions of other persons.
            holders_ids = post_frame.select(pl.col("holder_id").alias("person_id"))
            named = named.join(holders_ids, on="person_id", how="semi")
        persons = {pid: name for pid, name in named.iter_rows() if name}
    if post_frame is not None and post_frame.height:
        for post_id, holder_id in post_frame.select("post_id", "holder_id").iter_rows():
            holders[post_id] = (holder_id, persons.get(holder_id) if holder_id else None)
    return Names(orgs=orgs, parents=parents, levels=levels, holders=holders)
