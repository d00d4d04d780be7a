"""Planted conduct events: verified negative-list events, unreported banquets, undeclared outside jobs."""

from __future__ import annotations

from datetime import date, timedelta

from ..dates import PERIOD_END, PERIOD_START
from .book import ConductBook


def planned_event(book: ConductBook, post_id: str, etype: str):
    """A verified negative-list event of ``etype`` on a post of the serious plan."""
    def step() -> None:
        amount = float(book.rng.randint(20, 200) * 100) if etype == "gift_acceptance" else None
        source = book.rng.choice(("inspection", "audit", "complaint"))
        day = book.day(PERIOD_START, PERIOD_END)
        row = book.event(post_id, day, etype, source=source, status="verified", amount=amount)
        records = [f"conduct_events:{row['event_id']}"]
        book.plant("negative_list_event", post_id, records, True, f"经核实的负面清单事件（{etype}）")

    return step


def negative_event(book: ConductBook, etype: str, *, twice: bool = False):
    """Plant a verified negative-list event (``twice``: and an information leak later)."""
    post_id = book.next_post()
    serious = True  # a verified negative-list event of any type is a serious problem (rules/scoring.yaml)

    def step() -> None:
        days = sorted(book.day(PERIOD_START, PERIOD_END) for _ in range(2 if twice else 1))
        for day in days:
            kind = etype if day == days[0] else "information_leak"
            amount = float(book.rng.randint(20, 200) * 100) if kind == "gift_acceptance" else None
            row = book.event(
                post_id,
                day,
                kind,
                source=book.rng.choice(("inspection", "audit", "complaint")),
                status="verified",
                amount=amount,
            )
            book.plant(
                "negative_list_event",
                post_id,
                [f"conduct_events:{row['event_id']}"],
                serious,
                f"经核实的负面清单事件（{kind}）",
            )

    return step


def unreported_banquet(book: ConductBook, *, late: bool):
    """Plant a banquet never reported (``late``: reported only afterwards)."""
    post_id = book.next_post()
    person_id = book.holder_of[post_id]
    book.reported_people.add(person_id)  # no clean banquet report may cover this one

    def step() -> None:
        day = book.day(date(2026, 2, 1), date(2026, 9, 30))
        row = book.event(
            post_id,
            day,
            "banquet_hosting",
            source=book.rng.choice(("complaint", "hotline")),
            status="reported",
        )
        records = [f"conduct_events:{row['event_id']}"]
        if late:
            decl = book.declaration(
                person_id, "banquet_report", day, day + timedelta(days=book.rng.randint(3, 12))
            )
            records.append(f"declarations:{decl['decl_id']}")
        book.plant(
            "unreported_banquet",
            post_id,
            records,
            False,
            "婚丧喜庆事宜事后补报" if late else "婚丧喜庆事宜未报告",
        )

    return step


def undeclared_outside_job(book: ConductBook):
    """Plant an outside job paid for and never declared."""
    post_id = book.next_post()
    book.reported_people.add(book.holder_of[post_id])  # must get no clean outside-job declaration

    def step() -> None:
        row = book.event(
            post_id,
            book.day(PERIOD_START, PERIOD_END),
            "part_time_pay",
            source=book.rng.choice(("audit", "inspection", "complaint")),
            status="reported",
            amount=float(book.rng.randint(30, 200) * 100),
        )
        book.plant(
            "undeclared_outside_job", post_id, [f"conduct_events:{row['event_id']}"], False, "兼职取酬未报告"
        )

    return step

