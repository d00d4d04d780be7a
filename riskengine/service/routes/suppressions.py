"""Suppressions of false positives (不实): list them with filters, revoke one.

A suppression is made by a 不实 verdict with ``suppress_until`` (``POST /api/findings/{id}/verdicts``);
here they are listed (by org, rule and state) and revoked, which the audit trail records with
who and why. One outside the caller's orgs answers 404 exactly like a missing one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..auth import Caller, allowed
from ..bodies import Revocation
from ..deps import PagingDep, WorkspaceDep
from ..errors import ERROR_RESPONSES, ErrorOut
from ..schemas import Suppression, SuppressionPage, SuppressionState

router = APIRouter(prefix="/api/suppressions", tags=["findings"], responses=ERROR_RESPONSES)


@router.get("", response_model=SuppressionPage)
def list_suppressions(
    who: Caller,
    workspace: WorkspaceDep,
    paging: PagingDep,
    org_id: Annotated[str | None, Query(max_length=64, description="api.field.org_id")] = None,
    rule_id: Annotated[str | None, Query(max_length=128)] = None,
    state: Annotated[SuppressionState | None, Query(description="api.field.suppression_state")] = None,
) -> dict:
    """Suppressions within scope, oldest first, each with its state today (active, expired, revoked)."""
    rows = workspace.suppressions(org_id=org_id, rule_id=rule_id, state=state, scope=who.scope)
    return paging.page(rows)


@router.post("/{suppression_id}/revoke", response_model=Suppression,
             responses={409: {"model": ErrorOut, "description": "api.resp.suppression_409"}})
def revoke_suppression(suppression_id: int, body: Revocation, who: Caller, workspace: WorkspaceDep) -> dict:
    """Revoke a suppression: from the next assessment on, the finding opens a task again."""
    allowed(who, "unsuppress")
    return workspace.revoke_suppression(suppression_id, by=who.actor, reason=body.reason, scope=who.scope)
