"""The start-up cache: what is remembered, what never is, and that a command then imports less."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from riskengine import cache
from riskengine.errors import RulePackError
from riskengine.host.schema_check import KIND, SchemaInvalid, canonical, check_schema
from riskengine.packs.rulepack import parse_rule_pack
from riskengine.packs.yamlsource import PARSED_KIND, load_yaml_bytes

FILES = Path(__file__).parent / "files"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def test_a_valid_schema_is_remembered_under_its_text(cache_dir):
    schema = {"type": "object", "properties": {"limit": {"type": "number", "minimum": 0}}}
    check_schema(schema)
    assert cache.known(KIND, cache.key(KIND, canonical(schema)))
    check_schema(dict(schema))  # the same text: found, not checked again
    assert len([p for p in cache_dir.rglob("*") if p.is_file()]) == 1


def test_a_broken_schema_is_reported_every_time_and_never_remembered(cache_dir):
    broken = {"type": "object", "properties": {"limit": {"type": "nummer"}}}
    for _ in range(2):
        with pytest.raises(SchemaInvalid) as caught:
            check_schema(broken)
        assert "nummer" in str(caught.value)  # jsonschema's own message, as before the cache
    assert not cache_dir.exists() or not [p for p in cache_dir.rglob("*") if p.is_file()]


def test_texts_that_read_the_same_but_validate_differently_get_different_keys():
    # jsonschema takes a tuple for no array, and a date object for no string.
    assert canonical({"required": ["a"]}) != canonical({"required": ("a",)})
    assert canonical({"default": "2026-01-01"}) != canonical({"default": dt.date(2026, 1, 1)})
    assert canonical({"n": 1}) != canonical({"n": 1.0}) != canonical({"n": True})
    assert canonical({1: "key that is not text"}) is None


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_dir() is None
    check_schema({"type": "string"})
    cache.store("parsed-yaml", "x" * 64, {"a": 1})
    assert cache.load("parsed-yaml", "x" * 64) is None


def test_a_parsed_pack_is_read_back_with_its_source_map(cache_dir):
    raw = (FILES / "packs" / "province_override.yaml").read_bytes()
    first = load_yaml_bytes(raw, "province_override.yaml")
    assert cache.load(PARSED_KIND, cache.key(PARSED_KIND, "province_override.yaml", raw)) == first
    second = load_yaml_bytes(raw, "province_override.yaml")
    assert second == first and second is not first
    # The source map still places values: errors found later point at the author's line.
    assert second.source_map.location(("pack",)).line == first.source_map.location(("pack",)).line


def test_a_damaged_cache_file_is_a_miss_not_an_error(cache_dir):
    raw = b"pack:\n  id: x\n"
    load_yaml_bytes(raw, "x.yaml")
    for stored in cache_dir.rglob("*"):
        if stored.is_file():
            stored.write_bytes(b"not a pickle")
    assert load_yaml_bytes(raw, "x.yaml").data == {"pack": {"id": "x"}}


def test_a_pack_with_schema_errors_is_reported_again_on_the_next_run(cache_dir):
    raw = (FILES / "packs" / "province_override.yaml").read_bytes().replace(b"pack:", b"pakc:", 1)
    for _ in range(2):
        with pytest.raises(RulePackError) as caught:
            parse_rule_pack(raw, "broken.yaml")
        assert "broken.yaml" in str(caught.value)


def test_a_second_assess_without_database_imports_neither_jsonschema_nor_the_store(cache_dir, tmp_path):
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['riskengine', 'assess', {str(FILES / 'street_a')!r}, '--no-db',"
        f" '--as-of', '2026-11-30', '--format', 'json', '-o', {str(tmp_path / 'out.json')!r}]\n"
        "try:\n    runpy.run_module('riskengine.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'jsonschema', 'sqlalchemy', 'alembic', 'packaging', 'xlsxwriter', 'fastexcel', 'yaml'}))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr[-2000:]
    assert "jsonschema" in runs[0].stdout  # the first run checks, and fills the cache
    assert runs[1].stdout.strip().splitlines()[-1] == "[]"
