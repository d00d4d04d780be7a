"""One message catalogue: Chinese by default, English with ``RISKENGINE_LANG=en`` for all the engine says.

Help texts of every command and option and click's own words ("Usage:", "No such option") included.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.messages import CATALOG, CLICK_ZH
from riskengine.outcome.ids import task_id

FILES = Path(__file__).parent / "files"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def all_commands(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path; the top-level group loads its subcommands lazily, so ask it for them."""
    found = [path]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found += all_commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def run(args, lang: str | None, tmp_path: Path):
    env = {"RISKENGINE_LANG": lang, "RISKENGINE_DB": None, "RISKENGINE_LOG_DIR": str(tmp_path / "logs")}
    return CliRunner().invoke(main, list(args), env=env, prog_name="riskengine")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_catalogue_entry_has_both_languages_with_the_same_placeholders():
    for key, entry in CATALOG.items():
        assert set(entry) == {"zh", "en"}, key
        assert placeholders(entry["zh"]) == placeholders(entry["en"]), key
    for msgid, chinese in CLICK_ZH.items():
        assert placeholders(msgid) == placeholders(chinese), msgid


# Commands merged with their help written in Chinese in the code: listed here until their help moves
# into the catalogue (strict: the test fails as soon as one of them is translated, to drop it from here).
HELP_NOT_YET_IN_CATALOGUE: set[tuple[str, ...]] = set()


def english_help_cases():
    for command in all_commands():
        marks = [pytest.mark.xfail(strict=True, reason="help not in the catalogue yet")] \
            if command in HELP_NOT_YET_IN_CATALOGUE else []
        yield pytest.param(command, marks=marks, id=" ".join(command) or "riskengine")


