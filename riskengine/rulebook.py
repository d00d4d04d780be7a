"""The rule book: all loaded packs merged, overridden and compiled into :class:`Rule` objects.

Problems are collected, never fatal: a rule that does not compile is left out (and shown
under ``not_evaluated`` with the reason), a pack that does not parse is reported, and
everything else runs. ``--strict`` turns any of these into a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jsonschema
import polars as pl

from .errors import ErrorList, ExpressionError, Location, Problem, RulePackError
from .expression import compile_expression
from .labels import record_labels
from .lookups import Lookup, compile_lookups
from .plugins import Registry
from .records import FieldKind
from .rule import Escalation, Rectification, Responsible, Rule
from .rulepack import PackInfo, PackLoadReport, RulePackDocument
from .schema_errors import validate
from .scoring_config import ScoringConfig
from .templates import compile_template

_OUTPUT_KINDS = {kind.value: kind for kind in FieldKind}


@dataclass
class RuleBook:
    """What an assessment runs: compiled rules, the scoring settings, and what failed to load."""

    rules: list[Rule]
    packs: list[PackInfo]
    scoring: ScoringConfig | None
    problems: list[RulePackError] = field(default_factory=list)
    broken_rules: dict[str, str] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)


def build_rulebook(report: PackLoadReport, registry: Registry) -> RuleBook:
    """Merge packs (a later pack with the same id replaces an earlier one), apply overrides, compile."""
    documents = _latest_by_id(report.documents)
    problems = list(report.failures)
    overrides = _collect_overrides(documents)
    scoring = None
    rules: list[Rule] = []
    broken: dict[str, str] = {}
    seen: dict[str, str] = {}
    for doc in documents:
        errors = ErrorList()
        if doc.scoring is not None:
            scoring = ScoringConfig.from_dict(doc.scoring, pack_id=doc.info.id)
        for index, raw in enumerate(doc.rules):
            rule_id = raw["id"]
            path = ("rules", index)
            if rule_id in seen:
                errors.add(
                    f"规则编号 {rule_id} 已在规则包 {seen[rule_id]} 中定义；修订请用 rule_overrides",
                    doc.source_map.location((*path, "id")),
                )
                continue
            seen[rule_id] = doc.info.id
            merged = _apply_override(raw, overrides.get(rule_id))
            if merged.get("enabled", True) is False:
                continue
            rule_errors = ErrorList()
            rule = _compile_rule(doc, merged, path, registry, rule_errors)
            if rule_errors.problems or rule is None:
                errors.problems.extend(rule_errors.problems)
                broken[rule_id] = "；".join(str(p) for p in rule_errors.problems[:3])
            else:
                rules.append(rule)
        if errors.problems:
            problems.append(
                RulePackError(f"规则包 {doc.info.source} 有 {len(errors.problems)} 处错误", errors.problems)
            )
    for rule_id, (doc_id, location) in overrides["__unknown__"].items():
        if rule_id not in seen:
            problems.append(
                RulePackError(
                    f"规则包 {doc_id} 有 1 处错误",
                    [Problem(f"rule_overrides 中的规则 {rule_id} 不存在", location)],
                )
            )
    rules.sort(key=lambda r: r.id)
    return RuleBook(
        rules=rules,
        packs=[d.info for d in documents],
        scoring=scoring,
        problems=problems,
        broken_rules=broken,
    )


def _latest_by_id(documents: list[RulePackDocument]) -> list[RulePackDocument]:
    by_id: dict[str, RulePackDocument] = {}
    for doc in documents:
        by_id[doc.info.id] = doc
    return list(by_id.values())


def _collect_overrides(documents: list[RulePackDocument]) -> dict[str, Any]:
    overrides: dict[str, Any] = {"__unknown__": {}}
    for doc in documents:
        for rule_id, change in doc.rule_overrides.items():
            overrides[rule_id] = {**overrides.get(rule_id, {}), **change}
            overrides["__unknown__"][rule_id] = (
                doc.info.id,
                doc.source_map.location(("rule_overrides", rule_id), key=True),
            )
    return overrides


def _apply_override(raw: dict[str, Any], change: dict[str, Any] | None) -> dict[str, Any]:
    if not change:
        return raw
    merged = dict(raw)
    if "parameters" in change:
        merged["parameters"] = {**raw.get("parameters", {}), **change["parameters"]}
    for key in ("severity", "enabled"):
        if key in change:
            merged[key] = change[key]
    return merged


def _compile_rule(
    doc: RulePackDocument, raw: dict[str, Any], path: tuple, registry: Registry, errors: ErrorList
) -> Rule | None:
    smap = doc.source_map
    detector = None
    record_type = None
    lookups: tuple[Lookup, ...] = ()
    labels: dict[str, dict[str, str]] = {}
    if "detector" in raw:
        detector = registry.detectors.get(raw["detector"])
        if detector is None:
            known = "、".join(sorted(registry.detectors)) or "（无）"
            errors.add(
                f"未知的检测器 '{raw['detector']}'（已注册：{known}）", smap.location((*path, "detector"))
            )
            return None
        reads = tuple(detector.reads)
        params = _detector_params(doc, raw, detector, path, errors)
        columns = {"org_id": FieldKind.STRING}
        for name, kind in detector.outputs.items():
            columns[name] = _OUTPUT_KINDS.get(kind, FieldKind.STRING)
    else:
        record_type = raw["reads"]
        rtype = registry.record_types.get(record_type)
        if rtype is None:
            known = "、".join(sorted(registry.record_types))
            errors.add(f"未知的记录类型 '{record_type}'（可用：{known}）", smap.location((*path, "reads")))
            return None
        params = {**doc.parameters, **raw.get("parameters", {})}
        columns = dict(rtype.fields)
        lookups = compile_lookups(raw.get("lookups"), rtype, registry.record_types, smap, path, errors)
        labels = record_labels(rtype)
        for lookup in lookups:
            other = registry.record_types[lookup.record_type]
            columns.update(lookup.columns(other))
            labels.update(record_labels(other, prefix=f"{lookup.alias}."))
        reads = (record_type, *dict.fromkeys(lookup.record_type for lookup in lookups))
    condition = None
    if "condition" in raw:
        condition = _compile(
            raw["condition"], columns, params, smap.expression_start((*path, "condition")), errors, labels
        )
    escalations = []
    for i, item in enumerate(raw.get("escalate", [])):
        when = _compile(
            item["when"], columns, params, smap.expression_start((*path, "escalate", i, "when")), errors,
            labels,
        )
        reason = _reason(item.get("reason", ""), params, smap, (*path, "escalate", i, "reason"), errors)
        if when is not None:
            escalations.append(
                Escalation(
                    when=when,
                    severity=item["severity"],
                    reason=reason,
                    legal_basis=tuple(item.get("legal_basis", ())),
                )
            )
    evidence = tuple(raw.get("evidence", ()))
    for i, name in enumerate(evidence):
        if name not in columns:
            errors.add(
                f"evidence 中的字段 '{name}' 不存在于记录类型 {record_type}",
                smap.location((*path, "evidence", i)),
            )
    responsible = Responsible(**raw["responsible"])
    # A detector may return post columns it does not list as evidence; those are checked when it runs.
    if responsible.field and detector is None and responsible.field not in columns:
        errors.add(
            f"responsible.field '{responsible.field}' 不是可用的字段（可用：{'、'.join(columns)}）",
            smap.location((*path, "responsible", "field")),
        )
    try:
        message = compile_template(
            raw["message"], columns, params, location=smap.expression_start((*path, "message")), labels=labels
        )
    except ExpressionError as exc:
        errors.add(exc.message, exc.location)
        message = None
    if errors.problems or message is None:
        return None
    if condition is not None and not evidence:
        rtype = registry.record_types[record_type]
        evidence = tuple(
            dict.fromkeys([*condition.fields, *([rtype.date_field] if rtype.date_field else [])])
        )
    rect = raw["rectification"]
    return Rule(
        id=raw["id"],
        title=raw["title"],
        description=raw["description"],
        domain=doc.info.domain,
        pack_id=doc.info.id,
        severity=raw["severity"],
        legal_basis=tuple(raw["legal_basis"]),
        reads=reads,
        responsible=responsible,
        message=message,
        rectification=Rectification(rect["title"], tuple(rect["measures"]), rect["deadline_days"]),
        parameters=params,
        location=smap.location(path),
        condition=condition,
        record_type=record_type,
        detector=detector,
        evidence=evidence,
        escalations=tuple(escalations),
        lookups=lookups,
    )


def _reason(source: str, params, smap, path: tuple, errors: ErrorList) -> str:
    """An escalation's reason with its ``{params.name}`` filled in (it is the same for every finding)."""
    if not source:
        return ""
    try:
        template = compile_template(source, {}, params, location=smap.expression_start(path))
        return pl.select(template.to_polars(params)).item()
    except ExpressionError as exc:
        errors.add(exc.message, exc.location)
        return source


def _compile(source: str, columns, params, location: Location, errors: ErrorList, labels=None):
    try:
        return compile_expression(source, columns, params, location=location, labels=labels)
    except ExpressionError as exc:
        errors.add(exc.message, exc.location)
        return None


def _detector_params(
    doc: RulePackDocument, raw: dict, detector, path: tuple, errors: ErrorList
) -> dict[str, Any]:
    """Detector schema defaults <- pack parameters the detector declares <- rule parameters."""
    schema = dict(detector.params_schema)
    properties = schema.get("properties", {})
    params = {name: prop["default"] for name, prop in properties.items() if "default" in prop}
    params.update({k: v for k, v in doc.parameters.items() if k in properties})
    params.update(raw.get("parameters", {}))
    for problem in validate(params, doc.source_map, schema, base_path=(*path, "parameters")):
        problem.message = f"检测器 {detector.name} 的参数不符合要求：{problem.message}"
        errors.problems.append(problem)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        errors.add(f"检测器 {detector.name} 的参数 schema 无效：{exc.message}", doc.source_map.location(path))
    return params
