"""The rule book: the packs that apply, merged, overridden and compiled into :class:`Rule` objects.

Building it takes three steps, each its own module: :mod:`riskengine.packs.select` chooses the
packs (effective dates, replacement by id), :mod:`riskengine.packs.overrides` checks and merges
``rule_overrides``/``extends``, :mod:`riskengine.packs.compile` compiles each rule.

Problems are collected, never fatal: a rule that does not compile is left out (and shown
under ``not_evaluated`` with the reason), a pack that does not parse is reported, and
everything else runs. ``--strict`` turns any of these into a failure.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from ..errors import ErrorList, Problem, RulePackError, RulePackSyntaxError
from ..host.plugins import Registry
from ..messages import text
from .compile import compile_rule
from .overrides import Overrides, RuleChange, RuleIndex, collect_overrides
from .rule import Rule
from .rulepack import PackInfo, PackLoadReport, RulePackDocument
from .scoring_config import ScoringConfig
from .select import SetAside, select_packs
from .shipped import known_domains


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
    overrides: Overrides = field(default_factory=Overrides, repr=False)  # with their locks and bounds
    documents: list[RulePackDocument] = field(default_factory=list, repr=False)  # the packs that apply
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
        packs = text("list_separator_short").join(waiting) or "—"
        raise RulePackError(text("no_scoring_pack", as_of=as_of.isoformat(), packs=packs), [])

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
            rule = compile_rule(
                doc, merged, path, registry, rule_errors, change.origins, warnings, change.message_origin
            )
            if (rule_errors.problems or rule is None) and change.message is not None:
                rule = _without_overlay_message(doc, raw, merged, path, registry, change)
                errors.problems.extend(rule_errors.problems)  # reported at the overlay's line either way
                if rule is not None:
                    rules.append(rule)  # the overlay's message is not applied; the rule keeps its own
                    continue
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
        overrides=overrides,
        documents=documents,
        _inputs=(report, registry),
    )


def _without_overlay_message(doc, raw, merged, path, registry, change: RuleChange) -> Rule | None:
    """The rule with its own message when an overlay's message did not compile (None: still broken)."""
    quiet = ErrorList()
    rule = compile_rule(doc, {**merged, "message": raw["message"]}, path, registry, quiet, change.origins, [])
    return None if quiet.problems else rule


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
                    known=text("list_separator_short").join(sorted(known)),
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
