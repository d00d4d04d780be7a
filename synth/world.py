"""The synthetic world: organisations, posts, people, family ties and a clean vendor pool.

The world is laid out by :mod:`.orgs` (the org tree) and :mod:`.people` (post holders, households,
vendors); this module is what domain generators use: lookups, new people and companies, ids, rows.

Domain generators (``riskengine_synth.<domain>``) add their ledgers to a :class:`World`
and plant violations only in ``world.problem_orgs``. Everything random comes from
``world.rng`` so that one seed gives one dataset, byte for byte.

Id conventions (all strings): orgs ``PR01`` (province), ``CT01`` (city), ``D01`` (district),
``S01`` (street), ``C0001`` (community or village); posts ``<org_id>-<SHORT>`` such as
``C0001-FIN``; persons ``P000001``; households ``H000001``; companies an 18-character
统一社会信用代码. Other prefixes are free for domain generators via :meth:`World.next_id`.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterable
from datetime import date

from riskengine.data.records import BUILTIN_RECORD_TYPES

from . import dates, names, orgs, people
from .dates import AS_OF, LATEST_BIRTH, random_date, shift_years, working_days
from .people import POST_CATEGORIES

RELATIONS = ("spouse", "child", "parent", "sibling", "in_law", "other")

_VENDOR_REGISTERED = (date(2015, 1, 1), date(2023, 12, 31))


class World:
    """Orgs, posts, persons, relations and companies of one synthetic district (or several).

    ``tables`` maps a record type to its rows (dicts holding every DATA.md field, None for
    empty); the world fills ``orgs``, ``posts``, ``persons``, ``relations`` and ``companies``,
    and domain generators append the rest through :meth:`add`.
    """

    rng: random.Random
    tables: dict[str, list[dict]]
    communities: list[str]
    clean_orgs: list[str]
    problem_orgs: list[str]
    serious_plan: dict[str, list[str]]
    minor_plan: dict[str, str]

    def __init__(
        self,
        seed: int = 7,
        *,
        districts: int = 1,
        streets: int = 3,
        communities_per_street: int = 12,
        problem_share: float = 0.4,
    ) -> None:
        if districts < 1 or streets < 1 or communities_per_street < 1:
            raise ValueError("districts, streets and communities_per_street must be at least 1")
        if not 0.0 <= problem_share <= 1.0:
            raise ValueError("problem_share must lie between 0 and 1")
        self.seed = seed
        self.rng = random.Random(seed)
        self.tables = {name: [] for name in BUILTIN_RECORD_TYPES}
        self.communities = []
        self.streets: list[str] = []
        self.districts: list[str] = []
        self.clean_orgs = []
        self.problem_orgs = []
        # Filled by synth.serious.plan before the domain generators run (empty: no such plants).
        self.serious_plan: dict[str, list[str]] = {}
        self.minor_plan: dict[str, str] = {}
        self._counters: dict[str, int] = {}
        self._orgs: dict[str, dict] = {}
        self._posts: dict[str, dict] = {}
        self._post_index: dict[tuple[str, str], str] = {}
        self._persons: dict[str, dict] = {}
        self._person_org: dict[str, str] = {}
        self._residents: dict[str, list[str]] = {}
        self._relatives: dict[str, list[str]] = {}
        self._companies: dict[str, dict] = {}
        self._vendor_pool: dict[str, list[str]] = {}
        self._company_names: set[str] = set()
        orgs.build(self, districts, streets, communities_per_street, problem_share)
        people.populate(self)

    # ------------------------------------------------------------------ the API of the brief

    def street_of(self, org_id: str) -> str:
        """The street (街道) an org belongs to; a street is its own street."""
        org = self._org(org_id)
        if org["level"] == "street":
            return org_id
        if org["level"] in ("community", "village"):
            return org["parent_id"]
        raise ValueError(f"{org_id} is a {org['level']}, above street level")

    def post_id(self, org_id: str, category: str) -> str:
        """The post of ``category`` in community ``org_id`` (exactly one per category)."""
        try:
            return self._post_index[(org_id, category)]
        except KeyError:
            raise KeyError(f"no {category} post in {org_id}") from None

    def holder(self, post_id: str) -> str:
        """The person_id holding ``post_id``."""
        return self._posts[post_id]["holder_id"]

    def new_person(
        self,
        org_id: str,
        *,
        household_id: str | None = None,
        birth_date: date | None = None,
        death_date: date | None = None,
        name: str | None = None,
        surname: str | None = None,
        female: bool | None = None,
    ) -> str:
        """Add a person living in ``org_id`` (a new household unless one is given); returns person_id.

        The person is in no resident pool and related to nobody: domain generators use this for
        people they plant (a deceased recipient, a stranger on a payroll).
        """
        self._org(org_id)
        person_id = self.next_id("P")
        row = {
            "person_id": person_id,
            "name": name or names.person_name(self.rng, surname=surname, female=female),
            "birth_date": birth_date or dates.birth_date(self.rng, 20, 75),
            "death_date": death_date,
            "household_id": household_id or self.next_id("H"),
        }
        self._persons[person_id] = self.add("persons", row)
        self._person_org[person_id] = org_id
        return person_id

    def relative(self, cadre_person_id: str, relation: str = "sibling") -> str:
        """Add a relative of a cadre (new person + ``relations`` row cadre -> relative); returns person_id."""
        if relation not in RELATIONS:
            raise ValueError(f"unknown relation {relation!r}; expected one of {RELATIONS}")
        cadre = self._persons[cadre_person_id]
        org_id = self._person_org[cadre_person_id]
        cadre_born: date = cadre["birth_date"]
        surname = cadre["name"][0]
        household = None
        if relation == "spouse":
            born = shift_years(cadre_born, self.rng.randint(-5, 5), self.rng)
            surname = None
            household = cadre["household_id"]
        elif relation == "child":
            born = shift_years(cadre_born, self.rng.randint(22, 34), self.rng)
            born = min(born, LATEST_BIRTH)
            if (AS_OF - born).days < 25 * 365:
                household = cadre["household_id"]
        elif relation == "parent":
            born = shift_years(cadre_born, -self.rng.randint(22, 32), self.rng)
        elif relation == "sibling":
            born = shift_years(cadre_born, self.rng.randint(-8, 8), self.rng)
        else:
            born = shift_years(cadre_born, self.rng.randint(-10, 10), self.rng)
            surname = None
        person_id = self.new_person(org_id, household_id=household, birth_date=born, surname=surname)
        self.add("relations", {"person_id": cadre_person_id, "related_id": person_id, "relation": relation})
        self._relatives.setdefault(cadre_person_id, []).append(person_id)
        return person_id

    def new_company(
        self,
        *,
        legal_rep_id: str | None = None,
        shareholder_ids: Iterable[str] = (),
        registered_date: date | None = None,
        name: str | None = None,
        org_id: str | None = None,
    ) -> str:
        """Add a company; returns its company_id (统一社会信用代码).

        Without ``legal_rep_id`` a new unrelated person (living in ``org_id``, default the first
        district) becomes legal rep. ``shareholder_ids`` is kept as given; when empty the legal
        rep is the only shareholder. Registration defaults to a date in 2015-2023.
        """
        if legal_rep_id is None:
            legal_rep_id = self.new_person(org_id or self.districts[0])
        shareholders = list(shareholder_ids) or [legal_rep_id]
        company_id = names.unified_credit_code(self._next_serial("company"))
        row = {
            "company_id": company_id,
            "name": name or self._company_name(),
            "registered_date": registered_date or random_date(self.rng, *_VENDOR_REGISTERED),
            "legal_rep_id": legal_rep_id,
            "shareholder_ids": shareholders,
        }
        self._companies[company_id] = self.add("companies", row)
        return company_id

    def vendors(self, org_id: str, n: int | None = None) -> list[str]:
        """The clean vendor pool of ``org_id``'s street, or ``n`` of them drawn at random.

        Pool companies were registered in 2015-2023 (long before any award) and their legal reps
        and shareholders are persons related to no cadre.
        """
        pool = self._vendor_pool[self.street_of(org_id)]
        if n is None:
            return list(pool)
        return self.rng.sample(pool, n)

    def workday(self, start: date, end: date) -> date:
        """A random working day in [start, end]: Monday-Friday and a workday per chinese_calendar.

        Make-up Saturdays (调休) are avoided too, so the day is no weekend by any reading.
        """
        if start > end:
            raise ValueError(f"empty date range {start}..{end}")
        days = working_days(start.year, end.year)
        lo, hi = bisect.bisect_left(days, start), bisect.bisect_right(days, end)
        if lo == hi:
            raise ValueError(f"no working day in {start}..{end}")
        return days[self.rng.randrange(lo, hi)]

    def next_id(self, prefix: str) -> str:
        """The next deterministic id for ``prefix``: ``f"{prefix}{n:06d}"``, n counting from 1 per prefix."""
        return f"{prefix}{self._next_serial(prefix):06d}"

    def add(self, record_type: str, row: dict) -> dict:
        """Append ``row`` (all DATA.md fields, None for empty) to ``tables[record_type]``; returns it."""
        self.tables.setdefault(record_type, []).append(row)
        return row

    def assign_holder(self, post_id: str, person_id: str) -> None:
        """Make ``person_id`` the holder of ``post_id`` (to plant one person holding two posts).

        The former holder stays a person; if they now hold no post their ``relations`` rows are
        dropped, since ``relations.person_id`` names post holders.
        """
        if person_id not in self._persons:
            raise KeyError(f"unknown person {person_id}")
        post = self._posts[post_id]
        former = post["holder_id"]
        post["holder_id"] = person_id
        if former != person_id and former not in self.holders():
            self.tables["relations"] = [r for r in self.tables["relations"] if r["person_id"] != former]
            self._relatives.pop(former, None)

    # ------------------------------------------------------------------ helpers for domain generators

    def org(self, org_id: str) -> dict:
        """The ``orgs`` row of ``org_id`` (name, level, parent_id)."""
        return self._org(org_id)

    def is_village(self, org_id: str) -> bool:
        """True for a 村, False for a 社区."""
        return self._org(org_id)["level"] == "village"

    def posts_of(self, org_id: str) -> dict[str, str]:
        """category -> post_id of a community."""
        return {cat: self._post_index[(org_id, cat)] for cat in POST_CATEGORIES}

    def person(self, person_id: str) -> dict:
        """The ``persons`` row (mutable: e.g. set ``death_date`` on it)."""
        return self._persons[person_id]

    def org_of_person(self, person_id: str) -> str:
        """The org a person lives in (or, for vendor reps, the street)."""
        return self._person_org[person_id]

    def holders(self, org_id: str | None = None) -> set[str]:
        """Person ids holding a post (in ``org_id``, or anywhere)."""
        return {p["holder_id"] for p in self._posts.values() if org_id is None or p["org_id"] == org_id}

    def relatives_of(self, cadre_person_id: str) -> list[str]:
        """The relatives listed in ``relations`` for a cadre."""
        return list(self._relatives.get(cadre_person_id, ()))

    def residents(self, org_id: str) -> list[str]:
        """Ordinary residents of a community: no cadre, no cadre's relative, no company rep."""
        return list(self._residents[org_id])

    def household_members(self, household_id: str) -> list[str]:
        """Person ids of one household, in creation order."""
        return [p for p, row in self._persons.items() if row["household_id"] == household_id]

    def street_communities(self, street_id: str) -> list[str]:
        """The communities and villages under a street, in id order."""
        return [c for c in self.communities if self._orgs[c]["parent_id"] == street_id]

    def company(self, company_id: str) -> dict:
        """The ``companies`` row of ``company_id``."""
        return self._companies[company_id]

    # ------------------------------------------------------------------ registration, for orgs and people

    def add_org(self, org_id: str, name: str, level: str, parent_id: str | None) -> None:
        """Add an ``orgs`` row."""
        row = {"org_id": org_id, "name": name, "level": level, "parent_id": parent_id}
        self._orgs[org_id] = self.add("orgs", row)

    def add_post(self, row: dict) -> None:
        """Add a ``posts`` row: the post of its category in its community."""
        self._posts[row["post_id"]] = self.add("posts", row)
        self._post_index[(row["org_id"], row["category"])] = row["post_id"]

    def add_residents(self, org_id: str, residents: list[str]) -> None:
        """Make ``residents`` the ordinary residents of a community (see :meth:`residents`)."""
        self._residents[org_id] = residents

    def add_vendors(self, street_id: str, companies: list[str]) -> None:
        """Make ``companies`` the clean vendor pool of a street (see :meth:`vendors`)."""
        self._vendor_pool[street_id] = companies

    # ------------------------------------------------------------------ internals

    def _company_name(self) -> str:
        for _ in range(50):
            candidate = names.company_name(self.rng)
            if candidate not in self._company_names:
                break
        else:  # brand/trade pairs exhausted: number the name, as registries do with 分公司-like suffixes
            candidate = candidate.replace("有限公司", f"第{len(self._company_names) + 1}有限公司")
        self._company_names.add(candidate)
        return candidate

    def _org(self, org_id: str) -> dict:
        try:
            return self._orgs[org_id]
        except KeyError:
            raise KeyError(f"unknown org {org_id}") from None

    def _next_serial(self, prefix: str) -> int:
        self._counters[prefix] = self._counters.get(prefix, 0) + 1
        return self._counters[prefix]
