"""``assess --format parquet -o DIR``: findings, posts and tasks as parquet, the rest in assessment.json."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from riskengine.cli.assess import assess
from riskengine.render.parquet import write_parquet
from riskengine.result import Assessment

STREET_A = Path(__file__).parent / "files" / "street_a"


def _read_back(directory: Path) -> dict:
    header = json.loads((directory / "assessment.json").read_text(encoding="utf-8"))
    findings = pl.read_parquet(directory / "findings.parquet").to_dicts()
    for finding in findings:
        finding["evidence"] = json.loads(finding["evidence"])
    posts = pl.read_parquet(directory / "posts.parquet").to_dicts()
    for post in posts:
        post["contributions"] = json.loads(post["contributions"])
    tasks = pl.read_parquet(directory / "tasks.parquet").to_dicts()
    return {"header": header, "findings": findings, "posts": posts, "tasks": tasks}


def _same_content(read: dict, document: dict) -> None:
    header = read["header"]
    files = header.pop("files")
    assert header == {k: v for k, v in document.items() if k not in ("findings", "posts", "tasks")}
    for name in ("findings", "posts", "tasks"):
        assert files[name]["rows"] == len(document[name])
        assert len(read[name]) == len(document[name])
    for got, want in zip(read["findings"], document["findings"], strict=True):
        assert got.keys() == want.keys()
        assert got["points"] == pytest.approx(want["points"])
        assert {**got, "points": None} == {**want, "points": None}
    for got, want in zip(read["posts"], document["posts"], strict=True):
        assert got["score"] == pytest.approx(want["score"])
        assert {**got, "score": None} == {**want, "score": None}
    assert read["tasks"] == document["tasks"]


def test_parquet_holds_the_same_content_as_the_json_document(synthetic_result, tmp_path):
    assert synthetic_result.findings and synthetic_result.posts and synthetic_result.tasks
    write_parquet(synthetic_result, tmp_path / "out")
    _same_content(_read_back(tmp_path / "out"), synthetic_result.to_dict())


def test_parquet_from_a_document_without_frames_is_the_same(synthetic_result, tmp_path):
    write_parquet(Assessment(document=synthetic_result.to_dict()), tmp_path / "doc")
    write_parquet(synthetic_result, tmp_path / "frames")
    assert _read_back(tmp_path / "doc") == _read_back(tmp_path / "frames")


def test_cli_writes_a_directory_and_matches_json(tmp_path):
    args = [str(STREET_A), "--no-db", "--as-of", "2026-11-30"]
    out = tmp_path / "result"
    written = CliRunner().invoke(assess, [*args, "--format", "parquet", "-o", str(out)])
    assert written.exit_code == 0, written.output
    as_json = CliRunner().invoke(assess, [*args, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    _same_content(_read_back(out), json.loads(as_json.stdout))


def test_parquet_needs_a_directory_and_other_formats_refuse_one(tmp_path):
    args = [str(STREET_A), "--no-db", "--as-of", "2026-11-30"]
    missing = CliRunner().invoke(assess, [*args, "--format", "parquet"])
    assert missing.exit_code == 2
    (tmp_path / "file.txt").write_text("x")
    not_dir = CliRunner().invoke(assess, [*args, "--format", "parquet", "-o", str(tmp_path / "file.txt")])
    assert not_dir.exit_code == 2
    a_dir = CliRunner().invoke(assess, [*args, "--format", "json", "-o", str(tmp_path)])
    assert a_dir.exit_code == 2
