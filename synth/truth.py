"""Ground truth of a synthetic dataset: every planted violation and the records it rests on.

Domain generators call :meth:`Truth.plant` for each violation they plant; ``truth.json`` is what
:func:`riskengine_synth.quality.measure` compares an assessment against.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dates import AS_OF, PERIOD_END, PERIOD_START

if TYPE_CHECKING:
    from .world import World


class Truth:
    """Recorder of planted violations.

    ``post_ids`` (every post of the world) makes clean posts appear in ``posts`` with zero counts;
    ``problem_orgs``, when given, is enforced: a violation planted elsewhere is a generator bug.
    """

    def __init__(
        self,
        seed: int | None = None,
        *,
        as_of: date = AS_OF,
        period: tuple[date, date] = (PERIOD_START, PERIOD_END),
        post_ids: Iterable[str] = (),
        problem_orgs: Iterable[str] | None = None,
        clean_orgs: Iterable[str] = (),
    ) -> None:
        self.seed = seed
        self.as_of = as_of
        self.period = period
        self.post_ids = list(post_ids)
        self.problem_orgs = None if problem_orgs is None else list(problem_orgs)
        self.clean_orgs = list(clean_orgs)
        self.violations: list[dict[str, Any]] = []

    @classmethod
    def for_world(cls, world: World) -> Truth:
        """A recorder that knows the world's seed, posts and problem/clean split."""
        return cls(
            world.seed,
            post_ids=[row["post_id"] for row in world.tables["posts"]],
            problem_orgs=world.problem_orgs,
            clean_orgs=world.clean_orgs,
        )

    def plant(
        self,
        rule_id: str,
        *,
        org_id: str,
        post_id: str | Sequence[str],
        records: Sequence[str],
        serious: bool,
        note: str = "",
    ) -> None:
        """Record one planted violation of ``rule_id``.

        ``records`` are the ``<record_type>:<key>`` references the finding is expected to name
        (one shared record is enough to match); ``post_id`` is the post that answers for it (a list
        when several posts answer); ``serious`` is True when the finding counts as a serious problem
        under the level policy (``scoring.serious`` in rules/scoring.yaml: e.g. any split payment,
        a cash payment ten times the limit, a verified negative-list event of any type).
        """
        if "." not in rule_id:
            raise ValueError(f"rule id {rule_id!r} is not <domain>.<indicator>")
        if isinstance(records, str) or not records:
            raise ValueError(f"{rule_id}: records must be a non-empty list of references")
        bad = [r for r in records if not isinstance(r, str) or ":" not in r]
        if bad:
            raise ValueError(f"{rule_id}: records must look like '<record_type>:<key>', got {bad}")
        if self.problem_orgs is not None and org_id not in self.problem_orgs:
            raise ValueError(f"{rule_id}: violation planted in {org_id}, which is not a problem org")
        posts = post_id if isinstance(post_id, str) else list(post_id)
        self.violations.append(
            {
                "rule_id": rule_id,
                "org_id": org_id,
                "post_id": posts,
                "records": list(records),
                "serious": bool(serious),
                "note": note,
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """The truth.json document."""
        posts: dict[str, dict[str, int]] = {p: {"serious": 0, "violations": 0} for p in self.post_ids}
        for violation in self.violations:
            for post in _as_list(violation["post_id"]):
                tally = posts.setdefault(post, {"serious": 0, "violations": 0})
                tally["violations"] += 1
                tally["serious"] += int(violation["serious"])
        doc: dict[str, Any] = {
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "period": {"from": self.period[0].isoformat(), "to": self.period[1].isoformat()},
            "violations": self.violations,
            "posts": dict(sorted(posts.items())),
        }
        if self.problem_orgs is not None:
            doc["problem_orgs"] = sorted(self.problem_orgs)
            doc["clean_orgs"] = sorted(self.clean_orgs)
        return doc

    def to_json(self) -> str:
        """truth.json text: UTF-8 Chinese kept readable, stable for a given seed."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def write(self, path: str | Path) -> Path:
        """Write truth.json to ``path``; returns the path."""
        path = Path(path)
        path.write_text(self.to_json(), encoding="utf-8")
        return path


def _as_list(post_id: str | list[str]) -> list[str]:
    return [post_id] if isinstance(post_id, str) else list(post_id)
