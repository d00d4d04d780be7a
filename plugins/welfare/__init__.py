"""riskengine domain plugin: welfare fund use (惠民资金: 低保、特困、临时救助、高龄补贴、残疾人补贴).

Detects payments after death or exit, duplicate and over-standard payments, payments without an
enrolment record, accounts shared by several households, cadres' relatives on means-tested rolls,
reviewers deciding on their own kin, undisclosed recipient lists and repeated temporary relief.
Detectors live in :mod:`.payments`, :mod:`.groups`, :mod:`.enrolment` and :mod:`.disclosure`; the
rules that use them are in ``rules/welfare.yaml``.
"""

from __future__ import annotations

from importlib import resources

from riskengine import Detector, sdk

from . import disclosure, enrolment, groups, payments

__version__ = "0.4.0"

DETECTORS: tuple[Detector, ...] = (
    *payments.DETECTORS,
    *groups.DETECTORS,
    *enrolment.DETECTORS,
    *disclosure.DETECTORS,
)


register_detectors = sdk.detector_hook(DETECTORS)
register_rule_packs = sdk.rule_pack_hook(resources.files("riskengine_rules") / "welfare.yaml")
