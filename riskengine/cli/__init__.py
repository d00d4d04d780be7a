"""The click command line: ``riskengine assess | demo | plugins | qrcode | report | rules | tasks``.

Commands are thin: they parse options and call the library. The :class:`Main` group is the one
place that turns exceptions into messages and exit codes (see :mod:`riskengine.cli.crash` and
:mod:`riskengine.cli.exits`); help texts come from the message catalogue (:mod:`.i18n`).
"""

from __future__ import annotations

import errno
import importlib
import sys

import click

from .. import __version__
from ..errors import FileAccessError, RiskEngineError
from ..messages import text
from . import allocator  # noqa: F401 - first: it tunes Polars' allocator before Polars is imported
from .crash import report_crash, report_error
from .i18n import Group, Option, install_click_translations, localize_tree

#: Subcommands and where they live: a command imports only what it uses (``assess --no-db`` never
#: loads SQLAlchemy or Alembic), so the command line starts quickly.
COMMANDS = {
    "assess": "riskengine.cli.assess:assess",
    "audit": "riskengine.cli.audit:audit",
    "db": "riskengine.cli.db:db",
    "demo": "riskengine.cli.demo:demo",
    "explain": "riskengine.cli.explain:explain",
    "findings": "riskengine.cli.findings:findings",
    "history": "riskengine.cli.history:history",
    "plugin": "riskengine.cli.plugin_new:plugin",
    "plugins": "riskengine.cli.plugins:plugins",
    "qrcode": "riskengine.cli.qrcode:qrcode",
    "report": "riskengine.cli.report_html:report",
    "rollup": "riskengine.cli.history:rollup",
    "rules": "riskengine.cli.rules:rules",
    "serve": "riskengine.cli.serve:serve",
    "tasks": "riskengine.cli.tasks:tasks",
    "tokens": "riskengine.cli.tokens:tokens",
}


class Main(Group):
    """The ``riskengine`` group, with the top-level guard: no traceback ever reaches the user.

    Subcommands load lazily (see :data:`COMMANDS`) and are translated when they load.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, name = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module), name)
            localize_tree(command)
            return command
        return super().get_command(ctx, cmd_name)

    def main(self, *args, **kwargs):
        install_click_translations()
        localize_tree(self)
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except RiskEngineError as exc:
            ctx.exit(report_error(exc))
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # output piped into `head`: click handles it
                raise
            if exc.filename is None:
                ctx.exit(report_crash(exc, sys.argv))
            # A file the system would not let us read or write (permissions, a full disk): not a bug.
            ctx.exit(report_error(FileAccessError(text("file_error", path=exc.filename, error=exc.strerror))))
        except Exception as exc:  # noqa: BLE001 - the guard: anything else is a bug, logged
            ctx.exit(report_crash(exc, sys.argv))


@click.group(cls=Main, help="help.main", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="riskengine", message="%(prog)s %(version)s", cls=Option,
                      help="Show the version and exit.")
def main() -> None:
    """The ``riskengine`` command group."""

