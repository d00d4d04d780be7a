"""A compiled rule: what the evaluator runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import Location

if TYPE_CHECKING:
    from ..evaluation.detectors import Detector
    from ..evaluation.lookups import Lookup
    from ..evaluation.templates import CompiledTemplate
    from .expression import CompiledExpression


@dataclass(frozen=True)
class Responsible:
    """Which post answers for a finding: a post-id column, or the org's post of a category."""

    field: str | None = None
    org_post: str | None = None


@dataclass(frozen=True)
class Rectification:
    title: str
    measures: tuple[str, ...]
    deadline_days: int


@dataclass(frozen=True)
class Escalation:
    """A finding matching ``when`` gets ``severity``; ``reason`` and ``legal_basis`` say why."""

    when: CompiledExpression
    severity: str
    reason: str = ""
    legal_basis: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class Rule:
    """One rule of a pack, compiled against the registered record types and detectors."""

    id: str
    title: str
    description: str
    domain: str
    pack_id: str
    severity: str
    legal_basis: tuple[dict[str, str], ...]
    reads: tuple[str, ...]
    responsible: Responsible
    message: CompiledTemplate
    rectification: Rectification
    parameters: dict[str, Any]
    location: Location
    condition: CompiledExpression | None = None
    record_type: str | None = None
    detector: Detector | None = None
    evidence: tuple[str, ...] = ()
    escalations: tuple[Escalation, ...] = ()
    lookups: tuple[Lookup, ...] = ()

    @property
    def kind(self) -> str:
        return "detector" if self.detector else "condition"
