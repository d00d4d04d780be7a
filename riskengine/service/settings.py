"""Settings of one service process: upload bounds, background-job timings, page sizes."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field

from .uploads import UploadLimits


def default_worker_id() -> str:
    """``host:pid``: names the process that claimed a job, in the job's record."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class ServiceSettings:
    """How one ``riskengine serve`` process behaves; the defaults suit production.

    :param run_jobs: run queued assessment jobs in a background thread of this process. Tests
        turn it off and call :meth:`~riskengine.service.jobs.JobRunner.run_once` themselves.
    :param heartbeat_seconds: how often a running job's worker records that it is alive.
    :param stale_seconds: a running job whose heartbeat is older than this is taken as
        interrupted (its process died) and marked failed, at startup and on every poll.
    :param token_cache_seconds: how long a resolved token is reused without asking the store
        (0: ask on every request). A token revoked through another process keeps working here for
        at most this long; one revoked through this process's workspace stops at once.
    """

    uploads: UploadLimits = field(default_factory=UploadLimits)
    run_jobs: bool = True
    poll_seconds: float = 1.0
    heartbeat_seconds: float = 5.0
    stale_seconds: float = 60.0
    worker_id: str = field(default_factory=default_worker_id)
    max_page: int = 1000
    token_cache_seconds: float = 5.0
