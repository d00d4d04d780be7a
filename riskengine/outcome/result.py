"""The assessment result; the type lives in :mod:`riskengine.outcome.assessment` (imported here
for code written before the typed pipeline)."""

from .assessment import Assessment, AssessmentMeta

__all__ = ["Assessment", "AssessmentMeta"]
