"""The plugin host: builds the pluggy manager and collects what plugins register.

Built-in plugins load exactly like third-party ones: by module path here, and through
the ``riskengine`` entry-point group. Set ``RISKENGINE_BLOCK_PLUGINS=name1,name2`` to
keep plugins from loading (e.g. to take a misbehaving vendor plugin out of a run).
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import jsonschema
import pluggy

from . import hookspecs
from .detectors import Detector
from .errors import PluginError
from .messages import text
from .records import RecordType, load_builtin_record_types

ENTRY_POINT_GROUP = "riskengine"
BLOCK_ENV = "RISKENGINE_BLOCK_PLUGINS"

DEFAULT_PLUGINS = (
    ("recurrence", "riskengine.recurrence"),
    ("finance_disclosure", "riskengine_plugins.finance_disclosure"),
    ("procurement", "riskengine_plugins.procurement"),
    ("cadre_conduct", "riskengine_plugins.cadre_conduct"),
    ("welfare", "riskengine_plugins.welfare"),
)


def get_plugin_manager(*, load_entry_points: bool = True) -> pluggy.PluginManager:
    """A fresh plugin manager with built-in and installed plugins registered."""
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for name in _blocked():
        pm.set_blocked(name)
    for name, module_path in DEFAULT_PLUGINS:
        if not pm.is_blocked(name):
            pm.register(importlib.import_module(module_path), name=name)
    problems: list[PluginError] = []
    if load_entry_points:
        problems += _load_entry_points(pm)
    problems += _drop_invalid(pm)
    pm.check_pending()
    # collect() reports these with the problems of the plugins that did load.
    pm.riskengine_load_problems = problems  # type: ignore[attr-defined]
    return pm


def _load_entry_points(pm: pluggy.PluginManager) -> list[PluginError]:
    """Register the plugins of the entry-point group, one by one: one that fails to import is reported.

    Mirrors :meth:`pluggy.PluginManager.load_setuptools_entrypoints`, which stops at the first failure.
    Skips names already registered, so built-ins are not loaded twice.
    """
    problems = []
    for dist in list(metadata.distributions()):
        for ep in dist.entry_points:
            if ep.group != ENTRY_POINT_GROUP or pm.has_plugin(ep.name) or pm.is_blocked(ep.name):
                continue
            try:
                plugin = ep.load()
                pm.register(plugin, name=ep.name)
            except Exception as exc:  # noqa: BLE001 - a vendor plugin may fail in any way
                problems.append(PluginError(text("plugin_load_failed", plugin=ep.name, error=_error(exc))))
    return problems


def _drop_invalid(pm: pluggy.PluginManager) -> list[PluginError]:
    """Unregister plugins with hook implementations that match no hook (``check_pending`` refuses them)."""
    problems = []
    while True:
        try:
            pm.check_pending()
            return problems
        except pluggy.PluginValidationError as exc:
            name = pm.get_name(exc.plugin) or str(exc.plugin)
            pm.unregister(exc.plugin)
            problems.append(PluginError(text("plugin_load_failed", plugin=name, error=str(exc))))


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _blocked() -> list[str]:
    return [name.strip() for name in os.environ.get(BLOCK_ENV, "").split(",") if name.strip()]


@dataclass
class PluginInfo:
    """What ``riskengine plugins list`` shows about one plugin."""

    name: str
    version: str
    record_types: list[str] = field(default_factory=list)
    detectors: list[str] = field(default_factory=list)
    rule_packs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "record_types": self.record_types,
            "detectors": self.detectors,
            "rule_packs": self.rule_packs,
        }


@dataclass
class Registry:
    """Everything plugins registered, de-duplicated and validated by the host."""

    record_types: dict[str, RecordType] = field(default_factory=dict)
    detectors: dict[str, Detector] = field(default_factory=dict)
    rule_pack_paths: list[tuple[str, Path]] = field(default_factory=list)
    plugins: dict[str, PluginInfo] = field(default_factory=dict)
    problems: list[PluginError] = field(default_factory=list)


def collect(pm: pluggy.PluginManager) -> Registry:
    """Call every ``register_*`` hook and gather the results, plugin by plugin.

    A plugin whose hook raises is reported in ``Registry.problems``; the others still load.
    """
    registry = Registry()
    registry.problems.extend(getattr(pm, "riskengine_load_problems", []))
    for rtype in load_builtin_record_types():
        registry.record_types[rtype.name] = rtype
    adders = {
        "register_record_types": _add_record_type,
        "register_detectors": _add_detector,
        "register_rule_packs": _add_pack,
    }
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        info = PluginInfo(name=name, version=_version_of(plugin))
        registry.plugins[name] = info
        for hook_name, add in adders.items():
            _call_hook(registry, plugin, name, hook_name, add, info)
    return registry


def _call_hook(registry: Registry, plugin, name: str, hook_name: str, add, info: PluginInfo) -> None:
    """Call one plugin's hook directly, so a failure is attributed to it and contained."""
    impl = getattr(plugin, hook_name, None)
    if impl is None or not hasattr(impl, f"{hookspecs.PROJECT_NAME}_impl"):
        return

    def register(item) -> None:
        try:
            add(registry, info, name, item)
        except (PluginError, jsonschema.SchemaError) as exc:
            registry.problems.append(PluginError(text("plugin_problem", plugin=name, error=exc)))

    try:
        impl(register=register)
    except Exception as exc:  # noqa: BLE001 - a vendor plugin may fail in any way
        registry.problems.append(
            PluginError(
                text("plugin_hook_failed", plugin=name, hook=hook_name, error=f"{type(exc).__name__}: {exc}")
            )
        )


def _add_record_type(registry: Registry, info: PluginInfo, plugin: str, rtype: RecordType) -> None:
    if not isinstance(rtype, RecordType):
        raise PluginError(text("plugin_not_record_type", plugin=plugin, value=repr(rtype)))
    if rtype.name in registry.record_types:
        owner = registry.record_types[rtype.name].plugin
        raise PluginError(text("record_type_taken", type=rtype.name, plugin=owner))
    jsonschema.Draft202012Validator.check_schema(dict(rtype.schema))
    registry.record_types[rtype.name] = RecordType(rtype.name, rtype.schema, plugin=plugin)
    info.record_types.append(rtype.name)


def _add_detector(registry: Registry, info: PluginInfo, plugin: str, detector: Detector) -> None:
    if not isinstance(detector, Detector):
        raise PluginError(text("plugin_not_detector", plugin=plugin, value=repr(detector)))
    if detector.name in registry.detectors:
        other = registry.detectors[detector.name].plugin
        raise PluginError(text("detector_taken", detector=detector.name, plugin=plugin, other=other))
    jsonschema.Draft202012Validator.check_schema(dict(detector.params_schema))
    registry.detectors[detector.name] = Detector(
        name=detector.name,
        reads=tuple(detector.reads),
        run=detector.run,
        params_schema=detector.params_schema,
        outputs=detector.outputs,
        description=detector.description,
        plugin=plugin,
        after_findings=detector.after_findings,
    )
    info.detectors.append(detector.name)


def _add_pack(registry: Registry, info: PluginInfo, plugin: str, path) -> None:
    path = Path(str(path))
    registry.rule_pack_paths.append((plugin, path))
    info.rule_packs.append(path.name)


def _version_of(plugin) -> str:
    version = getattr(plugin, "__version__", None)
    if version:
        return str(version)
    module = getattr(plugin, "__name__", "").split(".")[0]
    try:
        return metadata.version(module) if module else "unknown"
    except metadata.PackageNotFoundError:
        return "unknown"
