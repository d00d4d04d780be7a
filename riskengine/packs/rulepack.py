"""Rule packs: YAML documents that provincial teams write, parsed and schema-checked.

Loading happens in two steps. :func:`read_rule_pack` reads one file and checks it against
``schemas/rulepack.schema.json``, collecting every problem with its file:line:column.
:mod:`riskengine.packs.rulebook` then merges packs, applies overrides and compiles each rule
against the record types and detectors the plugins registered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ErrorList, Location, Problem, RulePackError, RulePackSyntaxError
from ..messages import text
from .schema_errors import validate
from .text import ENCODING_NAMES
from .yamlsource import JsonPath, SourceMap, load_yaml_bytes

SEVERITIES = ("critical", "high", "medium", "low")
INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class PackInfo:
    """A rule pack's metadata, as it appears in results (``rule_packs``)."""

    id: str
    version: str
    domain: str
    title: str
    authority: str
    effective_from: dt.date
    effective_to: dt.date | None
    language: str
    sha256: str
    source: str
    description: str = ""
    extends: str | None = None  # the id of the pack this one revises
    extends_version: str | None = None  # the versions of it accepted (PEP 440 specifiers), if given
    shipped: bool = False  # installed with riskengine or a plugin, not given by the user

    def in_force(self, on: dt.date) -> bool:
        """Whether ``on`` lies within ``effective.from`` .. ``effective.to`` (both inclusive)."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "sha256": self.sha256,
            "domain": self.domain,
            "title": self.title,
            "source": self.source,
        }


@dataclass
class RulePackDocument:
    """One schema-valid rule pack file, not yet compiled."""

    info: PackInfo
    data: dict[str, Any]
    source_map: SourceMap
    encoding: str = "utf-8"

    @property
    def parameters(self) -> dict[str, Any]:
        return self.data.get("parameters", {})

    @property
    def rules(self) -> list[dict[str, Any]]:
        return self.data.get("rules", [])

    @property
    def rule_overrides(self) -> dict[str, dict[str, Any]]:
        return self.data.get("rule_overrides", {})

    @property
    def scoring(self) -> dict[str, Any] | None:
        return self.data.get("scoring")



def read_rule_pack(
    path: str | Path, *, display_name: str | None = None, shipped: bool = False
) -> RulePackDocument:
    """Read and schema-check one rule pack; raise :class:`RulePackError` with every problem.

    A file that cannot be read as YAML at all raises :class:`RulePackSyntaxError` (a subclass).
    """
    path = Path(path)
    source = display_name or display_path(path)
    raw = path.read_bytes()
    return parse_rule_pack(raw, source, shipped=shipped)


def parse_rule_pack(raw: bytes, source: str, *, shipped: bool = False) -> RulePackDocument:
    """:func:`read_rule_pack` on bytes already read; ``source`` is the name shown in messages."""
    loaded = load_yaml_bytes(raw, source)
    data, source_map = loaded.data, loaded.source_map
    errors = ErrorList()
    if not isinstance(data, dict):
        errors.add(text("pack_not_mapping"), source_map.location(()))
        errors.raise_if_any(text("pack_errors", source=source, n=1), RulePackError)
    for problem in validate(data, source_map):
        errors.problems.append(problem)
    _check_numbers(data, (), source_map, errors)
    _check_unique_rule_ids(data, source_map, errors)
    _check_levels(data, source_map, errors)
    _check_unused_parameters(data, source_map, errors)
    _check_extends_version(data, source_map, errors)
    errors.raise_if_any(text("pack_errors", source=source, n=len(errors.problems)), RulePackError)
    meta = data["pack"]
    effective = meta["effective"]
    info = PackInfo(
        id=meta["id"],
        version=meta["version"],
        domain=meta["domain"],
        title=meta["title"],
        authority=meta["authority"],
        effective_from=dt.date.fromisoformat(effective["from"]),
        effective_to=dt.date.fromisoformat(effective["to"]) if effective.get("to") else None,
        language=meta["language"],
        sha256=hashlib.sha256(raw).hexdigest(),
        source=source,
        description=meta.get("description", ""),
        extends=extends.get("id") if isinstance(extends := meta.get("extends"), dict) else extends,
        extends_version=extends.get("version") if isinstance(extends, dict) else None,
        shipped=shipped,
    )
    return RulePackDocument(info=info, data=data, source_map=source_map, encoding=loaded.encoding)


def _check_numbers(value: object, path: JsonPath, source_map: SourceMap, errors: ErrorList) -> None:
    """Every number is finite and every integer fits 64 bits, as Polars needs (YAML allows .inf)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_numbers(item, (*path, key), source_map, errors)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_numbers(item, (*path, index), source_map, errors)
    elif isinstance(value, float) and not math.isfinite(value) or (
        isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT64_MAX
    ):
        shown = str(value) if isinstance(value, float) else f"{str(value)[:24]}…"
        errors.add(text("number_out_of_range", value=shown), source_map.location(path))


