"""Synthetic welfare ledgers (惠民资金): enrolment records, monthly payments, recipient-list disclosures.

Clean data, every community: 20-60 beneficiaries who are nobody's relatives (new persons, mostly
one-person households, some elderly couples sharing their household's account), monthly payments
from 2025-01 to 2026-10 on one working pay day per community and month, one account per household,
everything reviewed and handled by the community's welfare post (民政专干), and the quarterly
recipient list (``welfare_recipients``) published a few days after each quarter. People who die or
exit stop receiving money before that date.

Planted violations (problem orgs only): five of each ``welfare.*`` rule, each on fresh people so
that it trips its own rule and no other. Ids: disbursements ``WD…``, accounts ``A…``, disclosures ``DW…``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from .truth import Truth
from .world import HISTORY_START, PERIOD_END, PERIOD_START, World

MONTHS = [(2025 + i // 12, i % 12 + 1) for i in range(22)]  # 2025-01 .. 2026-10
STANDARDS = {"dibao": (80, 110), "tekun": (120, 150), "elderly_allowance": (10, 30), "disability_allowance": (10, 20)}
PROGRAM_MIX = (("dibao", 35), ("tekun", 10), ("elderly_allowance", 30), ("disability_allowance", 15),
               ("temp_relief", 10))
PLANTS_PER_RULE = 5
SERIOUS = {"welfare.paid_after_death", "welfare.paid_after_exit", "welfare.duplicate_payment",
           "welfare.shared_account", "welfare.reviewer_conflict"}


def _month_str(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


class WelfareBook:
    """The welfare ledgers of one world under construction: enrolment, payments, accounts, pay days."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.rng
        self._accounts: dict[str, str] = {}
        self._paydays: dict[tuple[str, int, int], date] = {}

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

    def standard(self, program: str) -> float:
        low, high = STANDARDS[program]
        return float(self.rng.randint(low, high) * 10)

    def enrol(self, org_id: str, person_id: str, program: str, approved: date, *,
              exit_date: date | None = None, standard: float | None = None) -> dict:
        """Add a ``beneficiaries`` row reviewed by the community's welfare post."""
        return self.world.add("beneficiaries", {
            "person_id": person_id, "org_id": org_id, "program": program, "approved_date": approved,
            "exit_date": exit_date, "monthly_standard": standard,
            "reviewed_by": self.world.post_id(org_id, "welfare"),
        })

    def pay(self, org_id: str, person_id: str, program: str, day: date, amount: float, *,
            period: str | None = None, account_id: str | None = None) -> str:
        """Add one ``disbursements`` row handled by the welfare post; returns its disb_id."""
        disb_id = self.world.next_id("WD")
        self.world.add("disbursements", {
            "disb_id": disb_id, "org_id": org_id, "date": day, "period": period or day.strftime("%Y-%m"),
            "program": program, "person_id": person_id, "amount": round(amount, 2),
            "account_id": account_id or self.account(person_id),
            "handled_by": self.world.post_id(org_id, "welfare"),
        })
        return disb_id

    def monthly(self, org_id: str, person_id: str, program: str, amount: float, start: date,
                stop: date | None = None, **kwargs) -> list[tuple[date, str]]:
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
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def temp_relief(self, org_id: str, person_id: str, days: list[date], amounts: list[float] | None = None) -> list[str]:
        """Enrol a person in temporary relief (approved a few days before the first) and pay on ``days``."""
        self.enrol(org_id, person_id, "temp_relief", days[0] - timedelta(days=self.rng.randint(1, 7)))
        amounts = amounts or [float(self.rng.randint(5, 30) * 100) for _ in days]
        return [self.pay(org_id, person_id, "temp_relief", d, a) for d, a in zip(days, amounts, strict=True)]

    # ---------------------------------------------------------------- clean data

    def clean_beneficiary(self, org_id: str) -> None:
        """One clean beneficiary (sometimes a couple, sometimes two programmes) with their payments."""
        program = self.rng.choices([p for p, _ in PROGRAM_MIX], weights=[w for _, w in PROGRAM_MIX])[0]
        if program == "temp_relief":
            self._clean_temp_relief(org_id)
            return
        person = self.person(org_id, program)
        self._clean_monthly(org_id, person, program)
        if program == "elderly_allowance" and self.rng.random() < 0.25:  # spouse in the same household
            household = self.world.person(person)["household_id"]
            self._clean_monthly(org_id, self.person(org_id, program, household), program)
        elif program == "dibao" and self.rng.random() < 0.15:  # 低保 member also disabled
            self._clean_monthly(org_id, person, "disability_allowance")

    def _clean_monthly(self, org_id: str, person: str, program: str) -> None:
        approved = (self.random_day(date(2016, 1, 1), date(2024, 12, 31)) if self.rng.random() < 0.7
                    else self.random_day(HISTORY_START, date(2026, 9, 30)))
        stop = exit_date = None
        fate = self.rng.random()
        if fate < 0.08 and program == "elderly_allowance":  # dies; exit registered a few days later
            death = self.random_day(max(approved, HISTORY_START) + timedelta(days=40), date(2026, 10, 20))
            self.world.person(person)["death_date"] = death
            stop, exit_date = death, death + timedelta(days=self.rng.randint(0, 20))
        elif fate < 0.15:
            exit_date = self.random_day(max(approved, HISTORY_START) + timedelta(days=40), date(2026, 10, 20))
            stop = exit_date
        standard = self.standard(program)
        self.enrol(org_id, person, program, approved, exit_date=exit_date, standard=standard)
        self.monthly(org_id, person, program, standard, approved, stop)

    def _clean_temp_relief(self, org_id: str) -> None:
        """At most two reliefs a calendar year, in different months: never more than 4 in 12 months."""
        person = self.person(org_id, "temp_relief")
        days = []
        for year, last_month in ((2025, 12), (2026, 10)):
            months = sorted(self.rng.sample(range(1, last_month + 1), self.rng.randint(0, 2)))
            days += [self.world.workday(date(year, m, 1), _month_end(year, m)) for m in months]
        if not days:
            days = [self.world.workday(date(2025, 6, 1), date(2025, 6, 30))]
        self.temp_relief(org_id, person, days)

    def disclose(self, org_id: str, skip: set[tuple[int, int]]) -> None:
        """Quarterly recipient lists 2025Q1..2026Q3, published 1-8 days after the quarter (except ``skip``)."""
        for year in (2025, 2026):
            for quarter in range(1, 5):
                if (year, quarter) == (2026, 4) or (year, quarter) in skip:
                    continue
                end = _month_end(year, 3 * quarter)
                self.world.add("disclosures", {
                    "disclosure_id": self.world.next_id("DW"), "org_id": org_id, "catalog": "affairs",
                    "item": "welfare_recipients", "period": _month_str(year, 3 * quarter),
                    "published_date": self.world.workday(end + timedelta(days=1), end + timedelta(days=8)),
                    "channel": self.rng.choice(("board", "wechat")), "disclosed_income": None,
                    "disclosed_expense": None,
                })


