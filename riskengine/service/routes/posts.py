"""A post with the contributions behind its score and the findings of that assessment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..auth import Caller
from ..deps import WorkspaceDep
from ..errors import ERROR_RESPONSES, not_found
from ..schemas import PostDetail

router = APIRouter(prefix="/api/posts", tags=["posts"], responses=ERROR_RESPONSES)


@router.get("/{post_id}", response_model=PostDetail)
def get_post(post_id: str, who: Caller, workspace: WorkspaceDep,
             assessment_id: Annotated[str | None, Query(max_length=64,
                                                         description="default: the newest")] = None) -> dict:
    """A post as rated by one assessment (the newest by default): level, score, contributions, findings."""
    found = workspace.post(post_id, assessment_id=assessment_id, scope=who.scope)
    if found is None:
        raise not_found("岗位", post_id)
    return found
