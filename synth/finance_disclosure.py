"""Synthetic finance ledgers (财务台账), 四议两公开 resolutions and monthly finance disclosures.

Clean part, for every community, 2025-01 .. 2026-11:

- a monthly pay (报酬) to every post holder, and a few hundred other expenses and incomes on working
  days, paid to the street's vendor pool, to companies and residents created here (related to no
  cadre), or -- travel only -- to a cadre him/herself; approved by the secretary or director, handled
  by the finance or cashier post; cash only below 1,000; distinct vouchers;
- expense amounts drawn log-uniformly over whole decades with first digits assigned to follow
  Benford's law exactly, so amounts look like 1234.56 and almost never like 3000.00; two clean orgs
  get more than 1,000 expenses in the period so that the Benford test is evaluated on clean data;
- every expense of 50,000 or more has a complete resolution decided before it;
- no counterparty and category receives 40,000 or more within 91 days from sub-limit payments, and no
  counterparty receives the same amount twice within 20 days;
- a finance income/expense disclosure per month, published within 10 days of the month's end, with
  totals equal to the ledger's; two clean orgs disclose quarterly until 2026-09.

Planted part, problem orgs only: at least four violations of every ``finance.*`` rule, each tripping
its own rule only; then the finance problems that :mod:`riskengine_synth.serious` planned on the posts
it names (large cash payments, split payments, no collective decision, related-party payments; a small
cash payment as a single minor problem). Ids: ledger ``T…``, resolutions ``RF…``, disclosures ``DF…``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta

import chinese_calendar

from . import serious
from .truth import Truth
from .world import AS_OF, PERIOD_END, PERIOD_START, World

LIMIT = 50_000.0  # collective-decision limit (三重一大)
DEADLINE_DAYS = 10
SPLIT_GUARD = 40_000.0  # clean sub-limit payments per counterparty+category stay below this ...
GUARD_DAYS = 45  # ... within this many days on either side
DUPLICATE_GUARD_DAYS = 20
STEPS = [
    "branch_proposal",
    "committees_deliberation",
    "members_review",
    "council_decision",
    "resolution_disclosure",
    "result_disclosure",
]
BENFORD = [math.log10(1 + 1 / d) for d in range(1, 10)]
MONTHS = [date(2025 + (m // 12), m % 12 + 1, 1) for m in range(23)]  # 2025-01 .. 2026-11

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


class _Books:
    """The ledger being written, with the guards that keep clean payments clean."""

    def __init__(self, world: World, truth: Truth) -> None:
        self.world, self.truth, self.rng = world, truth, world.rng
        self.vouchers: dict[tuple[str, int], int] = defaultdict(int)
        self.pair_log: dict[tuple, list[tuple[date, float]]] = defaultdict(list)
        self.amount_log: dict[tuple, list[date]] = defaultdict(list)
        self.companies: dict[str, list[str]] = {}
        self.payees: dict[str, list[str]] = {}

    # ---------------------------------------------------------------- counterparties

    def setup_org(self, org_id: str, n_companies: int, n_people: int) -> None:
        own = [self.world.new_company(org_id=org_id) for _ in range(n_companies)]
        self.companies[org_id] = self.world.vendors(org_id) + own
        self.payees[org_id] = [self.world.new_person(org_id) for _ in range(n_people)]

    def fits(self, org_id: str, cp: str, category: str, day: date, amount: float) -> bool:
        """Would this payment keep the counterparty clear of split and duplicate patterns?"""
        if any(
            abs((d - day).days) <= DUPLICATE_GUARD_DAYS for d in self.amount_log[(org_id, cp, _cents(amount))]
        ):
            return False
        if amount >= LIMIT:
            return True
        near = sum(a for d, a in self.pair_log[(org_id, cp, category)] if abs((d - day).days) <= GUARD_DAYS)
        return near + amount < SPLIT_GUARD

    def pick(self, org_id: str, kind: str, category: str, day: date, amount: float) -> tuple[str, str]:
        """A clean (counterparty_type, counterparty_id) for an expense."""
        if kind == "cadre":
            holders = sorted(self.world.holders(org_id))
            return "person", self.rng.choice(holders)
        pool = self.payees[org_id] if kind == "person" else self.companies[org_id]
        for _ in range(40):
            cp = self.rng.choice(pool)
            if self.fits(org_id, cp, category, day, amount):
                return ("person" if kind == "person" else "company"), cp
        if kind == "person":
            cp = self.world.new_person(org_id)
        else:
            cp = self.world.new_company(org_id=org_id)
        pool.append(cp)
        return ("person" if kind == "person" else "company"), cp

    # ---------------------------------------------------------------- rows

    def voucher(self, org_id: str, day: date) -> str:
        self.vouchers[(org_id, day.year)] += 1
        return f"{org_id}-{day.year}-{self.vouchers[(org_id, day.year)]:05d}"

    def txn(
        self,
        org_id: str,
        day: date,
        direction: str,
        amount: float,
        category: str,
        cp_type: str,
        cp_id: str,
        *,
        approved_by: str | None,
        handled_by: str | None,
        description: str,
        method: str = "transfer",
        resolution_id: str | None = None,
        voucher_no: str | None = None,
    ) -> str:
        """Add a ledger row; returns its reference ``ledger:<txn_id>``."""
        txn_id = self.world.next_id("T")
        self.world.add(
            "ledger",
            {
                "txn_id": txn_id,
                "org_id": org_id,
                "date": day,
                "direction": direction,
                "amount": round(amount, 2),
                "category": category,
                "counterparty_type": cp_type,
                "counterparty_id": cp_id,
                "payment_method": method,
                "approved_by": approved_by,
                "handled_by": handled_by,
                "resolution_id": resolution_id,
                "voucher_no": voucher_no or self.voucher(org_id, day),
                "description": description,
            },
        )
        if direction == "expense":
            self.amount_log[(org_id, cp_id, _cents(amount))].append(day)
            if amount < LIMIT:
                self.pair_log[(org_id, cp_id, category)].append((day, amount))
        return f"ledger:{txn_id}"

    def resolution(
        self, org_id: str, subject: str, amount: float, decided: date, steps: list[str] | None = None
    ) -> str:
        resolution_id = self.world.next_id("RF")
        total = self.rng.randint(21, 45)
        self.world.add(
            "resolutions",
            {
                "resolution_id": resolution_id,
                "org_id": org_id,
                "subject": subject,
                "amount": round(amount, 2),
                "proposed_date": decided - timedelta(days=self.rng.randint(7, 20)),
                "decided_date": decided,
                "steps": list(STEPS if steps is None else steps),
                "votes_for": total - self.rng.randint(0, 4),
                "votes_total": total,
            },
        )
        return resolution_id

    def approver(self, org_id: str) -> str:
        return self.world.post_id(org_id, self.rng.choice(("secretary", "director")))

    def handler(self, org_id: str) -> str:
        return self.world.post_id(org_id, self.rng.choice(("finance", "cashier")))

    def expense(
        self,
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
        cp_type, cp = self.pick(org_id, kind or default_kind, category, day, amount)
        text = description or self.rng.choice(texts)
        resolution_id = None
        if amount >= LIMIT:
            decided = day - timedelta(days=self.rng.randint(3, 25))
            resolution_id = self.resolution(org_id, f"{text}（{amount:.2f} 元）", amount, decided)
        if method is None:
            method = "transfer"
            if amount < 1000 and category in ("office", "hospitality", "subsidy", "other"):
                method = self.rng.choices(("cash", "card", "transfer"), (0.3, 0.1, 0.6))[0]
        return self.txn(
            org_id,
            day,
            "expense",
            amount,
            category,
            cp_type,
            cp,
            approved_by=self.approver(org_id),
            handled_by=self.handler(org_id),
            description=text,
            method=method,
            resolution_id=resolution_id,
        )


def _cents(amount: float) -> int:
    return round(amount * 100)


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _in_period(day: date) -> bool:
    return PERIOD_START <= day <= PERIOD_END


def _largest_remainder(shares: list[float], total: int) -> list[int]:
    """Integer counts proportional to ``shares`` summing to ``total``."""
    scale = sum(shares) or 1.0
    raw = [s * total / scale for s in shares]
    counts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _digit_plan(n_total: int, fixed: Counter, n_free: int, distortion: float, rng) -> list[int]:
    """First digits for ``n_free`` amounts so that, with the ``fixed`` digits, all ``n_total`` follow
    Benford's law mixed with a uniform share ``distortion`` (0: exact Benford)."""
    target = [(1 - distortion) * p + distortion / 9 for p in BENFORD]
    counts = _largest_remainder(target, n_total)
    residual = [max(0, counts[d - 1] - fixed[d]) for d in range(1, 10)]
    free = _largest_remainder([float(r) for r in residual] if sum(residual) else target, n_free)
    digits = [d for d, c in zip(range(1, 10), free, strict=True) for _ in range(c)]
    rng.shuffle(digits)
    return digits