@pytest.mark.parametrize("command", list(english_help_cases()))
def test_help_is_english_with_riskengine_lang_en(command, tmp_path):
    result = run([*command, "--help"], "en", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: riskengine")
    assert not CJK.findall(result.stdout), result.stdout


@pytest.mark.parametrize("command", all_commands(), ids=lambda c: " ".join(c) or "riskengine")
def test_help_is_chinese_by_default(command, tmp_path):
    result = run([*command, "-h"], None, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("用法: riskengine")
    assert "显示本帮助并退出。" in result.stdout
    assert "Show this message" not in result.stdout


ERROR_PATHS = [
    (["assess", str(FILES / "street_a"), "--as-of", "2026-02-30"], 2),
    (["assess", str(FILES / "street_a"), "--period", "2026-10-31..2026-01-01"], 2),
    (["assess", str(FILES / "street_a"), "--no-default-rules"], 2),
    (["assess", str(FILES / "street_a"), "-o", "nonexistent/dir/x.json"], 2),
    (["assess", str(FILES / "street_a"), "--format", "csv", "-o", "x.json"], 2),
    (["assess", str(FILES / "street_a"), "--bogus"], 2),
    (["assess", "no-such-folder"], 2),
    (["assess"], 2),
    (["asses"], 2),
    (["assess", str(FILES / "cli" / "not_a_dataset.txt"), "--no-db"], 3),
    (["assess", str(FILES / "street_a"), "--no-db", "--no-default-rules", "--rules",
      str(FILES / "packs" / "province_override.yaml")], 3),
    (["tasks", "list", "--db", "sqlite:///missing.db"], 3),
    (["tasks", "close", "T-x", "--db", "sqlite:///missing.db"], 2),
    (["tasks", "list", "--status", "done"], 2),
    (["rules", "check", str(FILES / "packs" / "broken.yaml"), str(FILES / "packs" / "bad_expression.yaml")],
     1),
]


def error_id(value) -> str:
    return " ".join(Path(v).name if "/" in v else v for v in value) if isinstance(value, list) else ""


# Errors still written in Chinese in the code (the storage layer's), until they move into the catalogue.
ERRORS_NOT_YET_IN_CATALOGUE: list[list[str]] = []


def english_error_cases():
    for args, code in ERROR_PATHS:
        marks = [pytest.mark.xfail(strict=True, reason="message not in the catalogue yet")] \
            if args in ERRORS_NOT_YET_IN_CATALOGUE else []
        yield pytest.param(args, code, marks=marks, id=error_id(args))


@pytest.mark.parametrize(("args", "code"), list(english_error_cases()))
def test_error_paths_are_english_with_riskengine_lang_en(args, code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(args, "en", tmp_path)
    assert result.exit_code == code, result.stderr
    assert result.stderr.strip()
    assert not CJK.findall(result.stderr), result.stderr


@pytest.mark.parametrize(("args", "code"), ERROR_PATHS, ids=error_id)
def test_error_paths_are_chinese_by_default(args, code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(args, None, tmp_path)
    assert result.exit_code == code, result.stderr
    assert CJK.search(result.stderr), result.stderr


def test_no_message_key_is_defined_twice():
    """A key in two area modules (or twice in one dict) would silently replace the first one's text."""
    import ast

    import riskengine.messages

    folder = Path(riskengine.messages.__file__).parent
    places: dict[str, list[str]] = {}
    for source in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and isinstance(value, ast.Dict):
                        places.setdefault(key.value, []).append(f"{source.name}:{key.lineno}")
    assert {key: where for key, where in places.items() if len(where) > 1} == {}
    assert set(places) == set(CATALOG)  # every entry was seen: the check above is not vacuous


# Errors of the store, on a database holding one imported assessment whose task was submitted
# (version 2): args (before --db), exit code, part of the Chinese message, part of the English one.
STORE_ERRORS = [
    (["tasks", "show", "T-nope"], 3, "整改任务 T-nope 不存在", "task T-nope does not exist"),
    (["tasks", "start", "{task}", "--by", "officer", "--version", "7"], 3,
     "已被他人修改（当前版本 2，你看到的是版本 7）",
     "was changed by someone else (now version 2, you saw version 7)"),
    (["tasks", "reopen", "{task}", "--by", "reviewer", "--reason", "again"], 3,
     "当前为“待审核”，不能重新打开", 'is "submitted" and cannot be reopened'),
    (["tasks", "close", "{task}", "--by", "P0001-03", "--note", "done"], 3,
     "销号人不能是责任岗位本身（P0001-03）", "the closer cannot be the responsible post itself (P0001-03)"),
    (["findings", "unsuppress", "99", "--by", "officer"], 3, "屏蔽记录 99 不存在",
     "suppression 99 does not exist"),
    (["history", "--post", "P-nope"], 3, "岗位 P-nope", "post P-nope"),
]


@pytest.fixture
def imported_db(tmp_path, make_assessment):
    import datetime as dt

    db_url = f"sqlite:///{tmp_path / 'store.db'}"
    result = tmp_path / "result.json"
    problems = [("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L1"])]
    result.write_text(make_assessment("A-1", dt.date(2026, 11, 30), problems).to_json(), encoding="utf-8")
    done = run(["tasks", "import", str(result), "--db", db_url], None, tmp_path)
    assert done.exit_code == 0, done.output
    task = task_id("P0001-03", "finance.cash_over_limit")
    submit = ["tasks", "submit", task, "--by", "officer", "--note", "fixed", "--db", db_url]
    done = run(submit, None, tmp_path)
    assert done.exit_code == 0, done.output
    return db_url


@pytest.mark.parametrize(("args", "code", "chinese", "english"), STORE_ERRORS, ids=error_id)
@pytest.mark.parametrize("lang", ["en", None])
def test_store_errors_in_both_languages(args, code, chinese, english, lang, imported_db, tmp_path):
    task = task_id("P0001-03", "finance.cash_over_limit")
    result = run([a.replace("{task}", task) for a in args] + ["--db", imported_db], lang, tmp_path)
    assert result.exit_code == code, result.output
    if lang == "en":
        assert english in result.stderr
        assert not CJK.findall(result.stderr), result.stderr
    else:
        assert chinese in result.stderr
