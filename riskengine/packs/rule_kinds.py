"""Which problems the data itself can show are fixed (state-type) and which need evidence (transaction-type).

A **state** problem is a condition that a later ledger can show is gone: a missing disclosure
now published, a declaration now filed, a complaint now answered, a recipient list now
disclosed, an acceptance now recorded. When a re-assessment no longer observes it, its task is
marked 核验通过 by data for the reviewer. A **transaction** problem is a past event (a cash
payment, a split purchase): it never disappears by itself, so closing its task needs evidence.

One table, in one place; a rule not listed is transaction-type (the cautious default).
"""

from __future__ import annotations

STATE = "state"
TRANSACTION = "transaction"

STATE_RULES = frozenset(
    {
        "finance.missing_disclosure",
        "welfare.recipients_not_disclosed",
        "conduct.annual_declaration",
        "conduct.undeclared_outside_job",
        "conduct.unanswered_complaint",
        "procurement.no_acceptance",
    }
)


def rule_kind(rule_id: str) -> str:
    """``"state"`` or ``"transaction"`` for ``rule_id``."""
    return STATE if rule_id in STATE_RULES else TRANSACTION
