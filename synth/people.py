"""The people of a world: post holders and their families, ordinary households, clean vendors per street."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .dates import LATEST_BIRTH, birth_date, shift_years

if TYPE_CHECKING:
    from .world import World

POST_CATEGORIES = ("secretary", "director", "finance", "cashier", "welfare", "procurement", "grid")

# Short codes that make post ids readable: C0001-FIN is community C0001's finance post.
POST_SHORT = {
    "secretary": "SEC",
    "director": "DIR",
    "finance": "FIN",
    "cashier": "CSH",
    "welfare": "WEL",
    "procurement": "PRC",
    "grid": "GRD",
}

# (title in a 社区, title in a 村)
POST_TITLES = {
    "secretary": ("党组织书记", "党组织书记"),
    "director": ("居委会主任", "村委会主任"),
    "finance": ("会计", "报账员"),
    "cashier": ("出纳", "出纳"),
    "welfare": ("民政专干", "民政专干"),
    "procurement": ("采购经办人", "采购经办人"),
    "grid": ("网格员", "网格员"),
}

# Micro-powers (小微权力清单) per category; a community's grid worker also issues residence certificates.
POST_POWERS = {
    "secretary": ("fund_approval", "personnel", "project_supervision"),
    "director": ("fund_approval", "certificate_issuing", "asset_management"),
    "finance": ("fund_handling",),
    "cashier": ("fund_handling",),
    "welfare": ("welfare_review", "certificate_issuing"),
    "procurement": ("procurement",),
    "grid": (),
}

VENDORS_PER_STREET = 15


def populate(world: World) -> None:
    """Staff every community (a holder per post category, with relatives) and settle its households;
    then give every street its pool of clean vendors."""
    for org_id in world.communities:
        _staff(world, org_id)
        _populate(world, org_id)
    for street_id in world.streets:
        world.add_vendors(street_id, [_clean_vendor(world, street_id) for _ in range(VENDORS_PER_STREET)])


def _staff(world: World, org_id: str) -> None:
    """One holder for each post category, born 1968-1998, with one to three close relatives."""
    village = world.is_village(org_id)
    for category in POST_CATEGORIES:
        post_id = f"{org_id}-{POST_SHORT[category]}"
        holder = world.new_person(org_id, birth_date=birth_date(world.rng, 28, 58))
        powers = list(POST_POWERS[category])
        if category == "grid" and not village:
            powers = ["certificate_issuing"]
        row = {
            "post_id": post_id,
            "org_id": org_id,
            "title": POST_TITLES[category][1 if village else 0],
            "category": category,
            "holder_id": holder,
            "powers": powers,
        }
        world.add_post(row)
        kinds = world.rng.sample(("spouse", "child", "parent", "sibling"), world.rng.randint(1, 3))
        for relation in sorted(kinds, key=("spouse", "child", "parent", "sibling").index):
            world.relative(holder, relation)


def _populate(world: World, org_id: str) -> None:
    """Ordinary households: families, single adults and elderly people (for allowances)."""
    residents: list[str] = []
    for _ in range(world.rng.randint(22, 30)):
        household = world.next_id("H")
        shape = world.rng.random()
        if shape < 0.15:  # elderly person or couple
            head = _resident(world, org_id, household, birth_date(world.rng, 78, 95), residents)
            if world.rng.random() < 0.5:
                _resident(world, org_id, household, birth_date(world.rng, 76, 92), residents, head)
        elif shape < 0.30:  # single adult
            _resident(world, org_id, household, birth_date(world.rng, 20, 70), residents)
        else:  # family
            head_born = birth_date(world.rng, 30, 65)
            head = _resident(world, org_id, household, head_born, residents)
            if world.rng.random() < 0.75:
                born = shift_years(head_born, world.rng.randint(-4, 4), world.rng)
                _resident(world, org_id, household, born, residents)
            for _ in range(world.rng.randint(0, 3)):
                born = min(shift_years(head_born, world.rng.randint(24, 36), world.rng), LATEST_BIRTH)
                _resident(world, org_id, household, born, residents, head)
            if world.rng.random() < 0.2:
                born = shift_years(head_born, -world.rng.randint(24, 32), world.rng)
                _resident(world, org_id, household, born, residents, head)
    world.add_residents(org_id, residents)


def _resident(
    world: World, org_id: str, household: str, born: date, residents: list[str], kin_of: str | None = None
) -> str:
    surname = world.person(kin_of)["name"][0] if kin_of and world.rng.random() < 0.8 else None
    person_id = world.new_person(org_id, household_id=household, birth_date=born, surname=surname)
    residents.append(person_id)
    return person_id


def _clean_vendor(world: World, street_id: str) -> str:
    """A company whose legal rep and shareholders are new people related to no cadre."""
    rep = world.new_person(street_id, birth_date=birth_date(world.rng, 28, 62))
    others = [
        world.new_person(street_id, birth_date=birth_date(world.rng, 28, 62))
        for _ in range(world.rng.randint(0, 2))
    ]
    return world.new_company(legal_rep_id=rep, shareholder_ids=[rep, *others])

