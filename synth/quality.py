"""Detection quality: an assessment result measured against the ground truth of a synthetic dataset.

A finding is *true* when a planted violation of the same rule shares at least one record with it;
a planted violation is *detected* when some finding of its rule shares a record with it. Recall and
precision are computed per rule; the report also checks the post levels the planted violations
should produce (serious posts 一级, clean posts and posts with a single minor problem never 一级) and
tabulates them: expected serious / some / none against 一级 / 二级 / 三级.

A test oracle, not part of the product: it lives beside the generator whose truth.json it reads, and
its users are tests/test_detection_quality.py, the synthetic-domain tests and bench/quality.py.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The fixed rule ids of INDICATORS.md; rules outside this list are measured too when they occur.
RULE_IDS = (
    "finance.late_disclosure",
    "finance.missing_disclosure",
    "finance.disclosure_mismatch",
    "finance.no_collective_decision",
    "finance.self_approval",
    "finance.incompatible_posts",
    "finance.cash_over_limit",
    "finance.split_payments",
    "finance.duplicate_payment",
    "finance.related_party_payment",
    "finance.hospitality_over_limit",
    "finance.holiday_spending",
    "finance.round_amounts",
    "finance.benford",
    "procurement.split_purchase",
    "procurement.direct_award_over_limit",
    "procurement.single_bid",
    "procurement.too_few_quotes",
    "procurement.identical_bids",
    "procurement.close_runner_up",
    "procurement.lowest_bid_passed_over",
    "procurement.conflict_of_interest",
    "procurement.new_vendor",
    "procurement.cost_overrun",
    "procurement.no_acceptance",
    "procurement.no_collective_decision",
    "procurement.vendor_concentration",
    "welfare.paid_after_death",
    "welfare.paid_after_exit",
    "welfare.duplicate_payment",
    "welfare.not_enrolled",
    "welfare.over_standard",
    "welfare.shared_account",
    "welfare.relative_enrolled",
    "welfare.reviewer_conflict",
    "welfare.recipients_not_disclosed",
    "welfare.repeated_temp_relief",
    "conduct.negative_list_event",
    "conduct.unreported_banquet",
    "conduct.undeclared_outside_job",
    "conduct.annual_declaration",
    "conduct.unanswered_complaint",
    "conduct.complaint_outlier",
    "conduct.low_approval",
    "conduct.recurrence",
)

SERIOUS_POST_MIN = 3  # a post with this many serious planted violations must be rated high
EXPECTED = ("serious", "some", "none")  # rows of the level table: what was planted on the post
LEVELS = ("high", "medium", "low")  # columns: 一级, 二级, 三级
_LEVEL_NAMES = {"high": "一级", "medium": "二级", "low": "三级"}


@dataclass
class RuleQuality:
    """Recall and precision of one rule. ``recall`` is None without planted violations,
    ``precision`` None without findings."""

    rule_id: str
    planted: int
    detected_planted: int
    findings: int
    true_findings: int
    recall: float | None
    precision: float | None

    def passes(self, min_recall: float = 0.95, min_precision: float = 0.95) -> bool:
        """True when neither measure is below its minimum (an absent measure passes)."""
        return (self.recall is None or self.recall >= min_recall) and (
            self.precision is None or self.precision >= min_precision
        )


@dataclass
class QualityReport:
    """Per-rule quality plus post-level checks of one assessment against its ground truth."""

    rules: list[RuleQuality]
    clean_findings: int  # findings that match no planted violation of their rule (false positives)
    serious_posts_high: tuple[int, int]  # (rated high, total) of posts with >= 3 serious violations
    clean_posts_high: list[str]  # posts with no planted violation that were rated high
    collateral_findings: int = 0  # false findings resting on another rule's planted records
    clean_org_findings: int = 0  # findings in orgs where nothing was planted
    serious_posts_missed: list[str] = field(default_factory=list)
    not_evaluated: list[str] = field(default_factory=list)  # rule ids the assessment did not evaluate at all
    # rule id -> number of orgs it could not judge (thin data) while judging the others
    partly_evaluated: dict[str, int] = field(default_factory=dict)
    # expected (serious / some / none) -> level (high / medium / low) -> number of posts
    level_table: dict[str, dict[str, int]] = field(default_factory=dict)
    minor_posts_high: list[str] = field(default_factory=list)  # one minor planted problem, rated high

    def rule(self, rule_id: str) -> RuleQuality:
        """The :class:`RuleQuality` of ``rule_id``."""
        for quality in self.rules:
            if quality.rule_id == rule_id:
                return quality
        raise KeyError(rule_id)

    def failures(self, *, min_recall: float = 0.95, min_precision: float = 0.95) -> list[str]:
        """Human-readable reasons the result falls short; empty when everything passes."""
        problems = [
            f"{q.rule_id}: recall {_fmt(q.recall)}, precision {_fmt(q.precision)}"
            for q in self.rules
            if not q.passes(min_recall, min_precision)
        ]
        if self.serious_posts_missed:
            problems.append(f"serious posts not rated high: {', '.join(self.serious_posts_missed)}")
        if self.clean_posts_high:
            problems.append(f"clean posts rated high: {', '.join(self.clean_posts_high)}")
        if self.minor_posts_high:
            problems.append(f"posts with one minor problem rated high: {', '.join(self.minor_posts_high)}")
        return problems

    def level_lines(self) -> list[str]:
        """The level table: posts by what was planted (rows) and the level they got (columns)."""
        header = f"{'expected':<10}" + "".join(_rjust(f"{_LEVEL_NAMES[lv]} {lv}", 14) for lv in LEVELS)
        lines = [header, "-" * (10 + 14 * len(LEVELS))]
        for expected in EXPECTED:
            row = self.level_table.get(expected, {})
            lines.append(f"{expected:<10}" + "".join(f"{row.get(lv, 0):>14}" for lv in LEVELS))
        return lines

    def table(self) -> str:
        """A fixed-width table, one row per rule, then the post-level summary."""
        width = max([len("rule")] + [len(q.rule_id) for q in self.rules])
        header = (
            f"{'rule':<{width}}  {'planted':>7}  {'detected':>8}  {'findings':>8}  {'true':>5}  "
            f"{'recall':>6}  {'precision':>9}"
        )
        lines = [header, "-" * len(header)]
        for q in self.rules:
            mark = ""
            if q.rule_id in self.not_evaluated:
                mark = " (not evaluated)"
            elif q.rule_id in self.partly_evaluated:
                mark = f" (not evaluated in {self.partly_evaluated[q.rule_id]} orgs)"
            lines.append(
                f"{q.rule_id:<{width}}  {q.planted:>7}  {q.detected_planted:>8}  {q.findings:>8}  "
                f"{q.true_findings:>5}  {_fmt(q.recall):>6}  {_fmt(q.precision):>9}{mark}"
            )
        ok, total = self.serious_posts_high
        lines += [
            "",
            f"findings matching no planted violation: {self.clean_findings} "
            f"(on other rules' planted records: {self.collateral_findings}; in clean orgs: "
            f"{self.clean_org_findings})",
            f"serious posts rated high: {ok}/{total}",
            f"clean posts rated high: {len(self.clean_posts_high)}"
            + (f" ({', '.join(self.clean_posts_high)})" if self.clean_posts_high else ""),
            f"posts with one minor problem rated high: {len(self.minor_posts_high)}"
            + (f" ({', '.join(self.minor_posts_high)})" if self.minor_posts_high else ""),
            "",
            "post levels (serious: >= 3 serious planted problems; some: other planted problems; "
            "none: nothing planted)",
            *self.level_lines(),
        ]
        return "\n".join(lines)


def measure(
    result: Mapping[str, Any], truth: Mapping[str, Any], *, rule_ids: Iterable[str] = RULE_IDS
) -> QualityReport:
    """Measure an assessment ``result`` (RESULT.md document) against ``truth`` (truth.json document)."""
    violations: list[Mapping[str, Any]] = list(truth.get("violations", ()))
    findings: list[Mapping[str, Any]] = list(result.get("findings", ()))

    # record -> indices of planted violations, per rule and over all rules
    by_rule: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    any_rule: set[str] = set()
    planted: dict[str, int] = defaultdict(int)
    for index, violation in enumerate(violations):
        planted[violation["rule_id"]] += 1
        for record in violation["records"]:
            by_rule[violation["rule_id"]][record].append(index)
            any_rule.add(record)

    detected: set[int] = set()
    found: dict[str, int] = defaultdict(int)
    true: dict[str, int] = defaultdict(int)
    collateral = 0
    clean_orgs = set(truth.get("clean_orgs", ()))
    clean_org_findings = 0
    for finding in findings:
        rule_id = finding["rule_id"]
        found[rule_id] += 1
        records = finding.get("records") or ()
        matched = {i for record in records for i in by_rule.get(rule_id, {}).get(record, ())}
        if matched:
            true[rule_id] += 1
            detected |= matched
        elif any(record in any_rule for record in records):
            collateral += 1
        if finding.get("org_id") in clean_orgs:
            clean_org_findings += 1

    detected_by_rule: dict[str, int] = defaultdict(int)
    for index in detected:
        detected_by_rule[violations[index]["rule_id"]] += 1

    ordered = list(dict.fromkeys(rule_ids))
    ordered += sorted((set(planted) | set(found)) - set(ordered))
    rules = [
        RuleQuality(
            rule_id=rule_id,
            planted=planted[rule_id],
            detected_planted=detected_by_rule[rule_id],
            findings=found[rule_id],
            true_findings=true[rule_id],
            recall=detected_by_rule[rule_id] / planted[rule_id] if planted[rule_id] else None,
            precision=true[rule_id] / found[rule_id] if found[rule_id] else None,
        )
        for rule_id in ordered
    ]

    serious: dict[str, int] = defaultdict(int)
    planted_on: dict[str, int] = defaultdict(int)
    for violation in violations:
        posts = violation["post_id"]
        for post in [posts] if isinstance(posts, str) else posts:
            planted_on[post] += 1
            serious[post] += int(bool(violation["serious"]))
    levels = {post["post_id"]: post.get("level") for post in result.get("posts", ())}
    serious_posts = sorted(p for p, n in serious.items() if n >= SERIOUS_POST_MIN)
    missed = [p for p in serious_posts if levels.get(p) != "high"]
    clean_high = sorted(p for p, level in levels.items() if level == "high" and p not in planted_on)
    minor_high = sorted(
        p for p, n in planted_on.items() if n == 1 and not serious[p] and levels.get(p) == "high"
    )
    table: dict[str, dict[str, int]] = {e: dict.fromkeys(LEVELS, 0) for e in EXPECTED}
    for post_id, level in levels.items():
        expected = (
            "serious"
            if serious[post_id] >= SERIOUS_POST_MIN
            else ("some" if planted_on[post_id] else "none")
        )
        if level in table[expected]:
            table[expected][level] += 1

    whole, partly = _not_evaluated(result.get("not_evaluated", ()))
    return QualityReport(
        rules=rules,
        clean_findings=sum(found.values()) - sum(true.values()),
        serious_posts_high=(len(serious_posts) - len(missed), len(serious_posts)),
        clean_posts_high=clean_high,
        collateral_findings=collateral,
        clean_org_findings=clean_org_findings,
        serious_posts_missed=missed,
        not_evaluated=whole,
        partly_evaluated=dict(sorted(partly.items())),
        level_table=table,
        minor_posts_high=minor_high,
    )


def _not_evaluated(items: Iterable[Mapping[str, Any]]) -> tuple[list[str], dict[str, int]]:
    """Rules not evaluated at all, and rules not evaluated for some orgs (entries with ``org_ids``)."""
    whole: set[str] = set()
    partly: dict[str, set[str]] = defaultdict(set)
    for item in items:
        if "rule_id" not in item:
            continue
        if item.get("org_ids"):
            partly[item["rule_id"]].update(item["org_ids"])
        else:
            whole.add(item["rule_id"])
    return sorted(whole), {rule_id: len(orgs) for rule_id, orgs in partly.items() if rule_id not in whole}


def _rjust(text: str, width: int) -> str:
    """Right-justify by display width: a Chinese character takes two columns."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
    return " " * max(0, width - shown) + text


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
