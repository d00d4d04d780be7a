"""The plugin host: third-party plugins through entry points, failing plugins contained."""

from pathlib import Path

import polars as pl

from riskengine import hookimpl
from riskengine.engine import Engine
from riskengine.evaluation.detectors import Detector
from riskengine.host.plugins import get_plugin_manager

from .conftest import AS_OF, PERIOD

FILES = Path(__file__).parent / "files"


def test_vendor_plugin_rules_show_up_in_an_assessment(vendor_plugin, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("orgs", "posts", "persons"):
        (data / f"{name}.csv").write_bytes((FILES / "street_a" / f"{name}.csv").read_bytes())
    (data / "leases.csv").write_text(
        "lease_id,org_id,asset,lessee_id,area,annual_rent,signed_date,approved_by\n"
        "LS1,C901,门面1,R11,100,20000,2026-02-01,C901-SJ\n"
        "LS2,C901,门面2,R11,100,21000,2026-02-01,C901-SJ\n"
        "LS3,C901,门面3,R01,100,5000,2026-03-01,C901-SJ\n"
        "LS4,C901,仓库,R11,1500,180000,2026-03-01,\n", encoding="utf-8")
    engine = Engine.create()
    assert "vendor_assets" in engine.registry.plugins
    assert engine.registry.plugins["vendor_assets"].version == "1.2.0"
    result = engine.assess(data, as_of=AS_OF, period=PERIOD)
    below = [f for f in result.document["findings"] if f["rule_id"] == "assets.below_market_lease"]
    assert [f["records"] for f in below] == [["leases:LS3"]]
    assert below[0]["post_ids"] == ["C901-SJ"]
    assert any(f["rule_id"] == "assets.large_lease_no_approver" for f in result.document["findings"])


class _Exploding:
    """A throwaway plugin whose detector raises."""

    def __init__(self, pack: Path):
        self.pack = pack

    @hookimpl
    def register_detectors(self, register):
        def boom(ctx, params):
            raise RuntimeError("vendor bug")

        register(Detector(name="boom", reads=("ledger",), run=boom, outputs={}))

    @hookimpl
    def register_rule_packs(self, register):
        register(self.pack)


def test_a_failing_detector_does_not_sink_the_run(tmp_path):
    pack = tmp_path / "boom.yaml"
    pack.write_text(
        "pack: {id: vendor/boom, version: 1.0.0, domain: boom, title: 会出错的插件, authority: 测试,\n"
        "       effective: {from: 2026-01-01}, language: zh-CN}\n"
        "rules:\n"
        "  - id: boom.always\n    title: 总是出错\n    description: 测试\n"
        "    legal_basis: [{document: 测试}]\n    severity: low\n    detector: boom\n"
        "    responsible: {field: handled_by}\n    message: 不会出现\n"
        "    rectification: {title: 无, measures: [无], deadline_days: 1}\n", encoding="utf-8")
    pm = get_plugin_manager()
    pm.register(_Exploding(pack), name="exploding")
    try:
        engine = Engine.create(plugin_manager=pm)
        result = engine.assess(FILES / "street_a", as_of=AS_OF, period=PERIOD)
    finally:
        pm.unregister(name="exploding")
    (entry,) = [n for n in result.document["not_evaluated"] if n["rule_id"] == "boom.always"]
    assert "vendor bug" in entry["reason"] and "exploding.boom" in entry["reason"]
    assert any(f["rule_id"] == "finance.cash_over_limit" for f in result.document["findings"])


def test_a_plugin_registering_a_duplicate_detector_is_reported():
    class Duplicate:
        @hookimpl
        def register_detectors(self, register):
            register(Detector(name="recurrence", reads=(), run=lambda ctx, params: pl.DataFrame()))

    pm = get_plugin_manager()
    pm.register(Duplicate(), name="duplicate")
    engine = Engine.create(plugin_manager=pm)
    assert any("recurrence" in p and "重名" in p for p in engine.problems)


def _fake_entry_point(monkeypatch, name: str, module):
    """Offer ``module`` as an installed plugin of the ``riskengine`` entry-point group."""
    import sys
    from importlib import metadata

    import riskengine.host.plugins as host

    monkeypatch.setitem(sys.modules, module.__name__, module)
    real = host.metadata.entry_points
    fake = metadata.EntryPoint(name=name, value=module.__name__, group="riskengine")

    def entry_points(**select):
        found = list(real(**select))
        wanted = select.get("group") == "riskengine" and select.get("name", name) == name
        return found + ([fake] if wanted else [])

    monkeypatch.setattr(host.metadata, "entry_points", entry_points)


def _vendor_module(requires: str):
    import types

    module = types.ModuleType("riskengine_test_versioned")
    module.RISKENGINE_REQUIRES = requires

    @hookimpl
    def register_detectors(register):
        register(Detector(name="versioned", reads=(), run=lambda ctx, params: pl.DataFrame()))

    module.register_detectors = register_detectors
    return module


def test_an_incompatible_plugin_is_refused_and_the_rest_load(monkeypatch):
    from click.testing import CliRunner

    from riskengine.cli import main as cli

    _fake_entry_point(monkeypatch, "old_vendor", _vendor_module(">=9,<10"))
    engine = Engine.create()
    assert "versioned" not in engine.registry.detectors
    assert "recurrence" in engine.registry.detectors
    (problem,) = [p for p in engine.problems if "old_vendor" in p]
    assert ">=9,<10" in problem and "0.4.0" in problem
    listing = CliRunner().invoke(cli, ["plugins", "list"])
    assert "old_vendor" in listing.output and ">=9,<10" in listing.output and "0.4.0" in listing.output
    assert "welfare" in listing.output


def test_a_compatible_plugin_loads(monkeypatch):
    _fake_entry_point(monkeypatch, "new_vendor", _vendor_module(">=0.4,<1"))
    engine = Engine.create()
    assert engine.registry.detectors["versioned"].plugin == "new_vendor"
    assert engine.registry.plugins["new_vendor"].requires == ">=0.4,<1"


def test_tracing_shows_each_hook_call(monkeypatch, capfd):
    from riskengine.host.plugins import collect

    monkeypatch.setenv("RISKENGINE_TRACE_PLUGINS", "1")
    collect(get_plugin_manager())
    err = capfd.readouterr().err
    for hook in ("register_record_types", "register_detectors", "register_rule_packs"):
        assert hook in err
    assert "register[welfare]" in err