def _amount(digit: int, decade: int, rng) -> float:
    """A log-uniform amount with first digit ``digit`` in [10**decade, 10**(decade+1)), never round."""
    top = (digit + 1) * 10**decade
    amount = min(round(digit * ((digit + 1) / digit) ** rng.random() * 10**decade, 2), top - 0.01)
    if _cents(amount) % 100_000 == 0:
        amount += 0.37
    return max(amount, float(10**decade))


def _first_digit(amount: float) -> int:
    return int(str(_cents(amount)).lstrip("0")[0])


# -------------------------------------------------------------------- clean ledger


def _clean_org(books: _Books, org_id: str, others_per_month: int, distortion: float) -> None:
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
        end = min(_month_end(month), AS_OF)
        pay_day = world.workday(month, month + timedelta(days=9))
        for post, base in base_pay.items():
            pay = round(base + rng.uniform(-120, 120), 2)
            if _cents(pay) % 100_000 == 0:
                pay += 0.13
            fixed[_in_period(pay_day)][_first_digit(pay)] += 1
            books.txn(
                org_id,
                pay_day,
                "expense",
                pay,
                "salary",
                "person",
                world.holder(post),
                approved_by=world.post_id(org_id, "director" if post.endswith("SEC") else "secretary"),
                handled_by=world.post_id(org_id, "finance"),
                description=f"干部报酬（{month:%Y年%m月}）",
            )
        _incomes(books, org_id, street, month, end)
        for _ in range(max(1, others_per_month + rng.randint(-2, 2))):
            category = rng.choices(names, weights)[0]
            decades = CATEGORIES[category][1]
            decade = rng.choices(list(decades), list(decades.values()))[0]
            day = world.workday(month, end)
            slots[_in_period(day)].append((day, category, decade))
    for in_period, items in slots.items():
        n_total = len(items) + sum(fixed[in_period].values())
        digits = _digit_plan(n_total, fixed[in_period], len(items), distortion if in_period else 0.0, rng)
        for (day, category, decade), digit in zip(sorted(items), digits, strict=True):
            books.expense(org_id, day, _amount(digit, decade, rng), category)


