"""The packs riskengine and its plugins ship, and the domains they define.

Known domains are exactly the ``pack.domain`` values of the shipped packs -- the scoring pack and
every pack a plugin registers (the four built-in domains, ``scoring``, and a vendor plugin's own).
A user's pack must name one of them: a new domain comes with the plugin that serves it, so a
misspelt ``domain`` is an error instead of a new, empty domain in the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import RiskEngineError
from ..host.plugins import Registry
from .rulepack import PackLoadReport, read_rule_packs
from .yamlsource import load_yaml_bytes

SCORING_PACK = "scoring.yaml"


def shipped_pack_paths(registry: Registry) -> list[Path]:
    """The default scoring pack, then each plugin's packs, in registration order."""
    scoring = Path(str(resources.files("riskengine_rules") / SCORING_PACK))
    return [scoring, *(path for _, path in registry.rule_pack_paths)]


def load_packs(
    registry: Registry, extra: Sequence[str | Path] = (), *, default_packs: bool = True
) -> PackLoadReport:
    """Read the shipped packs (unless ``default_packs`` is False), then the user's, in that order."""
    report = PackLoadReport()
    if default_packs:
        report = read_rule_packs(shipped_pack_paths(registry), shipped=True)
    report.extend(read_rule_packs([Path(p) for p in extra]))
    return report


def known_domains(registry: Registry) -> set[str]:
    """The domains of the shipped packs (read even when they are not loaded)."""
    domains = set()
    for path in shipped_pack_paths(registry):
        try:
            stat = path.stat()
        except OSError:
            continue
        domain = _domain_of(str(path), stat.st_mtime_ns, stat.st_size)
        if domain:
            domains.add(domain)
    return domains


@lru_cache(maxsize=256)
def _domain_of(path: str, mtime_ns: int, size: int) -> str | None:
    try:
        data = load_yaml_bytes(Path(path).read_bytes(), path).data
    except (OSError, RiskEngineError):
        return None
    meta = data.get("pack") if isinstance(data, dict) else None
    domain = meta.get("domain") if isinstance(meta, dict) else None
    return domain if isinstance(domain, str) else None
