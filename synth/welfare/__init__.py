"""Synthetic welfare ledgers (惠民资金): enrolment records, monthly payments, recipient-list disclosures.

Clean data, every community: 20-60 beneficiaries who are nobody's relatives (new persons, mostly
one-person households, some elderly couples sharing their household's account), monthly payments
from 2025-01 to 2026-10 on one working pay day per community and month, one account per household,
everything reviewed and handled by the community's welfare post (民政专干), and the quarterly
recipient list (``welfare_recipients``) published a few days after each quarter. People who die or
exit stop receiving money before that date.

Planted violations (problem orgs only): five of each ``welfare.*`` rule, each on fresh people so
that it trips its own rule and no other; then the serious welfare problems that
:mod:`riskengine_synth.serious` planned on welfare posts (relatives enrolled and reviewer conflicts
never on the cadre him/herself there, so nobody is enrolled twice). Ids: disbursements ``WD…``,
accounts ``A…``, disclosures ``DW…``.

``book`` holds the building blocks, ``clean`` the clean beneficiaries, ``disclosure`` the recipient
lists; the planted violations are grouped as the welfare plugin groups its detectors (``payments``,
``groups``, ``enrolment``).
"""

from __future__ import annotations

from collections.abc import Callable

from .. import serious
from ..truth import Truth
from ..world import World
from .book import PLANTS_PER_RULE, Planted, WelfareBook
from .clean import clean_beneficiary
from .disclosure import disclose, plant_undisclosed
from .enrolment import plant_relative_enrolled, plant_reviewer_conflict
from .groups import plant_duplicate_payment, plant_repeated_temp_relief, plant_shared_account
from .payments import plant_not_enrolled, plant_over_standard, plant_paid_after_death, plant_paid_after_exit

# The welfare kinds that are serious problems are those the serious plan may give a welfare post.
SERIOUS = frozenset(serious.OWN_KINDS["welfare"])


PLANTERS: dict[str, Callable[[WelfareBook, str], Planted]] = {
    "welfare.paid_after_death": plant_paid_after_death,
    "welfare.paid_after_exit": plant_paid_after_exit,
    "welfare.duplicate_payment": plant_duplicate_payment,
    "welfare.not_enrolled": plant_not_enrolled,
    "welfare.over_standard": plant_over_standard,
    "welfare.shared_account": plant_shared_account,
    "welfare.relative_enrolled": plant_relative_enrolled,
    "welfare.reviewer_conflict": plant_reviewer_conflict,
    "welfare.repeated_temp_relief": plant_repeated_temp_relief,
}


def generate(world: World, truth: Truth) -> None:
    """Add clean welfare ledgers to every community and plant each ``welfare.*`` violation 5 times."""
    book = WelfareBook(world)
    for org_id in world.communities:
        for _ in range(world.rng.randint(20, 60)):
            clean_beneficiary(book, org_id)
    orgs = list(world.problem_orgs)
    for index, (rule_id, planter) in enumerate(PLANTERS.items()):
        for k in range(PLANTS_PER_RULE if orgs else 0):
            org_id = orgs[(index + 3 * k) % len(orgs)]
            _record(truth, world, rule_id, org_id, planter(book, org_id))
    for post_id, rule_id, _ in serious.kinds_for(world, "welfare."):
        org_id = serious.org_of(post_id)
        if post_id != world.post_id(org_id, "welfare"):
            raise ValueError(f"{rule_id} answers to the welfare post, not {post_id}")
        planter = PLANTERS[rule_id]
        if rule_id in ("welfare.relative_enrolled", "welfare.reviewer_conflict"):
            planted = planter(book, org_id, allow_self=False)
        else:
            planted = planter(book, org_id)
        _record(truth, world, rule_id, org_id, planted)
    # Recipient lists last: the undisclosed quarter names every enrolment record active in it.
    skipped: dict[str, set[tuple[int, int]]] = {}
    for org_id, quarter, records in plant_undisclosed(book, orgs):
        skipped.setdefault(org_id, set()).add(quarter)
        note = f"{quarter[0]} 年第 {quarter[1]} 季度救助对象名单未公示"
        _record(truth, world, "welfare.recipients_not_disclosed", org_id, (records, note))
    for org_id in world.communities:
        disclose(book, org_id, skipped.get(org_id, set()))


def _record(truth: Truth, world: World, rule_id: str, org_id: str, planted: Planted) -> None:
    records, note = planted
    truth.plant(
        rule_id,
        org_id=org_id,
        post_id=world.post_id(org_id, "welfare"),
        records=records,
        serious=rule_id in SERIOUS,
        note=note,
    )
