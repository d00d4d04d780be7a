"""The plugin host: builds the pluggy manager and collects what plugins register.

Built-in plugins load exactly like third-party ones: through the ``riskengine`` entry-point
group (listed once, in ``pyproject.toml``). Set ``RISKENGINE_BLOCK_PLUGINS=name1,name2`` to
keep plugins from loading (e.g. to take a misbehaving vendor plugin out of a run), and
``RISKENGINE_TRACE_PLUGINS=1`` to see every hook call on stderr (pluggy's tracing).

A plugin may declare the riskengine versions it supports with a module attribute
``RISKENGINE_REQUIRES = ">=0.4,<1"`` (a PEP 440 specifier); an incompatible plugin is
refused with a message naming it and both versions, and the other plugins still load.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import jsonschema
import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from ..data.records import RecordType, load_builtin_record_types
from ..errors import PluginError
from ..evaluation.detectors import Detector
from ..messages import text
from ..version import __version__
from . import hookspecs

ENTRY_POINT_GROUP = "riskengine"
BLOCK_ENV = "RISKENGINE_BLOCK_PLUGINS"
TRACE_ENV = "RISKENGINE_TRACE_PLUGINS"
#: The module attribute a plugin declares its supported riskengine versions with.
REQUIRES_ATTRIBUTE = "RISKENGINE_REQUIRES"
#: The distribution whose entry points are the built-in plugins.
BUILTIN_DISTRIBUTION = "riskengine"


class PluginManager(pluggy.PluginManager):
    """pluggy's manager plus the plugins that were refused or failed to load."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT_NAME)
        #: Plugins refused at load (name -> the problem), shown by ``plugins list`` and the engine.
        self.refused: dict[str, PluginError] = {}


def get_plugin_manager(*, load_entry_points: bool = True) -> PluginManager:
    """A fresh plugin manager with the plugins of the ``riskengine`` entry-point group.

    ``load_entry_points=False`` loads only the built-in plugins (riskengine's own entry points).
    """
    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    if os.environ.get(TRACE_ENV, "").strip() not in ("", "0"):
        pm.trace.root.setwriter(sys.stderr.write)
        pm.enable_tracing()
    for name in _blocked():
        pm.set_blocked(name)
    for entry_point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        builtin = entry_point.dist is not None and entry_point.dist.name == BUILTIN_DISTRIBUTION
        if not (load_entry_points or builtin):
            continue
        if pm.is_blocked(entry_point.name) or pm.has_plugin(entry_point.name):
            continue
        _load(pm, entry_point)
    _drop_invalid(pm)
    pm.check_pending()
    return pm


def _load(pm: PluginManager, entry_point: metadata.EntryPoint) -> None:
    """Import and register one entry point, unless it fails to import or is incompatible."""
    name = entry_point.name
    try:
        plugin = entry_point.load()
    except Exception as exc:  # noqa: BLE001 - a vendor plugin may fail in any way
        pm.refused[name] = PluginError(text("plugin_load_failed", plugin=name, error=_error(exc)))
        return
    problem = incompatibility(name, plugin)
    if problem:
        pm.refused[name] = PluginError(problem)
        return
    pm.register(plugin, name=name)


