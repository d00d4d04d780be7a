"""Findings of saved assessments and the verdicts officers record on them (查实 / 不实 / 已纠正)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..auth import Caller, allowed
from ..deps import PagingDep, WorkspaceDep
from ..errors import ERROR_RESPONSES, not_found
from ..schemas import Finding, FindingPage, VerdictIn, VerdictOut

router = APIRouter(prefix="/api/findings", tags=["findings"], responses=ERROR_RESPONSES)


@router.get("", response_model=FindingPage)
def list_findings(who: Caller, workspace: WorkspaceDep, paging: PagingDep,
                  assessment_id: Annotated[str | None, Query(max_length=64, description="default: newest")] = None,
                  org_id: Annotated[str | None, Query(max_length=64)] = None,
                  post_id: Annotated[str | None, Query(max_length=64)] = None,
                  rule_id: Annotated[str | None, Query(max_length=128)] = None) -> dict:
    """Findings of one assessment (the newest by default) within scope, with their newest verdict."""
    rows = workspace.findings(assessment_id=assessment_id, org_id=org_id, post_id=post_id, rule_id=rule_id,
                              scope=who.scope)
    return paging.page(rows)


@router.get("/{finding_id}", response_model=Finding)
def get_finding(finding_id: str, who: Caller, workspace: WorkspaceDep) -> dict:
    """A finding as its newest saved assessment has it, with the newest verdict."""
    found = workspace.finding(finding_id, scope=who.scope)
    if found is None:
        raise not_found("问题", finding_id)
    return found


@router.post("/{finding_id}/verdicts", response_model=VerdictOut, status_code=201)
def record_verdict(finding_id: str, body: VerdictIn, who: Caller, workspace: WorkspaceDep) -> dict:
    """Record a verdict: 查实 confirmed, 不实 false_positive (reason required; may suppress until a date), 已纠正."""
    allowed(who, "verdict")
    return workspace.record_verdict(finding_id, verdict=body.verdict, reason=body.reason,
                                    suppress_until=body.suppress_until, by=who.actor, scope=who.scope)


@router.get("/{finding_id}/verdicts", response_model=list[VerdictOut])
def list_verdicts(finding_id: str, who: Caller, workspace: WorkspaceDep) -> list[dict]:
    """Every verdict recorded on a finding, oldest first."""
    if workspace.finding(finding_id, scope=who.scope) is None:
        raise not_found("问题", finding_id)
    return workspace.verdicts(finding_id=finding_id, scope=who.scope)
