"""Synthetic cadre-conduct ledgers: conduct events, declarations, complaints, evaluations.

Clean records for every community: each post holder's annual personal-matters declarations
for 2025 and 2026 filed on time; some banquets and outside jobs reported beforehand;
complaint-sourced events that were dismissed; 0-2 complaints per post answered within a week;
evaluations for 2024 and 2025 with approval 75-98 %. Then, in problem orgs only, at least four
planted violations of each conduct rule (``conduct.recurrence`` needs task history and is not
planted). Each planted violation trips only its own rule. The serious and minor plans of
:mod:`riskengine_synth.serious` add verified events and complaints on the posts they name.

``book`` holds the shared state and record builders, ``clean`` the clean records; the plants are
grouped as the conduct plugin groups its detectors (``events``, ``complaints``, and ``annual`` for
declarations and evaluations). Every plant picks its post first and returns a step run after the
clean records, so clean data can leave room for it.
"""

from __future__ import annotations

from .. import serious as serious_plan
from ..truth import Truth
from ..world import World
from .annual import annual_declaration, low_approval
from .book import ConductBook
from .clean import clean
from .complaints import complaint_outlier, planned_complaint, unanswered_complaint
from .events import negative_event, planned_event, undeclared_outside_job, unreported_banquet


def generate(world: World, truth: Truth) -> None:
    """Add clean conduct ledgers for every community and planted conduct violations in problem orgs."""
    book = ConductBook(world, truth)
    planted = _choose_plants(book) + _planned(book)
    clean(book)
    for plant in planted:
        plant()


def _choose_plants(book: ConductBook) -> list:
    """Pick the posts of every plant now (so clean data can leave room), return the planting steps."""
    steps = []
    steps += [negative_event(book, t) for t in ("gift_acceptance", "works_interference", "favoritism")]
    steps += [
        negative_event(book, t, twice=t == "vehicle_misuse")
        for t in ("vehicle_misuse", "inaction", "certificate_abuse")
    ]
    steps += [unreported_banquet(book, late=i >= 3) for i in range(5)]
    steps += [undeclared_outside_job(book) for _ in range(5)]
    steps += [annual_declaration(book, missing=i < 3) for i in range(6)]
    steps += [unanswered_complaint(book, kind) for kind in ("open", "open", "open", "recent", "late", "late")]
    categories = sorted({p["category"] for p in book.posts})
    steps += [complaint_outlier(book, categories[i % len(categories)]) for i in range(4)]
    steps += [low_approval(book, two_years=i >= 4) for i in range(6)]
    return steps


# Verified event types that trip no other rule (banquets and outside jobs have rules of their own).
_PLANNED_TYPES = (
    "gift_acceptance",
    "vehicle_misuse",
    "works_interference",
    "inaction",
    "favoritism",
    "certificate_abuse",
    "information_leak",
    "other",
)


def _planned(book: ConductBook) -> list:
    """Steps for the conduct problems of the serious and minor plans (``serious.py``)."""
    steps = []
    for post_id, rule_id, k in serious_plan.kinds_for(book.world, "conduct."):
        if rule_id == "conduct.negative_list_event":
            steps.append(planned_event(book, post_id, _PLANNED_TYPES[k % len(_PLANNED_TYPES)]))
        elif rule_id == "conduct.unanswered_complaint":
            steps.append(planned_complaint(book, post_id, serious=True))
        else:
            raise ValueError(f"no serious conduct plant for {rule_id}")
    for post_id, rule_id in serious_plan.minor_for(book.world, "conduct."):
        if rule_id != "conduct.unanswered_complaint":
            raise ValueError(f"no minor conduct plant for {rule_id}")
        steps.append(planned_complaint(book, post_id, serious=False))
    return steps

