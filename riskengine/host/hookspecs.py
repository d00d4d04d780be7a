"""The plugin interface of riskengine: every hook a plugin may implement.

A plugin is a module (or object) with functions marked ``@hookimpl``; it is found through
the ``riskengine`` entry-point group. Hooks are ``register_*(register)`` hooks: the plugin
calls ``register(...)`` for each thing it provides and the host collects, de-duplicates and
validates. Hook implementations may take only the arguments they use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from pathlib import Path

    from ..data.records import RecordType
    from ..evaluation.detectors import Detector

PROJECT_NAME = "riskengine"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def register_record_types(register: Callable[[RecordType], None]) -> None:
    """Declare record types (ledgers) this plugin reads beyond the built-in contract.

    :param register: call ``register(RecordType(...))`` once per record type. The record
        type's JSON Schema validates every row of a dataset file named after it; its ``key``
        names the field(s) that identify a record in findings (``<type>:<key>``).

    The built-in types (``schemas/records/``) are registered by the host itself.
    """


@hookspec
def register_detectors(register: Callable[[Detector], None]) -> None:
    """Provide detectors: named, parameterised, column-wise queries that rules can use.

    :param register: call ``register(Detector(...))`` once per detector. A detector's name is
        referenced from a rule's ``detector:`` key; its ``params_schema`` (JSON Schema) checks
        the rule's ``parameters`` when the pack loads; its ``outputs`` declare the evidence
        columns it returns, so message templates and escalations are checked at load too.

    Two plugins registering the same detector name is an error at start-up.
    """


@hookspec
def register_rule_packs(register: Callable[[Path], None]) -> None:
    """Ship YAML rule packs with the plugin.

    :param register: call ``register(path)`` with the path of each rule-pack YAML file. The
        host validates each pack against ``schemas/rulepack.schema.json``; a broken pack is
        reported with file:line:column and the other packs still load.
    """
