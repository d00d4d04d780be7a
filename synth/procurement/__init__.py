"""Synthetic procurement ledgers: procurements, bids, resolutions, and planted procurement violations.

Clean records for every community: 5-8 awards in 2025 and 13-18 in the assessed period, direct
awards only below the collective-decision limit, quotations and tenders with 3-5 bids 5-12 % apart
at the bottom (the lowest bid wins, no two prices equal), complete 四议两公开 resolutions decided
before every award of 50,000 or more, contract = award, settlement within ±5 %, acceptance 30-60
days after the award. Awards are spread over a few regular vendors so that spend shares stay even,
and one vendor's small purchases of one category are never within 31 days of each other.

Then, in problem orgs only, five planted violations of each ``procurement.*`` rule, each on its own
new award (to a vendor with no other award in that org) so that it trips only its own rule; then the
serious procurement problems that :mod:`riskengine_synth.serious` planned on procurement posts.

``book`` holds the per-community state and the record builders, ``clean`` the clean awards, ``plants``
one planting function per rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from .. import serious as serious_plan
from ..truth import Truth
from ..world import World
from .book import PLANTS_PER_RULE, Org, ProcurementBook
from .clean import clean
from .plants import (
    plant_close,
    plant_concentration,
    plant_conflict,
    plant_direct,
    plant_few_quotes,
    plant_identical,
    plant_new_vendor,
    plant_no_acceptance,
    plant_no_decision,
    plant_overrun,
    plant_passed_over,
    plant_single_bid,
    plant_split,
)

Planter = Callable[[ProcurementBook, Org, int], list[str]]
# rule id -> (serious, planter); the order is the order of planting.
PLANTERS: dict[str, tuple[bool, Planter]] = {
    "procurement.split_purchase": (True, plant_split),
    "procurement.direct_award_over_limit": (True, plant_direct),
    "procurement.single_bid": (False, plant_single_bid),
    "procurement.too_few_quotes": (False, plant_few_quotes),
    "procurement.identical_bids": (False, plant_identical),
    "procurement.close_runner_up": (False, plant_close),
    "procurement.lowest_bid_passed_over": (False, plant_passed_over),
    "procurement.conflict_of_interest": (True, plant_conflict),
    "procurement.new_vendor": (False, plant_new_vendor),
    "procurement.cost_overrun": (False, plant_overrun),
    "procurement.no_acceptance": (False, plant_no_acceptance),
    "procurement.no_collective_decision": (True, plant_no_decision),
    "procurement.vendor_concentration": (False, plant_concentration),
}


def generate(world: World, truth: Truth) -> None:
    """Add clean procurements for every community, then the planted violations in problem orgs."""
    book = ProcurementBook(world, truth)
    for org_id in world.communities:
        clean(book, org_id)
    _plant_all(book)


def _plant_all(book: ProcurementBook) -> None:
    """Five plants of every rule in problem orgs, then the serious plan's procurement problems."""
    # Street by street in turn, so that the plants of one rule fall into different peer groups.
    by_street: dict[str, list[str]] = defaultdict(list)
    for org_id in book.world.communities:
        if org_id in set(book.world.problem_orgs):
            by_street[book.world.street_of(org_id)].append(org_id)
    columns = list(by_street.values())
    problem = [c[i] for i in range(max(map(len, columns), default=0)) for c in columns if i < len(c)]
    if not problem:
        return
    slot = 0
    for rule_id, (serious, plant) in PLANTERS.items():
        # A community has one concentrated vendor at most: never two such plants in one org.
        count = min(PLANTS_PER_RULE, len(problem)) if "concentration" in rule_id else PLANTS_PER_RULE
        for i in range(count):
            org = book.orgs[problem[slot % len(problem)]]
            slot += 1
            records = plant(book, org, i)
            large_overrun = rule_id == "procurement.cost_overrun" and i < 2  # over 30 %
            book.truth.plant(rule_id, org_id=org.org_id, post_id=org.post, records=records,
                             serious=serious or large_overrun, note=f"procurement plant {i + 1}")
    for post_id, rule_id, k in serious_plan.kinds_for(book.world, "procurement."):
        org = book.orgs[serious_plan.org_of(post_id)]
        if post_id != org.post:
            raise ValueError(f"{rule_id} answers to the procurement post, not {post_id}")
        # Plant 0 of the cost overrun is a large one (over 30 %): the serious kind.
        records = PLANTERS[rule_id][1](book, org, 0 if rule_id == "procurement.cost_overrun" else k % 5)
        book.truth.plant(rule_id, org_id=org.org_id, post_id=org.post, records=records,
                         serious=True, note=f"serious post plant {k + 1}")

