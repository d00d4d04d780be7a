"""Shared fixtures: engines, a synthetic dataset, the vendor plugin, databases."""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from riskengine.detectors import Period
from riskengine.engine import Engine

pytest_plugins = ["tests.db_fixtures", "tests.service_fixtures"]

FILES = Path(__file__).parent / "files"
AS_OF = dt.date(2026, 11, 30)
PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 10, 31))


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
    from riskengine.synth.generate import generate_dataset

    out = tmp_path_factory.mktemp("synthetic")
    return generate_dataset(out / "data", seed=7, fmt="parquet")


@pytest.fixture(scope="session")
def synthetic_result(engine, synthetic):
    return engine.assess(synthetic.path, as_of=AS_OF, period=PERIOD)


@pytest.fixture(scope="session")
def vendor_plugin():
    """Install the third-party test plugin (its own package and entry point) into this environment."""
    if not any(ep.name == "vendor_assets" for ep in metadata.entry_points(group="riskengine")):
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                        str(FILES / "vendor_plugin")], check=True)
        importlib.invalidate_caches()
    yield "vendor_assets"
