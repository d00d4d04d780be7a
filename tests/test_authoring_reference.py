"""Author aids: `rules init` (skeleton + schemas), `rules detectors` (the generated reference)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

from riskengine.authoring import reference
from riskengine.cli import main
from riskengine.engine import Engine

ROOT = Path(__file__).parent.parent


def test_docs_detectors_md_is_the_generated_reference():
    generated = reference.markdown(reference.builtin(Engine.create().registry.detectors.values()))
    assert (ROOT / "docs" / "detectors.md").read_text(encoding="utf-8") == generated, (
        "docs/detectors.md is stale: run "
        "`riskengine rules detectors --format markdown --builtin > docs/detectors.md`"
    )


def test_every_detector_is_in_the_reference_with_its_parameters():
    detectors = Engine.create().registry.detectors
    result = CliRunner().invoke(main, ["rules", "detectors"])
    assert result.exit_code == 0
    for name, detector in detectors.items():
        assert name in result.output
        for param in detector.params_schema.get("properties", {}):
            assert f"params.{param}（" in result.output


def test_init_writes_a_pack_that_checks_and_tests_green(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["rules", "init", "南宁市", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pack = tmp_path / "南宁市.yaml"
    modeline = "# yaml-language-server: $schema=./rulepack.schema.json"
    assert pack.read_text(encoding="utf-8").startswith(modeline)
    assert runner.invoke(main, ["rules", "check", str(pack)]).exit_code == 0
    tested = runner.invoke(main, ["rules", "test", str(pack), "--min-coverage", "100"])
    assert tested.exit_code == 0, tested.output
    again = runner.invoke(main, ["rules", "init", "南宁市", "--dir", str(tmp_path)])
    assert again.exit_code == 3 and "文件已存在" in again.output


def test_the_schema_beside_the_skeleton_completes_installed_names_and_validates_it(tmp_path):
    CliRunner().invoke(main, ["rules", "init", "city", "--dir", str(tmp_path)])
    schema = json.loads((tmp_path / "rulepack.schema.json").read_text(encoding="utf-8"))
    rule = schema["$defs"]["rule"]["properties"]
    engine = Engine.create()
    assert set(rule["detector"]["enum"]) == set(engine.registry.detectors)
    assert "ledger" in rule["reads"]["enum"]
    overrides = schema["properties"]["rule_overrides"]["properties"]
    assert "cash_limit" in overrides["finance.cash_over_limit"]["properties"]["parameters"]["properties"]
    pack = yaml.safe_load((tmp_path / "city.yaml").read_text(encoding="utf-8"))
    pack["pack"]["effective"]["from"] = str(pack["pack"]["effective"]["from"])
    jsonschema.Draft202012Validator(schema).validate(pack)
