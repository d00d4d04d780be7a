"""The rule book: all loaded packs merged, overridden and compiled into :class:`Rule` objects.

Problems are collected, never fatal: a rule that does not compile is left out (and shown
under ``not_evaluated`` with the reason), a pack that does not parse is reported, and
everything else runs. ``--strict`` turns any of these into a failure.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jsonschema

from .errors import ErrorList, ExpressionError, Location, Problem, RulePackError, RulePackSyntaxError
from .expression import compile_expression
from .messages import text
from .overrides import Origin, RuleChange, RuleIndex, collect_overrides
from .packselect import SetAside, select_packs
from .plugins import Registry
from .records import FieldKind
from .rule import Escalation, Rectification, Responsible, Rule
from .rulepack import PackInfo, PackLoadReport, RulePackDocument
from .schema_errors import validate
from .scoring_config import ScoringConfig
from .shipped import known_domains
from .templates import compile_template

_OUTPUT_KINDS = {kind.value: kind for kind in FieldKind}


@dataclass
class RuleBook:
    """What an assessment runs: compiled rules, the scoring settings, and what failed to load.

    Built without a date it holds every loaded pack (what ``rules check`` reports); :meth:`on`
    gives the book for an assessment date, without the packs not in force then.
    """

    rules: list[Rule]
    packs: list[PackInfo]
    scoring: ScoringConfig | None
    problems: list[RulePackError] = field(default_factory=list)
    broken_rules: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    _inputs: tuple[PackLoadReport, Registry] | None = field(default=None, repr=False)
    _by_date: dict[dt.date, RuleBook] = field(default_factory=dict, repr=False)

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def require_scoring(self, as_of: dt.date) -> ScoringConfig:
        """The scoring settings, or a :class:`RulePackError` saying which scoring packs are not in force."""
        if self.scoring is not None:
            return self.scoring
        waiting = [
            f"{s.info.id}（{s.info.effective_from.isoformat()}..{s.info.effective_to or ''}）"
            for s in self.set_aside
            if s.info.domain == "scoring"
        ]
        raise RulePackError(
            text("no_scoring_pack", as_of=as_of.isoformat(), packs="、".join(waiting) or "—"), []
        )

    @property
    def unreadable(self) -> list[RulePackSyntaxError]:
        """Packs that could not be read at all (undecodable, not YAML, too large): exit code 3."""
        return [p for p in self.problems if isinstance(p, RulePackSyntaxError)]

    @property
    def loaded(self) -> list[RulePackDocument]:
        """Every pack document that was read, applied or not."""
        return list(self._inputs[0].documents) if self._inputs else []

    def on(self, as_of: dt.date) -> RuleBook:
        """The rule book for an assessment on ``as_of``: packs not in force then are set aside.

        The load problems stay those of the whole book (they do not depend on the date).
        """
        if self._inputs is None:
            return self
        report, registry = self._inputs
        if all(doc.info.in_force(as_of) for doc in report.documents):
            return self
        if as_of not in self._by_date:
            book = build_rulebook(report, registry, as_of=as_of)
            book.problems = self.problems
            self._by_date[as_of] = book
        return self._by_date[as_of]


def build_rulebook(report: PackLoadReport, registry: Registry, *, as_of: dt.date | None = None) -> RuleBook:
    """Select the packs that apply, check overrides and domains, compile every rule.

    A later pack with the same id replaces an earlier one (announced in ``notices``); with
    ``as_of``, packs not in force on that date are set aside (also announced).
    """
    selection = select_packs(report.documents, as_of)
    documents = selection.documents
    errors = ErrorList()
    index = _rule_index(documents)
    overrides = collect_overrides(documents, index, registry, (d.info.id for d in report.documents))
    errors.problems.extend(overrides.problems)
    _check_domains(documents, known_domains(registry), errors)
    scoring = None
    rules: list[Rule] = []
    broken: dict[str, str] = {}
    warnings: list[Problem] = []
    for doc in documents:
        if doc.scoring is not None:
            scoring = ScoringConfig.from_dict(doc.scoring, pack_id=doc.info.id)
        for position, raw in enumerate(doc.rules):
            rule_id = raw["id"]
            path = ("rules", position)
            owner, _ = index[rule_id]
            if owner is not doc:
                errors.add(
                    text("rule_defined_elsewhere", rule=rule_id, pack=owner.info.id),
                    doc.source_map.location((*path, "id")),
                )
                continue
            change = overrides.changes.get(rule_id, RuleChange())
            merged = change.apply(raw)
            if merged.get("enabled", True) is False:
                continue
            rule_errors = ErrorList()
            rule = _compile_rule(doc, merged, path, registry, rule_errors, change.origins, warnings)
            if rule_errors.problems or rule is None:
                errors.problems.extend(rule_errors.problems)
                broken[rule_id] = "；".join(str(p) for p in rule_errors.problems[:3])
            else:
                rules.append(rule)
    rules.sort(key=lambda r: r.id)
    return RuleBook(
        rules=rules,
        packs=[d.info for d in documents],
        scoring=scoring,
        problems=[*report.failures, *_by_source(errors.problems)],
        broken_rules=broken,
        notices=[*report.notices, *selection.notices],
        set_aside=selection.set_aside,
        warnings=warnings,
        _inputs=(report, registry),
    )


def _rule_index(documents: list[RulePackDocument]) -> RuleIndex:
    """Each rule id to the first pack (and position) that defines it."""
    index: RuleIndex = {}
    for doc in documents:
        for position, raw in enumerate(doc.rules):
            index.setdefault(raw["id"], (doc, position))
    return index


def _check_domains(documents: list[RulePackDocument], known: set[str], errors: ErrorList) -> None:
    if not known:
        return  # no plugin shipped a pack (a bare test host): nothing to compare with
    for doc in documents:
        domain = doc.info.domain
        if domain not in known:
            close = difflib.get_close_matches(domain, sorted(known), n=1, cutoff=0.6)
            errors.add(
                text(
                    "unknown_domain",
                    domain=domain,
                    hint=text("did_you_mean", name=close[0]) if close else "",
                    known="、".join(sorted(known)),
                ),
                doc.source_map.location(("pack", "domain")),
            )


def _by_source(problems: list[Problem]) -> list[RulePackError]:
    """One error per file, titled with its count, so each author sees their own file's problems."""
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        source = problem.location.source if problem.location else "?"
        grouped.setdefault(source, []).append(problem)
    return [
        RulePackError(text("pack_errors", source=source, n=len(items)), items)
        for source, items in grouped.items()
    ]


def _compile_rule(
    doc: RulePackDocument,
    raw: dict[str, Any],
    path: tuple,
    registry: Registry,
    errors: ErrorList,
    origins: dict[str, Origin],
    warnings: list[Problem],
) -> Rule | None:
    smap = doc.source_map
    detector = None
    record_type = None
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
        reads = (record_type,)
        params = {**doc.parameters, **raw.get("parameters", {})}
        columns = dict(rtype.fields)
    condition = None
    if "condition" in raw:
        condition = _compile(
            raw["condition"], columns, params, smap.expression_start((*path, "condition")), errors
        )
    escalations = []
    for i, item in enumerate(raw.get("escalate", [])):
        when = _compile(
            item["when"], columns, params, smap.expression_start((*path, "escalate", i, "when")), errors
        )
        if when is not None:
            escalations.append(Escalation(when=when, severity=item["severity"]))
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
            raw["message"], columns, params, location=smap.expression_start((*path, "message"))
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
    )


def _compile(source: str, columns, params, location: Location, errors: ErrorList):
    try:
        return compile_expression(source, columns, params, location=location)
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
