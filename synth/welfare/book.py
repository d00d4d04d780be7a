"""The welfare book: enrolments, payments, household accounts and pay days; the records a plant names.

Planters return ``Planted``: the records the finding will name (``beneficiaries:<person>:<program>``,
``disbursements:<id>``, in the vocabulary of RESULT.md) and a note.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..dates import PERIOD_END, PERIOD_START
from ..world import World

MONTHS = [(2025 + i // 12, i % 12 + 1) for i in range(22)]  # 2025-01 .. 2026-10
STANDARDS = {
    "dibao": (80, 110),
    "tekun": (120, 150),
    "elderly_allowance": (10, 30),
    "disability_allowance": (10, 20),
}
PLANTS_PER_RULE = 5

Planted = tuple[list[str], str]


def month_str(year: int, month: int) -> str:
    """``YYYY-MM``."""
    return f"{year}-{month:02d}"


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


class WelfareBook:
    """The welfare ledgers of one world under construction: enrolment, payments, accounts, pay days."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.rng
        self._accounts: dict[str, str] = {}
        self._paydays: dict[tuple[str, int, int], date] = {}
        self.rows: dict[str, dict] = {}  # disb_id -> disbursements row (plants edit amounts)
        self._seq: dict[str, int] = {}

    def seq(self, name: str) -> int:
        """0, 1, 2, ... per name: lets a planter vary its kind of violation deterministically."""
        self._seq[name] = self._seq.get(name, -1) + 1
        return self._seq[name]

    # ---------------------------------------------------------------- building blocks

    def account(self, person_id: str) -> str:
        """The account of the person's household (one per household)."""
        household = self.world.person(person_id)["household_id"]
        if household not in self._accounts:
            self._accounts[household] = self.world.next_id("A")
        return self._accounts[household]

    def payday(self, org_id: str, year: int, month: int) -> date:
        """The community's pay day of a month: one working day between the 10th and the 20th."""
        key = (org_id, year, month)
        if key not in self._paydays:
            self._paydays[key] = self.world.workday(date(year, month, 10), date(year, month, 20))
        return self._paydays[key]

    def stop_after(self, org_id: str, day: date, n: int) -> date:
        """A ``stop`` for :meth:`monthly` that lets exactly ``n`` pay days after ``day`` through."""
        later = [d for d in (self.payday(org_id, y, m) for y, m in MONTHS) if d > day]
        return later[min(n, len(later)) - 1] + timedelta(days=1)

    def standard(self, program: str) -> float:
        """A monthly standard of ``program``, in tens of yuan."""
        low, high = STANDARDS[program]
        return float(self.rng.randint(low, high) * 10)

    def enrol(
        self,
        org_id: str,
        person_id: str,
        program: str,
        approved: date,
        *,
        exit_date: date | None = None,
        standard: float | None = None,
    ) -> dict:
        """Add a ``beneficiaries`` row reviewed by the community's welfare post."""
        return self.world.add(
            "beneficiaries",
            {
                "person_id": person_id,
                "org_id": org_id,
                "program": program,
                "approved_date": approved,
                "exit_date": exit_date,
                "monthly_standard": standard,
                "reviewed_by": self.world.post_id(org_id, "welfare"),
            },
        )

    def pay(
        self,
        org_id: str,
        person_id: str,
        program: str,
        day: date,
        amount: float,
        *,
        period: str | None = None,
        account_id: str | None = None,
    ) -> str:
        """Add one ``disbursements`` row handled by the welfare post; returns its disb_id."""
        disb_id = self.world.next_id("WD")
        self.rows[disb_id] = self.world.add(
            "disbursements",
            {
                "disb_id": disb_id,
                "org_id": org_id,
                "date": day,
                "period": period or day.strftime("%Y-%m"),
                "program": program,
                "person_id": person_id,
                "amount": round(amount, 2),
                "account_id": account_id or self.account(person_id),
                "handled_by": self.world.post_id(org_id, "welfare"),
            },
        )
        return disb_id

    def monthly(
        self,
        org_id: str,
        person_id: str,
        program: str,
        amount: float,
        start: date,
        stop: date | None = None,
        **kwargs,
    ) -> list[tuple[date, str]]:
        """Pay ``amount`` on every pay day on or after ``start`` and strictly before ``stop``."""
        paid = []
        for year, month in MONTHS:
            day = self.payday(org_id, year, month)
            if day >= start and (stop is None or day < stop):
                paid.append((day, self.pay(org_id, person_id, program, day, amount, **kwargs)))
        return paid

    def person(self, org_id: str, program: str, household_id: str | None = None, **kwargs) -> str:
        """A new resident fit for ``program`` (80+ for the elderly allowance)."""
        if program == "elderly_allowance" and "birth_date" not in kwargs:
            kwargs["birth_date"] = date(1931, 1, 1) + timedelta(days=self.rng.randint(0, 15 * 365))
        return self.world.new_person(org_id, household_id=household_id, **kwargs)

    def random_day(self, start: date, end: date) -> date:
        """A day in [start, end], every day as likely."""
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def temp_relief(
        self, org_id: str, person_id: str, days: list[date], amounts: list[float] | None = None
    ) -> list[str]:
        """Enrol a person in temporary relief (approved a few days before the first) and pay on ``days``."""
        self.enrol(org_id, person_id, "temp_relief", days[0] - timedelta(days=self.rng.randint(1, 7)))
        amounts = amounts or [float(self.rng.randint(5, 30) * 100) for _ in days]
        return [self.pay(org_id, person_id, "temp_relief", d, a) for d, a in zip(days, amounts, strict=True)]


def ben(person_id: str, program: str) -> str:
    """The reference of an enrolment record."""
    return f"beneficiaries:{person_id}:{program}"


def disb(ids: list[str]) -> list[str]:
    """The references of disbursements."""
    return [f"disbursements:{i}" for i in ids]


def in_period(paid: list[tuple[date, str]]) -> list[str]:
    """The ids of the payments (``(day, disb_id)`` pairs) made in the assessed period."""
    return [i for d, i in paid if PERIOD_START <= d <= PERIOD_END]


def old_approval(book: WelfareBook) -> date:
    """An approval date long before the data starts."""
    return book.random_day(date(2017, 1, 1), date(2024, 10, 31))

