"""Every hook is documented: its docstring is the reference for plugin authors."""

import inspect

from riskengine.host.plugins import get_plugin_manager


def test_every_hook_has_documentation():
    pm = get_plugin_manager(load_entry_points=False)
    hooks = [name for name in dir(pm.hook) if not name.startswith("_")]
    assert hooks
    for name in hooks:
        spec = getattr(pm.hook, name).spec
        doc = inspect.getdoc(spec.function)
        assert doc and ":param register:" in doc, f"hook {name} lacks documentation"


def test_builtin_plugins_are_registered():
    pm = get_plugin_manager()
    names = {name for name, _ in pm.list_name_plugin()}
    assert {"finance_disclosure", "procurement", "cadre_conduct", "welfare", "recurrence"} <= names


def test_blocking_a_plugin_through_the_environment(monkeypatch):
    monkeypatch.setenv("RISKENGINE_BLOCK_PLUGINS", "welfare")
    pm = get_plugin_manager()
    assert pm.get_plugin("welfare") is None
    assert pm.get_plugin("procurement") is not None


def test_every_hook_parameter_is_documented():
    pm = get_plugin_manager(load_entry_points=False)
    for name in [n for n in dir(pm.hook) if not n.startswith("_")]:
        spec = getattr(pm.hook, name).spec
        doc = inspect.getdoc(spec.function) or ""
        for param in spec.argnames:
            assert f":param {param}:" in doc, f"hook {name}: parameter {param} is not documented"


def test_builtin_plugins_are_listed_once_as_entry_points():
    from importlib import metadata

    group = metadata.entry_points(group="riskengine")
    builtins = [ep for ep in group if ep.dist and ep.dist.name == "riskengine"]
    names = sorted(ep.name for ep in builtins)
    assert names == ["cadre_conduct", "finance_disclosure", "procurement", "recurrence", "welfare"]
    pm = get_plugin_manager(load_entry_points=False)
    assert sorted(name for name, _ in pm.list_name_plugin()) == names
