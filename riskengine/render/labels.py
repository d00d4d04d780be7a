"""Names and short texts that every renderer shows the same way (table, workbook, report)."""

from __future__ import annotations

import re
from typing import Any

from ..messages import label, text

INHERENT = "post.inherent_risk"
TOP_REASONS = 3


def level_short(level: str) -> str:
    """一级 / 二级 / 三级 (the table's narrow level column)."""
    return text(f"level_short_{level}")


def domain_label(domain: str) -> str:
    """The domain's Chinese name (财务公开, 惠民资金, …), or its id for a domain the catalog does not know."""
    return label("domain", domain)


def severity_label(severity: str) -> str:
    return label("severity", severity)


def status_label(status: str) -> str:
    return label("status", status)


class PostLabels:
    """Display names for the posts, communities, streets and rules of one result document.

    Results written before names were added (or from datasets without ``orgs``/``persons``) still
    render: every lookup falls back to the id.
    """

    def __init__(self, doc: dict[str, Any]):
        self.doc = doc
        self.posts = {p["post_id"]: p for p in doc["posts"]}
        self.org_names: dict[str, str] = {}
        self.org_streets: dict[str, tuple[str | None, str | None]] = {}
        for post in doc["posts"]:
            if post.get("org_name"):
                self.org_names.setdefault(post["org_id"], post["org_name"])
            self.org_streets.setdefault(post["org_id"], (post.get("street_id"), post.get("street_name")))
        self.rule_titles: dict[str, str] = {}
        for finding in doc["findings"]:
            self.rule_titles.setdefault(finding["rule_id"], finding.get("title") or finding["rule_id"])
        for item in doc["not_evaluated"]:
            if item.get("title"):
                self.rule_titles.setdefault(item["rule_id"], item["title"])
        for post in doc["posts"]:
            for c in post["contributions"]:
                if c.get("title"):
                    self.rule_titles.setdefault(c["rule_id"], c["title"])
        self.rule_domains = {f["rule_id"]: f["domain"] for f in doc["findings"]}

    def post(self, post_id: str) -> dict[str, Any] | None:
        return self.posts.get(post_id)

    def org(self, item: dict[str, Any]) -> str:
        """The community's name (or its id) of a post, task or finding."""
        return self.org_name(item["org_id"])

    def org_name(self, org_id: str) -> str:
        return self.org_names.get(org_id) or org_id

    def street(self, item: dict[str, Any]) -> str:
        street_id, street_name = self.org_streets.get(item["org_id"], (None, None))
        return street_name or street_id or ""

    def street_name(self, org_id: str) -> str:
        street_id, street_name = self.org_streets.get(org_id, (None, None))
        return street_name or street_id or text("unknown_street")

    def title(self, post: dict[str, Any]) -> str:
        return post.get("title") or post["post_id"]

    def rule(self, rule_id: str) -> str:
        """The rule's title (or its id when the result does not name it)."""
        return self.rule_titles.get(rule_id, rule_id)

    def post_label(self, post_id: str) -> str:
        """社区 职务（在岗人员）, e.g. 上寨村 民政专干（何雪）."""
        post = self.posts.get(post_id)
        if post is None:
            return post_id
        holder = f"（{post['holder_name']}）" if post.get("holder_name") else ""
        return f"{self.org(post)} {self.title(post)}{holder}"


def top_reasons(post: dict[str, Any], n: int = TOP_REASONS) -> list[str]:
    """Overrides first, then the rules with the most points: ``title×findings``."""
    rules = [c for c in post["contributions"] if c["rule_id"] != INHERENT]
    reasons = [f"{c.get('title') or c['rule_id']}×{c['findings']}" for c in rules][:n]
    overrides = dict.fromkeys(_short(r) for r in post.get("overrides", []))
    return [text("override", reason=r) for r in overrides] + reasons


def _short(reason: str) -> str:
    """An override reason without its parenthesised detail, kept on one line in a narrow column."""
    return re.sub(r"（[^）]*）|\([^)]*\)", "", reason).strip().replace(" ", "\u00a0")
