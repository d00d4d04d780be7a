"""History of posts and orgs over past assessments, and rollups for a street or district."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...messages import text
from ..auth import Caller
from ..deps import WorkspaceDep
from ..errors import ERROR_RESPONSES, ServiceError
from ..schemas import HistoryEntry, Rollup

router = APIRouter(prefix="/api", tags=["reports"], responses=ERROR_RESPONSES)


@router.get("/history", response_model=list[HistoryEntry])
def history(who: Caller, workspace: WorkspaceDep,
            post_id: Annotated[str | None, Query(max_length=64)] = None,
            org_id: Annotated[str | None, Query(max_length=64)] = None) -> list[dict]:
    """Levels, scores and tasks of one post, or of an org's posts, over past assessments (oldest first)."""
    if (post_id is None) == (org_id is None):
        raise ServiceError(400, "bad_request", text("bad_request", error="post_id or org_id, one of them"))
    return workspace.history(post_id=post_id, org_id=org_id, scope=who.scope)


@router.get("/rollups/{org_id}", response_model=Rollup)
def rollup(org_id: str, who: Caller, workspace: WorkspaceDep) -> dict:
    """Posts by level, open/overdue tasks, 销号率, 查实率 per rule and 公开率, per community and in total."""
    return workspace.rollup(org_id, scope=who.scope)
