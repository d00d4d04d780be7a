"""One rule of a pack, with its overrides applied, compiled against what the plugins registered.

Conditions, escalations and message templates are type-checked against the record type (or the
detector's declared outputs); a detector's parameters against its JSON Schema, each error placed
where that parameter was written -- the rule, the pack's ``parameters``, or an author's
``rule_overrides`` (see :class:`riskengine.packs.layers.Origin`).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
import polars as pl

from ..data.labels import record_labels
from ..data.records import FieldKind
from ..errors import ErrorList, ExpressionError, Location, Problem
from ..evaluation.lookups import Lookup, compile_lookups
from ..evaluation.templates import compile_template
from ..host.plugins import Registry
from ..messages import text
from .expression import compile_expression
from .layers import Origin
from .rule import Escalation, Rectification, Responsible, Rule
from .rulepack import RulePackDocument
from .schema_errors import validate

_OUTPUT_KINDS = {kind.value: kind for kind in FieldKind}


def compile_rule(
    doc: RulePackDocument,
    raw: dict[str, Any],
    path: tuple,
    registry: Registry,
    errors: ErrorList,
    origins: dict[str, Origin],
    warnings: list[Problem],
    message_origin: Origin | None = None,
) -> Rule | None:
    """Compile rule ``raw`` (at ``path`` in ``doc``); problems go to ``errors``, None if it does not compile.

    :param origins: where each overridden parameter was written.
    :param warnings: collects legal-but-suspicious findings (a constant zero divisor).
    :param message_origin: where an overlay wrote the message, if one replaced it.
    """
    smap = doc.source_map
    detector = None
    record_type = None
    lookups: tuple[Lookup, ...] = ()
    labels: dict[str, dict[str, str]] = {}
    if "detector" in raw:
        detector = registry.detectors.get(raw["detector"])
        if detector is None:
            known = "、".join(sorted(registry.detectors)) or text("none_listed")
            message = text("unknown_detector", name=raw["detector"], known=known)
            errors.add(message, smap.location((*path, "detector")))
            return None
        reads = tuple(detector.reads)
        params = _detector_params(doc, raw, detector, path, errors, origins)
        columns = {"org_id": FieldKind.STRING}
        for name, kind in detector.outputs.items():
            columns[name] = _OUTPUT_KINDS.get(kind, FieldKind.STRING)
    else:
        record_type = raw["reads"]
        rtype = registry.record_types.get(record_type)
        if rtype is None:
            known = "、".join(sorted(registry.record_types))
            errors.add(
                text("unknown_record_type", name=record_type, known=known), smap.location((*path, "reads"))
            )
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
                text("evidence_unknown_field", name=name, type=record_type),
                smap.location((*path, "evidence", i)),
            )
    responsible = Responsible(**raw["responsible"])
    # A detector may return post columns it does not list as evidence; those are checked when it runs.
    if responsible.field and detector is None and responsible.field not in columns:
        errors.add(
            text("responsible_unknown_field", name=responsible.field, known="、".join(columns)),
            smap.location((*path, "responsible", "field")),
        )
    try:
        message = compile_template(
            raw["message"],
            columns,
            params,
            location=_message_start(smap, path, message_origin),
            labels=labels,
        )
    except ExpressionError as exc:
        errors.add(exc.message, exc.location)
        message = None
    if errors.problems or message is None:
        return None
    for compiled in (condition, *(e.when for e in escalations)):
        if compiled is not None:
            warnings.extend(compiled.warnings)
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


def _message_start(smap, path: tuple, message_origin: Origin | None) -> Location:
    """Where the text of the message in force begins: in the rule, or in the overlay that replaced it."""
    if message_origin is not None:
        return message_origin.source_map.expression_start(message_origin.path)
    return smap.expression_start((*path, "message"))


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
    doc: RulePackDocument, raw: dict, detector, path: tuple, errors: ErrorList, origins: dict[str, Origin]
) -> dict[str, Any]:
    """Detector schema defaults <- pack parameters the detector declares <- rule parameters <- overrides.

    Each schema error is located where its parameter was written: in the rule, the pack's
    ``parameters``, or the ``rule_overrides`` of the author's own pack.
    """
    schema = dict(detector.params_schema)
    properties = schema.get("properties", {})
    params = {name: prop["default"] for name, prop in properties.items() if "default" in prop}
    pack_level = {k: v for k, v in doc.parameters.items() if k in properties}
    params.update(pack_level)
    params.update(raw.get("parameters", {}))
    where = {name: Origin(doc.source_map, ("parameters", name)) for name in pack_level}
    for name in raw.get("parameters", {}):
        where[name] = Origin(doc.source_map, (*path, "parameters", name))
    where.update(origins)
    locations = _ParamLocations(doc.source_map, (*path, "parameters"), where)
    for problem in validate(params, locations, schema, base_path=(*path, "parameters")):  # type: ignore[arg-type]
        problem.message = text("detector_param_invalid", detector=detector.name, problem=problem.message)
        errors.problems.append(problem)
    schema_problem = _schema_problem(json.dumps(schema, sort_keys=True, default=str))
    if schema_problem:
        message = text("detector_schema_invalid", detector=detector.name, problem=schema_problem)
        errors.add(message, doc.source_map.location(path))
    return params


@cache
def _schema_problem(schema_json: str) -> str | None:
    """Why a detector's parameter schema is not valid JSON Schema (checked once per schema)."""
    try:
        jsonschema.Draft202012Validator.check_schema(json.loads(schema_json))
    except jsonschema.SchemaError as exc:
        return exc.message
    return None


class _ParamLocations:
    """A source map for merged parameters: each parameter's path resolves where it was written."""

    def __init__(self, source_map, base: tuple, origins: dict[str, Origin]):
        self.source_map = source_map
        self.base = base
        self.origins = origins

    def location(self, path: tuple, *, key: bool = False) -> Location:
        rest = tuple(path)[len(self.base) :]
        if rest and rest[0] in self.origins:
            return self.origins[rest[0]].location(rest[1:], key=key)
        return self.source_map.location(path, key=key)
