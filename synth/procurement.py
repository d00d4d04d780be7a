"""Synthetic procurement ledgers: procurements, bids, resolutions, and planted procurement violations.

Clean records for every community: 5-8 awards in 2025 and 13-18 in the assessed period, direct
awards only below the collective-decision limit, quotations and tenders with 3-5 bids 5-12 % apart
at the bottom (the lowest bid wins, no two prices equal), complete 四议两公开 resolutions decided
before every award of 50,000 or more, contract = award, settlement within ±5 %, acceptance 30-60
days after the award. Awards are spread over a few regular vendors so that spend shares stay even,
and one vendor's small purchases of one category are never within 31 days of each other.

Then, in problem orgs only, five planted violations of each ``procurement.*`` rule, each on its own
new award (to a vendor with no other award in that org) so that it trips only its own rule; then the
serious procurement problems that :mod:`riskengine_synth.serious` planned on procurement posts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from chinese_calendar import is_workday

from . import serious as serious_plan
from .truth import Truth
from .world import AS_OF, HISTORY_START, PERIOD_END, PERIOD_START, World

LIMIT = 50_000.0
STEPS = ("branch_proposal", "committees_deliberation", "members_review", "council_decision",
         "resolution_disclosure", "result_disclosure")
PLANTS_PER_RULE = 5

# (title, lowest, highest amount in yuan) per category
TITLES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "works": (("活动室维修", 15_000, 80_000), ("路灯更换工程", 30_000, 160_000),
              ("道路硬化工程", 120_000, 450_000), ("排水沟清淤改造", 20_000, 90_000),
              ("文化广场改造工程", 150_000, 480_000), ("围墙修缮", 8_000, 45_000),
              ("公厕改造", 40_000, 120_000)),
    "goods": (("办公用品采购", 2_000, 12_000), ("电脑及打印机采购", 10_000, 40_000),
              ("健身器材采购", 20_000, 80_000), ("消防器材采购", 5_000, 30_000),
              ("垃圾分类桶采购", 5_000, 25_000), ("防汛物资采购", 5_000, 30_000),
              ("监控设备采购", 30_000, 120_000)),
    "services": (("保洁服务", 20_000, 80_000), ("绿化养护服务", 20_000, 90_000),
                 ("法律顾问服务", 10_000, 30_000), ("代理记账服务", 8_000, 20_000),
                 ("文体活动策划服务", 5_000, 20_000), ("安保服务", 30_000, 100_000)),
}
SPLIT_TITLES = {"goods": ("办公桌椅采购", "会议室家具采购", "档案柜采购"),
                "works": ("活动室墙面粉刷", "活动室地面翻新", "活动室门窗更换")}


def generate(world: World, truth: Truth) -> None:
    """Add clean procurements for every community, then the planted violations in problem orgs."""
    gen = _Gen(world, truth)
    for org_id in world.communities:
        gen.clean(org_id)
    gen.plant_all()


class _Org:
    """Per-community state: vendors and what the split and concentration guards must know."""

    def __init__(self, org_id: str, post: str, pool: list[str], regulars: list[str]) -> None:
        self.org_id = org_id
        self.post = post
        self.pool = pool
        self.regulars = regulars
        self.spares = [v for v in pool if v not in regulars]
        self.small: dict[tuple[str, str], list[date]] = defaultdict(list)


class _Gen:
    def __init__(self, world: World, truth: Truth) -> None:
        self.world = world
        self.truth = truth
        self.rng = world.rng
        self.orgs: dict[str, _Org] = {}

    # ------------------------------------------------------------------ record builders

    def day(self, start: date, end: date) -> date:
        """A working day in [start, end], the end pushed back a week at a time past long holidays."""
        while not any(d.weekday() < 5 and is_workday(d) for d in _days(start, end)):
            end += timedelta(days=7)
        return self.world.workday(start, end)

    def money(self, lo: float, hi: float) -> float:
        """A realistic award amount: to the hundred yuan above 10,000, to ten yuan below."""
        value = self.rng.uniform(lo, hi)
        step = 100 if value >= 10_000 else 10
        return float(round(value / step) * step)

    def resolution(self, org: _Org, subject: str, amount: float, award: date, *,
                   steps: tuple[str, ...] = STEPS, late_days: int = 0) -> str:
        """A 四议两公开 resolution decided 5-15 days before the award (or ``late_days`` after it)."""
        decided = (self.day(award - timedelta(days=15), award - timedelta(days=5)) if not late_days
                   else self.day(award + timedelta(days=late_days), award + timedelta(days=late_days + 14)))
        proposed = self.day(decided - timedelta(days=30), decided - timedelta(days=10))
        total = self.rng.randint(25, 60)
        rid = self.world.next_id("RP")
        self.world.add("resolutions", {
            "resolution_id": rid, "org_id": org.org_id, "subject": subject,
            "amount": float(round(amount / 1000 * 1.05) * 1000), "proposed_date": proposed,
            "decided_date": decided, "steps": list(steps),
            "votes_for": total - self.rng.randint(0, total // 4), "votes_total": total,
        })
        return rid

    def bid_ladder(self, winner: str, amount: float, others: int, *,
                   pool: list[str]) -> list[tuple[str, float]]:
        """(vendor, price) pairs: the winner at ``amount``, then ``others`` strictly higher prices.

        The runner-up sits about 8.5 % above the winner (6-13 %), the usual spread of honest quotes;
        the peer fence of close_runner_up then lands near 4 %, well apart from both.
        """
        rivals = self.rng.sample([v for v in pool if v != winner], others)
        ladder, price = [(winner, amount)], amount
        for i, rival in enumerate(rivals):
            step = (min(max(self.rng.gauss(0.085, 0.015), 0.06), 0.13) if i == 0
                    else self.rng.uniform(0.02, 0.15))
            price = float(round(price * (1 + step) / 100) * 100)
            ladder.append((rival, price))
        return ladder

    def award(self, org: _Org, *, when: date, title: str, category: str, amount: float, method: str,
              vendor: str, bids: list[tuple[str, float]] | None = None,
              resolution: str | None | bool = True, final_ratio: float | None = None,
              accepted: date | None | bool = True) -> str:
        """Add one procurement (and its bids); returns proc_id.

        ``resolution=True`` adds a complete resolution when the amount needs one; ``accepted=True``
        sets acceptance 30-60 days after the award (left empty when that lies after the as-of date).
        """
        proc_id = self.world.next_id("PR")
        if resolution is True:
            resolution = self.resolution(org, title, amount, when) if amount >= LIMIT else None
        if accepted is True:
            accepted = when + timedelta(days=self.rng.randint(30, 60))
            accepted = accepted if accepted <= AS_OF else None
        ratio = final_ratio if final_ratio is not None else 1 + self.rng.uniform(-0.05, 0.05)
        self.world.add("procurements", {
            "proc_id": proc_id, "org_id": org.org_id, "date": when, "title": title, "category": category,
            "budget": float(round(amount / self.rng.uniform(0.86, 0.99) / 1000 + 0.5) * 1000),
            "amount": amount, "method": method, "vendor_id": vendor, "resolution_id": resolution or None,
            "handled_by": org.post, "contract_amount": amount, "final_amount": round(amount * ratio, 2),
            "accepted_date": accepted,
        })
        for bidder, price in bids or ():
            self.world.add("bids", {"proc_id": proc_id, "vendor_id": bidder, "amount": price,
                                    "won": bidder == vendor})
        if amount < LIMIT:
            org.small[(vendor, category)].append(when)
        return proc_id

    def title_for(self, category: str, amount: float) -> str:
        """A title of ``category`` whose usual price range fits ``amount``."""
        fits = [t for t, lo, hi in TITLES[category] if lo * 0.8 <= amount <= hi * 1.25]
        return self.rng.choice(fits) if fits else max(TITLES[category], key=lambda item: item[2])[0]

    def competitive(self, amount: float) -> str:
        return "tender" if amount >= 200_000 else "quotation"

    # ------------------------------------------------------------------ clean data

    def clean(self, org_id: str) -> None:
        pool = sorted(self.world.vendors(org_id))
        org = _Org(org_id, self.world.post_id(org_id, "procurement"), pool,
                   self.rng.sample(pool, self.rng.randint(6, 8)))
        self.orgs[org_id] = org
        for start, end, n in ((HISTORY_START, date(2025, 12, 31), self.rng.randint(5, 8)),
                              (PERIOD_START, PERIOD_END, self.rng.randint(13, 18))):
            plans = []
            for _ in range(n):
                category = self.rng.choice(sorted(TITLES))
                title, lo, hi = self.rng.choice(TITLES[category])
                plans.append((self.money(lo, hi), self.day(start, end), title, category))
            spend: dict[str, float] = defaultdict(float)
            # Largest first, each to the regular vendor with the least spend so far: shares stay even.
            for amount, when, title, category in sorted(plans, reverse=True):
                vendor = self.pick_vendor(org, spend, when, category, amount)
                spend[vendor] += amount
                self.clean_award(org, when, title, category, amount, vendor)

    def pick_vendor(self, org: _Org, spend: dict[str, float], when: date, category: str,
                    amount: float) -> str:
        def free(vendor: str) -> bool:  # no small purchase of the category within 31 days: no split
            return amount >= LIMIT or all(abs((when - d).days) > 31 for d in org.small[(vendor, category)])
        candidates = [v for v in org.regulars if free(v)] or [v for v in org.pool if free(v)]
        return min(candidates, key=lambda v: (spend[v], self.rng.random()))

    def clean_award(self, org: _Org, when: date, title: str, category: str, amount: float,
                    vendor: str) -> None:
        if amount < 20_000 or (amount < LIMIT and self.rng.random() < 0.5):
            self.award(org, when=when, title=title, category=category, amount=amount, method="direct",
                       vendor=vendor)
            return
        ladder = self.bid_ladder(vendor, amount, self.rng.randint(2, 4), pool=org.pool)
        self.award(org, when=when, title=title, category=category, amount=amount,
                   method=self.competitive(amount), vendor=vendor, bids=ladder)

    # ------------------------------------------------------------------ planted violations

    def plant_all(self) -> None:
        planters: dict[str, tuple[bool, Callable[[_Org, int], list[str]]]] = {
            "procurement.split_purchase": (True, self.plant_split),
            "procurement.direct_award_over_limit": (True, self.plant_direct),
            "procurement.single_bid": (False, self.plant_single_bid),
            "procurement.too_few_quotes": (False, self.plant_few_quotes),
            "procurement.identical_bids": (False, self.plant_identical),
            "procurement.close_runner_up": (False, self.plant_close),
            "procurement.lowest_bid_passed_over": (False, self.plant_passed_over),
            "procurement.conflict_of_interest": (True, self.plant_conflict),
            "procurement.new_vendor": (False, self.plant_new_vendor),
            "procurement.cost_overrun": (False, self.plant_overrun),
            "procurement.no_acceptance": (False, self.plant_no_acceptance),
            "procurement.no_collective_decision": (True, self.plant_no_decision),
            "procurement.vendor_concentration": (False, self.plant_concentration),
        }
        # Street by street in turn, so that the plants of one rule fall into different peer groups.
        by_street: dict[str, list[str]] = defaultdict(list)
        for org_id in self.world.communities:
            if org_id in set(self.world.problem_orgs):
                by_street[self.world.street_of(org_id)].append(org_id)
        columns = list(by_street.values())
        problem = [c[i] for i in range(max(map(len, columns), default=0)) for c in columns if i < len(c)]
        if not problem:
            return
        slot = 0
        for rule_id, (serious, plant) in planters.items():
            # A community has one concentrated vendor at most: never two such plants in one org.
            count = min(PLANTS_PER_RULE, len(problem)) if "concentration" in rule_id else PLANTS_PER_RULE
            for i in range(count):
                org = self.orgs[problem[slot % len(problem)]]
                slot += 1
                records = plant(org, i)
                large_overrun = rule_id == "procurement.cost_overrun" and i < 2  # over 30 %
                self.truth.plant(rule_id, org_id=org.org_id, post_id=org.post, records=records,
                                 serious=serious or large_overrun, note=f"procurement plant {i + 1}")
        for post_id, rule_id, k in serious_plan.kinds_for(self.world, "procurement."):
            org = self.orgs[serious_plan.org_of(post_id)]
            if post_id != org.post:
                raise ValueError(f"{rule_id} answers to the procurement post, not {post_id}")
            # Plant 0 of the cost overrun is a large one (over 30 %): the serious kind.
            records = planters[rule_id][1](org, 0 if rule_id == "procurement.cost_overrun" else k % 5)
            self.truth.plant(rule_id, org_id=org.org_id, post_id=org.post, records=records,
                             serious=True, note=f"serious post plant {k + 1}")

    def spare(self, org: _Org) -> str:
        """A vendor of the street pool that has no award in this org yet (new company if none left)."""
        if org.spares:
            return org.spares.pop(self.rng.randrange(len(org.spares)))
        return self.world.new_company(org_id=org.org_id)

    def when(self, end: date = PERIOD_END) -> date:
        return self.day(PERIOD_START + timedelta(days=14), end)

    def plain(self, org: _Org, *, amount: float | None = None, vendor: str | None = None,
              bids: list[tuple[str, float]] | None = None, **kw) -> str:
        """A competitive award with 3-4 bids to a spare vendor; ``kw`` overrides award()'s arguments."""
        category = self.rng.choice(("works", "services"))
        amount = amount or self.money(60_000, 180_000)
        title = self.title_for(category, amount)
        vendor = vendor or self.spare(org)
        if bids is None:
            bids = self.bid_ladder(vendor, amount, self.rng.randint(2, 3), pool=org.pool)
        args = {"when": self.when(), "title": title, "category": category, "amount": amount,
                "method": self.competitive(amount), "vendor": vendor, "bids": bids, **kw}
        return self.award(org, **args)

    def plant_split(self, org: _Org, i: int) -> list[str]:
        category = ("goods", "works")[i % 2]
        vendor, first = self.spare(org), self.day(date(2026, 2, 1), date(2026, 8, 31))
        ids, when = [], first
        for title in SPLIT_TITLES[category]:
            amount = self.money(17_500, 24_000)  # three of these always reach 50,000
            ids.append(self.award(org, when=when, title=title, category=category, amount=amount,
                                  method="direct", vendor=vendor))
            when = self.day(when + timedelta(days=5), when + timedelta(days=11))
        return [f"procurements:{p}" for p in ids]

    def plant_direct(self, org: _Org, i: int) -> list[str]:
        amount = self.money(55_000, 120_000)
        return [f"procurements:{self.plain(org, amount=amount, method='direct', bids=[])}"]

    def plant_single_bid(self, org: _Org, i: int) -> list[str]:
        vendor, amount = self.spare(org), self.money(60_000, 260_000)
        return [f"procurements:{self.plain(org, vendor=vendor, amount=amount, bids=[(vendor, amount)])}"]

    def plant_few_quotes(self, org: _Org, i: int) -> list[str]:
        vendor, amount = self.spare(org), self.money(25_000, 48_000)
        ladder = self.bid_ladder(vendor, amount, 1, pool=org.pool)
        proc = self.plain(org, vendor=vendor, amount=amount, bids=ladder, method="quotation")
        return [f"procurements:{proc}"]

    def plant_identical(self, org: _Org, i: int) -> list[str]:
        vendor, amount = self.spare(org), self.money(60_000, 180_000)
        ladder = self.bid_ladder(vendor, amount, 3, pool=org.pool)
        ladder[3] = (ladder[3][0], ladder[2][1])  # the two highest bidders quote the same price
        return [f"procurements:{self.plain(org, vendor=vendor, amount=amount, bids=ladder)}"]

    def plant_close(self, org: _Org, i: int) -> list[str]:
        vendor, amount = self.spare(org), self.money(60_000, 300_000)
        ladder = self.bid_ladder(vendor, amount, self.rng.randint(2, 3), pool=org.pool)
        gap = max(10.0, round(amount * self.rng.uniform(0.001, 0.005) / 10) * 10)  # 0.1-0.5 %
        ladder[1] = (ladder[1][0], amount + gap)
        return [f"procurements:{self.plain(org, vendor=vendor, amount=amount, bids=ladder)}"]

    def plant_passed_over(self, org: _Org, i: int) -> list[str]:
        lowest, winner, amount = self.spare(org), self.spare(org), self.money(55_000, 170_000)
        price = float(round(amount * (1 + self.rng.uniform(0.05, 0.10)) / 100) * 100)
        ladder = [(lowest, amount)] + self.bid_ladder(winner, price, self.rng.randint(1, 2), pool=[
            v for v in org.pool if v != lowest])
        return [f"procurements:{self.plain(org, vendor=winner, amount=price, bids=ladder)}"]

    def plant_conflict(self, org: _Org, i: int) -> list[str]:
        cadre = self.world.holder(org.post)
        relative = self.world.relative(cadre, ("sibling", "spouse", "child", "in_law", "sibling")[i % 5])
        registered = date(2016 + i, 3 + i, 10)
        if i % 2:  # the relative as shareholder behind an unrelated legal representative
            company = self.world.new_company(legal_rep_id=self.world.new_person(org.org_id),
                                             shareholder_ids=[relative], registered_date=registered)
        else:
            company = self.world.new_company(legal_rep_id=relative, registered_date=registered)
        proc = self.plain(org, vendor=company, amount=self.money(26_000, 48_000), method="quotation")
        return [f"procurements:{proc}", f"companies:{company}"]

    def plant_new_vendor(self, org: _Org, i: int) -> list[str]:
        award = self.when()
        company = self.world.new_company(org_id=org.org_id,
                                         registered_date=award - timedelta(days=self.rng.randint(20, 80)))
        proc = self.plain(org, vendor=company, when=award, amount=self.money(22_000, 46_000),
                          method="quotation")
        return [f"procurements:{proc}", f"companies:{company}"]

    def plant_overrun(self, org: _Org, i: int) -> list[str]:
        ratio = self.rng.uniform(1.35, 1.5) if i < 2 else self.rng.uniform(1.13, 1.25)
        return [f"procurements:{self.plain(org, final_ratio=ratio)}"]

    def plant_no_acceptance(self, org: _Org, i: int) -> list[str]:
        if i < 3:  # never accepted: awarded more than 90 days before the as-of date
            return [f"procurements:{self.plain(org, when=self.when(date(2026, 7, 31)), accepted=None)}"]
        award = self.when(date(2026, 6, 30))  # accepted, but 100-150 days after the award
        accepted = award + timedelta(days=self.rng.randint(100, 150))
        return [f"procurements:{self.plain(org, when=award, accepted=accepted)}"]

    def plant_no_decision(self, org: _Org, i: int) -> list[str]:
        award, amount = self.when(), self.money(60_000, 160_000)
        title = self.title_for("works", amount)
        if i % 4 == 0:
            rid = None
        elif i % 4 == 1:
            rid = self.resolution(org, title, amount, award, steps=STEPS[:2] + STEPS[3:5])
        else:
            rid = self.resolution(org, title, amount, award, late_days=self.rng.randint(5, 20))
        proc = self.plain(org, when=award, amount=amount, resolution=rid, title=title, category="works")
        return [f"procurements:{proc}"] + ([f"resolutions:{rid}"] if rid else [])

    def plant_concentration(self, org: _Org, i: int) -> list[str]:
        vendor, ids = self.spare(org), []
        for month in (2, 4, 6, 8, 10):
            award = self.day(date(2026, month, 1), date(2026, month, 20))
            ids.append(self.plain(org, vendor=vendor, when=award, amount=self.money(180_000, 300_000)))
        return [f"procurements:{p}" for p in ids]


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
