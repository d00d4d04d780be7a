"""riskengine domain plugin: finance disclosure (财务公开).

Detectors over the ledger (台账), the finance disclosures (财务收支公开) and the collective-decision
resolutions (四议两公开), and the rule pack ``rules/finance_disclosure.yaml`` that uses them.
Single-record tests (self-approval, cash, hospitality, holiday spending) are conditions in the pack.
"""

from __future__ import annotations

from importlib import resources

from riskengine import Detector, sdk

from . import approval, disclosure, payments, related, statistics

__version__ = "0.4.0"

DETECTORS: tuple[Detector, ...] = (
    *disclosure.DETECTORS,
    *approval.DETECTORS,
    *payments.DETECTORS,
    *related.DETECTORS,
    *statistics.DETECTORS,
)


register_detectors = sdk.detector_hook(DETECTORS)
register_rule_packs = sdk.rule_pack_hook(resources.files("riskengine_rules") / "finance_disclosure.yaml")
