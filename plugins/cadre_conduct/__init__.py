"""riskengine domain plugin: cadre conduct negative list (干部廉洁履职负面清单).

Detectors over conduct events, personal-matters declarations, complaints and democratic
evaluations, and the rule pack ``rules/cadre_conduct.yaml`` that uses them. The recurrence
rule (``conduct.recurrence``) needs the task history and is implemented by the host.
"""

from __future__ import annotations

from importlib import resources

from riskengine import Detector, sdk

from . import complaints, declarations, evaluations, events

__version__ = "0.4.0"

DETECTORS: tuple[Detector, ...] = (
    *events.DETECTORS,
    *declarations.DETECTORS,
    *complaints.DETECTORS,
    *evaluations.DETECTORS,
)


register_detectors = sdk.detector_hook(DETECTORS)
register_rule_packs = sdk.rule_pack_hook(resources.files("riskengine_rules") / "cadre_conduct.yaml")
