"""佐证材料: upload a file to a task, list a task's evidence, download an uploaded file.

An upload is a change of the task (its version goes up and the audit trail records it), so it
sends the version read like every other change (``version`` form field or ``If-Match``). The
file is bounded before it is stored (size, empty, type matching its content) with a message
saying which bound it broke. Scope and roles are those of the other task endpoints: a task
outside the caller's orgs answers 404 exactly like a missing one.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Response, UploadFile

from ...storage.evidence import MAX_EVIDENCE_BYTES, EvidenceFile, media_type
from ..auth import Caller, allowed
from ..deps import IfMatch, WorkspaceDep, etag, expected_version
from ..errors import ERROR_RESPONSES, ErrorOut
from ..schemas import Evidence, EvidenceUpload

router = APIRouter(prefix="/api/tasks", tags=["evidence"], responses=ERROR_RESPONSES)

UPLOAD_PATTERN = r"^/api/tasks/[^/]+/evidence$"
BINARY = {"type": "string", "format": "binary"}
UPLOAD_RESPONSES: dict[int | str, dict] = {
    409: {"model": ErrorOut, "description": "api.resp.409"},
    413: {"model": ErrorOut, "description": "api.resp.evidence_413"},
    415: {"model": ErrorOut, "description": "api.resp.evidence_415"},
    428: {"model": ErrorOut, "description": "api.resp.428"},
}


@router.post("/{task_id}/evidence", status_code=201, response_model=EvidenceUpload,
             responses=UPLOAD_RESPONSES)
def upload_evidence(
    task_id: str,
    who: Caller,
    workspace: WorkspaceDep,
    response: Response,
    file: Annotated[UploadFile, File(description="api.field.evidence_file")],
    version: Annotated[int | None, Form(ge=1, description="api.field.version")] = None,
    if_match: IfMatch = None,
) -> dict:
    """Store a file as evidence of the task; the task keeps its status, its version goes up."""
    allowed(who, "evidence")
    expected = expected_version(version, if_match)
    content = file.file.read(MAX_EVIDENCE_BYTES + 1)
    done = workspace.add_evidence(task_id, file=EvidenceFile(file.filename or "", content), by=who.actor,
                                  expected_version=expected, scope=who.scope)
    response.headers["ETag"] = etag(done["task"]["version"])
    response.headers["Location"] = f"/api/tasks/{task_id}/evidence/{done['evidence']['id']}"
    return done


@router.get("/{task_id}/evidence", response_model=list[Evidence])
def list_evidence(task_id: str, who: Caller, workspace: WorkspaceDep) -> list[dict]:
    """The task's evidence, oldest first: notes, file references and uploaded files (without their bytes)."""
    return workspace.evidence(task_id, scope=who.scope)


@router.get(
    "/{task_id}/evidence/{evidence_id}",
    response_class=Response,
    responses={200: {"description": "api.resp.evidence_file",
                     "content": {"application/octet-stream": {"schema": BINARY}}}},
)
def download_evidence(task_id: str, evidence_id: int, who: Caller, workspace: WorkspaceDep) -> Response:
    """An uploaded file's bytes, as an attachment (never shown inline: it came from a user)."""
    name, content = workspace.evidence_content(task_id, evidence_id, scope=who.scope)
    return attachment(name, content)


def attachment(name: str, content: bytes) -> Response:
    """A stored file as a download: its media type from its name, never rendered by the browser."""
    return Response(content, media_type=media_type(name), headers={
        "Content-Disposition": content_disposition(name),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
    })


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback name and the real (UTF-8) name as RFC 6266 ``filename*``."""
    fallback = "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
