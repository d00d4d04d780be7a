"""``assess --format parquet -o DIR``: findings, posts and tasks as parquet, the rest in assessment.json."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from riskengine.cli.assess import assess
from riskengine.outcome.assessment import Assessment
from riskengine.render.parquet import write_parquet

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
    document = synthetic_result.document
    assert document["findings"] and document["posts"] and document["tasks"]
    write_parquet(synthetic_result, tmp_path / "out")
    _same_content(_read_back(tmp_path / "out"), synthetic_result.to_dict())


def test_parquet_from_a_document_without_frames_is_the_same(synthetic_result, tmp_path):
    write_parquet(Assessment.from_document(synthetic_result.to_dict()), tmp_path / "doc")
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


def _json_as_before(document: dict, indent: int = 2) -> str:
    """The JSON writer as it was before streaming (one json.dumps per record), the reference."""
    pad = " " * indent
    parts = []
    for key, value in document.items():
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            items = f",\n{pad * 2}".join(json.dumps(item, ensure_ascii=False) for item in value)
            text = f"[\n{pad * 2}{items}\n{pad}]"
        else:
            text = json.dumps(value, ensure_ascii=False, indent=indent).replace("\n", "\n" + pad)
        parts.append(f"{pad}{json.dumps(key, ensure_ascii=False)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}"


def test_streamed_json_has_the_same_bytes_as_before(synthetic_result, tmp_path):
    expected = _json_as_before(synthetic_result.to_dict()).encode("utf-8")
    assert synthetic_result.to_json().encode("utf-8") == expected
    synthetic_result.write_json(tmp_path / "result.json")
    assert (tmp_path / "result.json").read_bytes() == expected
    read_back = {
        "assessment_id": "A-1",
        "as_of": "2026-11-30",
        "period": {"from": "2026-01-01", "to": "2026-11-30"},
        "findings": [],
        "posts": [{"a": "é\n", "b": [1.5, None]}],
        "n": {"x": 1},
    }
    odd = Assessment.from_document(read_back)
    assert odd.to_json() == _json_as_before(read_back)
    odd.write_json(tmp_path / "odd.json")
    assert (tmp_path / "odd.json").read_text(encoding="utf-8") == _json_as_before(read_back)


def test_cli_json_file_is_the_same_as_stdout(tmp_path):
    args = [str(STREET_A), "--no-db", "--as-of", "2026-11-30", "--format", "json"]
    to_file = CliRunner().invoke(assess, [*args, "-o", str(tmp_path / "r.json")])
    assert to_file.exit_code == 0, to_file.output
    to_stdout = CliRunner().invoke(assess, args)
    assert (tmp_path / "r.json").read_text(encoding="utf-8") + "\n" == to_stdout.stdout
