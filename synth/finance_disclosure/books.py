"""The finance ledger being written: its rows, resolutions, and the guards that keep clean payments clean.

Clean payments pass :meth:`Books.fits` so that no counterparty and category adds up to a split payment
and no counterparty is paid the same amount twice in a short time; plants write through the same
builders and record themselves in the truth with :meth:`Books.plant`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ..dates import PERIOD_END, PERIOD_START
from ..steps import STEPS
from ..truth import Truth
from ..world import World

LIMIT = 50_000.0  # collective-decision limit (三重一大)
DEADLINE_DAYS = 10
SPLIT_GUARD = 40_000.0  # clean sub-limit payments per counterparty+category stay below this ...
GUARD_DAYS = 45  # ... within this many days on either side
DUPLICATE_GUARD_DAYS = 20
MONTHS = [date(2025 + (m // 12), m % 12 + 1, 1) for m in range(23)]  # 2025-01 .. 2026-11


class Books:
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
        """The org's counterparties: the street's vendors, new companies and new payees."""
        own = [self.world.new_company(org_id=org_id) for _ in range(n_companies)]
        self.companies[org_id] = self.world.vendors(org_id) + own
        self.payees[org_id] = [self.world.new_person(org_id) for _ in range(n_people)]

    def fits(self, org_id: str, cp: str, category: str, day: date, amount: float) -> bool:
        """Would this payment keep the counterparty clear of split and duplicate patterns?"""
        if any(
            abs((d - day).days) <= DUPLICATE_GUARD_DAYS for d in self.amount_log[(org_id, cp, cents(amount))]
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
        """The next voucher number of the org and year."""
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
            self.amount_log[(org_id, cp_id, cents(amount))].append(day)
            if amount < LIMIT:
                self.pair_log[(org_id, cp_id, category)].append((day, amount))
        return f"ledger:{txn_id}"

    def pay(self, org_id: str, day: date, amount: float, category: str, cp_type: str, cp_id: str,
            **kwargs) -> str:
        """An expense row (:meth:`txn` with direction ``expense``); returns its reference."""
        return self.txn(org_id, day, "expense", amount, category, cp_type, cp_id, **kwargs)

    def resolution(
        self, org_id: str, subject: str, amount: float, decided: date, steps: list[str] | None = None
    ) -> str:
        """Add a 四议两公开 resolution decided on ``decided`` (all steps unless ``steps``); returns its id."""
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
        """The secretary's or director's post, at random."""
        return self.world.post_id(org_id, self.rng.choice(("secretary", "director")))

    def handler(self, org_id: str) -> str:
        """The finance or cashier post, at random."""
        return self.world.post_id(org_id, self.rng.choice(("finance", "cashier")))

    # ---------------------------------------------------------------- plants

    def plant_day(self, k: int) -> date:
        """A working day in the period, spread over the months by plant number ``k``."""
        month = date(2026, 1 + (2 * k + self.rng.randint(0, 1)) % 10, 1)
        return self.world.workday(month, month_end(month))

    def plant(
        self, rule: str, org_id: str, post: str | list[str], records: list[str], serious: bool, note: str
    ) -> None:
        """Record a planted ``finance.<rule>`` violation in the truth."""
        self.truth.plant(
            f"finance.{rule}", org_id=org_id, post_id=post, records=records, serious=serious, note=note
        )

    def fresh_company(self, org_id: str, **kw) -> str:
        """A company registered long before the period, paid by no clean payment."""
        return self.world.new_company(org_id=org_id, registered_date=date(2018, 6, 1), **kw)


def cents(amount: float) -> int:
    """An amount in whole cents."""
    return round(amount * 100)


def month_end(month: date) -> date:
    """The last day of ``month``."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def in_period(day: date) -> bool:
    """True for a day in the assessed period."""
    return PERIOD_START <= day <= PERIOD_END

