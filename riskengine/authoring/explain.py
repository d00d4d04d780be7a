"""Explanations in plain words: why a post has its level, why a rule did or did not fire on a record.

Works from a result document (RESULT.md) and the rule book that produced it; with the dataset's
frames it also shows the field values of the records behind each finding. A condition is split
into its ``and``/``or`` clauses, and each clause is compiled and evaluated on the one record, so
"did not fire" names the clause that was false.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from ..data.labels import field_labels
from ..data.records import RecordType
from ..errors import ExpressionError, RiskEngineError
from ..messages import text
from ..packs.expression import compile_expression
from ..packs.rule import Rule
from ..packs.scoring_config import ScoringConfig


class ExplainError(RiskEngineError):
    """The post, record or rule asked about is not there."""


@dataclass
class Explainer:
    """What an explanation needs: the result, the rules and scoring that made it, optionally the data."""

    document: Mapping[str, Any]
    rules: Mapping[str, Rule]
    scoring: ScoringConfig | None
    record_types: Mapping[str, RecordType]
    frames: Mapping[str, pl.DataFrame] | None = None

    def post(self, post_id: str) -> list[str]:
        """Lines explaining a post's level: inherent risk, each rule's contribution, findings, overrides."""
        post = next((p for p in self.document["posts"] if p["post_id"] == post_id), None)
        if post is None:
            raise ExplainError(text("explain_no_post", post=post_id))
        title = " · ".join(part for part in (post.get("title"), post.get("holder_name")) if part)
        lines = [text("explain_post_head", post=post_id, org=_org_name(post), title=title,
                      label=post.get("level_label") or post["level"], score=_num(post["score"]))]
        lines.append(self._level_reason(post))
        findings = [f for f in self.document["findings"] if post_id in f.get("post_ids", [])]
        for index, contribution in enumerate(post.get("contributions", []), start=1):
            lines.extend(self._contribution(index, contribution, findings))
        if not post.get("contributions"):
            lines.append(text("explain_no_contributions"))
        blind = [n for n in self.document.get("not_evaluated", [])
                 if not n.get("org_ids") or post["org_id"] in n.get("org_ids", [])]
        if blind:
            titles = "、".join(sorted({self._title(n["rule_id"]) for n in blind}))
            lines.append(text("explain_blind_spots", n=len({n["rule_id"] for n in blind}), rules=titles))
        return lines

    def record(self, rule_id: str, ref: str) -> list[str]:
        """Lines saying whether ``rule_id`` fired on the record ``ref`` (``type:key``), and why."""
        rule = self.rules.get(rule_id)
        if rule is None:
            raise ExplainError(text("explain_no_rule", rule=rule_id))
        hits = [f for f in self.document["findings"] if f["rule_id"] == rule_id and ref in f["records"]]
        lines = [text("explain_record_head", rule=rule_id, title=rule.title, record=ref)]
        for finding in hits:
            lines.append(text("explain_fired", message=finding["message"], severity=finding["severity"]))
        if rule.condition is None:
            if not hits:
                lines.append(text("explain_detector_not_fired", detector=rule.detector.name if rule.detector
                                  else "", params=_params(rule.parameters)))
            return lines
        row = self._row(rule.record_type, ref)
        if row is None:
            lines.append(text("explain_record_missing", record=ref))
            return lines
        period_lines, inside = self._period_line(rule, row)
        lines.extend(period_lines)
        lines.append(text("explain_condition", condition=rule.condition.source))
        lines.extend(self._clauses(rule, row))
        if not hits:
            lines.append(text("explain_not_fired" if inside else "explain_not_fired_period"))
        return lines

    # -- posts ---------------------------------------------------------------------------------

    def _level_reason(self, post: Mapping[str, Any]) -> str:
        if post.get("overrides"):
            return text("explain_override", reasons="；".join(post["overrides"]))
        if self.scoring is None:
            return ""
        level = next((lv for lv in self.scoring.levels if lv.level == post["level"]), None)
        higher = [lv for lv in self.scoring.levels if level and lv.min_score > level.min_score]
        nxt = min(higher, key=lambda lv: lv.min_score) if higher else None
        reason = text("explain_threshold", score=_num(post["score"]), label=level.label if level else "",
                      min=_num(level.min_score) if level else 0)
        if nxt:
            reason += text("explain_next_level", label=nxt.label, min=_num(nxt.min_score))
        return reason

    def _contribution(self, index: int, contribution: Mapping[str, Any],
                      findings: Sequence[Mapping[str, Any]]) -> list[str]:
        rule_id = contribution["rule_id"]
        if rule_id == "post.inherent_risk":
            posts = self.record_types.get("posts")
            labels = field_labels(posts, "powers") if posts else {}
            powers = "、".join(labels.get(p, p) for p in contribution.get("powers") or [])
            return [text("explain_inherent", i=index, points=_num(contribution["points"]), powers=powers)]
        lines = [text("explain_rule_contribution", i=index, rule=rule_id, title=self._title(rule_id),
                      n=contribution.get("findings", 0), points=_num(contribution["points"]))]
        rule = self.rules.get(rule_id)
        for finding in (f for f in findings if f["rule_id"] == rule_id):
            lines.append(text("explain_finding", severity=finding["severity"], points=_num(finding["points"]),
                              message=finding["message"]))
            lines.extend(self._evidence(rule, finding))
        return lines

    def _evidence(self, rule: Rule | None, finding: Mapping[str, Any]) -> list[str]:
        lines = []
        if rule is not None and rule.condition is not None:
            for ref in finding["records"]:
                row = self._row(rule.record_type, ref)
                if row is not None:
                    values = "，".join(f"{name}={_show(row.get(name))}" for name in rule.condition.fields)
                    lines.append(text("explain_record_values", record=ref, values=values))
            thresholds = {p: rule.parameters[p] for p in rule.condition.params if p in rule.parameters}
            if thresholds:
                lines.append(text("explain_thresholds", condition=rule.condition.source,
                                  params=_params(thresholds)))
            return lines
        evidence = finding.get("evidence") or {}
        if evidence:
            values = "，".join(f"{name}={_show(value)}" for name, value in evidence.items())
            lines.append(text("explain_evidence", values=values))
        lines.append(text("explain_records", records=_first(finding["records"])))
        return lines

    # -- records -------------------------------------------------------------------------------

    def _row(self, record_type: str | None, ref: str) -> dict[str, Any] | None:
        if self.frames is None or record_type is None or record_type not in self.frames:
            return None
        rtype = self.record_types[record_type]
        kind, _, key = ref.partition(":")
        if kind != record_type:
            raise ExplainError(text("explain_wrong_type", record=ref, type=record_type))
        frame = self.frames[record_type]
        parts = key.split(":")
        condition = pl.lit(True)
        for name, value in zip(rtype.key, parts, strict=False):
            condition = condition & (pl.col(name).cast(pl.String) == value)
        rows = frame.filter(condition).head(1).to_dicts()
        return rows[0] if rows else None

    def _period_line(self, rule: Rule, row: Mapping[str, Any]) -> tuple[list[str], bool]:
        """A line on whether the record lies in the assessed period, and whether it does."""
        rtype = self.record_types[rule.record_type]
        period = self.document.get("period") or {}
        when = row.get(rtype.date_field) if rtype.date_field else None
        if not (when and period):
            return [], True
        start, end = dt.date.fromisoformat(period["from"]), dt.date.fromisoformat(period["to"])
        inside = start <= when <= end
        key = "explain_in_period" if inside else "explain_out_of_period"
        return [text(key, date=when, start=start, end=end)], inside

    def _clauses(self, rule: Rule, row: Mapping[str, Any]) -> list[str]:
        rtype = self.record_types[rule.record_type]
        frame = pl.DataFrame([row], schema=self.frames[rule.record_type].schema)
        as_of = dt.date.fromisoformat(self.document["as_of"])
        lines = []
        for clause in split_clauses(rule.condition.source):
            try:
                compiled = compile_expression(clause, rtype.fields, rule.parameters)
                holds = frame.select(compiled.to_polars(as_of=as_of)).item()
            except (ExpressionError, pl.exceptions.PolarsError):
                continue
            values = "，".join(f"{name}={_show(row.get(name))}" for name in compiled.fields)
            params = _params({p: rule.parameters[p] for p in compiled.params if p in rule.parameters})
            shown = "；".join(part for part in (values, params) if part)
            lines.append(text("explain_clause_true" if holds else "explain_clause_false", clause=clause,
                              values=shown))
        return lines

    def _title(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        return rule.title if rule else rule_id


def split_clauses(source: str) -> list[str]:
    """The top-level ``and``/``or`` clauses of a condition, as source text (the whole if there are none)."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        return [source]
    body = tree.body
    if isinstance(body, ast.BoolOp):
        parts = [ast.get_source_segment(source.strip(), value) for value in body.values]
        return [part for part in parts if part]
    return [source.strip()]


def _org_name(post: Mapping[str, Any]) -> str:
    return post.get("org_name") or post["org_id"]


def _first(records: Sequence[str], shown: int = 8) -> str:
    if len(records) <= shown:
        return "、".join(records)
    return text("explain_more_records", records="、".join(records[:shown]), n=len(records))


def _params(values: Mapping[str, Any]) -> str:
    return "，".join(f"params.{name}={_show(value)}" for name, value in values.items())


def _show(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _num(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"
