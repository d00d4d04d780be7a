"""Findings of saved assessments and the verdicts officers record on them (查实 / 不实 / 已纠正)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..auth import Caller, allowed
from ..bodies import VerdictIn
from ..deps import PagingDep, WorkspaceDep
from ..errors import ERROR_RESPONSES
from ..schemas import FindingPage, VerdictOut

router = APIRouter(prefix="/api/findings", tags=["findings"], responses=ERROR_RESPONSES)


@router.get("", response_model=FindingPage)
def list_findings(who: Caller, workspace: WorkspaceDep, paging: PagingDep,
                  assessment_id: Annotated[str | None, Query(max_length=64,
                                                             description="api.field.assessment_id")] = None,
                  org_id: Annotated[str | None, Query(max_length=64)] = None,
                  post_id: Annotated[str | None, Query(max_length=64)] = None,
                  rule_id: Annotated[str | None, Query(max_length=128)] = None) -> dict:
    """Findings of one assessment (the newest by default) within scope, with their newest verdict."""
    rows = workspace.findings(assessment_id=assessment_id, org_id=org_id, post_id=post_id, rule_id=rule_id,
                              scope=who.scope)
    return paging.page(rows)


@router.post("/{finding_id}/verdicts", response_model=VerdictOut, status_code=201)
def record_verdict(finding_id: str, body: VerdictIn, who: Caller, workspace: WorkspaceDep) -> dict:
    """Record a verdict: 查实 confirmed, 不实 false_positive (with a reason), 已纠正 corrected."""
    allowed(who, "verdict")
    return workspace.record_verdict(finding_id, verdict=body.verdict, reason=body.reason,
                                    suppress_until=body.suppress_until, by=who.actor, scope=who.scope)


@router.get("/{finding_id}/verdicts", response_model=list[VerdictOut])
def list_verdicts(finding_id: str, who: Caller, workspace: WorkspaceDep) -> list[dict]:
    """Every verdict recorded on a finding, oldest first (none for a finding outside the scope)."""
    return workspace.verdicts(finding_id=finding_id, scope=who.scope)
