"""Dependencies shared by the routes: the workspace, paging, and the version a change expects."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request

from ..messages import text
from .errors import ServiceError


async def get_workspace(request: Request) -> Any:
    """The :class:`~riskengine.workspace.Workspace` the app was built with (async: no worker thread)."""
    return request.app.state.workspace


WorkspaceDep = Annotated[Any, Depends(get_workspace)]


class Paging:
    """``limit`` / ``offset`` query parameters, bounded by the settings' page size."""

    def __init__(self, limit: int, offset: int):
        self.limit = limit
        self.offset = offset

    def page(self, rows: list[Any]) -> dict[str, Any]:
        """One page of ``rows`` with the total."""
        return {"total": len(rows), "limit": self.limit, "offset": self.offset,
                "items": rows[self.offset:self.offset + self.limit]}

    def page_of(self, total: int, items: list[Any]) -> dict[str, Any]:
        """A page the store already cut (``items``) out of ``total`` rows."""
        return {"total": total, "limit": self.limit, "offset": self.offset, "items": items}


async def paging(request: Request,
                 limit: Annotated[int, Query(ge=1, le=1000, description="api.field.limit")] = 100,
                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Paging:
    """The page asked for (async: no worker thread needed)."""
    return Paging(min(limit, request.app.state.settings.max_page), offset)


PagingDep = Annotated[Paging, Depends(paging)]


def expected_version(body_version: int | None, if_match: str | None) -> int:
    """The task version the caller read: the body's ``version`` or ``If-Match`` (428 when neither)."""
    header = _parse_etag(if_match) if if_match else None
    if if_match and header is None:
        raise ServiceError(400, "bad_if_match", text("bad_request", error=f"If-Match: {if_match}"))
    if body_version is not None and header is not None and body_version != header:
        raise ServiceError(400, "bad_if_match", text("bad_request", error="If-Match ≠ version"))
    version = body_version if body_version is not None else header
    if version is None:
        raise ServiceError(428, "version_required", text("version_required"))
    return version


IfMatch = Annotated[str | None, Header(description="api.field.if_match")]


def etag(version: int) -> str:
    """The ETag of a task at ``version``."""
    return f'"{version}"'


def _parse_etag(value: str) -> int | None:
    value = value.strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    return int(value) if value.isdigit() and len(value) < 10 and int(value) >= 1 else None
