"""Rule packs: YAML documents that provincial teams write, parsed and schema-checked.

Loading happens in two steps. :func:`read_rule_pack` reads one file and checks it against
``schemas/rulepack.schema.json``, collecting every problem with its file:line:column.
:mod:`riskengine.rulebook` then merges packs, applies overrides and compiles each rule
against the record types and detectors the plugins registered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ErrorList, RulePackError
from .schema_errors import validate
from .yamlsource import SourceMap, load_yaml

SEVERITIES = ("critical", "high", "medium", "low")


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
    extends: str | None = None

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


def read_rule_pack(path: str | Path, *, display_name: str | None = None) -> RulePackDocument:
    """Read and schema-check one rule pack; raise :class:`RulePackError` with every problem."""
    path = Path(path)
    source = display_name or _display(path)
    raw = path.read_bytes()
    data, source_map = load_yaml(path, display_name=source)
    errors = ErrorList()
    if not isinstance(data, dict):
        errors.add("规则包应为 YAML 映射（以 pack: 开头）", source_map.location(()))
        errors.raise_if_any(f"规则包 {source} 有错误", RulePackError)
    for problem in validate(data, source_map):
        errors.problems.append(problem)
    _check_unique_rule_ids(data, source_map, errors)
    _check_levels(data, source_map, errors)
    errors.raise_if_any(f"规则包 {source} 有 {len(errors.problems)} 处错误", RulePackError)
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
        extends=meta.get("extends"),
    )
    return RulePackDocument(info=info, data=data, source_map=source_map)


def _check_unique_rule_ids(data: dict, source_map: SourceMap, errors: ErrorList) -> None:
    seen: dict[str, int] = {}
    for index, rule in enumerate(data.get("rules") or []):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if not isinstance(rule_id, str):
            continue
        if rule_id in seen:
            first = source_map.location(("rules", seen[rule_id], "id"))
            errors.add(
                f"规则编号 {rule_id} 重复（首次出现在第 {first.line} 行）",
                source_map.location(("rules", index, "id")),
            )
        else:
            seen[rule_id] = index


def _check_levels(data: dict, source_map: SourceMap, errors: ErrorList) -> None:
    levels = (data.get("scoring") or {}).get("levels")
    if not isinstance(levels, list) or not all(isinstance(item, dict) for item in levels):
        return
    names = sorted(str(item.get("level")) for item in levels)
    if names != ["high", "low", "medium"]:
        errors.add(
            "scoring.levels 须分别给出 high、medium、low 三个等级各一次",
            source_map.location(("scoring", "levels")),
        )
        return
    by_level = {item["level"]: item.get("min_score", 0) for item in levels}
    if not by_level["high"] > by_level["medium"] >= by_level["low"]:
        errors.add("等级阈值应满足 high > medium >= low", source_map.location(("scoring", "levels")))


def _display(path: Path) -> str:
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


def read_rule_packs(paths: list[Path]) -> PackLoadReport:
    """Read many packs; a broken one is reported and skipped, the others load."""
    report = PackLoadReport()
    for path in paths:
        try:
            report.documents.append(read_rule_pack(path))
        except RulePackError as exc:
            report.failures.append(exc)
        except OSError as exc:
            report.failures.append(RulePackError(f"无法读取规则包 {path}：{exc.strerror}", []))
    return report
