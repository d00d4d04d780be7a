"""Help texts from the message catalogue, and click's own strings in the user's language.

Commands and options are declared with catalogue keys (``help="help.assess"``); the classes
below look the key up each time the text is shown, so ``RISKENGINE_LANG`` is honoured however
the command is started (console script, ``python -m``, click's test runner).

click marks its own strings ("Usage:", "Error: No such option …") for gettext with module-level
``_``/``ngettext`` functions; :func:`install_click_translations` points them at our catalogue
(:data:`riskengine.messages.CLICK_ZH`), Chinese by default, click's English with ``RISKENGINE_LANG=en``.
"""

from __future__ import annotations

import importlib

import click

from ..messages import CATALOG, click_ntext, click_text, text

CLICK_MODULES = (
    "core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils",
    "_termui_impl", "shell_completion",
)
HELP_OPTION = "Show this message and exit."


def install_click_translations() -> None:
    """Route click's gettext calls through the catalogue (idempotent)."""
    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - a module a future click no longer has
            continue
        if hasattr(module, "_"):
            module._ = click_text
        if hasattr(module, "ngettext"):
            module.ngettext = click_ntext


def help_text(key: str | None) -> str | None:
    """A catalogue key as text in the user's language; other text (click's own) as click shows it."""
    if key is None:
        return None
    return text(key) if key in CATALOG else click_text(key)


class _TranslatedHelp:
    """``help`` stored as a key and looked up when read."""

    _help_key: str | None = None

    @property
    def help(self) -> str | None:
        return help_text(self._help_key)

    @help.setter
    def help(self, value: str | None) -> None:
        self._help_key = value


class Option(_TranslatedHelp, click.Option):
    """An option whose ``help`` is a catalogue key."""


class _TranslatedCommand(_TranslatedHelp):
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        cached = getattr(self, "_help_option", None)
        if cached is not None and set(cached.opts) != set(self.get_help_option_names(ctx)):  # type: ignore[attr-defined]
            # click caches the option with the names of the first context that asked (e.g. a test
            # invoking this command alone, without the group's -h): rebuild it for this one.
            self._help_option = None
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:  # click builds it once, in the language of that moment
            option.help = click_text(HELP_OPTION)
        return option


class Command(_TranslatedCommand, click.Command):
    """A command whose ``help`` is a catalogue key; its ``-h/--help`` is translated too."""


class Group(_TranslatedCommand, click.Group):
    """A group whose ``help`` is a catalogue key; its sub-commands use these classes too."""

    command_class = Command


Group.group_class = Group


def localize_tree(command: click.Command) -> None:
    """Translate the help of plain click commands and options declared with catalogue keys.

    The classes above do this by themselves; this covers ``@click.command(help="help.x")`` and
    ``@click.option(..., help="help.x.y")`` written without ``cls=``. Called by the top-level group
    before every run, so the language is the one of that run.
    """
    for item in [command, *command.params]:
        if isinstance(item, _TranslatedHelp):
            continue
        key = getattr(item, "_riskengine_help_key", None) or getattr(item, "help", None)
        if key in CATALOG:
            item._riskengine_help_key = key  # type: ignore[union-attr]
            item.help = text(key)  # type: ignore[union-attr]
    cached = getattr(command, "_help_option", None)
    if cached is not None:
        cached.help = click_text(HELP_OPTION)
    for sub in getattr(command, "commands", {}).values():
        localize_tree(sub)
