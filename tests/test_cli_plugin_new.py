"""``riskengine plugin new``: the generated package installs into a fresh environment and its rule fires."""

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main

from .test_public_api import _private_imports

FILES = Path(__file__).parent / "files"


def _throwaway_venv(where: Path) -> Path:
    """A venv that sees this environment's packages (riskengine, pip, setuptools) but installs into itself."""
    command = [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(where)]
    subprocess.run(command, check=True)
    python = where / "bin" / "python"
    if sys.prefix != sys.base_prefix:  # running inside a venv: --system-site-packages would not reach it
        purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 check=True, capture_output=True, text=True).stdout.strip()
        parent = sysconfig.get_paths()["purelib"]
        Path(purelib, "_riskengine_parent.pth").write_text(f"import site; site.addsitedir({parent!r})\n")
    return python


@pytest.mark.venv
def test_a_generated_plugin_installs_and_its_rule_fires(tmp_path):
    package = tmp_path / "acme"
    result = CliRunner().invoke(main, ["plugin", "new", "acme", "--dir", str(package)])
    assert result.exit_code == 0, result.output
    assert (package / "pyproject.toml").exists() and (package / "acme" / "acme.tests.yaml").exists()
    for source in package.rglob("*.py"):
        assert _private_imports(source) == [], source

    python = _throwaway_venv(tmp_path / "venv")
    env = {**os.environ, "PIP_NO_INDEX": "1", "RISKENGINE_LANG": "zh"}
    env.pop("RISKENGINE_BLOCK_PLUGINS", None)
    pip = [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", str(package)]
    subprocess.run(pip, check=True, env=env)

    data = tmp_path / "data"
    data.mkdir()
    for source in (FILES / "street_a").iterdir():
        (data / source.name).write_bytes(source.read_bytes())
    (data / "acme_grants.csv").write_text(
        "grant_id,org_id,date,amount,handled_by,approved_by\n"
        "G1,C901,2026-03-01,80000,C901-SJ,\n"
        "G2,C901,2026-03-02,80000,C901-SJ,C901-KJ\n"
        "G3,C901,2026-03-03,9000,C901-SJ,\n", encoding="utf-8")
    out = tmp_path / "result.json"
    run = subprocess.run([python, "-m", "riskengine.cli", "assess", str(data), "--no-db", "--format", "json",
                          "-o", str(out), "--as-of", "2026-11-30", "--period", "2026-01-01..2026-10-31"],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    fired = [f for f in json.loads(out.read_text())["findings"] if f["rule_id"] == "acme.large_grant"]
    assert [(f["records"], f["post_ids"]) for f in fired] == [(["acme_grants:G1"], ["C901-SJ"])]
    assert fired[0]["message"] == "补助 G1 金额 80,000 元，超过 50,000 元，未记录审批岗位"

    pack = package / "acme" / "acme.yaml"
    rule_tests = subprocess.run([python, "-m", "riskengine.cli", "rules", "test", str(pack)],
                                env=env, capture_output=True, text=True)
    assert rule_tests.returncode == 0, rule_tests.stdout + rule_tests.stderr
    unit = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")],
                          env=env, capture_output=True, text=True, cwd=package)
    assert unit.returncode == 0, unit.stdout


def test_plugin_new_refuses_a_bad_name_and_a_full_directory(tmp_path):
    bad = CliRunner().invoke(main, ["plugin", "new", "Acme-Leases", "--dir", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "Acme-Leases" in bad.output
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    full = CliRunner().invoke(main, ["plugin", "new", "acme", "--dir", str(tmp_path / "full")])
    assert full.exit_code == 2 and (tmp_path / "full" / "keep.txt").read_text() == "mine"
