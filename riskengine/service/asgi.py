"""An importable app factory for process managers (``uvicorn --factory``), one app per worker process.

``riskengine serve --workers N`` uses it (uvicorn starts N processes that each build their own app);
so can gunicorn or systemd setups. Settings come from the environment:

- ``RISKENGINE_DB``: the database URL (required);
- ``RISKENGINE_SERVE_NO_JOBS=1``: do not run background jobs in these processes;
- ``RISKENGINE_TOKEN_CACHE``: seconds a token check is reused (default 5).
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from .app import create_app
from .settings import ServiceSettings


def app_from_environment() -> FastAPI:
    """The service over ``RISKENGINE_DB``, one per worker process."""
    from ..workspace import Workspace

    # The parent (riskengine serve) or the operator has migrated the database: workers only check it.
    workspace = Workspace.open(os.environ["RISKENGINE_DB"], upgrade=False)
    settings = ServiceSettings(run_jobs=os.environ.get("RISKENGINE_SERVE_NO_JOBS") != "1",
                               token_cache_seconds=float(os.environ.get("RISKENGINE_TOKEN_CACHE", "5")))
    return create_app(workspace, settings)
