"""riskengine domain plugin: finance disclosure (财务公开).

Detectors over the ledger (台账), the finance disclosures (财务收支公开) and the collective-decision
resolutions (四议两公开), and the rule pack ``rules/finance_disclosure.yaml`` that uses them.
Single-record tests (self-approval, cash, hospitality, holiday spending) are conditions in the pack.
"""

from __future__ import annotations

from importlib import resources

from riskengine import hookimpl

from . import approval, disclosure, payments, related, statistics

__version__ = "0.4.0"

DETECTORS = (
    *disclosure.DETECTORS,
    *approval.DETECTORS,
    *payments.DETECTORS,
    *related.DETECTORS,
    *statistics.DETECTORS,
)


@hookimpl
def register_detectors(register):
    """Register the finance-disclosure detectors (names prefixed ``finance_``)."""
    for detector in DETECTORS:
        register(detector)


@hookimpl
def register_rule_packs(register):
    """Register the finance-disclosure rule pack."""
    register(resources.files("riskengine_rules") / "finance_disclosure.yaml")