def _incomes(books: _Books, org_id: str, street: str, month: date, end: date) -> None:
    world, rng = books.world, books.rng
    approver, handler = world.post_id(org_id, "secretary"), world.post_id(org_id, "finance")
    amount = _amount(rng.randint(1, 9), rng.choice((3, 4)), rng)
    books.txn(
        org_id,
        world.workday(month, end),
        "income",
        amount,
        "subsidy",
        "org",
        street,
        approved_by=approver,
        handled_by=handler,
        description="上级转移支付补助资金",
    )
    for _ in range(rng.randint(0, 2)):
        amount = _amount(rng.randint(1, 9), rng.choice((3, 4)), rng)
        books.txn(
            org_id,
            world.workday(month, end),
            "income",
            amount,
            "other",
            "company",
            rng.choice(books.companies[org_id]),
            approved_by=approver,
            handled_by=handler,
            description=rng.choice(("集体资产租金收入", "集体经营性收入")),
        )


# -------------------------------------------------------------------- disclosures


def _disclose(books: _Books, quarterly: set[str]) -> dict[tuple[str, str], dict]:
    """Monthly (or, for ``quarterly`` orgs until 2026-09, quarterly) disclosures matching the ledger."""
    world, rng = books.world, books.rng
    totals: dict[tuple[str, date], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in world.tables["ledger"]:
        key = (row["org_id"], row["date"].replace(day=1))
        totals[key][0 if row["direction"] == "income" else 1] += row["amount"]
    made: dict[tuple[str, str], dict] = {}
    for org_id in world.communities:
        for month in MONTHS:
            if _month_end(month) + timedelta(days=DEADLINE_DAYS) >= AS_OF:
                continue  # not due yet
            covered = [month]
            if org_id in quarterly and month < date(2026, 10, 1):
                if month.month % 3:
                    continue
                covered = [date(month.year, month.month - k, 1) for k in (2, 1, 0)]
            income = round(sum(totals[(org_id, m)][0] for m in covered), 2)
            expense = round(sum(totals[(org_id, m)][1] for m in covered), 2)
            end = _month_end(month)
            made[(org_id, f"{month:%Y-%m}")] = world.add(
                "disclosures",
                {
                    "disclosure_id": world.next_id("DF"),
                    "org_id": org_id,
                    "catalog": "finance",
                    "item": "income_expense",
                    "period": f"{month:%Y-%m}",
                    "published_date": world.workday(
                        end + timedelta(days=1), end + timedelta(days=DEADLINE_DAYS)
                    ),
                    "channel": rng.choice(("board", "wechat", "app")),
                    "disclosed_income": income,
                    "disclosed_expense": expense,
                },
            )
    return made


# -------------------------------------------------------------------- entry point


def generate(world: World, truth: Truth) -> None:
    """Add clean finance ledgers for every community and planted finance violations in problem orgs."""
    books = _Books(world, truth)
    rng = world.rng
    problem = sorted(world.problem_orgs)
    clean = sorted(world.clean_orgs)
    benford_bad = _spread(world, problem, 4, per_street=2)
    others = [o for o in problem if o not in benford_bad]
    benford_good = set(rng.sample(clean, min(2, len(clean))))
    quarterly = set(rng.sample([o for o in clean if o not in benford_good], min(2, len(clean) // 4)))
    distortion = {org: (0.5 if i % 2 == 0 else 0.23) for i, org in enumerate(benford_bad)}

    _plant_incompatible_posts(books, others[::-1][:4])  # before pay: both posts are paid to the holder
    for org_id in world.communities:
        big = org_id in benford_bad or org_id in benford_good
        books.setup_org(org_id, n_companies=25 if big else 8, n_people=30 if big else 10)
        _clean_org(books, org_id, 125 if big else 8, distortion.get(org_id, 0.0))
    for org_id in benford_bad:
        truth.plant(
            "finance.benford",
            org_id=org_id,
            post_id=world.post_id(org_id, "finance"),
            records=[f"orgs:{org_id}"],
            serious=False,
            note=f"首位数字混入 {distortion[org_id]:.0%} 均匀分布",
        )

    ledger_plants: list[Callable[[_Books, str, int], None]] = [
        _plant_no_collective_decision,
        _plant_self_approval,
        _plant_cash,
        _plant_split,
        _plant_duplicate,
        _plant_related,
        _plant_hospitality,
        _plant_holiday,
    ]
    for offset, plant in enumerate(ledger_plants if others else ()):
        for k in range(4):
            plant(books, others[(offset + 3 * k) % len(others)], k)
    for org_id in _spread(world, others, 4, per_street=2):
        _plant_round_amounts(books, org_id)
    _plant_planned(books)

    disclosures = _disclose(books, quarterly)  # after every ledger row: totals must match
    if others:
        _plant_disclosures(books, others, disclosures)


def _plant_planned(books: _Books) -> None:
    """The finance problems of the serious and minor plans (synth.serious), on the posts it names."""
    world = books.world
    for post_id, rule_id, k in serious.kinds_for(world, "finance."):
        org_id = serious.org_of(post_id)
        if rule_id == "finance.cash_over_limit":
            _plant_cash(books, org_id, k, post_id, large=True)
        elif rule_id == "finance.split_payments":
            _plant_split(books, org_id, k, post_id)
        elif rule_id == "finance.no_collective_decision":
            _plant_no_collective_decision(books, org_id, k, approver=post_id)
        elif rule_id == "finance.related_party_payment":
            _plant_related(books, org_id, k, approver=post_id)
        else:
            raise ValueError(f"no serious finance plant for {rule_id}")
    for k, (post_id, rule_id) in enumerate(serious.minor_for(world, "finance.")):
        if rule_id != "finance.cash_over_limit":
            raise ValueError(f"no minor finance plant for {rule_id}")
        _plant_cash(books, serious.org_of(post_id), k, post_id)


def _spread(world: World, orgs: list[str], n: int, *, per_street: int) -> list[str]:
    """Up to ``n`` orgs, taking streets in turn and at most ``per_street`` from one street."""
    by_street: dict[str, list[str]] = defaultdict(list)
    for org_id in orgs:
        by_street[world.street_of(org_id)].append(org_id)
    chosen: list[str] = []
    for rank in range(per_street):
        for street in sorted(by_street):
            if len(chosen) < n and len(by_street[street]) > rank:
                chosen.append(by_street[street][rank])
    return chosen


# -------------------------------------------------------------------- planted violations


def _plant_day(books: _Books, k: int) -> date:
    """A working day in the period, spread over the months by plant number ``k``."""
    month = date(2026, 1 + (2 * k + books.rng.randint(0, 1)) % 10, 1)
    return books.world.workday(month, _month_end(month))


def _plant(
    books: _Books, rule: str, org_id: str, post: str | list[str], records: list[str], serious: bool, note: str
) -> None:
    books.truth.plant(
        f"finance.{rule}", org_id=org_id, post_id=post, records=records, serious=serious, note=note
    )


def _fresh_company(books: _Books, org_id: str, **kw) -> str:
    return books.world.new_company(org_id=org_id, registered_date=date(2018, 6, 1), **kw)


def _plant_no_collective_decision(books: _Books, org_id: str, k: int, approver: str | None = None) -> None:
    world, rng = books.world, books.rng
    day = _plant_day(books, k)
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
    ref = books.txn(
        org_id,
        day,
        "expense",
        amount,
        "works",
        "company",
        _fresh_company(books, org_id),
        approved_by=approver,
        handled_by=world.post_id(org_id, "finance"),
        description="道路硬化工程款",
        resolution_id=resolution_id,
    )
    note = ("无决议", "决议缺少党员大会审议和代表会议决议", "决议晚于支出", "无决议")[k]
    _plant(books, "no_collective_decision", org_id, approver, [ref, *records], True, note)


def _plant_self_approval(books: _Books, org_id: str, k: int) -> None:
    world, rng = books.world, books.rng
    day = _plant_day(books, k)
    post = world.post_id(org_id, "finance")
    cp_type, cp = books.pick(org_id, "company", "office", day, 2000.0)
    ref = books.txn(
        org_id,
        day,
        "expense",
        round(rng.uniform(800, 4500), 2) + 0.01,
        "office",
        cp_type,
        cp,
        approved_by=post,
        handled_by=post,
        description="购买办公设备",
    )
    _plant(books, "self_approval", org_id, post, [ref], False, "会计自批自办")


def _plant_cash(
    books: _Books, org_id: str, k: int, post: str | None = None, *, large: bool = False
) -> None:
    """A cash expense over the 1,000 limit; ``large``: 10-46 times the limit (serious), below 50,000."""
    world, rng = books.world, books.rng
    day = _plant_day(books, k)
    amount = round(rng.uniform(10_400, 46_000) if large else rng.uniform(1150, 2900), 2) + 0.01
    cp_type, cp = books.pick(org_id, "company", "goods", day, amount)
    post = post or world.post_id(org_id, "cashier")
    ref = books.txn(
        org_id,
        day,
        "expense",
        amount,
        "goods",
        cp_type,
        cp,
        approved_by=world.post_id(org_id, "director"),
        handled_by=post,
        description="购买维修材料",
        method="cash",
    )
    note = "大额现金支付（结算起点 10 倍以上）" if large else "现金支付超过 1000 元"
    _plant(books, "cash_over_limit", org_id, post, [ref], large, note)


def _plant_split(books: _Books, org_id: str, k: int, post: str | None = None) -> None:
    world, rng = books.world, books.rng
    first = _plant_day(books, k % 4)  # by August at the latest: all three payments fall in the period
    company = _fresh_company(books, org_id)
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
            books.txn(
                org_id,
                day,
                "expense",
                round(rng.uniform(17_200, 24_000), 2) + 0.01,
                category,
                "company",
                company,
                approved_by=world.post_id(org_id, "director"),
                handled_by=post,
                description="分批支付的同一批物资服务款",
            )
        )
    _plant(books, "split_payments", org_id, post, refs, True, "30 天内三笔合计超过 50000 元")


def _plant_duplicate(books: _Books, org_id: str, k: int) -> None:
    world, rng = books.world, books.rng
    day = _plant_day(books, k)
    post = world.post_id(org_id, "finance")
    approver = world.post_id(org_id, "secretary")
    amount = round(rng.uniform(2100, 8900), 2) + 0.01
    cp_type, cp = books.pick(org_id, "company", "services", day, 2 * amount)
    first = books.txn(
        org_id,
        day,
        "expense",
        amount,
        "services",
        cp_type,
        cp,
        approved_by=approver,
        handled_by=post,
        description="物业维修服务费",
    )
    later = world.workday(day + timedelta(days=2), day + timedelta(days=13))  # 12 days: past any holiday
    if k % 2 == 0:  # same counterparty, same amount, a few days later
        second = books.txn(
            org_id,
            later,
            "expense",
            amount,
            "services",
            cp_type,
            cp,
            approved_by=approver,
            handled_by=post,
            description="物业维修服务费",
        )
        note = "同一收款方同一金额重复支付"
    else:  # another payment booked under the same voucher
        voucher = world.tables["ledger"][-1]["voucher_no"]
        cp_type, cp2 = books.pick(org_id, "company", "office", later, 2000.0)
        second = books.txn(
            org_id,
            later,
            "expense",
            round(rng.uniform(300, 1900), 2) + 0.01,
            "office",
            cp_type,
            cp2,
            approved_by=approver,
            handled_by=post,
            description="办公用品",
            voucher_no=voucher,
        )
        note = "同一凭证号重复入账"
    _plant(books, "duplicate_payment", org_id, post, [first, second], False, note)


def _plant_related(books: _Books, org_id: str, k: int, approver: str | None = None) -> None:
    world, rng = books.world, books.rng
    day = _plant_day(books, k)
    k %= 4
    cadre_post = world.post_id(org_id, ("director", "grid", "welfare", "procurement")[k])
    cadre = world.holder(cadre_post)
    relative = world.relative(cadre, ("sibling", "spouse", "child", "sibling")[k])
    extra: list[str] = []
    if k == 0:  # a relative paid in person
        cp_type, cp = "person", relative
        extra = [f"relations:{cadre}:{relative}"]
    elif k == 1:  # the relative's company
        cp_type, cp = "company", _fresh_company(books, org_id, legal_rep_id=relative)
        extra = [f"companies:{cp}", f"relations:{cadre}:{relative}"]
    elif k == 2:  # the cadre is a shareholder
        cp_type, cp = (
            "company",
            _fresh_company(books, org_id, shareholder_ids=[world.new_person(org_id), cadre]),
        )
        extra = [f"companies:{cp}"]
    else:  # the cadre him/herself, outside pay, travel and subsidies
        cp_type, cp = "person", cadre
    approver = approver or world.post_id(org_id, "secretary")
    ref = books.txn(
        org_id,
        day,
        "expense",
        round(rng.uniform(3000, 28_000), 2) + 0.01,
        "services",
        cp_type,
        cp,
        approved_by=approver,
        handled_by=world.post_id(org_id, "finance"),
        description="村内公共区域维护劳务费",
    )
    _plant(
        books,
        "related_party_payment",
        org_id,
        approver,
        [ref, *extra],
        True,
        ("支付给干部亲属", "支付给干部亲属任法定代表人的公司", "支付给干部参股的公司", "支付给干部本人")[k],
    )


def _plant_hospitality(books: _Books, org_id: str, k: int) -> None:
    world, rng = books.world, books.rng
    day = _plant_day(books, k)
    approver = world.post_id(org_id, "secretary")
    cp_type, cp = books.pick(org_id, "company", "hospitality", day, 4000.0)
    ref = books.txn(
        org_id,
        day,
        "expense",
        round(rng.uniform(3150, 4900), 2) + 0.01,
        "hospitality",
        cp_type,
        cp,
        approved_by=approver,
        handled_by=world.post_id(org_id, "cashier"),
        description="接待用餐",
    )
    _plant(books, "hospitality_over_limit", org_id, approver, [ref], False, "单次接待超过 3000 元")


def _plant_holiday(books: _Books, org_id: str, k: int) -> None:
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
    ref = books.txn(
        org_id,
        day,
        "expense",
        round(rng.uniform(620, 2800), 2) + 0.01,
        "office",
        cp_type,
        cp,
        approved_by=world.post_id(org_id, "director"),
        handled_by=post,
        description="购买节日布置用品",
    )
    _plant(books, "holiday_spending", org_id, post, [ref], False, f"{day} 为休息日")


def _plant_round_amounts(books: _Books, org_id: str) -> None:
    world, rng = books.world, books.rng
    refs = []
    for i in range(rng.randint(6, 8)):
        month = date(2026, 1 + i, 1)
        day = world.workday(month, _month_end(month))
        amount = float(rng.choice((2000, 3000, 5000, 6000, 8000, 12_000)))
        category = rng.choice(("goods", "services", "office"))
        cp_type, cp = books.pick(org_id, "company", category, day, amount)
        refs.append(
            books.txn(
                org_id,
                day,
                "expense",
                amount,
                category,
                cp_type,
                cp,
                approved_by=books.approver(org_id),
                handled_by=books.handler(org_id),
                description="零星物资采购",
            )
        )
    _plant(
        books,
        "round_amounts",
        org_id,
        world.post_id(org_id, "finance"),
        refs,
        False,
        f"{len(refs)} 笔千元整数金额支出",
    )


def _plant_incompatible_posts(books: _Books, orgs: list[str]) -> None:
    world = books.world
    for org_id in orgs:
        finance, cashier = world.post_id(org_id, "finance"), world.post_id(org_id, "cashier")
        world.assign_holder(cashier, world.holder(finance))
        _plant(
            books,
            "incompatible_posts",
            org_id,
            [finance, cashier],
            [f"posts:{finance}", f"posts:{cashier}"],
            False,
            "会计兼任出纳",
        )


def _plant_disclosures(books: _Books, others: list[str], made: dict[tuple[str, str], dict]) -> None:
    world, rng = books.world, books.rng
    n = len(others)
    for k, (month, days_late) in enumerate(
        (("2026-02", 12), ("2026-04", 20), ("2026-06", 45), ("2026-08", 38))
    ):
        org_id = others[k % n]
        row = made[(org_id, month)]
        deadline = _month_end(date.fromisoformat(f"{month}-01")) + timedelta(days=DEADLINE_DAYS)
        row["published_date"] = deadline + timedelta(days=days_late)
        _plant(
            books,
            "late_disclosure",
            org_id,
            world.post_id(org_id, "finance"),
            [f"disclosures:{row['disclosure_id']}"],
            days_late > 30,
            f"逾期 {days_late} 天",
        )
    # Missing months share no month with the late and mismatch plants, so no plant removes another's row.
    for k, month in enumerate(("2026-01", "2026-05", "2026-07", "2026-10")):
        org_id = others[(k + 4) % n]
        row = made.pop((org_id, month))
        world.tables["disclosures"].remove(row)
        refs = sorted(
            f"ledger:{r['txn_id']}"
            for r in world.tables["ledger"]
            if r["org_id"] == org_id and f"{r['date']:%Y-%m}" == month
        )
        _plant(
            books,
            "missing_disclosure",
            org_id,
            world.post_id(org_id, "finance"),
            refs,
            False,
            f"{month} 未公开",
        )
    for k, month in enumerate(("2026-03", "2026-06", "2026-09", "2026-08")):
        org_id = others[(k + 8) % n]
        row = made[(org_id, month)]
        field = "disclosed_expense" if k % 2 == 0 else "disclosed_income"
        row[field] = round(row[field] * rng.uniform(0.8, 0.95), 2)
        _plant(
            books,
            "disclosure_mismatch",
            org_id,
            world.post_id(org_id, "finance"),
            [f"disclosures:{row['disclosure_id']}"],
            False,
            f"{field} 少报",
        )
