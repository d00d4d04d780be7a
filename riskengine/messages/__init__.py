"""All user-facing text of the engine and CLI: one catalogue, kept in one module per area.

Chinese is the default; set ``RISKENGINE_LANG=en`` for English. Rule messages come from
rule packs (in the pack's own language) and are not translated here.

The areas follow the data path: :mod:`.data` (reading datasets), :mod:`.codes` (labels of coded
values), :mod:`.packs` and :mod:`.expression` (rule packs and their conditions), :mod:`.evaluation`,
:mod:`.outcome`, :mod:`.host` (plugins), :mod:`.render`, :mod:`.report`, :mod:`.authoring` (rule-author
tools), :mod:`.store`, :mod:`.service`, :mod:`.api` (the API description), :mod:`.web`, :mod:`.cli` and :mod:`.cli_help`. Each is one dict,
merged here into :data:`CATALOG`; a key lives in exactly one of them (``tests/test_cli_i18n.py``).

Adding a message is one entry in its area's dict: ``"key": {"zh": "…{name}…", "en": "…{name}…"}``,
then ``text("key", name=...)`` wherever it is shown. Help texts of commands and options are
entries too (keys ``help.<command>`` and ``help.<command>.<option>``, in :mod:`.cli_help`): write
``@click.command(help="help.serve")`` and ``@click.option("--port", help="help.serve.port")``
and the CLI shows them in the user's language (see :mod:`riskengine.cli.i18n`). click's own
strings ("Usage:", "Error: No such option …") are translated through :data:`CLICK_ZH` (:mod:`.click`).
``tests/test_cli_i18n.py`` checks that every entry has both languages with the same placeholders,
and that ``--help`` of every command and the usual errors have no Chinese with ``RISKENGINE_LANG=en``.
"""

from __future__ import annotations

import os

from .api import API_MESSAGES
from .authoring import AUTHORING_MESSAGES
from .cli import CLI_MESSAGES
from .cli_help import CLI_HELP
from .click import CLICK_ZH
from .codes import CODE_LABELS
from .data import DATA_MESSAGES
from .evaluation import EVALUATION_MESSAGES
from .expression import EXPRESSION_MESSAGES
from .host import HOST_MESSAGES
from .outcome import OUTCOME_MESSAGES
from .packs import PACK_MESSAGES
from .render import RENDER_MESSAGES
from .report import REPORT_MESSAGES
from .service import SERVICE_MESSAGES
from .store import STORE_MESSAGES
from .web import WEB_MESSAGES

__all__ = ["CATALOG", "CLICK_ZH", "click_ntext", "click_text", "label", "language", "text"]

#: Every area's dict, in the order of the data path; no key is in two of them.
AREAS: tuple[dict[str, dict[str, str]], ...] = (
    DATA_MESSAGES, CODE_LABELS, PACK_MESSAGES, EXPRESSION_MESSAGES, EVALUATION_MESSAGES, OUTCOME_MESSAGES,
    HOST_MESSAGES, RENDER_MESSAGES, REPORT_MESSAGES, AUTHORING_MESSAGES, STORE_MESSAGES, SERVICE_MESSAGES,
    API_MESSAGES, WEB_MESSAGES, CLI_MESSAGES, CLI_HELP,
)

#: The catalogue: key -> {"zh": …, "en": …}.
CATALOG: dict[str, dict[str, str]] = {key: entry for area in AREAS for key, entry in area.items()}


def language() -> str:
    """``"en"`` when ``RISKENGINE_LANG`` starts with ``en``, else ``"zh"`` (read on every call)."""
    lang = os.environ.get("RISKENGINE_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def text(key: str, /, **values: object) -> str:
    """The message ``key`` in the user's language, formatted with ``values``."""
    entry = CATALOG[key]
    return entry.get(language(), entry["zh"]).format(**values)


def label(kind: str, code: str) -> str:
    """The label of a coded value (``label("status", "open")`` is 待整改): the catalogue's
    ``<kind>_<code>`` in the user's language, or the code itself when the catalogue has none."""
    key = f"{kind}_{code}"
    return text(key) if key in CATALOG else code


def click_text(message: str) -> str:
    """One of click's own (English) strings in the user's language: Chinese unless English is asked for."""
    if language() == "en":
        return message
    return CLICK_ZH.get(message, message)


def click_ntext(singular: str, plural: str, n: int) -> str:
    """click's plural strings (``ngettext``); Chinese has one form."""
    return click_text(singular if n == 1 else plural)
