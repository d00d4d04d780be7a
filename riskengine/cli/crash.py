"""The top-level guard: every failure becomes a message and its documented exit code.

Errors the user can fix (:class:`~riskengine.errors.RiskEngineError`) are shown as they are,
with their own exit code. Anything else is a bug: the traceback goes to a log file, the user
sees one sentence with the file's path, and the command exits 4. Nothing else in the CLI
catches exceptions for this purpose.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import traceback
from pathlib import Path

import click

from .. import __version__
from ..errors import RiskEngineError
from ..messages import text
from . import exits

LOG_DIR_ENV = "RISKENGINE_LOG_DIR"


def report_error(exc: RiskEngineError) -> int:
    """Show a user error on stderr; returns its exit code."""
    click.echo(str(exc), err=True)
    return exc.exit_code


def report_crash(exc: BaseException, argv: list[str]) -> int:
    """Write the traceback to a log file, tell the user where it is; returns exit code 4."""
    log = write_crash_log(exc, argv)
    where = str(log) if log else text("crash_log_unwritable")
    click.echo(text("internal_error", error=type(exc).__name__, log=where), err=True)
    return exits.INTERNAL_ERROR


def write_crash_log(exc: BaseException, argv: list[str]) -> Path | None:
    """The traceback, the command line and the versions, in a new file; None if nowhere is writable."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    body = "".join(
        [
            f"riskengine {__version__}, Python {platform.python_version()}, {platform.platform()}\n",
            f"argv: {argv}\n\n",
            *traceback.format_exception(exc),
        ]
    )
    for directory in log_dirs():
        try:
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(body, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def log_dirs() -> list[Path]:
    """Where crash logs go: ``$RISKENGINE_LOG_DIR``, else the user's state dir, else the temp dir."""
    dirs = []
    if os.environ.get(LOG_DIR_ENV):
        dirs.append(Path(os.environ[LOG_DIR_ENV]))
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        dirs.append(Path(os.environ["LOCALAPPDATA"]) / "riskengine" / "logs")
    else:
        state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        dirs.append(Path(state) / "riskengine" / "logs")
    import tempfile  # only when a crash is logged

    dirs.append(Path(tempfile.gettempdir()) / "riskengine-logs")
    return dirs
