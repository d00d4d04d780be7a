"""Recipient lists (救助对象名单公示): published each quarter, except the quarters planted as undisclosed."""

from __future__ import annotations

from datetime import date, timedelta

from .book import PLANTS_PER_RULE, WelfareBook, ben, month_end, month_str


def disclose(book: WelfareBook, org_id: str, skip: set[tuple[int, int]]) -> None:
    """Quarterly recipient lists 2025Q1..2026Q3, published 1-10 days after each quarter but ``skip``."""
    for year in (2025, 2026):
        for quarter in range(1, 5):
            if (year, quarter) == (2026, 4) or (year, quarter) in skip:
                continue
            end = month_end(year, 3 * quarter)
            book.world.add(
                "disclosures",
                {
                    "disclosure_id": book.world.next_id("DW"),
                    "org_id": org_id,
                    "catalog": "affairs",
                    "item": "welfare_recipients",
                    "period": month_str(year, 3 * quarter),
                    "published_date": book.world.workday(
                        end + timedelta(days=1), end + timedelta(days=10)
                    ),
                    "channel": book.rng.choice(("board", "wechat")),
                    "disclosed_income": None,
                    "disclosed_expense": None,
                },
            )


def plant_undisclosed(book: WelfareBook, orgs: list[str]) -> list[tuple[str, tuple[int, int], list[str]]]:
    """Pick (org, 2026 quarter) pairs whose recipient list goes unpublished, five when orgs allow.

    Each finding names the enrolment records active in the quarter and the quarter's payments.
    With fewer than five problem orgs an org loses more than one quarter (three at most).
    """
    chosen: list[tuple[str, tuple[int, int], list[str]]] = []
    taken: dict[str, set[int]] = {}
    for index in range(PLANTS_PER_RULE if orgs else 0):
        org_id = orgs[index % len(orgs)]
        free = [q for q in (1, 2, 3) if q not in taken.setdefault(org_id, set())]
        if not free:
            continue
        quarter = book.rng.choice(free)
        taken[org_id].add(quarter)
        start, end = date(2026, 3 * quarter - 2, 1), month_end(2026, 3 * quarter)
        records = sorted(
            ben(row["person_id"], row["program"])
            for row in book.world.tables["beneficiaries"]
            if row["org_id"] == org_id
            and row["approved_date"] <= end
            and (row["exit_date"] is None or row["exit_date"] >= start)
        )
        records += sorted(
            f"disbursements:{row['disb_id']}"
            for row in book.world.tables["disbursements"]
            if row["org_id"] == org_id and start <= row["date"] <= end
        )
        chosen.append((org_id, (2026, quarter), records))
    return chosen
