"""The result as an Excel workbook an officer hands on: 概览, 岗位, 问题清单, 整改任务, 未评估, 数据问题."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..messages import text
from ..outcome.assessment import Assessment
from .labels import PostLabels, domain_label, severity_label, status_label, top_reasons
from .xlsx_sheet import Book, Column

LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2}


def render_xlsx(result: Assessment) -> bytes:
    """The workbook's bytes; identical for identical results (its ``created`` date is the as-of date)."""
    doc = result.to_dict()
    labels = PostLabels(doc)
    as_of = dt.date.fromisoformat(doc["as_of"])
    book = Book(created=dt.datetime(as_of.year, as_of.month, as_of.day))
    book.table(text("sheet_summary"), _summary_columns(), _summary_rows(result, doc), autofilter=False)
    book.table(text("sheet_posts"), _post_columns(), _post_rows(doc, labels))
    book.table(text("sheet_findings"), _finding_columns(), _finding_rows(doc, labels))
    book.table(text("sheet_tasks"), _task_columns(), _task_rows(doc, labels))
    book.table(text("sheet_not_evaluated"), _not_evaluated_columns(), _not_evaluated_rows(doc, labels))
    book.table(text("sheet_rejected"), _rejected_columns(), _rejected_rows(doc))
    return book.close()


def _summary_columns() -> list[Column]:
    return [Column(text("xl_item")), Column(text("xl_value"), "auto", max_width=80)]


def _summary_rows(result: Assessment, doc: dict[str, Any]) -> list[list[Any]]:
    counts = result.level_counts()
    packs = "\n".join(f"{p.get('title') or p['id']}（{p['id']} {p['version']}）" for p in doc["rule_packs"])
    return [
        [text("xl_assessment_id"), doc["assessment_id"]],
        [text("xl_as_of"), dt.date.fromisoformat(doc["as_of"])],
        [text("xl_period"), text("xl_period_value", start=doc["period"]["from"], end=doc["period"]["to"])],
        [text("xl_posts"), len(doc["posts"])],
        [text("level_high"), counts["high"]],
        [text("level_medium"), counts["medium"]],
        [text("level_low"), counts["low"]],
        [text("xl_findings"), len(doc["findings"])],
        [text("xl_tasks"), len(doc["tasks"])],
        [text("xl_not_evaluated"), len({n["rule_id"] for n in doc["not_evaluated"]})],
        [text("xl_rejected"), len({(r["source"], r["row"]) for r in doc["rejected"]})],
        [text("xl_rule_packs"), packs],
        [text("xl_engine"), doc["engine_version"]],
    ]


def _post_columns() -> list[Column]:
    return [
        Column(text("col_street")), Column(text("col_org")), Column(text("xl_post_id")),
        Column(text("col_title")), Column(text("col_holder")), Column(text("col_level")),
        Column(text("col_score"), "number"), Column(text("xl_finding_count"), "int"),
        Column(text("xl_serious_count"), "int"), Column(text("col_reasons"), max_width=70),
    ]


def _post_rows(doc: dict[str, Any], labels: PostLabels) -> list[list[Any]]:
    posts = sorted(
        doc["posts"], key=lambda p: (LEVEL_ORDER[p["level"]], -p["score"], p["org_id"], p["post_id"])
    )
    return [
        [
            labels.street(p), labels.org(p), p["post_id"], labels.title(p), p.get("holder_name"),
            p["level_label"], p["score"], sum(c["findings"] for c in p["contributions"]),
            p.get("serious_findings"), "\n".join(top_reasons(p)),
        ]
        for p in posts
    ]


def _finding_columns() -> list[Column]:
    return [
        Column(text("xl_finding_id")), Column(text("col_street")), Column(text("col_org")),
        Column(text("xl_posts_col"), max_width=30), Column(text("xl_domain")), Column(text("xl_rule")),
        Column(text("xl_severity")), Column(text("xl_serious"), max_width=30),
        Column(text("xl_points"), "number"), Column(text("xl_date"), "date"),
        Column(text("xl_message"), max_width=70),
        Column(text("xl_escalation"), max_width=40), Column(text("xl_records"), max_width=40),
        Column(text("xl_evidence"), max_width=70),
    ]


def _finding_rows(doc: dict[str, Any], labels: PostLabels) -> list[list[Any]]:
    return [
        [
            f["finding_id"], labels.street(f), labels.org(f),
            "\n".join(labels.post_label(p) for p in f["post_ids"]), domain_label(f["domain"]),
            labels.rule(f["rule_id"]), severity_label(f["severity"]), f.get("serious"), f["points"],
            f.get("date"), f["message"], f.get("escalation_reason"), "\n".join(f["records"]),
            _evidence(f["evidence"]),
        ]
        for f in doc["findings"]
    ]


def _evidence(evidence: dict[str, Any]) -> str:
    return "\n".join(
        f"{key}: {value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
        for key, value in evidence.items()
    )


def _task_columns() -> list[Column]:
    return [
        Column(text("col_task_id")), Column(text("col_street")), Column(text("col_org")),
        Column(text("col_title")), Column(text("col_holder")), Column(text("xl_rule")),
        Column(text("col_task")), Column(text("xl_measures"), max_width=50),
        Column(text("col_deadline"), "date"), Column(text("xl_status")),
        Column(text("xl_finding_ids"), max_width=24),
    ]


def _task_rows(doc: dict[str, Any], labels: PostLabels) -> list[list[Any]]:
    rows = []
    for t in sorted(doc["tasks"], key=lambda t: (t["deadline"], t["org_id"], t["post_id"], t["task_id"])):
        post = labels.post(t["post_id"]) or {}
        rows.append([
            t["task_id"], labels.street(t), labels.org(t), post.get("title") or t["post_id"],
            post.get("holder_name"), labels.rule(t["rule_id"]), t["title"],
            "\n".join(f"{i}. {m}" for i, m in enumerate(t["measures"], start=1)), t["deadline"],
            status_label(t["status"]), "\n".join(t["finding_ids"]),
        ])
    return rows


def _not_evaluated_columns() -> list[Column]:
    return [
        Column(text("xl_rule_id")), Column(text("xl_rule")), Column(text("xl_scope")),
        Column(text("xl_orgs"), max_width=50), Column(text("xl_reason"), max_width=70),
    ]


def _not_evaluated_rows(doc: dict[str, Any], labels: PostLabels) -> list[list[Any]]:
    rows = []
    for item in doc["not_evaluated"]:
        orgs = item.get("org_ids") or []
        scope = text("xl_scope_orgs", n=len(orgs)) if orgs else text("xl_scope_all")
        rows.append([
            item["rule_id"], item.get("title") or labels.rule(item["rule_id"]), scope,
            "、".join(labels.org_name(o) for o in orgs), item["reason"],
        ])
    return rows


def _rejected_columns() -> list[Column]:
    return [
        Column(text("xl_source")), Column(text("xl_row"), "int"), Column(text("xl_record_type")),
        Column(text("xl_field")), Column(text("xl_error"), max_width=80),
    ]


def _rejected_rows(doc: dict[str, Any]) -> list[list[Any]]:
    return [[r["source"], r["row"], r.get("type"), r.get("field"), r["error"]] for r in doc["rejected"]]
