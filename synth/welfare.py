"""Synthetic welfare ledgers (惠民资金): enrolment records, monthly payments, recipient-list disclosures.

Clean data, every community: 20-60 beneficiaries who are nobody's relatives (new persons, mostly
one-person households, some elderly couples sharing their household's account), monthly payments
from 2025-01 to 2026-10 on one working pay day per community and month, one account per household,
everything reviewed and handled by the community's welfare post (民政专干), and the quarterly
recipient list (``welfare_recipients``) published a few days after each quarter. People who die or
exit stop receiving money before that date.

Planted violations (problem orgs only): five of each ``welfare.*`` rule, each on fresh people so
that it trips its own rule and no other; then the serious welfare problems that
:mod:`riskengine_synth.serious` planned on welfare posts (relatives enrolled and reviewer conflicts
never on the cadre him/herself there, so nobody is enrolled twice). Ids: disbursements ``WD…``,
accounts ``A…``, disclosures ``DW…``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from . import serious
from .truth import Truth
from .world import HISTORY_START, PERIOD_END, PERIOD_START, World

MONTHS = [(2025 + i // 12, i % 12 + 1) for i in range(22)]  # 2025-01 .. 2026-10
STANDARDS = {
    "dibao": (80, 110),
    "tekun": (120, 150),
    "elderly_allowance": (10, 30),
    "disability_allowance": (10, 20),
}
PROGRAM_MIX = (
    ("dibao", 35),
    ("tekun", 10),
    ("elderly_allowance", 30),
    ("disability_allowance", 15),
    ("temp_relief", 10),
)
PLANTS_PER_RULE = 5
SERIOUS = {
    "welfare.paid_after_death",
    "welfare.paid_after_exit",
    "welfare.duplicate_payment",
    "welfare.shared_account",
    "welfare.relative_enrolled",
    "welfare.reviewer_conflict",
}


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
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def temp_relief(
        self, org_id: str, person_id: str, days: list[date], amounts: list[float] | None = None
    ) -> list[str]:
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
        approved = (
            self.random_day(date(2016, 1, 1), date(2024, 12, 31))
            if self.rng.random() < 0.7
            else self.random_day(HISTORY_START, date(2026, 9, 30))
        )
        stop = exit_date = None
        fate = self.rng.random() if approved < date(2026, 6, 1) else 1.0
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
        """Quarterly recipient lists 2025Q1..2026Q3, published 1-10 days after each quarter but ``skip``."""
        for year in (2025, 2026):
            for quarter in range(1, 5):
                if (year, quarter) == (2026, 4) or (year, quarter) in skip:
                    continue
                end = _month_end(year, 3 * quarter)
                self.world.add(
                    "disclosures",
                    {
                        "disclosure_id": self.world.next_id("DW"),
                        "org_id": org_id,
                        "catalog": "affairs",
                        "item": "welfare_recipients",
                        "period": _month_str(year, 3 * quarter),
                        "published_date": self.world.workday(
                            end + timedelta(days=1), end + timedelta(days=10)
                        ),
                        "channel": self.rng.choice(("board", "wechat")),
                        "disclosed_income": None,
                        "disclosed_expense": None,
                    },
                )


# -------------------------------------------------------------------- planted violations
# Each planter adds one violation in ``org_id`` on fresh people and returns (records, note): the
# records the finding will name, in the vocabulary of RESULT.md.

Planted = tuple[list[str], str]


def _ben(person_id: str, program: str) -> str:
    return f"beneficiaries:{person_id}:{program}"


def _disb(ids: list[str]) -> list[str]:
    return [f"disbursements:{i}" for i in ids]


def _in_period(paid: list[tuple[date, str]]) -> list[str]:
    return [i for d, i in paid if PERIOD_START <= d <= PERIOD_END]


def _old_approval(book: WelfareBook) -> date:
    return book.random_day(date(2017, 1, 1), date(2024, 10, 31))


def plant_paid_after_death(book: WelfareBook, org_id: str) -> Planted:
    """Payments go on for 1-3 months after a death nobody registered."""
    program = book.rng.choice(("dibao", "elderly_allowance"))
    person = book.person(org_id, program)
    death = book.random_day(date(2026, 3, 1), date(2026, 7, 31))
    book.world.person(person)["death_date"] = death
    standard = book.standard(program)
    book.enrol(org_id, person, program, _old_approval(book), standard=standard)
    stop = book.stop_after(org_id, death, book.rng.randint(1, 3))
    paid = book.monthly(org_id, person, program, standard, date(2016, 1, 1), stop)
    after = [i for d, i in paid if d > death]
    return [*_disb(after), f"persons:{person}"], f"{person} 于 {death} 死亡后仍发放 {len(after)} 笔"


def plant_paid_after_exit(book: WelfareBook, org_id: str) -> Planted:
    """The record exits, the payments do not stop for 1-3 months."""
    program = book.rng.choice(("dibao", "tekun", "disability_allowance"))
    person = book.person(org_id, program)
    exit_date = book.random_day(date(2026, 3, 1), date(2026, 7, 31))
    standard = book.standard(program)
    book.enrol(org_id, person, program, _old_approval(book), exit_date=exit_date, standard=standard)
    stop = book.stop_after(org_id, exit_date, book.rng.randint(1, 3))
    paid = book.monthly(org_id, person, program, standard, date(2016, 1, 1), stop)
    after = [i for d, i in paid if d > exit_date]
    return [*_disb(after), _ben(person, program)], f"{person} 于 {exit_date} 退出后仍发放 {len(after)} 笔"


def plant_duplicate_payment(book: WelfareBook, org_id: str) -> Planted:
    """One month of a regular beneficiary paid a second time a few days later."""
    program = book.rng.choice(("dibao", "tekun", "elderly_allowance", "disability_allowance"))
    person = book.person(org_id, program)
    standard = book.standard(program)
    book.enrol(org_id, person, program, _old_approval(book), standard=standard)
    paid = book.monthly(org_id, person, program, standard, date(2016, 1, 1))
    month = book.rng.randint(2, 9)
    day, first = next((d, i) for d, i in paid if (d.year, d.month) == (2026, month))
    again = book.pay(
        org_id,
        person,
        program,
        book.world.workday(day + timedelta(days=1), _month_end(2026, month)),
        standard,
        period=_month_str(2026, month),
    )
    return _disb([first, again]), f"{person} 2026-{month:02d} 重复发放"


def plant_not_enrolled(book: WelfareBook, org_id: str) -> Planted:
    """Paid with no enrolment record (3 of 5), or paid months before the approval (2 of 5)."""
    standard = book.standard("dibao")
    person = book.person(org_id, "dibao")
    if book.seq("not_enrolled") % 5 < 3:
        first = book.rng.randint(2, 7)
        paid = book.monthly(
            org_id,
            person,
            "dibao",
            standard,
            date(2026, first, 1),
            date(2026, first + book.rng.randint(2, 3), 1),
        )
        return _disb([i for _, i in paid]), f"{person} 无低保记录却发放"
    approved = book.random_day(date(2026, 6, 1), date(2026, 7, 31))
    book.enrol(org_id, person, "dibao", approved, standard=standard)
    paid = book.monthly(org_id, person, "dibao", standard, date(2026, book.rng.randint(2, 4), 1))
    early = [i for d, i in paid if d < approved]
    return [*_disb(early), _ben(person, "dibao")], f"{person} 审批（{approved}）前已发放"


def plant_over_standard(book: WelfareBook, org_id: str) -> Planted:
    """One month paid well above the standard, or (1 of 5) a relief above the one-off cap."""
    if book.seq("over_standard") % 5 == 4:
        person = book.person(org_id, "temp_relief")
        day = book.world.workday(date(2026, 2, 1), date(2026, 9, 30))
        [disb_id] = book.temp_relief(org_id, person, [day], [float(book.rng.randint(60, 90) * 100)])
        return [*_disb([disb_id]), _ben(person, "temp_relief")], f"{person} 临时救助超单次上限"
    program = book.rng.choice(("dibao", "tekun"))
    person = book.person(org_id, program)
    standard = book.standard(program)
    book.enrol(org_id, person, program, _old_approval(book), standard=standard)
    paid = book.monthly(org_id, person, program, standard, date(2016, 1, 1))
    disb_id = book.rng.choice(_in_period(paid))
    book.rows[disb_id]["amount"] = standard + book.rng.randint(20, 80) * 10
    return [*_disb([disb_id]), _ben(person, program)], f"{person} 单月超标准发放"


def plant_shared_account(book: WelfareBook, org_id: str) -> Planted:
    """A second household's allowance paid into the first household's account all along."""
    paid = []
    owner = None
    for _ in range(2):
        program = book.rng.choice(("dibao", "elderly_allowance", "disability_allowance"))
        person = book.person(org_id, program)
        owner = owner or person
        standard = book.standard(program)
        book.enrol(org_id, person, program, _old_approval(book), standard=standard)
        paid += book.monthly(
            org_id, person, program, standard, date(2016, 1, 1), account_id=book.account(owner)
        )
    return _disb(_in_period(paid)), f"账户 {book.account(owner)} 收两户资金"


def plant_relative_enrolled(book: WelfareBook, org_id: str, *, allow_self: bool = True) -> Planted:
    """A relative of a cadre other than the reviewer on a means-tested roll (1 of 5: the cadre,
    unless ``allow_self`` is off: a cadre enrolled twice would also be a duplicate)."""
    world = book.world
    reviewer = world.holder(world.post_id(org_id, "welfare"))
    cadres = [
        world.holder(world.post_id(org_id, c))
        for c in ("secretary", "director", "finance", "procurement", "grid")
    ]
    cadre = book.rng.choice([c for c in cadres if c != reviewer])
    program = book.rng.choice(("dibao", "tekun", "temp_relief"))
    if book.seq("relative_enrolled") % 5 == 4 and allow_self:
        person, records = cadre, [_ben(cadre, program)]
    else:
        person = world.relative(cadre, book.rng.choice(("sibling", "parent", "child", "in_law")))
        records = [_ben(person, program), f"relations:{cadre}:{person}"]
    _regular(book, org_id, person, program)
    return records, f"{person} 系干部 {cadre} 本人或亲属，享受{program}"


def plant_reviewer_conflict(book: WelfareBook, org_id: str, *, allow_self: bool = True) -> Planted:
    """The welfare post's holder reviewed a relative's record (1 of 5: their own, unless ``allow_self``
    is off)."""
    world = book.world
    reviewer = world.holder(world.post_id(org_id, "welfare"))
    if book.seq("reviewer_conflict") % 5 == 4 and allow_self:
        _regular(book, org_id, reviewer, "disability_allowance")
        return [_ben(reviewer, "disability_allowance")], f"审核人 {reviewer} 审核本人"
    person = world.relative(reviewer, book.rng.choice(("spouse", "sibling", "parent", "child", "in_law")))
    program = book.rng.choice(("dibao", "tekun", "disability_allowance"))
    _regular(book, org_id, person, program)
    return [_ben(person, program), f"relations:{reviewer}:{person}"], f"审核人 {reviewer} 审核亲属 {person}"


def plant_repeated_temp_relief(book: WelfareBook, org_id: str) -> Planted:
    """Five or six reliefs within 2026, each small and in its own month."""
    person = book.person(org_id, "temp_relief")
    months = sorted(book.rng.sample(range(1, 11), book.rng.randint(5, 6)))
    days = [book.world.workday(date(2026, m, 1), _month_end(2026, m)) for m in months]
    ids = book.temp_relief(org_id, person, days, [float(book.rng.randint(5, 20) * 100) for _ in days])
    return _disb(ids), f"{person} 2026 年领取临时救助 {len(ids)} 次"


def _regular(book: WelfareBook, org_id: str, person: str, program: str) -> None:
    """Clean enrolment and payments for a planted person (the violation is who they are)."""
    if program == "temp_relief":
        book.temp_relief(org_id, person, [book.world.workday(date(2026, 4, 1), date(2026, 4, 30))])
        return
    standard = book.standard(program)
    approved = book.random_day(date(2023, 1, 1), date(2025, 12, 31))
    book.enrol(org_id, person, program, approved, standard=standard)
    book.monthly(org_id, person, program, standard, approved)


def plant_undisclosed(book: WelfareBook, orgs: list[str]) -> list[tuple[str, tuple[int, int], list[str]]]:
    """Pick (org, 2026 quarter) pairs whose recipient list goes unpublished, five when orgs allow.

    Each finding names the enrolment records active in the quarter and the quarter's payments.
    With fewer than five problem orgs an org loses more than one quarter (three at most).
    """
    chosen: list[tuple[str, tuple[int, int], list[str]]] = []
    taken: dict[str, set[int]] = {}
    for index in range(PLANTS_PER_RULE if orgs else 0):
        org_id = orgs[index % len(orgs)]
        free = [q for q in (1, 2, 3) if q not in taken.setdefault(org_id, set())]
        if not free:
            continue
        quarter = book.rng.choice(free)
        taken[org_id].add(quarter)
        start, end = date(2026, 3 * quarter - 2, 1), _month_end(2026, 3 * quarter)
        records = sorted(
            _ben(row["person_id"], row["program"])
            for row in book.world.tables["beneficiaries"]
            if row["org_id"] == org_id
            and row["approved_date"] <= end
            and (row["exit_date"] is None or row["exit_date"] >= start)
        )
        records += sorted(
            f"disbursements:{row['disb_id']}"
            for row in book.world.tables["disbursements"]
            if row["org_id"] == org_id and start <= row["date"] <= end
        )
        chosen.append((org_id, (2026, quarter), records))
    return chosen


PLANTERS: dict[str, Callable[[WelfareBook, str], Planted]] = {
    "welfare.paid_after_death": plant_paid_after_death,
    "welfare.paid_after_exit": plant_paid_after_exit,
    "welfare.duplicate_payment": plant_duplicate_payment,
    "welfare.not_enrolled": plant_not_enrolled,
    "welfare.over_standard": plant_over_standard,
    "welfare.shared_account": plant_shared_account,
    "welfare.relative_enrolled": plant_relative_enrolled,
    "welfare.reviewer_conflict": plant_reviewer_conflict,
    "welfare.repeated_temp_relief": plant_repeated_temp_relief,
}


def generate(world: World, truth: Truth) -> None:
    """Add clean welfare ledgers to every community and plant each ``welfare.*`` violation 5 times."""
    book = WelfareBook(world)
    for org_id in world.communities:
        for _ in range(world.rng.randint(20, 60)):
            book.clean_beneficiary(org_id)
    orgs = list(world.problem_orgs)
    for index, (rule_id, planter) in enumerate(PLANTERS.items()):
        for k in range(PLANTS_PER_RULE if orgs else 0):
            org_id = orgs[(index + 3 * k) % len(orgs)]
            _record(truth, world, rule_id, org_id, planter(book, org_id))
    for post_id, rule_id, _ in serious.kinds_for(world, "welfare."):
        org_id = serious.org_of(post_id)
        if post_id != world.post_id(org_id, "welfare"):
            raise ValueError(f"{rule_id} answers to the welfare post, not {post_id}")
        planter = PLANTERS[rule_id]
        if rule_id in ("welfare.relative_enrolled", "welfare.reviewer_conflict"):
            planted = planter(book, org_id, allow_self=False)
        else:
            planted = planter(book, org_id)
        _record(truth, world, rule_id, org_id, planted)
    # Recipient lists last: the undisclosed quarter names every enrolment record active in it.
    skipped: dict[str, set[tuple[int, int]]] = {}
    for org_id, quarter, records in plant_undisclosed(book, orgs):
        skipped.setdefault(org_id, set()).add(quarter)
        note = f"{quarter[0]} 年第 {quarter[1]} 季度救助对象名单未公示"
        _record(truth, world, "welfare.recipients_not_disclosed", org_id, (records, note))
    for org_id in world.communities:
        book.disclose(org_id, skipped.get(org_id, set()))


def _record(truth: Truth, world: World, rule_id: str, org_id: str, planted: Planted) -> None:
    records, note = planted
    truth.plant(
        rule_id,
        org_id=org_id,
        post_id=world.post_id(org_id, "welfare"),
        records=records,
        serious=rule_id in SERIOUS,
        note=note,
    )
