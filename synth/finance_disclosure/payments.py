"""Planted payment patterns: a payment split below the limit, a payment made twice."""

from __future__ import annotations

from datetime import timedelta

from .books import Books


def plant_split(books: Books, org_id: str, k: int, post: str | None = None) -> None:
    """Plant three payments to one company within 30 days that add up to more than the limit."""
    world, rng = books.world, books.rng
    first = books.plant_day(k % 4)  # by August at the latest: all three payments fall in the period
    company = books.fresh_company(org_id)
    post = post or world.post_id(org_id, "finance")
    category = ("goods", "services", "works", "goods")[k % 4]
    refs = []
    # Windows of 12+ days always hold a working day, even around the Spring Festival.
    days = [
        first,
        world.workday(first + timedelta(days=4), first + timedelta(days=15)),
        world.workday(first + timedelta(days=17), first + timedelta(days=29)),
    ]
    for day in days:
        refs.append(
            books.pay(org_id, day, round(rng.uniform(17_200, 24_000), 2) + 0.01, category, "company", company,
                      approved_by=world.post_id(org_id, "director"), handled_by=post,
                      description="分批支付的同一批物资服务款")
        )
    books.plant("split_payments", org_id, post, refs, True, "30 天内三笔合计超过 50000 元")


def plant_duplicate(books: Books, org_id: str, k: int) -> None:
    """Plant a payment repeated to the same payee, or a second payment under the same voucher."""
    world, rng = books.world, books.rng
    day = books.plant_day(k)
    post = world.post_id(org_id, "finance")
    approver = world.post_id(org_id, "secretary")
    amount = round(rng.uniform(2100, 8900), 2) + 0.01
    cp_type, cp = books.pick(org_id, "company", "services", day, 2 * amount)
    first = books.pay(org_id, day, amount, "services", cp_type, cp, approved_by=approver, handled_by=post,
                      description="物业维修服务费")
    later = world.workday(day + timedelta(days=2), day + timedelta(days=13))  # 12 days: past any holiday
    if k % 2 == 0:  # same counterparty, same amount, a few days later
        second = books.pay(org_id, later, amount, "services", cp_type, cp, approved_by=approver,
                           handled_by=post, description="物业维修服务费")
        note = "同一收款方同一金额重复支付"
    else:  # another payment booked under the same voucher
        voucher = world.tables["ledger"][-1]["voucher_no"]
        cp_type, cp2 = books.pick(org_id, "company", "office", later, 2000.0)
        second = books.pay(org_id, later, round(rng.uniform(300, 1900), 2) + 0.01, "office", cp_type, cp2,
                           approved_by=approver, handled_by=post, description="办公用品", voucher_no=voucher)
        note = "同一凭证号重复入账"
    books.plant("duplicate_payment", org_id, post, [first, second], False, note)