def _check_extends_version(data: dict, source_map: SourceMap, errors: ErrorList) -> None:
    """``extends: {version: ...}`` is a PEP 440 specifier set, e.g. ``>=1.1,<2``."""
    meta = data.get("pack")
    extends = meta.get("extends") if isinstance(meta, dict) else None
    spec = extends.get("version") if isinstance(extends, dict) else None
    if not isinstance(spec, str):
        return  # absent, or the schema reports the type
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        SpecifierSet(spec)
    except InvalidSpecifier:
        errors.add(text("extends_bad_range", spec=spec), source_map.location(("pack", "extends", "version")))


def _check_unused_parameters(data: dict, source_map: SourceMap, errors: ErrorList) -> None:
    # A province that writes its thresholds under "parameters" of an override-only pack would
    # otherwise see them silently ignored: pack parameters reach only the pack's own rules.
    if data.get("parameters") and not data.get("rules"):
        errors.add(text("unused_parameters"), source_map.location(("parameters",), key=True))


def _check_unique_rule_ids(data: dict, source_map: SourceMap, errors: ErrorList) -> None:
    seen: dict[str, int] = {}
    rules = data.get("rules")
    if not isinstance(rules, list):
        return  # the schema reports the type
    for index, rule in enumerate(rules):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if not isinstance(rule_id, str):
            continue
        if rule_id in seen:
            first = source_map.location(("rules", seen[rule_id], "id"))
            errors.add(
                text("rule_id_repeated", rule=rule_id, line=first.line),
                source_map.location(("rules", index, "id")),
            )
        else:
            seen[rule_id] = index


def _check_levels(data: dict, source_map: SourceMap, errors: ErrorList) -> None:
    # Runs on schema-invalid documents too (authors see every error at once): check shapes first.
    scoring = data.get("scoring")
    levels = scoring.get("levels") if isinstance(scoring, dict) else None
    if not isinstance(levels, list) or not all(isinstance(item, dict) for item in levels):
        return
    names = sorted(str(item.get("level")) for item in levels)
    if names != ["high", "low", "medium"]:
        errors.add(
            text("levels_each_once"),
            source_map.location(("scoring", "levels")),
        )
        return
    by_level = {item["level"]: item.get("min_score", 0) for item in levels}
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in by_level.values()):
        return  # the schema reports the type
    if not by_level["high"] > by_level["medium"] >= by_level["low"]:
        errors.add(text("levels_order"), source_map.location(("scoring", "levels")))


def display_path(path: Path) -> str:
    """Show paths relative to the working directory when possible (what a user typed)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass
class PackLoadReport:
    """Packs that loaded and the problems of those that did not (the run goes on without them)."""

    documents: list[RulePackDocument] = field(default_factory=list)
    failures: list[RulePackError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def extend(self, other: PackLoadReport) -> None:
        self.documents.extend(other.documents)
        self.failures.extend(other.failures)
        self.notices.extend(other.notices)


def read_rule_packs(paths: list[Path], *, shipped: bool = False) -> PackLoadReport:
    """Read many packs; a broken one is reported and skipped, the others load."""
    report = PackLoadReport()
    for path in paths:
        try:
            document = read_rule_pack(path, shipped=shipped)
        except RulePackError as exc:
            report.failures.append(exc)
            continue
        except OSError as exc:
            source = display_path(Path(path))
            reason = text("pack_unreadable_file", source=source, reason=exc.strerror or exc)
            title = text("pack_unreadable", source=source)
            report.failures.append(RulePackSyntaxError(title, [Problem(reason, Location(source))]))
            continue
        report.documents.append(document)
        if document.encoding not in ("utf-8", "utf-8-sig"):
            name = ENCODING_NAMES.get(document.encoding, document.encoding)
            report.notices.append(text("pack_decoded_as", source=document.info.source, encoding=name))
    return report
