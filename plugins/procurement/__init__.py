"""riskengine domain plugin: project and goods procurement (工程项目与物资采购).

Detectors for the procurement indicators (the README's table of domains: split purchases, thin
competition, collusive bids, conflicts of interest, overruns, acceptance, collective decision,
vendor concentration) and the rule pack ``rules/procurement.yaml`` that turns them into rules.
Two indicators need no detector and are plain conditions in the pack: direct award over the
limit and cost overrun.
"""

from __future__ import annotations

from importlib import resources

from riskengine import Detector, sdk

from . import bidding, concentration, decision, delivery, runner_up, splitting, vendors

__version__ = "0.4.0"

DETECTORS: tuple[Detector, ...] = (
    *splitting.DETECTORS,
    *bidding.DETECTORS,
    *runner_up.DETECTORS,
    *vendors.DETECTORS,
    *delivery.DETECTORS,
    *decision.DETECTORS,
    *concentration.DETECTORS,
)


register_detectors = sdk.detector_hook(DETECTORS)
register_rule_packs = sdk.rule_pack_hook(resources.files("riskengine_rules") / "procurement.yaml")
