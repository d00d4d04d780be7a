"""riskengine domain plugin: cadre conduct negative list (干部廉洁履职负面清单).

Detectors over conduct events, personal-matters declarations, complaints and democratic
evaluations, and the rule pack ``rules/cadre_conduct.yaml`` that uses them. The recurrence
rule (``conduct.recurrence``) needs the task history and is implemented by the host.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from riskengine import Detector, hookimpl

from . import complaints, declarations, evaluations, events

__version__ = "0.4.0"

DETECTORS: tuple[Detector, ...] = (
    *events.DETECTORS,
    *declarations.DETECTORS,
    *complaints.DETECTORS,
    *evaluations.DETECTORS,
)


@hookimpl
def register_detectors(register: Callable[[Detector], None]) -> None:
    """Register the cadre-conduct detectors."""
    for detector in DETECTORS:
        register(detector)


@hookimpl
def register_rule_packs(register: Callable[[Path], None]) -> None:
    """Register the cadre-conduct rule pack."""
    register(resources.files("riskengine_rules") / "cadre_conduct.yaml")
