"""Rectification tasks: list, read, and move through their lifecycle with an optimistic version check.

Reading a task returns its ``version`` (and an ``ETag``); every change sends it back as the
``version`` field or ``If-Match``. When someone changed the task in between, the change is refused
with 409 and nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from ...storage import EvidenceFile
from ..auth import Caller, allowed
from ..bodies import Submission, Transition
from ..deps import IfMatch, PagingDep, WorkspaceDep, etag, expected_version
from ..errors import ERROR_RESPONSES, ErrorOut
from ..schemas import Level, Task, TaskDetail, TaskEvent, TaskPage, TaskStatus

router = APIRouter(prefix="/api/tasks", tags=["tasks"], responses=ERROR_RESPONSES)

CHANGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorOut, "description": "api.resp.409"},
    428: {"model": ErrorOut, "description": "api.resp.428"},
}


@router.get("", response_model=TaskPage)
def list_tasks(who: Caller, workspace: WorkspaceDep, paging: PagingDep,
               status: Annotated[TaskStatus | None, Query()] = None,
               org_id: Annotated[str | None, Query(max_length=64,
                                                   description="api.field.org_id")] = None,
               post_id: Annotated[str | None, Query(max_length=64)] = None,
               level: Annotated[Level | None, Query()] = None,
               overdue: Annotated[bool | None, Query()] = None) -> dict:
    """Tasks within scope, by org, post and rule; ``overdue`` is computed for today."""
    total, rows = workspace.task_page(limit=paging.limit, offset=paging.offset, status=status,
                                      org_id=org_id, post_id=post_id, level=level, overdue=overdue,
                                      scope=who.scope)
    return paging.page_of(total, rows)


@router.get("/{task_id}", response_model=TaskDetail)
def get_task(task_id: str, who: Caller, workspace: WorkspaceDep, response: Response) -> dict:
    """One task with its evidence and audit trail; the ``ETag`` is its version."""
    task = workspace.task(task_id, scope=who.scope)
    response.headers["ETag"] = etag(task["version"])
    return task


@router.get("/{task_id}/events", response_model=list[TaskEvent])
def task_events(task_id: str, who: Caller, workspace: WorkspaceDep) -> list[dict]:
    """The task's audit trail, oldest first: who did what, when and why."""
    return workspace.task(task_id, scope=who.scope)["events"]


def _change(action: str, who: Caller, body: Transition, if_match: str | None, response: Response,
            do: Callable[[int], dict]) -> dict:
    """Check the role, then ``do(expected version)``; the changed task's ``ETag`` is its new version.

    The answer is the changed task without evidence and trail (GET the task for those): one query
    less per change.
    """
    allowed(who, action)
    changed = do(expected_version(body.version, if_match))
    response.headers["ETag"] = etag(changed["version"])
    return changed


@router.post("/{task_id}/start", response_model=Task, responses=CHANGE_RESPONSES)
def start(task_id: str, body: Transition, who: Caller, workspace: WorkspaceDep, response: Response,
          if_match: IfMatch = None) -> dict:
    """open / reopened → in_progress: the responsible post starts rectifying."""
    return _change("start", who, body, if_match, response, lambda version: workspace.start_task(
        task_id, by=who.actor, expected_version=version, note=body.note, scope=who.scope))


@router.post("/{task_id}/submit", response_model=Task, responses=CHANGE_RESPONSES)
def submit(task_id: str, body: Submission, who: Caller, workspace: WorkspaceDep, response: Response,
           if_match: IfMatch = None) -> dict:
    """→ submitted, with evidence: a note and/or file references (upload files to ``/evidence`` first)."""
    files = [EvidenceFile(name=f.name) for f in body.files]
    return _change("submit", who, body, if_match, response, lambda version: workspace.submit_task(
        task_id, by=who.actor, expected_version=version, note=body.note, files=files, scope=who.scope))


@router.post("/{task_id}/close", response_model=Task, responses=CHANGE_RESPONSES)
def close(task_id: str, body: Transition, who: Caller, workspace: WorkspaceDep, response: Response,
          if_match: IfMatch = None) -> dict:
    """submitted → closed (销号) by a reviewer, who must not be the responsible post."""
    return _change("close", who, body, if_match, response, lambda version: workspace.close_task(
        task_id, by=who.actor, expected_version=version, note=body.note or "", on=body.on,
        override=body.override_reason, scope=who.scope))


@router.post("/{task_id}/reject", response_model=Task, responses=CHANGE_RESPONSES)
def reject(task_id: str, body: Transition, who: Caller, workspace: WorkspaceDep, response: Response,
           if_match: IfMatch = None) -> dict:
    """submitted → in_progress: the reviewer sends the rectification back, with a reason (``note``)."""
    return _change("reject", who, body, if_match, response, lambda version: workspace.reject_task(
        task_id, by=who.actor, expected_version=version, reason=body.note or "", scope=who.scope))


@router.post("/{task_id}/reopen", response_model=Task, responses=CHANGE_RESPONSES)
def reopen(task_id: str, body: Transition, who: Caller, workspace: WorkspaceDep, response: Response,
           if_match: IfMatch = None) -> dict:
    """closed → reopened (escalated), with a reason (``note``)."""
    return _change("reopen", who, body, if_match, response, lambda version: workspace.reopen_task(
        task_id, by=who.actor, expected_version=version, reason=body.note or "", scope=who.scope))
