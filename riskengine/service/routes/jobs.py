"""Upload a dataset and assess it in the background; poll the job."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from ...messages import text
from .. import uploads
from ..auth import Caller, allowed
from ..deps import WorkspaceDep
from ..errors import ERROR_RESPONSES, ErrorOut, ServiceError
from ..schemas import Job

router = APIRouter(prefix="/api", tags=["assessments"], responses=ERROR_RESPONSES)

UPLOAD_PATH = "/api/assessments"


@router.post("/assessments", status_code=202, response_model=Job,
             responses={413: {"model": ErrorOut, "description": "api.resp.upload_413"}})
def upload(request: Request, who: Caller, workspace: WorkspaceDep,
           file: Annotated[UploadFile, File(description="api.field.dataset_file")],
           as_of: Annotated[dt.date | None, Form(description="api.field.as_of")] = None,
           period_from: Annotated[dt.date | None, Form()] = None,
           period_to: Annotated[dt.date | None, Form()] = None) -> JSONResponse:
    """Queue an assessment of the uploaded dataset; poll ``Location`` (``/api/jobs/{job_id}``) for its status.

    The upload is checked before it is accepted (size, file count, declared and compressed
    sizes, paths, links); the job unpacks it again under the same bounds when it runs.
    """
    allowed(who, "assess")
    limits = request.app.state.settings.uploads
    data = file.file.read(limits.max_bytes + 1)
    uploads.check_size(len(data), limits)
    kind = uploads.kind_of(file.filename or "", data)
    uploads.check_archive(data, limits)
    period = _period(period_from, period_to, as_of)
    job = workspace.enqueue_job(
        params={"upload": kind, "filename": file.filename, "as_of": as_of.isoformat() if as_of else None,
                "period": period},
        payload=data, org_id=who.org_id, by=who.actor)
    body = Job.model_validate(job).model_dump(mode="json")
    return JSONResponse(body, status_code=202, headers={"Location": f"/api/jobs/{job['job_id']}"})


@router.get("/jobs/{job_id}", response_model=Job)
def get_job(job_id: str, who: Caller, workspace: WorkspaceDep) -> dict:
    """A job's status: queued, running, succeeded (with the assessment id) or failed (with the reason)."""
    return workspace.job(job_id, org_ids=who.scope)


def _period(start: dt.date | None, end: dt.date | None, as_of: dt.date | None) -> list[str] | None:
    if start is None and end is None:
        return None
    if start is None or end is None or start > end:
        raise ServiceError(400, "bad_period",
                           text("bad_request", error="period_from ≤ period_to, both or neither"))
    return [start.isoformat(), end.isoformat()]


@router.get("/jobs", response_model=list[Job])
def list_jobs(who: Caller, workspace: WorkspaceDep) -> list[dict]:
    """Assessment jobs of the caller's orgs, newest first."""
    return workspace.jobs(org_ids=who.scope)
