"""Which posts carry three or more serious problems, and which carry one minor problem.

The level policy (rules/scoring.yaml) makes every post with three or more serious problems 一级;
the quality dataset must show it on many posts, with problems of mixed kinds and domains. The plan
is made once, before the domain generators run: each generator then plants the kinds of its own
domain on the posts the plan names (``kinds_for``), records them in the truth as serious, and keeps
them from tripping any other rule. A rule may appear more than once on one post (two large cash
payments are two serious problems).
"""

from __future__ import annotations

from .people import POST_CATEGORIES
from .world import World

SERIOUS_MIN = 3
SERIOUS_SHARE = 5 / 7  # of the posts of each problem org
CONDUCT = ("conduct.negative_list_event", "conduct.unanswered_complaint")
# The serious kinds a post of each category answers for, besides conduct (who answers: INDICATORS.md).
OWN_KINDS: dict[str, tuple[str, ...]] = {
    "secretary": ("finance.no_collective_decision", "finance.related_party_payment"),
    "director": ("finance.no_collective_decision", "finance.related_party_payment"),
    "finance": ("finance.cash_over_limit", "finance.split_payments"),
    "cashier": ("finance.cash_over_limit", "finance.split_payments"),
    "procurement": (
        "procurement.split_purchase",
        "procurement.direct_award_over_limit",
        "procurement.conflict_of_interest",
        "procurement.cost_overrun",
        "procurement.no_collective_decision",
    ),
    "welfare": (
        "welfare.paid_after_death",
        "welfare.paid_after_exit",
        "welfare.duplicate_payment",
        "welfare.shared_account",
        "welfare.relative_enrolled",
        "welfare.reviewer_conflict",
    ),
    "grid": (),
}
# One minor problem: a complaint answered late (within 60 days), or a small cash payment.
MINOR_KINDS: dict[str, str] = {"finance": "finance.cash_over_limit", "cashier": "finance.cash_over_limit"}
MINOR_DEFAULT = "conduct.unanswered_complaint"


def plan(world: World) -> None:
    """Fill ``world.serious_plan`` (post -> serious kinds) and ``world.minor_plan`` (post -> one minor kind).

    In every problem org, ``SERIOUS_SHARE`` of the posts get 3-4 serious problems: one or two of their
    own domain and the rest conduct (at most one complaint, so no post becomes a complaint outlier);
    every seventh serious post gets the same kind repeated instead. One of the remaining posts gets one
    minor problem.
    """
    rng = world.rng
    serial = 0
    for org_id in sorted(world.problem_orgs):
        categories = list(POST_CATEGORIES)
        rng.shuffle(categories)
        n_serious = round(SERIOUS_SHARE * len(categories))
        for category in categories[:n_serious]:
            post_id = world.post_id(org_id, category)
            world.serious_plan[post_id] = _kinds(rng, category, serial)
            serial += 1
        for category in categories[n_serious : n_serious + 1]:
            world.minor_plan[world.post_id(org_id, category)] = MINOR_KINDS.get(category, MINOR_DEFAULT)


def _kinds(rng, category: str, serial: int) -> list[str]:
    own = OWN_KINDS[category]
    n = rng.choice((3, 3, 4))
    if serial % 7 == 6:  # the same problem repeated: each one counts
        kind = own[0] if own else CONDUCT[0]
        return [kind] * n
    n_own = min(n - 1, rng.choice((1, 2, 2))) if own else 0
    kinds = [rng.choice(own) for _ in range(n_own)]
    conduct = [CONDUCT[1]] if rng.random() < 0.5 else []
    kinds += conduct + [CONDUCT[0]] * (n - n_own - len(conduct))
    return kinds


def kinds_for(world: World, prefix: str) -> list[tuple[str, str, int]]:
    """``(post_id, rule_id, k)`` of the serious plan for rules starting with ``prefix`` (e.g. ``finance.``),
    in post order; ``k`` counts the plants of that rule so far (generators vary their plants by it)."""
    out: list[tuple[str, str, int]] = []
    seen: dict[str, int] = {}
    for post_id in sorted(world.serious_plan):
        for rule_id in world.serious_plan[post_id]:
            if rule_id.startswith(prefix):
                out.append((post_id, rule_id, seen.get(rule_id, 0)))
                seen[rule_id] = seen.get(rule_id, 0) + 1
    return out


def minor_for(world: World, prefix: str) -> list[tuple[str, str]]:
    """``(post_id, rule_id)`` of the minor plan for rules starting with ``prefix``, in post order."""
    return [(p, r) for p, r in sorted(world.minor_plan.items()) if r.startswith(prefix)]


def org_of(post_id: str) -> str:
    """The community of a post (post ids are ``<org_id>-<SHORT>``, see world.py)."""
    return post_id.rsplit("-", 1)[0]
