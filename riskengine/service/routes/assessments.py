"""Saved assessments and the posts they rated, within the caller's scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..auth import Caller
from ..deps import PagingDep, WorkspaceDep
from ..errors import ERROR_RESPONSES, not_found
from ..schemas import AssessmentSummary, Level, PostPage

router = APIRouter(prefix="/api/assessments", tags=["assessments"], responses=ERROR_RESPONSES)


@router.get("", response_model=list[AssessmentSummary])
def list_assessments(who: Caller, workspace: WorkspaceDep) -> list[dict]:
    """Saved assessments that rated at least one post in scope, newest first, counted within scope."""
    return workspace.assessments(scope=who.scope)


@router.get("/{assessment_id}", response_model=AssessmentSummary)
def get_assessment(assessment_id: str, who: Caller, workspace: WorkspaceDep) -> dict:
    """One saved assessment, counted within the caller's scope."""
    found = workspace.assessment(assessment_id, scope=who.scope)
    if found is None:
        raise not_found("评估", assessment_id)
    return found


@router.get("/{assessment_id}/posts", response_model=PostPage)
def assessment_posts(assessment_id: str, who: Caller, workspace: WorkspaceDep, paging: PagingDep,
                     level: Annotated[Level | None, Query()] = None,
                     org_id: Annotated[str | None, Query(max_length=64)] = None) -> dict:
    """The posts an assessment rated, highest score first, with their contributions."""
    if workspace.assessment(assessment_id, scope=who.scope) is None:
        raise not_found("评估", assessment_id)
    rows = workspace.posts(assessment_id=assessment_id, level=level, org_id=org_id, scope=who.scope)
    return paging.page(rows)
