"""Synthetic cadre-conduct ledgers: conduct events, declarations, complaints, evaluations.

Clean records for every community: each post holder's annual personal-matters declarations
for 2025 and 2026 filed on time; some banquets and outside jobs reported beforehand;
complaint-sourced events that were dismissed; 0-2 complaints per post answered within a week;
evaluations for 2024 and 2025 with approval 75-98 %. Then, in problem orgs only, at least four
planted violations of each conduct rule (``conduct.recurrence`` needs task history and is not
planted). Each planted violation trips only its own rule. The serious and minor plans of
:mod:`riskengine_synth.serious` add verified events and complaints on the posts they name.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from . import serious as serious_plan
from .truth import Truth
from .world import AS_OF, PERIOD_END, PERIOD_START, World

YEARS = (2025, 2026)

_DESCRIPTIONS = {
    "gift_acceptance": "收受服务对象所送购物卡",
    "works_interference": "为亲属承揽村内道路硬化工程打招呼",
    "favoritism": "违规为亲属办理困难救助",
    "vehicle_misuse": "公务用车用于接送家属",
    "inaction": "群众反映事项长期推诿不办",
    "certificate_abuse": "为不符合条件人员出具居住证明",
    "information_leak": "泄露征地补偿评估信息",
    "banquet_hosting": "为子女操办婚宴",
    "part_time_pay": "在辖区企业兼职领取报酬",
    "other": "其他情况",
}
_COMPLAINT_CATEGORIES = ("办事效率", "工作作风", "惠民政策", "村（居）务公开", "环境卫生", "矛盾纠纷")
_CHANNELS = ("码上监督", "12345热线", "来信", "来访")


class _Gen:
    """State shared by the clean and planted parts: the world, ids in use, who must stay clean of what."""

    def __init__(self, world: World, truth: Truth) -> None:
        self.world = world
        self.truth = truth
        self.rng = world.rng
        posts = sorted(world.tables["posts"], key=lambda p: p["post_id"])
        self.posts = [p for p in posts if p.get("holder_id") and p["org_id"] in set(world.communities)]
        self.posts_of_holder: dict[str, list[str]] = defaultdict(list)
        for post in self.posts:
            self.posts_of_holder[post["holder_id"]].append(post["post_id"])
        self.org_of_post = {p["post_id"]: p["org_id"] for p in self.posts}
        self.holder_of = {p["post_id"]: p["holder_id"] for p in self.posts}
        # Persons kept out of the clean banquet / outside-job examples: planted persons (a clean report
        # would cover their plant) and persons already given one.
        self.reported_people: set[str] = set()
        # Posts that get no clean complaint in the period, so planted complaints alone decide.
        self.quiet_posts: set[str] = set()
        self.skip_annual: set[tuple[str, int]] = set()  # (person, year) whose declaration is planted
        problem = [p for p in self.posts if p["org_id"] in set(world.problem_orgs)]
        self._slots = [p["post_id"] for p in problem]
        self.rng.shuffle(self._slots)
        self._used: set[str] = set()
        self.category_of = {p["post_id"]: p["category"] for p in self.posts}

    def next_post(self, category: str | None = None) -> str:
        """A post of a problem org not used by another plant yet (reused only when all are taken)."""
        fits = [p for p in self._slots if category is None or self.category_of[p] == category]
        if not fits:
            raise ValueError(f"no problem-org post of category {category} for a cadre-conduct plant")
        post_id = next((p for p in fits if p not in self._used), fits[0])
        self._used.add(post_id)
        return post_id

    def day(self, start: date, end: date) -> date:
        return self.world.workday(start, end)

    def event(
        self, post_id: str, day: date, etype: str, *, source: str, status: str, amount: float | None = None
    ) -> dict:
        return self.world.add(
            "conduct_events",
            {
                "event_id": self.world.next_id("E"),
                "org_id": self.org_of_post[post_id],
                "person_id": self.holder_of[post_id],
                "post_id": post_id,
                "date": day,
                "type": etype,
                "source": source,
                "status": status,
                "amount": amount,
                "description": _DESCRIPTIONS[etype],
            },
        )

    def declaration(self, person_id: str, dtype: str, event_date: date, submitted: date) -> dict:
        return self.world.add(
            "declarations",
            {
                "decl_id": self.world.next_id("DC"),
                "person_id": person_id,
                "type": dtype,
                "event_date": event_date,
                "submitted_date": submitted,
            },
        )

    def complaint(self, post_id: str, day: date, responded: date | None) -> dict:
        answered = responded is not None
        return self.world.add(
            "complaints",
            {
                "complaint_id": self.world.next_id("Q"),
                "org_id": self.org_of_post[post_id],
                "date": day,
                "target_post_id": post_id,
                "category": self.rng.choice(_COMPLAINT_CATEGORIES),
                "channel": self.rng.choice(_CHANNELS),
                "responded_date": responded,
                "resolved": answered,
                "satisfaction": self.rng.randint(4, 5) if answered else None,
            },
        )

    def quick_complaint(self, post_id: str, start: date, end: date) -> dict:
        day = self.day(start, end)
        return self.complaint(post_id, day, day + timedelta(days=self.rng.randint(1, 7)))

    def plant(
        self, rule: str, post_id: str | list[str], records: list[str], serious: bool, note: str
    ) -> None:
        first = post_id if isinstance(post_id, str) else post_id[0]
        self.truth.plant(
            f"conduct.{rule}",
            org_id=self.org_of_post[first],
            post_id=post_id,
            records=records,
            serious=serious,
            note=note,
        )


def generate(world: World, truth: Truth) -> None:
    """Add clean conduct ledgers for every community and planted conduct violations in problem orgs."""
    gen = _Gen(world, truth)
    planted = _choose_plants(gen) + _planned(gen)
    _clean(gen)
    for plant in planted:
        plant()


# ---------------------------------------------------------------------------------------- clean records


def _clean(gen: _Gen) -> None:
    rng = gen.rng
    for person_id in sorted(gen.posts_of_holder):
        for year in YEARS:
            if (person_id, year) in gen.skip_annual:
                continue  # planted: missing, or filed late by the plant itself
            event_date = gen.day(date(year, 1, 5), date(year, 2, 27))
            submitted = min(event_date + timedelta(days=rng.randint(0, 20)), date(year, 3, 31))
            gen.declaration(person_id, "annual_personal_matters", event_date, submitted)
    by_org: dict[str, list[str]] = defaultdict(list)
    for post in gen.posts:
        by_org[post["org_id"]].append(post["post_id"])
    for org_id in sorted(by_org):
        posts = by_org[org_id]
        free = [p for p in posts if gen.holder_of[p] not in gen.reported_people]
        if rng.random() < 0.3:  # a complaint about a cadre that checking did not bear out
            etype = rng.choice(sorted(_DESCRIPTIONS))
            gen.event(
                rng.choice(posts),
                gen.day(PERIOD_START, PERIOD_END),
                etype,
                source=rng.choice(("complaint", "hotline")),
                status="dismissed",
            )
        if free and rng.random() < 0.25:  # a banquet reported ahead of time
            post_id = rng.choice(free)
            day = gen.day(PERIOD_START, PERIOD_END)
            gen.reported_people.add(gen.holder_of[post_id])
            gen.declaration(
                gen.holder_of[post_id], "banquet_report", day, day - timedelta(days=rng.randint(3, 15))
            )
            gen.event(post_id, day, "banquet_hosting", source="self_report", status="reported")
        if free and rng.random() < 0.15:  # an outside job declared before it paid
            post_id = rng.choice(free)
            day = gen.day(PERIOD_START, PERIOD_END)
            gen.reported_people.add(gen.holder_of[post_id])
            gen.declaration(
                gen.holder_of[post_id],
                "outside_job",
                day - timedelta(days=rng.randint(20, 90)),
                day - timedelta(days=rng.randint(10, 19)),
            )
            gen.event(
                post_id,
                day,
                "part_time_pay",
                source="self_report",
                status="reported",
                amount=float(rng.randint(10, 60) * 100),
            )
        for post_id in posts:
            _clean_complaints(gen, post_id)
            for year in (2024, 2025):
                gen.world.add(
                    "evaluations",
                    {"post_id": post_id, "year": year, "approval_rate": round(rng.uniform(0.75, 0.98), 2)},
                )


def _clean_complaints(gen: _Gen, post_id: str) -> None:
    if gen.rng.random() < 0.3:  # last year's complaints: history only
        gen.quick_complaint(post_id, date(2025, 3, 1), date(2025, 11, 30))
    if post_id in gen.quiet_posts:
        return
    draw = gen.rng.random()
    for _ in range(0 if draw < 0.55 else 1 if draw < 0.85 else 2):
        gen.quick_complaint(post_id, PERIOD_START, PERIOD_END)


# ---------------------------------------------------------------------------------------- plants


def _choose_plants(gen: _Gen) -> list:
    """Pick the posts of every plant now (so clean data can leave room), return the planting steps."""
    steps = []
    steps += [_negative_event(gen, t) for t in ("gift_acceptance", "works_interference", "favoritism")]
    steps += [
        _negative_event(gen, t, twice=t == "vehicle_misuse")
        for t in ("vehicle_misuse", "inaction", "certificate_abuse")
    ]
    steps += [_unreported_banquet(gen, late=i >= 3) for i in range(5)]
    steps += [_undeclared_outside_job(gen) for _ in range(5)]
    steps += [_annual_declaration(gen, missing=i < 3) for i in range(6)]
    steps += [_unanswered_complaint(gen, kind) for kind in ("open", "open", "open", "recent", "late", "late")]
    categories = sorted({p["category"] for p in gen.posts})
    steps += [_complaint_outlier(gen, categories[i % len(categories)]) for i in range(4)]
    steps += [_low_approval(gen, two_years=i >= 4) for i in range(6)]
    return steps


# Verified event types that trip no other rule (banquets and outside jobs have rules of their own).
_PLANNED_TYPES = (
    "gift_acceptance",
    "vehicle_misuse",
    "works_interference",
    "inaction",
    "favoritism",
    "certificate_abuse",
    "information_leak",
    "other",
)


def _planned(gen: _Gen) -> list:
    """Steps for the conduct problems of the serious and minor plans (synth.serious)."""
    steps = []
    for post_id, rule_id, k in serious_plan.kinds_for(gen.world, "conduct."):
        if rule_id == "conduct.negative_list_event":
            steps.append(_planned_event(gen, post_id, _PLANNED_TYPES[k % len(_PLANNED_TYPES)]))
        elif rule_id == "conduct.unanswered_complaint":
            steps.append(_planned_complaint(gen, post_id, serious=True))
        else:
            raise ValueError(f"no serious conduct plant for {rule_id}")
    for post_id, rule_id in serious_plan.minor_for(gen.world, "conduct."):
        if rule_id != "conduct.unanswered_complaint":
            raise ValueError(f"no minor conduct plant for {rule_id}")
        steps.append(_planned_complaint(gen, post_id, serious=False))
    return steps


def _planned_event(gen: _Gen, post_id: str, etype: str):
    def step() -> None:
        amount = float(gen.rng.randint(20, 200) * 100) if etype == "gift_acceptance" else None
        source = gen.rng.choice(("inspection", "audit", "complaint"))
        day = gen.day(PERIOD_START, PERIOD_END)
        row = gen.event(post_id, day, etype, source=source, status="verified", amount=amount)
        records = [f"conduct_events:{row['event_id']}"]
        gen.plant("negative_list_event", post_id, records, True, f"经核实的负面清单事件（{etype}）")

    return step


def _planned_complaint(gen: _Gen, post_id: str, *, serious: bool):
    """Unanswered for months (serious), or answered 20-45 days late (minor)."""
    gen.quiet_posts.add(post_id)  # no clean complaints besides: never a complaint outlier

    def step() -> None:
        if serious:
            day, responded = gen.day(date(2026, 3, 1), date(2026, 8, 31)), None
        else:
            day = gen.day(date(2026, 2, 1), date(2026, 8, 31))
            responded = day + timedelta(days=gen.rng.randint(20, 45))
        row = gen.complaint(post_id, day, responded)
        days = ((responded or AS_OF) - day).days
        gen.plant("unanswered_complaint", post_id, [f"complaints:{row['complaint_id']}"], serious,
                  f"投诉 {days} 天未按时答复")

    return step


def _negative_event(gen: _Gen, etype: str, *, twice: bool = False):
    post_id = gen.next_post()
    serious = True  # a verified negative-list event of any type is a serious problem (rules/scoring.yaml)

    def step() -> None:
        days = sorted(gen.day(PERIOD_START, PERIOD_END) for _ in range(2 if twice else 1))
        for day in days:
            kind = etype if day == days[0] else "information_leak"
            amount = float(gen.rng.randint(20, 200) * 100) if kind == "gift_acceptance" else None
            row = gen.event(
                post_id,
                day,
                kind,
                source=gen.rng.choice(("inspection", "audit", "complaint")),
                status="verified",
                amount=amount,
            )
            gen.plant(
                "negative_list_event",
                post_id,
                [f"conduct_events:{row['event_id']}"],
                serious,
                f"经核实的负面清单事件（{kind}）",
            )

    return step


def _unreported_banquet(gen: _Gen, *, late: bool):
    post_id = gen.next_post()
    person_id = gen.holder_of[post_id]
    gen.reported_people.add(person_id)  # no clean banquet report may cover this one

    def step() -> None:
        day = gen.day(date(2026, 2, 1), date(2026, 9, 30))
        row = gen.event(
            post_id,
            day,
            "banquet_hosting",
            source=gen.rng.choice(("complaint", "hotline")),
            status="reported",
        )
        records = [f"conduct_events:{row['event_id']}"]
        if late:
            decl = gen.declaration(
                person_id, "banquet_report", day, day + timedelta(days=gen.rng.randint(3, 12))
            )
            records.append(f"declarations:{decl['decl_id']}")
        gen.plant(
            "unreported_banquet",
            post_id,
            records,
            False,
            "婚丧喜庆事宜事后补报" if late else "婚丧喜庆事宜未报告",
        )

    return step


def _undeclared_outside_job(gen: _Gen):
    post_id = gen.next_post()
    gen.reported_people.add(gen.holder_of[post_id])  # must get no clean outside-job declaration

    def step() -> None:
        row = gen.event(
            post_id,
            gen.day(PERIOD_START, PERIOD_END),
            "part_time_pay",
            source=gen.rng.choice(("audit", "inspection", "complaint")),
            status="reported",
            amount=float(gen.rng.randint(30, 200) * 100),
        )
        gen.plant(
            "undeclared_outside_job", post_id, [f"conduct_events:{row['event_id']}"], False, "兼职取酬未报告"
        )

    return step


def _annual_declaration(gen: _Gen, *, missing: bool):
    post_id = gen.next_post()
    person_id = gen.holder_of[post_id]
    posts = gen.posts_of_holder[person_id]
    gen.skip_annual.add((person_id, 2026))

    def step() -> None:
        if missing:
            gen.plant(
                "annual_declaration",
                posts,
                [f"posts:{p}" for p in posts],
                False,
                "2026 年度个人有关事项未报告",
            )
            return
        decl = gen.declaration(
            person_id,
            "annual_personal_matters",
            gen.day(date(2026, 1, 5), date(2026, 2, 27)),
            gen.day(date(2026, 4, 10), date(2026, 6, 30)),
        )
        gen.plant(
            "annual_declaration",
            posts,
            [f"declarations:{decl['decl_id']}"],
            False,
            "2026 年度个人有关事项逾期报告",
        )

    return step


def _unanswered_complaint(gen: _Gen, kind: str):
    post_id = gen.next_post()
    gen.quiet_posts.add(post_id)  # one complaint in the period: never a complaint outlier

    def step() -> None:
        if kind == "open":  # unanswered for months: high
            day, responded = gen.day(date(2026, 3, 1), date(2026, 8, 31)), None
        elif kind == "recent":  # unanswered, 30-60 days by the as-of date
            day, responded = gen.day(AS_OF - timedelta(days=55), AS_OF - timedelta(days=35)), None
        else:  # answered, but after 20-45 days
            day = gen.day(date(2026, 2, 1), date(2026, 8, 31))
            responded = day + timedelta(days=gen.rng.randint(20, 45))
        row = gen.complaint(post_id, day, responded)
        days = ((responded or AS_OF) - day).days
        gen.plant(
            "unanswered_complaint",
            post_id,
            [f"complaints:{row['complaint_id']}"],
            days > 60,
            f"投诉 {days} 天未按时答复",
        )

    return step


def _complaint_outlier(gen: _Gen, category: str):
    post_id = gen.next_post(category)
    gen.quiet_posts.add(post_id)

    def step() -> None:
        rows = [gen.quick_complaint(post_id, PERIOD_START, PERIOD_END - timedelta(days=10)) for _ in range(7)]
        gen.plant(
            "complaint_outlier",
            post_id,
            [f"complaints:{r['complaint_id']}" for r in rows],
            False,
            "期内被投诉 7 件，远高于同类岗位",
        )

    return step


def _low_approval(gen: _Gen, *, two_years: bool):
    post_id = gen.next_post()

    def step() -> None:
        rows = [r for r in gen.world.tables["evaluations"] if r["post_id"] == post_id]
        years = (2024, 2025) if two_years else (2025,)
        for row in rows:
            if row["year"] in years:
                row["approval_rate"] = round(gen.rng.uniform(0.35, 0.58), 2)
        gen.plant(
            "low_approval",
            post_id,
            [f"evaluations:{post_id}:{y}" for y in sorted(years, reverse=True)],
            two_years,
            "连续两年民主测评不称职" if two_years else "民主测评不称职",
        )

    return step
