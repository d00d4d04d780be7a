"""riskengine: integrity-risk assessment of community and village committee posts (清廉社区).

The public API: what plugins and embedders may use is listed in ``__all__`` (and the helpers of
:mod:`riskengine.sdk`); every other module is internal and may change without notice. A plugin
writes ``from riskengine import hookimpl, Detector, DetectorContext, RecordType, sdk``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .host.hookspecs import hookimpl
from .version import __version__

if TYPE_CHECKING:
    from . import sdk
    from .data.period import Period
    from .data.records import FieldKind, RecordType
    from .engine import Engine
    from .errors import (
        DatasetError,
        MissingDataError,
        NoDataError,
        PluginError,
        RiskEngineError,
        RulePackError,
    )
    from .evaluation.detectors import Detector, DetectorContext, OrgNotEvaluated, Params
    from .evaluation.graph import RelationshipGraph
    from .evaluation.peers import benford_mad, first_digit, org_peer_groups, tukey_fences

#: public name -> the internal module it lives in (imported on first use, so ``import riskengine``
#: stays cheap and plugins can import it while the engine itself is loading).
_PUBLIC = {
    "Detector": "evaluation.detectors",
    "DetectorContext": "evaluation.detectors",
    "OrgNotEvaluated": "evaluation.detectors",
    "Params": "evaluation.detectors",
    "Period": "data.period",
    "RecordType": "data.records",
    "FieldKind": "data.records",
    "RelationshipGraph": "evaluation.graph",
    "org_peer_groups": "evaluation.peers",
    "tukey_fences": "evaluation.peers",
    "benford_mad": "evaluation.peers",
    "first_digit": "evaluation.peers",
    "RiskEngineError": "errors",
    "DatasetError": "errors",
    "NoDataError": "errors",
    "MissingDataError": "errors",
    "PluginError": "errors",
    "RulePackError": "errors",
    "Engine": "engine",
    "sdk": None,
}

__all__ = [
    "__version__",
    "hookimpl",
    "Detector",
    "DetectorContext",
    "OrgNotEvaluated",
    "Params",
    "Period",
    "RecordType",
    "FieldKind",
    "RelationshipGraph",
    "org_peer_groups",
    "tukey_fences",
    "benford_mad",
    "first_digit",
    "RiskEngineError",
    "DatasetError",
    "NoDataError",
    "MissingDataError",
    "PluginError",
    "RulePackError",
    "Engine",
    "sdk",
]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'riskengine' has no attribute {name!r}")
    import importlib

    module_name = _PUBLIC[name]
    if module_name is None:
        value = importlib.import_module(f".{name}", __name__)
    else:
        value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