def _drop_invalid(pm: PluginManager) -> None:
    """Unregister plugins with hook implementations that match no hook (``check_pending`` refuses them)."""
    while True:
        try:
            pm.check_pending()
            return
        except pluggy.PluginValidationError as exc:
            name = pm.get_name(exc.plugin) or str(exc.plugin)
            pm.unregister(exc.plugin)
            pm.refused[name] = PluginError(text("plugin_load_failed", plugin=name, error=str(exc)))


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def incompatibility(name: str, plugin: object) -> str | None:
    """Why ``plugin`` cannot run on this riskengine (its ``RISKENGINE_REQUIRES``), or None."""
    requires = getattr(plugin, REQUIRES_ATTRIBUTE, None)
    if requires is None:
        return None
    try:
        supported = SpecifierSet(str(requires))
    except InvalidSpecifier:
        return text("plugin_requires_invalid", plugin=name, requires=requires)
    if supported.contains(__version__, prereleases=True):
        return None
    return text("plugin_incompatible", plugin=name, requires=requires, version=__version__)


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
    #: The riskengine versions the plugin declares it supports ("" when it declares none).
    requires: str = ""
    #: Why the plugin was refused (incompatible or failed to import); "" when it loaded.
    refused: str = ""

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "record_types": self.record_types,
            "detectors": self.detectors,
            "rule_packs": self.rule_packs,
            "requires": self.requires,
            "refused": self.refused,
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
    """Call every ``register_*`` hook through pluggy and gather the results, plugin by plugin.

    A plugin whose hook raises, or that registers something invalid, is reported in
    ``Registry.problems``; the others still load. Plugins refused at load are listed too.
    """
    registry = Registry()
    for rtype in load_builtin_record_types():
        registry.record_types[rtype.name] = rtype
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        requires = getattr(plugin, REQUIRES_ATTRIBUTE, None)
        info = PluginInfo(name=name, version=_version_of(plugin), requires=str(requires or ""))
        registry.plugins[name] = info
    adders = {
        "register_record_types": _add_record_type,
        "register_detectors": _add_detector,
        "register_rule_packs": _add_pack,
    }
    for hook_name, add in adders.items():
        _call_hook(pm, registry, hook_name, add)
    # In plugin-name order (a stable sort keeps each plugin's own order), so the rule book and
    # the detector reference do not depend on the order plugins were installed in.
    registry.rule_pack_paths.sort(key=lambda item: item[0])
    registry.record_types = dict(sorted(registry.record_types.items(), key=lambda item: item[1].plugin))
    registry.detectors = dict(sorted(registry.detectors.items(), key=lambda item: item[1].plugin))
    for name, problem in sorted(getattr(pm, "refused", {}).items()):
        version = _distribution_version(name)
        registry.plugins[name] = PluginInfo(name=name, version=version, refused=str(problem))
        registry.problems.append(problem)
    return registry


def _call_hook(pm: pluggy.PluginManager, registry: Registry, hook_name: str, add: Callable) -> None:
    """Call ``hook_name`` one plugin at a time, in pluggy's order, through pluggy's hook caller.

    One plugin at a time so a failure is attributed to that plugin and contained; through
    ``pm.subset_hook_caller`` so calls are made with keywords and traced like ``pm.hook.<name>``.
    """
    impls = getattr(pm.hook, hook_name).get_hookimpls()
    everyone = [impl.plugin for impl in impls]
    for impl in reversed(impls):  # pluggy calls the last registered first
        name = impl.plugin_name
        info = registry.plugins.setdefault(name, PluginInfo(name=name, version=_version_of(impl.plugin)))

        def register(item, name=name, info=info) -> None:
            try:
                add(registry, info, name, item)
            except (PluginError, jsonschema.SchemaError) as exc:
                registry.problems.append(PluginError(text("plugin_problem", plugin=name, error=exc)))

        register.__qualname__ = f"register[{name}]"  # the plugin's name in RISKENGINE_TRACE_PLUGINS output
        others = [plugin for plugin in everyone if plugin is not impl.plugin]
        caller = pm.subset_hook_caller(hook_name, remove_plugins=others)
        try:
            caller(register=register)
        except Exception as exc:  # noqa: BLE001 - a vendor plugin may fail in any way
            error = text("plugin_hook_failed", plugin=name, hook=hook_name, error=_error(exc))
            registry.problems.append(PluginError(error))


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


def _distribution_version(entry_point_name: str) -> str:
    for entry_point in metadata.entry_points(group=ENTRY_POINT_GROUP, name=entry_point_name):
        if entry_point.dist is not None:
            return entry_point.dist.version
    return "unknown"
