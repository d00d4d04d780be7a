"""Saved assessments and the posts they rated, within the caller's scope."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ..auth import Caller
from ..deps import PagingDep, WorkspaceDep
from ..errors import ERROR_RESPONSES
from ..schemas import AssessmentDetail, AssessmentSummary, Level, PostPage

router = APIRouter(prefix="/api/assessments", tags=["assessments"], responses=ERROR_RESPONSES)


@router.get("", response_model=list[AssessmentSummary])
def list_assessments(who: Caller, workspace: WorkspaceDep) -> list[dict]:
    """Saved assessments that rated at least one post in scope, newest first."""
    return workspace.assessments(scope=who.scope)


@router.get("/{assessment_id}", response_model=AssessmentDetail)
def get_assessment(assessment_id: str, who: Caller, workspace: WorkspaceDep) -> dict:
    """One saved assessment, with what of it lies within the caller's scope."""
    found = workspace.assessment(assessment_id, scope=who.scope)
    document = found["document"]
    levels = {"high": 0, "medium": 0, "low": 0}
    for post in document["posts"]:
        levels[post["level"]] = levels.get(post["level"], 0) + 1
    found["in_scope"] = {"posts": len(document["posts"]), "findings": len(document["findings"]),
                         "tasks": len(document["tasks"]), "levels": levels}
    return found


@router.get("/{assessment_id}/document", response_model=dict[str, Any])
def assessment_document(assessment_id: str, who: Caller, workspace: WorkspaceDep) -> dict:
    """The assessment's result document (RESULT.md), its posts, findings and tasks limited to the scope."""
    return workspace.assessment(assessment_id, scope=who.scope)["document"]


@router.get("/{assessment_id}/posts", response_model=PostPage)
def assessment_posts(assessment_id: str, who: Caller, workspace: WorkspaceDep, paging: PagingDep,
                     level: Annotated[Level | None, Query()] = None,
                     org_id: Annotated[str | None, Query(max_length=64)] = None) -> dict:
    """The posts an assessment rated, by org and post, with their contributions."""
    workspace.assessment(assessment_id, scope=who.scope)  # 404 when unknown or out of scope
    rows = workspace.posts(assessment_id=assessment_id, level=level, org_id=org_id, scope=who.scope)
    return paging.page(rows)
