"""The click command line: ``riskengine assess | demo | plugins | qrcode | report | rules | tasks``.

Commands are thin: they parse options and call the library. The :class:`Main` group is the one
place that turns exceptions into messages and exit codes (see :mod:`riskengine.cli.crash` and
:mod:`riskengine.cli.exits`); help texts come from the message catalogue (:mod:`.i18n`).
"""

from __future__ import annotations

import errno
import sys

import click

from .. import __version__
from ..errors import FileAccessError, RiskEngineError
from ..messages import text
from .assess import assess
from .audit import audit
from .crash import report_crash, report_error
from .db import db
from .demo import demo
from .explain import explain
from .findings import findings
from .history import history, rollup
from .i18n import Group, Option, install_click_translations, localize_tree
from .plugins import plugins
from .qrcode import qrcode
from .report_html import report
from .rules import rules
from .tasks import tasks
from .tokens import tokens


class Main(Group):
    """The ``riskengine`` group, with the top-level guard: no traceback ever reaches the user."""

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


main.add_command(assess)
main.add_command(demo)
main.add_command(explain)
main.add_command(plugins)
main.add_command(qrcode)
main.add_command(report)
main.add_command(rules)
main.add_command(tasks)
# Store-touching commands of the rectification loop.
for _command in (db, findings, history, rollup, audit, tokens):
    main.add_command(_command)