def generate(world: World, truth: Truth) -> None:
    """Add clean welfare ledgers to every community and plant each ``welfare.*`` violation 5 times."""
    book = WelfareBook(world)
    for org_id in world.communities:
        for _ in range(world.rng.randint(20, 60)):
            book.clean_beneficiary(org_id)
    from .welfare_plants import PLANTERS, plant_undisclosed

    orgs = list(world.problem_orgs)
    skipped: dict[str, set[tuple[int, int]]] = {}
    for index, (rule_id, planter) in enumerate(PLANTERS.items()):
        for k in range(PLANTS_PER_RULE):
            org_id = orgs[(index + k * 3) % len(orgs)] if orgs else None
            if org_id is None:
                break
            _record(truth, rule_id, org_id, world, planter(book, org_id))
    # Recipient lists last: the undisclosed quarter names every enrolment record active in it.
    undisclosed = plant_undisclosed(book, orgs[: PLANTS_PER_RULE])
    for org_id, (quarter, records) in undisclosed.items():
        skipped[org_id] = {quarter}
        _record(truth, "welfare.recipients_not_disclosed", org_id, world, (records, "未公示季度救助对象名单"))
    for org_id in world.communities:
        book.disclose(org_id, skipped.get(org_id, set()))


def _record(truth: Truth, rule_id: str, org_id: str, world: World, planted: tuple[list[str], str]) -> None:
    records, note = planted
    truth.plant(rule_id, org_id=org_id, post_id=world.post_id(org_id, "welfare"), records=records,
                serious=rule_id in SERIOUS, note=note)


Planter = Callable[[WelfareBook, str], tuple[list[str], str]]
__all__ = ["generate", "WelfareBook", "MONTHS", "PERIOD_START", "PERIOD_END"]
