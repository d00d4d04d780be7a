"""Clean conduct records: declarations on time, reported banquets and outside jobs, answered complaints."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ..dates import PERIOD_END, PERIOD_START
from .book import DESCRIPTIONS, ConductBook

YEARS = (2025, 2026)


def clean(book: ConductBook) -> None:
    """Clean conduct records for every post of every community."""
    rng = book.rng
    for person_id in sorted(book.posts_of_holder):
        for year in YEARS:
            if (person_id, year) in book.skip_annual:
                continue  # planted: missing, or filed late by the plant itself
            event_date = book.day(date(year, 1, 5), date(year, 2, 27))
            submitted = min(event_date + timedelta(days=rng.randint(0, 20)), date(year, 3, 31))
            book.declaration(person_id, "annual_personal_matters", event_date, submitted)
    by_org: dict[str, list[str]] = defaultdict(list)
    for post in book.posts:
        by_org[post["org_id"]].append(post["post_id"])
    for org_id in sorted(by_org):
        posts = by_org[org_id]
        free = [p for p in posts if book.holder_of[p] not in book.reported_people]
        if rng.random() < 0.3:  # a complaint about a cadre that checking did not bear out
            etype = rng.choice(sorted(DESCRIPTIONS))
            book.event(
                rng.choice(posts),
                book.day(PERIOD_START, PERIOD_END),
                etype,
                source=rng.choice(("complaint", "hotline")),
                status="dismissed",
            )
        if free and rng.random() < 0.25:  # a banquet reported ahead of time
            post_id = rng.choice(free)
            day = book.day(PERIOD_START, PERIOD_END)
            book.reported_people.add(book.holder_of[post_id])
            book.declaration(
                book.holder_of[post_id], "banquet_report", day, day - timedelta(days=rng.randint(3, 15))
            )
            book.event(post_id, day, "banquet_hosting", source="self_report", status="reported")
        if free and rng.random() < 0.15:  # an outside job declared before it paid
            post_id = rng.choice(free)
            day = book.day(PERIOD_START, PERIOD_END)
            book.reported_people.add(book.holder_of[post_id])
            book.declaration(
                book.holder_of[post_id],
                "outside_job",
                day - timedelta(days=rng.randint(20, 90)),
                day - timedelta(days=rng.randint(10, 19)),
            )
            book.event(
                post_id,
                day,
                "part_time_pay",
                source="self_report",
                status="reported",
                amount=float(rng.randint(10, 60) * 100),
            )
        for post_id in posts:
            _clean_complaints(book, post_id)
            for year in (2024, 2025):
                book.world.add(
                    "evaluations",
                    {"post_id": post_id, "year": year, "approval_rate": round(rng.uniform(0.75, 0.98), 2)},
                )


def _clean_complaints(book: ConductBook, post_id: str) -> None:
    if book.rng.random() < 0.3:  # last year's complaints: history only
        book.quick_complaint(post_id, date(2025, 3, 1), date(2025, 11, 30))
    if post_id in book.quiet_posts:
        return
    draw = book.rng.random()
    for _ in range(0 if draw < 0.55 else 1 if draw < 0.85 else 2):
        book.quick_complaint(post_id, PERIOD_START, PERIOD_END)

