"""Readiness (no token needed) and who the caller is."""

from __future__ import annotations

from fastapi import APIRouter

from ... import __version__
from ...messages import text
from ..auth import Caller
from ..deps import WorkspaceDep
from ..errors import ERROR_RESPONSES
from ..schemas import Health, Whoami

router = APIRouter()


@router.get("/health", response_model=Health, tags=["meta"])
def health(workspace: WorkspaceDep) -> dict:
    """The service is up and its database answers (no token needed: for load balancers and scripts)."""
    workspace.db.ping()
    return {"status": "ok", "version": __version__, "database": workspace.db.dialect}


@router.get("/api/whoami", response_model=Whoami, tags=["meta"], responses=ERROR_RESPONSES)
def whoami(who: Caller) -> dict:
    """The caller's token: org, role and how many orgs its scope covers."""
    return {"token_id": who.token_id, "org_id": who.org_id, "role": who.role,
            "role_label": text(f"role_{who.role}"), "name": who.name, "orgs": len(who.scope)}
