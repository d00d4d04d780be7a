"""The app factory: ``create_app(workspace, settings)`` builds the FastAPI application.

The CLI's ``riskengine serve`` and the tests build the same :class:`~riskengine.workspace.Workspace`
the CLI commands use and hand it here; the service holds no assessment or storage logic.
Routers are listed in :data:`ROUTERS`; another module (server-rendered pages, say) adds its own
with ``create_app(..., routers=[...])`` or ``app.include_router`` on the returned app.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Iterable
from typing import Any

from fastapi import APIRouter, FastAPI

from .. import __version__
from ..storage.evidence import MAX_EVIDENCE_BYTES
from . import errors, openapi
from .jobs import JobRunner
from .limits import BodyLimit
from .routes import assessments, evidence, findings, jobs, meta, posts, reports, suppressions, tasks
from .settings import ServiceSettings
from .tokens import TokenResolver

#: The task page's evidence upload (``riskengine.web.pages.upload_evidence``), bounded like the API's.
WEB_UPLOAD_PATTERN = r"^/tasks/[^/]+/evidence$"

log = logging.getLogger("riskengine.service")

ROUTERS: tuple[APIRouter, ...] = (
    meta.router, jobs.router, assessments.router, posts.router, findings.router, suppressions.router,
    tasks.router, evidence.router, reports.router,
)


def create_app(workspace: Any, settings: ServiceSettings | None = None, *,
               routers: Iterable[APIRouter] = (), web: Any = None) -> FastAPI:
    """The HTTP API over ``workspace`` and its web pages (``web``: :class:`riskengine.web.WebSettings`);
    background jobs start with the app (see :class:`ServiceSettings`)."""
    settings = settings or ServiceSettings()
    tokens = TokenResolver(workspace, ttl=settings.token_cache_seconds)
    # A token revoked through this workspace is forgotten at once, not at the end of its time to live.
    workspace.on_token_revoked(tokens.forget)
    # A saved assessment may bring new orgs under a token's org: cached scopes must not hide them.
    runner = JobRunner(workspace, settings, on_saved=tokens.clear)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner.recover()
        if settings.run_jobs:
            runner.start()
        try:
            yield
        finally:
            runner.stop()

    app = FastAPI(title="riskengine", version=__version__, description="api.description", lifespan=lifespan)
    app.state.workspace = workspace
    app.state.settings = settings
    app.state.runner = runner
    app.state.tokens = tokens
    errors.install(app)
    app.add_middleware(BodyLimit, limits=settings.uploads, upload_paths=(jobs.UPLOAD_PATH,),
                       bounded=((evidence.UPLOAD_PATTERN, MAX_EVIDENCE_BYTES),
                                (WEB_UPLOAD_PATTERN, MAX_EVIDENCE_BYTES)))
    for router in (*ROUTERS, *routers):
        app.include_router(router)
    from ..web import install as install_pages

    install_pages(app, web)
    openapi.install(app)
    return app
