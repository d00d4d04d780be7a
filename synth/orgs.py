"""The org tree of a world: province, city, districts, streets, and the communities and villages under them.

Each street's communities are split at random into problem orgs (where violations are planted) and
clean orgs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import names

if TYPE_CHECKING:
    from .world import World

_VILLAGE_SHARE = 0.35


def build(world: World, n_districts: int, n_streets: int, n_communities: int, problem_share: float) -> None:
    """Add the orgs, with ``problem_share`` of every street's communities in ``world.problem_orgs``."""
    world.add_org("PR01", names.PROVINCE_NAME, "province", None)
    world.add_org("CT01", names.CITY_NAME, "city", "PR01")
    street_names = unique_names(names.STREET_NAMES, n_districts * n_streets, world.rng, "街道")
    n_total = n_districts * n_streets * n_communities
    community_names = unique_names(names.COMMUNITY_NAMES, n_total, world.rng, "")
    village_names = unique_names(names.VILLAGE_NAMES, n_total, world.rng, "")
    for d in range(n_districts):
        district_id = f"D{d + 1:02d}"
        district_name = names.DISTRICT_NAMES[d % len(names.DISTRICT_NAMES)]
        if d >= len(names.DISTRICT_NAMES):
            district_name = f"{district_name[:-1]}{d // len(names.DISTRICT_NAMES) + 1}区"
        world.add_org(district_id, district_name, "district", "CT01")
        world.districts.append(district_id)
        for _ in range(n_streets):
            street_id = f"S{len(world.streets) + 1:02d}"
            world.add_org(street_id, street_names.pop(0), "street", district_id)
            world.streets.append(street_id)
            members = []
            for _ in range(n_communities):
                org_id = f"C{len(world.communities) + 1:04d}"
                village = world.rng.random() < _VILLAGE_SHARE
                name = f"{village_names.pop(0)}村" if village else f"{community_names.pop(0)}社区"
                world.add_org(org_id, name, "village" if village else "community", street_id)
                world.communities.append(org_id)
                members.append(org_id)
            problem = set(world.rng.sample(members, round(problem_share * len(members))))
            world.problem_orgs.extend(m for m in members if m in problem)
            world.clean_orgs.extend(m for m in members if m not in problem)


def unique_names(pool: Sequence[str], n: int, rng: random.Random, suffix: str) -> list[str]:
    """``n`` distinct names drawn from ``pool``; past its size, 第二/第三 variants are added."""
    stems = [name.removesuffix(suffix) if suffix else name for name in pool]
    result: list[str] = []
    ordinals = ("", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九")
    for rank in range(len(ordinals)):
        batch = rng.sample(stems, len(stems))
        result.extend(f"{stem}{ordinals[rank]}{suffix}" for stem in batch)
        if len(result) >= n:
            return result[:n]
    raise ValueError(f"cannot name {n} places uniquely")
