"""An org's history over past assessments, and the rollup of a street or district."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ...messages import text
from ..auth import Caller, out_of_scope
from ..deps import WorkspaceDep
from ..errors import ERROR_RESPONSES, not_found
from ..schemas import OrgHistory, Rollup

router = APIRouter(prefix="/api/orgs", tags=["reports"], responses=ERROR_RESPONSES)


def _visible(request: Request, who: Caller, org_id: str) -> None:
    if not who.sees(org_id):
        out_of_scope(who, request, "org", org_id)
        raise not_found(text("what_org"), org_id)


@router.get("/{org_id}/history", response_model=OrgHistory)
def org_history(org_id: str, request: Request, who: Caller, workspace: WorkspaceDep) -> dict:
    """An org's (and the orgs below it) posts by level, findings and tasks per saved assessment."""
    _visible(request, who, org_id)
    return workspace.org_history(org_id, scope=who.scope)


@router.get("/{org_id}/rollup", response_model=Rollup)
def rollup(org_id: str, request: Request, who: Caller, workspace: WorkspaceDep) -> dict:
    """Posts by level, open/overdue tasks, 销号率, 查实率 and 公开率: per community, street and total."""
    _visible(request, who, org_id)
    return workspace.rollup(org_id, scope=who.scope)
