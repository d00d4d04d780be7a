"""riskengine domain plugin: welfare fund use (惠民资金: 低保、特困、临时救助、高龄补贴、残疾人补贴).

Detects payments after death or exit, duplicate and over-standard payments, payments without an
enrolment record, accounts shared by several households, cadres' relatives on means-tested rolls,
reviewers deciding on their own kin, undisclosed recipient lists and repeated temporary relief.
Detectors live in :mod:`.payments`, :mod:`.groups`, :mod:`.enrolment` and :mod:`.disclosure`; the
rules that use them are in ``rules/welfare.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from riskengine import Detector, hookimpl

from . import disclosure, enrolment, groups, payments

__version__ = "0.4.0"

DETECTORS: tuple[Detector, ...] = (
    *payments.DETECTORS,
    *groups.DETECTORS,
    *enrolment.DETECTORS,
    *disclosure.DETECTORS,
)


@hookimpl
def register_detectors(register: Callable[[Detector], None]) -> None:
    """Register the ten welfare detectors."""
    for detector in DETECTORS:
        register(detector)


@hookimpl
def register_rule_packs(register: Callable[[Path], None]) -> None:
    """Register ``rules/welfare.yaml``."""
    register(resources.files("riskengine_rules") / "welfare.yaml")
