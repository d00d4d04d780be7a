"""The conduct book: posts free for plants, what clean records must leave alone, the record builders."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ..truth import Truth
from ..world import World

DESCRIPTIONS = {
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


class ConductBook:
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
        """A working day in [start, end]."""
        return self.world.workday(start, end)

    def event(
        self, post_id: str, day: date, etype: str, *, source: str, status: str, amount: float | None = None
    ) -> dict:
        """Add a ``conduct_events`` row on the holder of ``post_id``."""
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
                "description": DESCRIPTIONS[etype],
            },
        )

    def declaration(self, person_id: str, dtype: str, event_date: date, submitted: date) -> dict:
        """Add a ``declarations`` row."""
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
        """Add a complaint against ``post_id``, answered on ``responded`` (None: unanswered)."""
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
        """A complaint in [start, end] answered within a week."""
        day = self.day(start, end)
        return self.complaint(post_id, day, day + timedelta(days=self.rng.randint(1, 7)))

    def plant(
        self, rule: str, post_id: str | list[str], records: list[str], serious: bool, note: str
    ) -> None:
        """Record a planted ``conduct.<rule>`` violation in the truth."""
        first = post_id if isinstance(post_id, str) else post_id[0]
        self.truth.plant(
            f"conduct.{rule}",
            org_id=self.org_of_post[first],
            post_id=post_id,
            records=records,
            serious=serious,
            note=note,
        )

