"""The click command line: ``riskengine assess | demo | plugins | qrcode | report | rules | tasks``.

Commands are thin: they parse options, call the library and turn :class:`RiskEngineError`
into a message and an exit code (see :mod:`riskengine.cli.exits`).
"""

from __future__ import annotations

import click

from .. import __version__
from .assess import assess
from .audit import audit
from .db import db
from .demo import demo
from .explain import explain
from .findings import findings
from .history import history, rollup
from .plugins import plugins
from .qrcode import qrcode
from .report_html import report
from .rules import rules
from .serve import serve
from .tasks import tasks
from .tokens import tokens


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="riskengine")
def main() -> None:
    """riskengine：清廉社区岗位廉政风险评估。

    读取社区（村）台账，按规则包评估各岗位的廉政风险等级（一级/二级/三级），
    给出问题依据和整改任务。
    """


main.add_command(assess)
main.add_command(demo)
main.add_command(explain)
main.add_command(plugins)
main.add_command(qrcode)
main.add_command(report)
main.add_command(rules)
main.add_command(serve)
main.add_command(tasks)
# Store-touching commands of the rectification loop.
for _command in (db, findings, history, rollup, audit, tokens):
    main.add_command(_command)
