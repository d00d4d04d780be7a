"""Which loaded packs apply: those in force on the as-of date, the last of each ``pack.id``.

A pack is in force from ``effective.from`` to ``effective.to`` (both inclusive). One that is not
in force on the assessment date is set aside with a notice, as if it had not been given: a
province's revision that starts next year leaves the shipped pack it would replace in place.
Of several packs with the same ``pack.id`` the last one given replaces the others, and the
replacement is announced with the rules it drops, so 15 shipped rules never vanish silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..messages import text
from .rulepack import PackInfo, RulePackDocument


@dataclass(frozen=True)
class SetAside:
    """A pack that was loaded but not applied, and why (listed in the result's ``packs_not_applied``)."""

    info: PackInfo
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """The entry of the result's ``packs_not_applied``."""
        return {
            "id": self.info.id,
            "version": self.info.version,
            "source": self.info.source,
            "effective": {
                "from": self.info.effective_from.isoformat(),
                "to": self.info.effective_to.isoformat() if self.info.effective_to else None,
            },
            "reason": self.reason,
        }


@dataclass
class Selection:
    """The packs that apply, in load order, and what was set aside (with notices for the user)."""

    documents: list[RulePackDocument] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def select_packs(documents: list[RulePackDocument], as_of: dt.date | None = None) -> Selection:
    """Drop packs not in force on ``as_of`` (None: keep all), then keep the last pack of each id."""
    selection = Selection()
    in_force = []
    for doc in documents:
        if as_of is None or doc.info.in_force(as_of):
            in_force.append(doc)
            continue
        selection.set_aside.append(SetAside(doc.info, text("reason_not_in_force")))
        selection.notices.append(_not_in_force_notice(doc.info, as_of))
    by_id: dict[str, RulePackDocument] = {}
    for doc in in_force:
        previous = by_id.get(doc.info.id)
        if previous is not None and previous.info.source == doc.info.source:
            pass  # the same file given twice (e.g. `rules check` on a shipped pack): nothing is replaced
        elif previous is not None:
            reason = text("reason_replaced", source=doc.info.source)
            selection.set_aside.append(SetAside(previous.info, reason))
            selection.notices.append(_replaced_notice(previous, doc))
        by_id[doc.info.id] = doc
    selection.documents = list(by_id.values())
    return selection


def _not_in_force_notice(info: PackInfo, as_of: dt.date) -> str:
    values = {"pack": info.id, "source": info.source, "as_of": as_of.isoformat()}
    if as_of < info.effective_from:
        return text("pack_not_yet", start=info.effective_from.isoformat(), **values)
    return text("pack_expired", end=info.effective_to.isoformat() if info.effective_to else "", **values)


def _replaced_notice(old: RulePackDocument, new: RulePackDocument) -> str:
    kept = {rule.get("id") for rule in new.rules}
    dropped = [rule["id"] for rule in old.rules if rule.get("id") not in kept]
    if dropped:
        what = text("pack_replaced_drops", n=len(dropped), rules="、".join(dropped))
    elif old.rules:
        what = text("pack_replaced_keeps")
    else:  # a scoring pack: its settings are what is replaced
        what = text("pack_replaced_settings")
    return text(
        "pack_replaced",
        source=new.info.source,
        shipped=text("pack_replaced_shipped") if old.info.shipped else "",
        pack=old.info.id,
        old_source=old.info.source,
        dropped=what,
    )
