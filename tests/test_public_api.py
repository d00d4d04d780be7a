"""The public API: what ``riskengine`` exports is documented, and plugins import nothing else."""

import ast
import inspect
from pathlib import Path

import pytest

import riskengine
from riskengine import sdk

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_SOURCES = sorted(
    [
        *ROOT.glob("plugins/**/*.py"),
        *(ROOT / "tests" / "files" / "vendor_plugin").glob("**/*.py"),
    ]
)
ALLOWED = {"riskengine": set(riskengine.__all__), "riskengine.sdk": set(sdk.__all__)}


@pytest.mark.parametrize("name", [n for n in riskengine.__all__ if n != "__version__"])
def test_every_public_name_is_documented(name):
    value = getattr(riskengine, name)
    assert inspect.getdoc(value), f"riskengine.{name} has no docstring"


@pytest.mark.parametrize("name", sdk.__all__)
def test_every_sdk_helper_is_documented(name):
    value = getattr(sdk, name)
    assert callable(value) is False or inspect.getdoc(value), f"riskengine.sdk.{name} has no docstring"


def _private_imports(path: Path) -> list[str]:
    """Imports of riskengine modules or names outside the public API, as ``line: what``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bad += [f"{node.lineno}: import {a.name}" for a in node.names
                    if a.name.startswith("riskengine.") and a.name not in ALLOWED]
        elif isinstance(node, ast.ImportFrom):
            if not node.level and node.module and node.module.split(".")[0] == "riskengine":
                allowed = ALLOWED.get(node.module)
                if allowed is None:
                    bad.append(f"{node.lineno}: from {node.module} (a private module)")
                else:
                    bad += [f"{node.lineno}: {node.module}.{a.name}"
                            for a in node.names if a.name not in allowed]
    return bad


@pytest.mark.parametrize("path", PLUGIN_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_plugins_import_only_the_public_api(path):
    assert _private_imports(path) == []


def test_a_private_import_is_caught(tmp_path):
    plugin = tmp_path / "bad.py"
    plugin.write_text(
        "from riskengine.evaluation.detectors import Detector\nfrom riskengine import hookimpl, Engine\n"
        "from riskengine.sdk import ref, not_there\nimport riskengine.evaluation.peers\n"
    )
    assert _private_imports(plugin) == [
        "1: from riskengine.evaluation.detectors (a private module)",
        "3: riskengine.sdk.not_there",
        "4: import riskengine.evaluation.peers",
    ]
