"""HTTP errors of the service: one JSON shape, a Chinese message, the right status.

Store and engine errors are :class:`~riskengine.errors.RiskEngineError` subclasses; they are
turned into responses here, in one place, so routes simply call the workspace.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ..errors import RiskEngineError
from ..messages import text
from ..storage.errors import ConflictError, EvidenceRejected, NotFoundError, TransitionError
from .uploads import UploadRejected

log = logging.getLogger("riskengine.service")
access_log = logging.getLogger("riskengine.service.access")


class ErrorOut(BaseModel):
    """The body of every error response."""

    error: str
    message: str


class ServiceError(HTTPException):
    """An error a route raises on purpose: a status, a short code and a message for the user."""

    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(status_code=status, detail=message, headers=headers)
        self.error = error


def not_found(what: str, object_id: str) -> ServiceError:
    """404 for an unknown object; also what a request outside the caller's scope gets."""
    return ServiceError(404, "not_found", text("not_found", what=what, id=object_id))


ERROR_RESPONSES = {
    400: {"model": ErrorOut, "description": "api.resp.400"},
    401: {"model": ErrorOut, "description": "api.resp.401"},
    403: {"model": ErrorOut, "description": "api.resp.403"},
    404: {"model": ErrorOut, "description": "api.resp.404"},
}


EVIDENCE_STATUS = {"empty": 400, "too_large": 413, "type": 415}


def _status_of(exc: RiskEngineError) -> tuple[int, str]:
    if isinstance(exc, UploadRejected):
        return exc.status, "upload_rejected"
    if isinstance(exc, EvidenceRejected):
        return EVIDENCE_STATUS[exc.reason], "evidence_rejected"
    if isinstance(exc, NotFoundError):
        return 404, "not_found"
    if isinstance(exc, ConflictError):
        return 409, "version_conflict"
    if isinstance(exc, TransitionError):
        return 409, "transition_refused"
    return 400, "bad_request"


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the :class:`ErrorOut` shape."""

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"error": exc.error, "message": exc.detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": "http_error", "message": str(exc.detail)}, exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RiskEngineError)
    async def _engine_error(request: Request, exc: RiskEngineError) -> JSONResponse:
        status, code = _status_of(exc)
        if status == 404:
            # Unknown and out-of-scope objects look the same to the caller; the log tells them apart
            # for whoever reads it (token, path).
            who = getattr(request.state, "principal", None)
            access_log.warning("refused 404 (missing or out of scope): %s (org %s) %s %s",
                               who.actor if who else "-", who.org_id if who else "-", request.method,
                               request.url.path)
        return JSONResponse({"error": code, "message": str(exc)}, status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = text("clause_sep").join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()
        )
        return JSONResponse({"error": "invalid_request", "message": text("bad_request", error=problems),
                             "detail": jsonable(exc.errors())}, 422)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"error": "server_error", "message": text("server_error")}, 500)


def jsonable(errors: list) -> list:
    """Validation errors made JSON-safe (pydantic may put exceptions and bytes in ``ctx``/``input``)."""
    out = []
    for error in errors:
        out.append({"loc": [str(p) for p in error.get("loc", ())], "msg": str(error.get("msg", "")),
                    "type": str(error.get("type", ""))})
    return out
