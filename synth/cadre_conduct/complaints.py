"""Planted complaint problems: complaints unanswered or answered late, a post with too many complaints."""

from __future__ import annotations

from datetime import date, timedelta

from ..dates import AS_OF, PERIOD_END, PERIOD_START
from .book import ConductBook


def planned_complaint(book: ConductBook, post_id: str, *, serious: bool):
    """Unanswered for months (serious), or answered 20-45 days late (minor)."""
    book.quiet_posts.add(post_id)  # no clean complaints besides: never a complaint outlier

    def step() -> None:
        if serious:
            day, responded = book.day(date(2026, 3, 1), date(2026, 8, 31)), None
        else:
            day = book.day(date(2026, 2, 1), date(2026, 8, 31))
            responded = day + timedelta(days=book.rng.randint(20, 45))
        row = book.complaint(post_id, day, responded)
        days = ((responded or AS_OF) - day).days
        book.plant("unanswered_complaint", post_id, [f"complaints:{row['complaint_id']}"], serious,
                  f"投诉 {days} 天未按时答复")

    return step


def unanswered_complaint(book: ConductBook, kind: str):
    """Plant a complaint unanswered for months (``open``), for 30-60 days (``recent``) or answered late."""
    post_id = book.next_post()
    book.quiet_posts.add(post_id)  # one complaint in the period: never a complaint outlier

    def step() -> None:
        if kind == "open":  # unanswered for months: high
            day, responded = book.day(date(2026, 3, 1), date(2026, 8, 31)), None
        elif kind == "recent":  # unanswered, 30-60 days by the as-of date
            day, responded = book.day(AS_OF - timedelta(days=55), AS_OF - timedelta(days=35)), None
        else:  # answered, but after 20-45 days
            day = book.day(date(2026, 2, 1), date(2026, 8, 31))
            responded = day + timedelta(days=book.rng.randint(20, 45))
        row = book.complaint(post_id, day, responded)
        days = ((responded or AS_OF) - day).days
        book.plant(
            "unanswered_complaint",
            post_id,
            [f"complaints:{row['complaint_id']}"],
            days > 60,
            f"投诉 {days} 天未按时答复",
        )

    return step


def complaint_outlier(book: ConductBook, category: str):
    """Plant seven complaints against one post of ``category``: far more than its peers."""
    post_id = book.next_post(category)
    book.quiet_posts.add(post_id)

    def step() -> None:
        last = PERIOD_END - timedelta(days=10)
        rows = [book.quick_complaint(post_id, PERIOD_START, last) for _ in range(7)]
        book.plant(
            "complaint_outlier",
            post_id,
            [f"complaints:{r['complaint_id']}" for r in rows],
            False,
            "期内被投诉 7 件，远高于同类岗位",
        )

    return step

