"""Rule tests: small record tables beside a pack, and the findings each rule must (not) give.

A test file is YAML (schema: ``schemas/ruletests.schema.json``), named ``<pack>.tests.yaml`` next
to the pack it tests, or pointing at it with ``pack:``. Each case names one rule, the records it
sees (inline rows or a data file) and the findings expected and not expected, like a unit test.
Records go through the same readers and validation as a real dataset, so a case cannot test
data an assessment would reject.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from ..data.dataset import load_dataset
from ..data.period import Period
from ..engine import Engine
from ..errors import ErrorList, Location, RulePackError
from ..evaluation.detectors import DetectorContext
from ..evaluation.evaluate import evaluate
from ..messages import text
from ..packs.schema_errors import validate
from ..packs.yamlsource import SourceMap, load_yaml

TEST_SUFFIX = ".tests.yaml"


@dataclass(frozen=True)
class ExpectedFinding:
    """A finding a case expects (or forbids): its records, and optionally severity, posts, message."""

    records: tuple[str, ...]
    severity: str | None = None
    post_ids: tuple[str, ...] | None = None
    message_contains: str | None = None

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ExpectedFinding:
        posts = raw.get("post_ids")
        return cls(
            records=tuple(sorted(raw["records"])),
            severity=raw.get("severity"),
            post_ids=tuple(sorted(posts)) if posts is not None else None,
            message_contains=raw.get("message_contains"),
        )

    def describe(self) -> str:
        extra = [value for value in (self.severity, self.message_contains) if value]
        if self.post_ids is not None:
            extra.append("岗位 " + "、".join(self.post_ids))
        return "、".join(self.records) + (f"（{'，'.join(extra)}）" if extra else "")


@dataclass(frozen=True)
class ActualFinding:
    """A finding the rule gave in a case."""

    records: tuple[str, ...]
    severity: str
    post_ids: tuple[str, ...]
    message: str

    def matches(self, expected: ExpectedFinding) -> bool:
        return (
            self.records == expected.records
            and expected.severity in (None, self.severity)
            and expected.post_ids in (None, self.post_ids)
            and (expected.message_contains is None or expected.message_contains in self.message)
        )

    def describe(self) -> str:
        posts = "、".join(self.post_ids) or "—"
        return f"{'、'.join(self.records)}（{self.severity}，岗位 {posts}）「{self.message}」"


@dataclass
class RuleTestCase:
    """One case: a rule, its records, what it must and must not find."""

    name: str
    rule_id: str
    as_of: dt.date
    period: Period
    tables: dict[str, list[dict[str, Any]] | Path]
    expect: list[ExpectedFinding]
    not_expect: list[ExpectedFinding]
    only_expected: bool
    not_evaluated: bool
    location: Location
    pack: Path | None = None

    @property
    def kind(self) -> str:
        """``positive`` (expects findings), ``negative`` (expects none) — for the coverage report."""
        return "positive" if self.expect else "negative"


@dataclass
class CaseResult:
    case: RuleTestCase
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass
class RuleTestReport:
    """Results of every case, and which rules of the tested packs have no case."""

    results: list[CaseResult]
    rules: dict[str, str]  # rule id -> title, every rule of the packs under test
    load_errors: list[RulePackError] = field(default_factory=list)

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]

    def cases_per_rule(self) -> dict[str, list[RuleTestCase]]:
        out: dict[str, list[RuleTestCase]] = {rule_id: [] for rule_id in self.rules}
        for result in self.results:
            out.setdefault(result.case.rule_id, []).append(result.case)
        return out

    @property
    def untested(self) -> list[str]:
        return sorted(rule_id for rule_id, cases in self.cases_per_rule().items()
                      if rule_id in self.rules and not cases)

    @property
    def coverage(self) -> float:
        """Share of the tested packs' rules that have at least one case (1.0 when there are none)."""
        if not self.rules:
            return 1.0
        return 1 - len(self.untested) / len(self.rules)


