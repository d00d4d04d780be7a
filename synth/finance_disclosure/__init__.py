"""Synthetic finance ledgers (财务台账), 四议两公开 resolutions and monthly finance disclosures.

Clean part, for every community, 2025-01 .. 2026-11:

- a monthly pay (报酬) to every post holder, and a few hundred other expenses and incomes on working
  days, paid to the street's vendor pool, to companies and residents created here (related to no
  cadre), or -- travel only -- to a cadre him/herself; approved by the secretary or director, handled
  by the finance or cashier post; cash only below 1,000; distinct vouchers;
- expense amounts drawn log-uniformly over whole decades with first digits assigned to follow
  Benford's law exactly, so amounts look like 1234.56 and almost never like 3000.00; two clean orgs
  get more than 1,000 expenses in the period so that the Benford test is evaluated on clean data;
- every expense of 50,000 or more has a complete resolution decided before it;
- no counterparty and category receives 40,000 or more within 91 days from sub-limit payments, and no
  counterparty receives the same amount twice within 20 days;
- a finance income/expense disclosure per month, published within 10 days of the month's end, with
  totals equal to the ledger's; two clean orgs disclose quarterly until 2026-09.

Planted part, problem orgs only: at least four violations of every ``finance.*`` rule, each tripping
its own rule only; then the finance problems that :mod:`riskengine_synth.serious` planned on the posts
it names (large cash payments, split payments, no collective decision, related-party payments; a small
cash payment as a single minor problem). Ids: ledger ``T…``, resolutions ``RF…``, disclosures ``DF…``.

``books`` writes the rows and keeps clean payments clean, ``ledger`` and ``amounts`` make the clean
ledger, ``disclosures`` the disclosures; each family of planted violations has its module (``approval``,
``limits``, ``payments``, ``related``, ``statistics``), as the finance plugin has for its detectors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from .. import serious
from ..truth import Truth
from ..world import World
from .approval import plant_incompatible_posts, plant_no_collective_decision, plant_self_approval
from .books import Books
from .disclosures import disclose, plant_disclosures
from .ledger import clean_org
from .limits import plant_cash, plant_holiday, plant_hospitality
from .payments import plant_duplicate, plant_split
from .related import plant_related
from .statistics import plant_benford, plant_round_amounts


def generate(world: World, truth: Truth) -> None:
    """Add clean finance ledgers for every community and planted finance violations in problem orgs."""
    books = Books(world, truth)
    rng = world.rng
    problem = sorted(world.problem_orgs)
    clean = sorted(world.clean_orgs)
    benford_bad = _spread(world, problem, 4, per_street=2)
    others = [o for o in problem if o not in benford_bad]
    benford_good = set(rng.sample(clean, min(2, len(clean))))
    quarterly = set(rng.sample([o for o in clean if o not in benford_good], min(2, len(clean) // 4)))
    distortion = {org: (0.5 if i % 2 == 0 else 0.23) for i, org in enumerate(benford_bad)}

    plant_incompatible_posts(books, others[::-1][:4])  # before pay: both posts are paid to the holder
    for org_id in world.communities:
        big = org_id in benford_bad or org_id in benford_good
        books.setup_org(org_id, n_companies=25 if big else 8, n_people=30 if big else 10)
        clean_org(books, org_id, 125 if big else 8, distortion.get(org_id, 0.0))
    plant_benford(books, benford_bad, distortion)

    ledger_plants: list[Callable[[Books, str, int], None]] = [
        plant_no_collective_decision,
        plant_self_approval,
        plant_cash,
        plant_split,
        plant_duplicate,
        plant_related,
        plant_hospitality,
        plant_holiday,
    ]
    for offset, plant in enumerate(ledger_plants if others else ()):
        for k in range(4):
            plant(books, others[(offset + 3 * k) % len(others)], k)
    for org_id in _spread(world, others, 4, per_street=2):
        plant_round_amounts(books, org_id)
    _plant_planned(books)

    disclosures = disclose(books, quarterly)  # after every ledger row: totals must match
    if others:
        plant_disclosures(books, others, disclosures)


def _plant_planned(books: Books) -> None:
    """The finance problems of the serious and minor plans (``serious.py``), on the posts they name."""
    world = books.world
    for post_id, rule_id, k in serious.kinds_for(world, "finance."):
        org_id = serious.org_of(post_id)
        if rule_id == "finance.cash_over_limit":
            plant_cash(books, org_id, k, post_id, large=True)
        elif rule_id == "finance.split_payments":
            plant_split(books, org_id, k, post_id)
        elif rule_id == "finance.no_collective_decision":
            plant_no_collective_decision(books, org_id, k, approver=post_id)
        elif rule_id == "finance.related_party_payment":
            plant_related(books, org_id, k, approver=post_id)
        else:
            raise ValueError(f"no serious finance plant for {rule_id}")
    for k, (post_id, rule_id) in enumerate(serious.minor_for(world, "finance.")):
        if rule_id != "finance.cash_over_limit":
            raise ValueError(f"no minor finance plant for {rule_id}")
        plant_cash(books, serious.org_of(post_id), k, post_id)


def _spread(world: World, orgs: list[str], n: int, *, per_street: int) -> list[str]:
    """Up to ``n`` orgs, taking streets in turn and at most ``per_street`` from one street."""
    by_street: dict[str, list[str]] = defaultdict(list)
    for org_id in orgs:
        by_street[world.street_of(org_id)].append(org_id)
    chosen: list[str] = []
    for rank in range(per_street):
        for street in sorted(by_street):
            if len(chosen) < n and len(by_street[street]) > rank:
                chosen.append(by_street[street][rank])
    return chosen

