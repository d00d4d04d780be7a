"""The authoring guide's worked examples: every pack checks, every case passes, every rule is tested."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from riskengine.cli import main

DOCS = Path(__file__).parent.parent / "docs"


def test_every_example_pack_checks():
    packs = [p for p in sorted((DOCS / "examples").glob("*.yaml")) if not p.name.endswith(".tests.yaml")]
    assert packs
    by_id = {_meta(p)["id"]: p for p in packs}
    for pack in packs:
        # An overlay is checked with the packs up its extends chain, as an author would give them.
        chain = [pack]
        while (base := _extends(chain[0])) in by_id:
            chain.insert(0, by_id[base])
        result = CliRunner().invoke(main, ["rules", "check", *map(str, chain)])
        assert result.exit_code == 0, result.output


def test_the_layered_example_runs_province_then_city_then_county():
    names = ["province-finance", "city-overlay", "county-overlay"]
    packs = [arg for name in names for arg in ("--rules", str(DOCS / "examples" / f"{name}.yaml"))]
    result = CliRunner().invoke(main, ["rules", "show", "--effective", *packs, "prov_fin.cash_over_limit"])
    assert result.exit_code == 0, result.output
    county = "example/county-finance（docs/examples/county-overlay.yaml:17）"
    assert f"parameters.cash_limit        600  ← {county}" in result.output


def _meta(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["pack"]


def _extends(path: Path) -> str | None:
    extends = _meta(path).get("extends")
    return extends.get("id") if isinstance(extends, dict) else extends


def test_every_example_rule_is_tested_and_passes():
    result = CliRunner().invoke(main, ["rules", "test", str(DOCS / "examples"), "--min-coverage", "100"])
    assert result.exit_code == 0, result.output
    assert "失败 0 项" in result.output


def test_the_guide_names_only_files_that_exist():
    guide = (DOCS / "authoring.md").read_text(encoding="utf-8")
    for name in re.findall(r"`docs/(examples/[\w.-]+)`", guide):
        assert (DOCS / name).exists(), name
