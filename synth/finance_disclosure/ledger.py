"""The clean finance ledger of one org: monthly pay, incomes, and other expenses following Benford."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from ..dates import AS_OF
from .amounts import digit_plan, draw_amount, first_digit
from .books import LIMIT, MONTHS, Books, cents, in_period, month_end

# category -> (weight among other expenses, {decade: weight}, payee kind, descriptions)
CATEGORIES: dict[str, tuple[float, dict[int, float], str, tuple[str, ...]]] = {
    "office": (
        0.24,
        {1: 0.3, 2: 0.5, 3: 0.2},
        "company",
        ("购买办公用品", "打印耗材", "办公设备维修", "报刊订阅"),
    ),
    "hospitality": (0.07, {2: 1.0}, "company", ("公务接待工作餐", "来访接待用餐")),
    "travel": (0.10, {2: 1.0}, "cadre", ("外出培训差旅费报销", "赴区开会交通费报销")),
    "subsidy": (0.12, {2: 0.6, 3: 0.4}, "person", ("困难群众慰问金", "老党员节日慰问金", "志愿者误工补助")),
    "goods": (0.15, {2: 0.4, 3: 0.5, 4: 0.1}, "company", ("购置应急物资", "采购绿化苗木", "购买消防器材")),
    "services": (
        0.15,
        {2: 0.3, 3: 0.6, 4: 0.1},
        "company",
        ("保洁服务费", "网络通信服务费", "法律顾问服务费"),
    ),
    "works": (0.05, {3: 0.5, 4: 0.5}, "company", ("道路修缮工程款", "排水沟清淤工程款", "活动室改造工程款")),
    "welfare": (0.07, {2: 0.5, 3: 0.5}, "company", ("重阳节老人慰问品", "残疾人节日福利品")),
    "other": (0.05, {1: 0.5, 2: 0.5}, "company", ("银行账户管理费", "其他零星支出")),
}


def expense(
    books: Books,
    org_id: str,
    day: date,
    amount: float,
    category: str,
    *,
    description: str | None = None,
    kind: str | None = None,
    method: str | None = None,
) -> str:
    """A clean expense: counterparty picked under the guards, resolution when >= the limit."""
    _, _, default_kind, texts = CATEGORIES[category]
    cp_type, cp = books.pick(org_id, kind or default_kind, category, day, amount)
    text = description or books.rng.choice(texts)
    resolution_id = None
    if amount >= LIMIT:
        decided = day - timedelta(days=books.rng.randint(3, 25))
        resolution_id = books.resolution(org_id, f"{text}（{amount:.2f} 元）", amount, decided)
    if method is None:
        method = "transfer"
        if amount < 1000 and category in ("office", "hospitality", "subsidy", "other"):
            method = books.rng.choices(("cash", "card", "transfer"), (0.3, 0.1, 0.6))[0]
    return books.pay(org_id, day, amount, category, cp_type, cp, approved_by=books.approver(org_id),
                     handled_by=books.handler(org_id), description=text, method=method,
                     resolution_id=resolution_id)


def clean_org(books: Books, org_id: str, others_per_month: int, distortion: float) -> None:
    """Pay, incomes and other expenses of one org over every month of the data."""
    world, rng = books.world, books.rng
    posts = world.posts_of(org_id)
    base_pay = {post: rng.uniform(2600, 5200) for post in sorted(posts.values())}
    street = world.street_of(org_id)
    slots: dict[bool, list[tuple[date, str, int]]] = {True: [], False: []}
    fixed: dict[bool, Counter] = {True: Counter(), False: Counter()}
    names = sorted(CATEGORIES)
    weights = [CATEGORIES[c][0] for c in names]
    for month in MONTHS:
        end = min(month_end(month), AS_OF)
        pay_day = world.workday(month, month + timedelta(days=9))
        for post, base in base_pay.items():
            pay = round(base + rng.uniform(-120, 120), 2)
            if cents(pay) % 100_000 == 0:
                pay += 0.13
            fixed[in_period(pay_day)][first_digit(pay)] += 1
            books.pay(org_id, pay_day, pay, "salary", "person", world.holder(post),
                      approved_by=world.post_id(org_id, "director" if post.endswith("SEC") else "secretary"),
                      handled_by=world.post_id(org_id, "finance"),
                      description=f"干部报酬（{month:%Y年%m月}）")
        incomes(books, org_id, street, month, end)
        for _ in range(max(1, others_per_month + rng.randint(-2, 2))):
            category = rng.choices(names, weights)[0]
            decades = CATEGORIES[category][1]
            decade = rng.choices(list(decades), list(decades.values()))[0]
            day = world.workday(month, end)
            slots[in_period(day)].append((day, category, decade))
    for inside, items in slots.items():
        n_total = len(items) + sum(fixed[inside].values())
        digits = digit_plan(n_total, fixed[inside], len(items), distortion if inside else 0.0, rng)
        for (day, category, decade), digit in zip(sorted(items), digits, strict=True):
            expense(books, org_id, day, draw_amount(digit, decade, rng), category)


def incomes(books: Books, org_id: str, street: str, month: date, end: date) -> None:
    """The month's transfer from the street and zero to two other incomes."""
    world, rng = books.world, books.rng
    approver, handler = world.post_id(org_id, "secretary"), world.post_id(org_id, "finance")
    amount = draw_amount(rng.randint(1, 9), rng.choice((3, 4)), rng)
    books.txn(org_id, world.workday(month, end), "income", amount, "subsidy", "org", street,
              approved_by=approver, handled_by=handler, description="上级转移支付补助资金")
    for _ in range(rng.randint(0, 2)):
        amount = draw_amount(rng.randint(1, 9), rng.choice((3, 4)), rng)
        # Arguments draw from the rng left to right: the day, the company, the description.
        books.txn(org_id, world.workday(month, end), "income", amount, "other", "company",
                  rng.choice(books.companies[org_id]), approved_by=approver, handled_by=handler,
                  description=rng.choice(("集体资产租金收入", "集体经营性收入")))

