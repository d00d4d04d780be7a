"""Planted approval violations: no collective decision, self-approval, incompatible posts held together."""

from __future__ import annotations

from datetime import timedelta

from ..steps import STEPS
from .books import Books


def plant_no_collective_decision(books: Books, org_id: str, k: int, approver: str | None = None) -> None:
    """Plant a works payment over the limit with no resolution, an incomplete one, or one decided after it."""
    world, rng = books.world, books.rng
    day = books.plant_day(k)
    amount = round(rng.uniform(52_000, 98_000), 2) + 0.37
    approver = approver or world.post_id(org_id, "secretary")
    k %= 4
    subject = f"村内道路硬化工程款（{amount:.2f} 元）"
    records: list[str] = []
    resolution_id = None
    if k == 1:
        resolution_id = books.resolution(
            org_id,
            subject,
            amount,
            day - timedelta(days=9),
            steps=[s for s in STEPS if s not in ("members_review", "council_decision")],
        )
    elif k == 2:
        resolution_id = books.resolution(org_id, subject, amount, day + timedelta(days=12))
    if resolution_id:
        records.append(f"resolutions:{resolution_id}")
    ref = books.pay(org_id, day, amount, "works", "company", books.fresh_company(org_id),
                    approved_by=approver, handled_by=world.post_id(org_id, "finance"),
                    description="道路硬化工程款", resolution_id=resolution_id)
    note = ("无决议", "决议缺少党员大会审议和代表会议决议", "决议晚于支出", "无决议")[k]
    books.plant("no_collective_decision", org_id, approver, [ref, *records], True, note)


def plant_self_approval(books: Books, org_id: str, k: int) -> None:
    """Plant an expense approved and handled by the same finance post."""
    world, rng = books.world, books.rng
    day = books.plant_day(k)
    post = world.post_id(org_id, "finance")
    cp_type, cp = books.pick(org_id, "company", "office", day, 2000.0)
    ref = books.pay(org_id, day, round(rng.uniform(800, 4500), 2) + 0.01, "office", cp_type, cp,
                    approved_by=post, handled_by=post, description="购买办公设备")
    books.plant("self_approval", org_id, post, [ref], False, "会计自批自办")


def plant_incompatible_posts(books: Books, orgs: list[str]) -> None:
    """Plant the finance post's holder as cashier too, in each of ``orgs``."""
    world = books.world
    for org_id in orgs:
        finance, cashier = world.post_id(org_id, "finance"), world.post_id(org_id, "cashier")
        world.assign_holder(cashier, world.holder(finance))
        books.plant("incompatible_posts",
            org_id,
            [finance, cashier],
            [f"posts:{finance}", f"posts:{cashier}"],
            False,
            "会计兼任出纳",
        )

