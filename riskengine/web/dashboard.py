"""A street's or district's dashboard: the report's charts over the newest assessment in scope."""

from __future__ import annotations

from typing import Any

from ..report.model import StoreView, build_model
from ..service.auth import Principal

CHART_TEXT_KEYS = ("high", "medium", "low", "points", "findings", "not_evaluated", "posts", "assessments")


def dashboard_context(workspace: Any, who: Principal, org_id: str) -> dict[str, Any]:
    """What ``dashboard.html.j2`` shows for ``org_id`` (within ``who``'s scope)."""
    from ..messages import text

    scope = workspace.org_scope(org_id) & who.scope
    orgs = {o["org_id"]: o for o in workspace.orgs()}
    rollup = workspace.rollup(org_id, scope=who.scope)
    assessments = workspace.assessments(scope=scope)
    model = None
    if assessments:
        doc = _with_org_names(
            workspace.assessment(assessments[0]["assessment_id"], scope=scope)["document"], orgs
        )
        tasks = workspace.tasks(scope=scope)
        model = build_model(doc, StoreView(tasks=tasks), on=workspace.db.today())
    children = [o for o in orgs.values() if o["parent_id"] == org_id and o["org_id"] in who.scope]
    return {
        "org": orgs.get(org_id, {"org_id": org_id, "name": org_id, "level": None}),
        "rollup": rollup,
        "m": model,
        "children": sorted(children, key=lambda o: o["org_id"]),
        "chart_data": {"model": model, "text": {k: text(f"rp_chart_{k}") for k in CHART_TEXT_KEYS}}
        if model
        else None,
    }


def _with_org_names(doc: dict[str, Any], orgs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The document's posts with community and street names from the stored hierarchy where they lack them."""
    posts = []
    for post in doc["posts"]:
        org = orgs.get(post["org_id"], {})
        street = orgs.get(org.get("parent_id") or "", {})
        posts.append(
            {
                **post,
                "org_name": post.get("org_name") or org.get("name"),
                "street_id": post.get("street_id") or street.get("org_id"),
                "street_name": post.get("street_name") or street.get("name"),
            }
        )
    return {**doc, "posts": posts}