@cache
def ruletests_schema() -> dict[str, Any]:
    """The published test-file schema (``schemas/ruletests.schema.json``)."""
    raw = (resources.files("riskengine_schemas") / "ruletests.schema.json").read_text(encoding="utf-8")
    return json.loads(raw)


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Split what the user named into rule packs and test files.

    A directory stands for every pack and test file in it (recursively); a pack stands for
    itself and its ``<name>.tests.yaml`` neighbour; a test file for itself and its pack.
    """
    packs: list[Path] = []
    tests: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*.yaml")):
                (tests if found.name.endswith(TEST_SUFFIX) else packs).append(found)
            continue
        if path.name.endswith(TEST_SUFFIX):
            tests.append(path)
            continue
        packs.append(path)
        neighbour = path.with_name(path.stem + TEST_SUFFIX)
        if neighbour.exists():
            tests.append(neighbour)
    return _unique(packs), _unique(tests)


def load_cases(path: Path, *, default_as_of: dt.date | None = None) -> list[RuleTestCase]:
    """Read one test file; raise :class:`RulePackError` with every problem located."""
    data, source_map = load_yaml(path, display_name=str(path))
    errors = ErrorList()
    if not isinstance(data, dict):
        errors.add(text("ruletest_not_mapping"), source_map.location(()))
        errors.raise_if_any(text("ruletest_file_errors", source=path, n=1), RulePackError)
    errors.problems.extend(validate(data, source_map, ruletests_schema()))
    errors.raise_if_any(text("ruletest_file_errors", source=path, n=len(errors.problems)), RulePackError)
    file_as_of = data.get("as_of")
    pack = path.parent / data["pack"] if data.get("pack") else _pack_beside(path)
    cases = []
    for index, raw in enumerate(data["cases"]):
        where = ("cases", index)
        as_of_text = raw.get("as_of") or file_as_of
        as_of = _date(as_of_text, source_map, (*where, "as_of"), errors) if as_of_text else default_as_of
        if as_of is None:
            errors.add(text("ruletest_no_as_of"), source_map.location(where))
            continue
        period = _period(raw.get("period"), as_of, source_map, (*where, "period"), errors)
        tables: dict[str, list[dict[str, Any]] | Path] = {}
        for name, table in raw["data"].items():
            if isinstance(table, dict):
                file = path.parent / table["file"]
                if not file.exists():
                    errors.add(text("ruletest_file_missing", file=table["file"]),
                               source_map.location((*where, "data", name, "file")))
                tables[name] = file
            else:
                tables[name] = table
        cases.append(RuleTestCase(
            name=raw["name"],
            rule_id=raw["rule"],
            as_of=as_of,
            period=period,
            tables=tables,
            expect=[ExpectedFinding.from_dict(item) for item in raw.get("expect", [])],
            not_expect=[ExpectedFinding.from_dict(item) for item in raw.get("not_expect", [])],
            only_expected=raw.get("only_expected", True),
            not_evaluated=raw.get("not_evaluated", False),
            location=source_map.location(where),
            pack=pack,
        ))
    errors.raise_if_any(text("ruletest_file_errors", source=path, n=len(errors.problems)), RulePackError)
    return cases


def run_tests(paths: Sequence[str | Path], *, engine: Engine | None = None,
              default_packs: bool = True) -> RuleTestReport:
    """Run every case found under ``paths`` against the packs found there (plus the shipped ones).

    :param engine: a ready engine (its packs are used as they are); built from ``paths`` when omitted.
    """
    pack_paths, test_paths = discover(paths)
    report = RuleTestReport(results=[], rules={})
    cases: list[RuleTestCase] = []
    for test_path in test_paths:
        try:
            cases.extend(load_cases(test_path))
        except RulePackError as exc:
            report.load_errors.append(exc)
    extra_packs = _unique([*pack_paths, *(c.pack for c in cases if c.pack and c.pack.exists())])
    if engine is None:
        engine = Engine.create(rule_packs=_not_shipped(extra_packs), default_packs=default_packs)
    tested_sources = {_resolved(p) for p in extra_packs}
    tested_packs = {p.id for p in engine.rulebook.packs if _resolved(Path(p.source)) in tested_sources}
    report.rules = {r.id: r.title for r in engine.rulebook.rules if r.pack_id in tested_packs}
    # A pack under test that does not load is a failure of the test run, not a silent skip.
    report.load_errors.extend(
        error for error in engine.rulebook.problems
        if any(_resolved(Path(p.location.source)) in tested_sources
               for p in getattr(error, "problems", []) if p.location)
    )
    for case in cases:
        report.results.append(run_case(case, engine))
    return report


def run_case(case: RuleTestCase, engine: Engine) -> CaseResult:
    """Run one case: load its records like a dataset, evaluate the rule, compare findings."""
    result = CaseResult(case)
    rules = {rule.id: rule for rule in engine.rulebook.rules}
    rule = rules.get(case.rule_id)
    if rule is None:
        result.problems.append(text("ruletest_unknown_rule", rule=case.rule_id))
        return result
    with tempfile.TemporaryDirectory(prefix="riskengine-ruletest-") as folder:
        dataset = load_dataset(_write_tables(case, Path(folder)), engine.registry.record_types)
    # ``table: []`` means "kept, but no rows this period" -- a dataset file cannot say that (an
    # empty file counts as missing), so the empty table is put in directly.
    for name, table in case.tables.items():
        if isinstance(table, list) and not table and name in engine.registry.record_types:
            dataset.frames[name] = engine.registry.record_types[name].empty_frame()
    for rejected in dataset.rejected:
        result.problems.append(text("ruletest_rejected", source=rejected.source, row=rejected.row,
                                    field=rejected.field or "—", error=rejected.error))
    ctx = DetectorContext(frames=dict(dataset.frames), as_of=case.as_of, period=case.period,
                          record_types=engine.registry.record_types)
    # A rule that reads other rules' findings (recurrence) needs them; any other runs alone.
    needs_all = bool(rule.detector and rule.detector.after_findings)
    evaluation = evaluate(engine.rulebook.rules if needs_all else [rule], ctx)
    skipped = [n for n in evaluation.not_evaluated if n.rule_id == rule.id and not n.org_ids]
    if case.not_evaluated:
        if not skipped:
            result.problems.append(text("ruletest_expected_not_evaluated"))
    elif skipped:
        result.problems.extend(text("ruletest_unexpected_not_evaluated", reason=n.reason) for n in skipped)
    actual = _actual(evaluation.frame.filter(pl.col("rule_id") == rule.id))
    result.problems.extend(_compare(case, actual))
    return result


def _compare(case: RuleTestCase, actual: list[ActualFinding]) -> list[str]:
    problems = []
    matched: set[int] = set()  # actual findings accounted for (matched, or shown as a near miss)
    for expected in case.expect:
        hit = next((i for i, a in enumerate(actual) if i not in matched and a.matches(expected)), None)
        if hit is not None:
            matched.add(hit)
            continue
        line = "- " + expected.describe()
        near = next(
            (i for i, a in enumerate(actual) if i not in matched and a.records == expected.records), None
        )
        if near is not None:
            matched.add(near)
            line += text("ruletest_but_got", got=actual[near].describe())
        problems.append(line)
    for forbidden in case.not_expect:
        for found in actual:
            if found.matches(forbidden):
                problems.append("+ " + found.describe() + text("ruletest_forbidden"))
    if case.only_expected:
        problems.extend(
            "+ " + found.describe()
            for i, found in enumerate(actual)
            if i not in matched and not any(found.matches(f) for f in case.not_expect)
        )
    return problems


def _actual(findings: pl.DataFrame) -> list[ActualFinding]:
    rows = findings.select("records", "severity", "post_ids", "message").sort("records").iter_rows()
    return [
        ActualFinding(tuple(sorted(records)), severity, tuple(sorted(posts or ())), message or "")
        for records, severity, posts, message in rows
    ]


def _write_tables(case: RuleTestCase, folder: Path) -> Path:
    for name, table in case.tables.items():
        if isinstance(table, Path):
            shutil.copyfile(table, folder / f"{name}{table.suffix}")
            continue
        if not table:
            continue
        lines = (json.dumps(row, ensure_ascii=False, default=str) for row in table)
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _pack_beside(test_file: Path) -> Path | None:
    candidate = test_file.with_name(test_file.name[: -len(TEST_SUFFIX)] + ".yaml")
    return candidate if candidate.exists() else None


def _date(value: str, source_map: SourceMap, path: tuple, errors: ErrorList) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.add(text("ruletest_bad_date", value=value), source_map.location(path))
        return None


def _period(value: str | None, as_of: dt.date, source_map: SourceMap, path: tuple,
            errors: ErrorList) -> Period:
    if not value:
        return Period(dt.date(as_of.year, 1, 1), as_of)
    start, _, end = str(value).partition("..")
    first = _date(start, source_map, path, errors)
    last = _date(end, source_map, path, errors)
    return Period(first or as_of, last or as_of)


def _shipped_pack_folder() -> Path:
    return _resolved(Path(str(resources.files("riskengine_rules"))))


def _not_shipped(paths: list[Path]) -> list[Path]:
    """Packs that the engine does not load anyway (testing a shipped pack must not load it twice)."""
    shipped = _shipped_pack_folder()
    return [p for p in paths if _resolved(p).parent != shipped]


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


def _unique(paths: Iterable[Path]) -> list[Path]:
    seen: dict[Path, Path] = {}
    for path in paths:
        seen.setdefault(_resolved(path), path)
    return list(seen.values())
