"""Planted statistical anomalies: too many round amounts; the Benford distortion drawn by the clean ledger."""

from __future__ import annotations

from datetime import date

from .books import Books, month_end


def plant_round_amounts(books: Books, org_id: str) -> None:
    """Plant six to eight expenses of round thousands in one org."""
    world, rng = books.world, books.rng
    refs = []
    for i in range(rng.randint(6, 8)):
        month = date(2026, 1 + i, 1)
        day = world.workday(month, month_end(month))
        amount = float(rng.choice((2000, 3000, 5000, 6000, 8000, 12_000)))
        category = rng.choice(("goods", "services", "office"))
        cp_type, cp = books.pick(org_id, "company", category, day, amount)
        refs.append(
            books.pay(org_id, day, amount, category, cp_type, cp, approved_by=books.approver(org_id),
                      handled_by=books.handler(org_id), description="零星物资采购")
        )
    books.plant("round_amounts",
        org_id,
        world.post_id(org_id, "finance"),
        refs,
        False,
        f"{len(refs)} 笔千元整数金额支出",
    )


def plant_benford(books: Books, orgs: list[str], distortion: dict[str, float]) -> None:
    """Record the orgs whose clean ledger drew first digits with a ``distortion`` share of uniform ones."""
    for org_id in orgs:
        books.plant(
            "benford",
            org_id,
            books.world.post_id(org_id, "finance"),
            [f"orgs:{org_id}"],
            False,
            f"首位数字混入 {distortion[org_id]:.0%} 均匀分布",
        )
