"""Planted spending-limit violations: cash and hospitality over their limits, spending on a holiday."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

from .books import Books


def plant_cash(
    books: Books, org_id: str, k: int, post: str | None = None, *, large: bool = False
) -> None:
    """A cash expense over the 1,000 limit; ``large``: 10-46 times the limit (serious), below 50,000."""
    world, rng = books.world, books.rng
    day = books.plant_day(k)
    amount = round(rng.uniform(10_400, 46_000) if large else rng.uniform(1150, 2900), 2) + 0.01
    cp_type, cp = books.pick(org_id, "company", "goods", day, amount)
    post = post or world.post_id(org_id, "cashier")
    ref = books.pay(org_id, day, amount, "goods", cp_type, cp, approved_by=world.post_id(org_id, "director"),
                    handled_by=post, description="购买维修材料", method="cash")
    note = "大额现金支付（结算起点 10 倍以上）" if large else "现金支付超过 1000 元"
    books.plant("cash_over_limit", org_id, post, [ref], large, note)


def plant_hospitality(books: Books, org_id: str, k: int) -> None:
    """Plant one hospitality expense over 3,000."""
    world, rng = books.world, books.rng
    day = books.plant_day(k)
    approver = world.post_id(org_id, "secretary")
    cp_type, cp = books.pick(org_id, "company", "hospitality", day, 4000.0)
    ref = books.pay(org_id, day, round(rng.uniform(3150, 4900), 2) + 0.01, "hospitality", cp_type, cp,
                    approved_by=approver, handled_by=world.post_id(org_id, "cashier"), description="接待用餐")
    books.plant("hospitality_over_limit", org_id, approver, [ref], False, "单次接待超过 3000 元")


def plant_holiday(books: Books, org_id: str, k: int) -> None:
    """Plant an office expense on a weekend or statutory holiday."""
    world, rng = books.world, books.rng
    month = date(2026, (1, 5, 8, 10)[k], 1)
    rest = [
        month + timedelta(days=i)
        for i in range(28)
        if not chinese_calendar.is_workday(month + timedelta(days=i))
    ]
    day = rng.choice(rest)
    post = world.post_id(org_id, "cashier")
    cp_type, cp = books.pick(org_id, "company", "office", day, 2000.0)
    ref = books.pay(org_id, day, round(rng.uniform(620, 2800), 2) + 0.01, "office", cp_type, cp,
                    approved_by=world.post_id(org_id, "director"), handled_by=post,
                    description="购买节日布置用品")
    books.plant("holiday_spending", org_id, post, [ref], False, f"{day} 为休息日")

