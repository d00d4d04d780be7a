"""Shared fixtures: engines, a synthetic dataset, the vendor plugin, databases."""

from __future__ import annotations

import datetime as dt
import sys
import tomllib
from pathlib import Path

import pytest

from riskengine.data.period import Period
from riskengine.engine import Engine

pytest_plugins = ["tests.db_fixtures", "tests.service_fixtures"]

FILES = Path(__file__).parent / "files"
AS_OF = dt.date(2026, 11, 30)
PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 10, 31))


@pytest.fixture(autouse=True)
def _crash_logs_in_tmp(tmp_path_factory, monkeypatch):
    """A test that makes the CLI crash writes its log under pytest's temp dir, not the user's state dir."""
    monkeypatch.setenv("RISKENGINE_LOG_DIR", str(tmp_path_factory.getbasetemp() / "crash-logs"))


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine with every installed plugin and shipped pack (built once)."""
    return Engine.create()


@pytest.fixture
def engine_factory():
    """Build an engine with a fresh plugin manager and the given packs."""

    def factory(**kwargs) -> Engine:
        return Engine.create(**kwargs)

    return factory


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    """A generated dataset with planted violations and its ground truth."""
    from riskengine_synth.generate import generate_dataset

    out = tmp_path_factory.mktemp("synthetic")
    return generate_dataset(out / "data", seed=7, fmt="parquet")


@pytest.fixture(scope="session")
def synthetic_result(engine, synthetic):
    return engine.assess(synthetic.path, as_of=AS_OF, period=PERIOD)


def put_plugin_on_path(project: Path, tmp_path: Path, monkeypatch) -> None:
    """Make the plugin project at ``project`` importable and found through its entry points, uninstalled.

    Its package directory goes on ``sys.path`` with a ``.dist-info`` written from its own
    ``pyproject.toml``, so ``importlib.metadata`` sees it exactly as if pip had installed it;
    both leave ``sys.path`` when the test ends, and the user's ``.venv`` is never touched.
    """
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    site = tmp_path / f"site-{meta['name']}"
    dist_info = site / f"{meta['name'].replace('-', '_')}-{meta['version']}.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {meta['name']}\nVersion: {meta['version']}\n", encoding="utf-8"
    )
    entry_points = "".join(
        f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items())
        for group, points in meta["entry-points"].items()
    )
    (dist_info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(project))


def forget_modules(prefix: str) -> None:
    for module in [m for m in sys.modules if m.split(".")[0] == prefix]:
        del sys.modules[module]


@pytest.fixture
def vendor_plugin(tmp_path, monkeypatch):
    """The third-party test plugin, found through its entry point, without installing anything."""
    put_plugin_on_path(FILES / "vendor_plugin", tmp_path, monkeypatch)
    yield "vendor_assets"
    forget_modules("riskengine_vendor_assets")


@pytest.fixture
def broken_plugin(tmp_path, monkeypatch):
    """A third-party plugin that raises ImportError when loaded (tests/files/broken_plugin)."""
    put_plugin_on_path(FILES / "broken_plugin", tmp_path, monkeypatch)
    yield "broken_plugin"
    forget_modules("riskengine_broken_plugin")
