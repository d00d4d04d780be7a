"""``riskengine serve``: the HTTP JSON API over the same Workspace the CLI uses."""

from __future__ import annotations

import os
import secrets
import sys

import click

from ..errors import RiskEngineError
from ..messages import text
from . import exits
from .options import db_option

WORKER_HEALTHCHECK_SECONDS = 60


@click.command(help="help.serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="help.serve.host")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="help.serve.port")
@db_option
@click.option("--no-jobs", is_flag=True, help="help.serve.no_jobs")
@click.option("--token-cache", default=5.0, show_default=True, type=click.FloatRange(0, 300),
              metavar="SECONDS",
              help="help.serve.token_cache")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="help.serve.workers")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              help="help.serve.log_level")
def serve(host: str, port: int, db_url: str, no_jobs: bool, token_cache: float, workers: int,
          log_level: str) -> None:
    """Start the HTTP service (JSON API; see /docs and /openapi.json)."""
    import uvicorn

    from ..service import ServiceSettings, create_app
    from ..workspace import Workspace

    try:
        workspace = Workspace.open(db_url)  # creates or migrates the tables once, before any worker starts
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    click.echo(text("serve_started", host=host, port=port, db=workspace.db.display_url), err=True)
    if workers > 1:
        workspace.close()
        os.environ.update(RISKENGINE_DB=db_url, RISKENGINE_TOKEN_CACHE=str(token_cache),
                          RISKENGINE_SERVE_NO_JOBS="1" if no_jobs else "0")
        # Every worker must sign and check the web pages' cookies with the same secret.
        os.environ.setdefault("RISKENGINE_WEB_SECRET", secrets.token_urlsafe(32))
        # A worker imports the engine and may run an assessment job: give it time before it counts as hung.
        from ..service.workers import run_workers

        run_workers("riskengine.service.asgi:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level,
                    timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS)
        return
    app = create_app(workspace, ServiceSettings(run_jobs=not no_jobs, token_cache_seconds=token_cache))
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
    finally:
        workspace.close()
