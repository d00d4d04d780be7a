"""``riskengine serve``: the HTTP JSON API over the same Workspace the CLI uses."""

from __future__ import annotations

import os
import sys

import click

from ..errors import RiskEngineError
from . import exits
from .options import db_option

WORKER_HEALTHCHECK_SECONDS = 60


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（默认只接受本机访问）。")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="监听端口。")
@db_option
@click.option("--no-jobs", is_flag=True, help="本进程不运行后台评估作业（由其他服务进程处理）。")
@click.option("--token-cache", default=5.0, show_default=True, type=click.FloatRange(0, 300),
              metavar="SECONDS",
              help="令牌校验结果缓存秒数（0 为每个请求都查库）；撤销的令牌最多在此时间后失效。")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="服务进程数（多核时可设为核数）；各进程共用同一数据库与评估作业队列。")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]), help="日志级别。")
def serve(host: str, port: int, db_url: str, no_jobs: bool, token_cache: float, workers: int,
          log_level: str) -> None:
    """启动 HTTP 服务（JSON API，接口说明见 /docs 与 /openapi.json）。

    \b
    每个请求须携带访问令牌：Authorization: Bearer <令牌>（riskengine tokens create 生成）。
    多个服务进程可共用一个 PostgreSQL 数据库，评估作业不会重复执行。
    """
    import uvicorn

    from ..service import ServiceSettings, create_app
    from ..workspace import Workspace

    try:
        workspace = Workspace.open(db_url)  # creates or migrates the tables once, before any worker starts
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    click.echo(f"riskengine 服务：http://{host}:{port}/docs（数据库 {workspace.db.display_url}）", err=True)
    if workers > 1:
        workspace.close()
        os.environ.update(RISKENGINE_DB=db_url, RISKENGINE_TOKEN_CACHE=str(token_cache),
                          RISKENGINE_SERVE_NO_JOBS="1" if no_jobs else "0")
        # A worker imports the engine and may run an assessment job: give it time before it counts as hung.
        uvicorn.run("riskengine.service.asgi:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level,
                    timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS)
        return
    app = create_app(workspace, ServiceSettings(run_jobs=not no_jobs, token_cache_seconds=token_cache))
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
    finally:
        workspace.close()
