"""The procurement book: per-community state and the builders of awards, bids and resolutions."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from chinese_calendar import is_workday

from ..dates import AS_OF, PERIOD_END, PERIOD_START
from ..steps import STEPS
from ..truth import Truth
from ..world import World

LIMIT = 50_000.0
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


class Org:
    """Per-community state: vendors and what the split and concentration guards must know."""

    def __init__(self, org_id: str, post: str, pool: list[str], regulars: list[str]) -> None:
        self.org_id = org_id
        self.post = post
        self.pool = pool
        self.regulars = regulars
        self.spares = [v for v in pool if v not in regulars]
        self.small: dict[tuple[str, str], list[date]] = defaultdict(list)


class ProcurementBook:
    """The world, the truth and the state of every community; builds the procurement records."""

    def __init__(self, world: World, truth: Truth) -> None:
        self.world = world
        self.truth = truth
        self.rng = world.rng
        self.orgs: dict[str, Org] = {}

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

    def resolution(self, org: Org, subject: str, amount: float, award: date, *,
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

    def award(self, org: Org, *, when: date, title: str, category: str, amount: float, method: str,
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
        """The competitive method for ``amount``: a tender from 200,000, a quotation below."""
        return "tender" if amount >= 200_000 else "quotation"

    # ------------------------------------------------------------------ helpers of the plants

    def spare(self, org: Org) -> str:
        """A vendor of the street pool that has no award in this org yet (new company if none left)."""
        if org.spares:
            return org.spares.pop(self.rng.randrange(len(org.spares)))
        return self.world.new_company(org_id=org.org_id)

    def when(self, end: date = PERIOD_END) -> date:
        """An award day in the period, two weeks in at the earliest and by ``end``."""
        return self.day(PERIOD_START + timedelta(days=14), end)

    def plain(self, org: Org, *, amount: float | None = None, vendor: str | None = None,
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


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
