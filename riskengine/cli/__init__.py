"""The click command line: ``riskengine assess | demo | plugins | qrcode | report | rules | tasks``.

Commands are thin: they parse options, call the library and turn :class:`RiskEngineError`
into a message and an exit code (see :mod:`riskengine.cli.exits`).
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

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
    "tasks": "riskengine.cli.tasks:tasks",
    "tokens": "riskengine.cli.tokens:tokens",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module, name = COMMANDS[cmd_name].split(":")
            return getattr(importlib.import_module(module), name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="riskengine")
def main() -> None:
    """riskengine：清廉社区岗位廉政风险评估。

    读取社区（村）台账，按规则包评估各岗位的廉政风险等级（一级/二级/三级），
    给出问题依据和整改任务。
    """
