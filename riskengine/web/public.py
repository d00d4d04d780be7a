"""The residents' page (码上监督): ``/public/{org_id}``, public and read-only, with a complaint form.

It shows what may be public: the community's name, 公开率 per assessed month and how many
rectification tasks were opened, are in progress and were closed. No names, person ids or post
holders. The complaint form stores a complaint that the community's next assessment reads
(:mod:`riskengine.data.complaints`); it is bounded in size and in rate per client address.
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from ..messages import text
from ..storage.errors import NotFoundError
from .forms import FormError, read_form
from .render import error_page, page

log = logging.getLogger("riskengine.web.public")
router = APIRouter(prefix="/public", include_in_schema=False)
CATEGORIES = ("finance", "welfare", "assets", "projects", "conduct", "disclosure", "other")


def _context(request: Request, org_id: str) -> dict | None:
    workspace = request.app.state.workspace
    try:
        summary = workspace.db.public_summary(org_id)
    except NotFoundError:
        return None
    posts = {p["post_id"]: p["title"] for p in workspace.posts(org_id=org_id) if p["org_id"] == org_id}
    return {
        "s": summary,
        "posts": sorted(posts.items(), key=lambda kv: kv[0]),
        "categories": CATEGORIES,
        "settings": request.app.state.web.settings,
    }


@router.get("/{org_id}")
def public_page(org_id: str, request: Request) -> Response:
    context = _context(request, org_id)
    if context is None:
        return error_page(request, 404, text("web_public_not_found"))
    filed = request.query_params.get("filed")
    return page(
        request,
        "public.html.j2",
        filed=filed if filed and len(filed) < 40 else None,
        problem=None,
        kept={},
        **context,
    )


@router.post("/{org_id}/complaints")
async def file_complaint(org_id: str, request: Request) -> Response:
    context = _context(request, org_id)
    if context is None:
        return error_page(request, 404, text("web_public_not_found"))
    try:
        form = await read_form(request)
    except FormError as exc:
        return error_page(request, exc.status, text(exc.key))
    settings = request.app.state.web.settings
    workspace = request.app.state.workspace

    def again(status: int, key: str, **values) -> Response:
        return page(
            request,
            "public.html.j2",
            status=status,
            filed=None,
            problem=text(key, **values),
            kept=form,
            **context,
        )

    category, content = form.get("category", ""), form.get("content", "")
    contact, target = form.get("contact", "") or None, form.get("target_post_id", "") or None
    if category not in CATEGORIES:
        return again(400, "web_complaint_category")
    if not content:
        return again(400, "web_complaint_empty")
    if len(content) > settings.max_complaint_chars:
        return again(400, "web_complaint_long", n=settings.max_complaint_chars)
    if contact and len(contact) > settings.max_contact_chars:
        return again(400, "web_complaint_contact_long", n=settings.max_contact_chars)
    if target and target not in dict(context["posts"]):
        return again(400, "web_complaint_post")
    address = request.client.host if request.client else "unknown"
    client = request.app.state.web.signer.digest("client", address)[:64]
    since = workspace.db.now() - dt.timedelta(hours=1)
    if workspace.db.complaints_since(client, since) >= settings.complaints_per_hour:
        log.warning("complaint refused: rate bound reached for a client on %s", org_id)
        return again(429, "web_complaint_rate", n=settings.complaints_per_hour)
    filed = workspace.db.file_complaint(
        org_id=org_id,
        category=category,
        content=content,
        contact=contact,
        target_post_id=target,
        client=client,
    )
    return RedirectResponse(
        f"/public/{quote(org_id, safe='')}?filed={filed['complaint_id']}", status_code=303
    )
