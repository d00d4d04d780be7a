"""A post with the contributions behind its score, its findings and tasks, and its history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..auth import Caller
from ..deps import WorkspaceDep
from ..errors import ERROR_RESPONSES
from ..schemas import PostDetail, PostExplanation, PostHistory

NewestByDefault = Annotated[str | None, Query(max_length=64, description="api.field.assessment_id")]
router = APIRouter(prefix="/api/posts", tags=["posts"], responses=ERROR_RESPONSES)


@router.get("/{post_id}", response_model=PostDetail)
def get_post(post_id: str, who: Caller, workspace: WorkspaceDep,
             assessment_id: NewestByDefault = None) -> dict:
    """A post as one assessment (the newest by default) rated it: contributions, findings, tasks."""
    return workspace.post(post_id, assessment_id=assessment_id, scope=who.scope)


@router.get("/{post_id}/history", response_model=PostHistory)
def post_history(post_id: str, who: Caller, workspace: WorkspaceDep) -> dict:
    """The post's level, score and task events over every saved assessment, oldest first."""
    return workspace.post_history(post_id, scope=who.scope)


@router.get("/{post_id}/explanation", response_model=PostExplanation)
def explain_post(
    post_id: str,
    who: Caller,
    workspace: WorkspaceDep,
    assessment_id: NewestByDefault = None,
) -> dict:
    """Why the post has its level, in plain words: inherent risk, each rule's points, each finding,
    the thresholds and any override (``riskengine explain --post``)."""
    return workspace.explain_post(post_id, assessment_id=assessment_id, scope=who.scope)
