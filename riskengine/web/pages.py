"""The officers' pages: login, inbox, post, task (with its lifecycle forms) and the dashboard.

Each page resolves the session's token exactly as the API resolves a bearer token and passes its
scope to every workspace query; an object outside the scope gets the same 404 page as a missing one.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from ..errors import RiskEngineError
from ..messages import text
from ..service.auth import PERMISSIONS, Principal
from ..service.errors import EVIDENCE_STATUS
from ..service.routes.evidence import attachment
from ..storage import EvidenceFile
from ..storage.errors import ConflictError, EvidenceRejected, NotFoundError, TransitionError
from ..storage.evidence import FILE_TYPES
from .dashboard import dashboard_context
from .forms import FormError, read_form, read_upload
from .inbox import inbox_groups
from .render import error_page, page
from .session import end_session, session_token, start_session

log = logging.getLogger("riskengine.web")
router = APIRouter(include_in_schema=False)
ACTIONS = ("start", "submit", "close", "reject")
MAX_NOTE = 2000
MAX_FILES = 20
EVENT_KEYS = frozenset(
    f"web_event_{e}"
    for e in ("opened", "started", "submitted", "closed", "rejected", "reopened", "seen", "evidence_added")
)


def _who(request: Request) -> Principal | None:
    token = session_token(request)
    found = request.app.state.tokens.resolve(token) if token else None
    request.state.principal = found
    return found


def _login_redirect() -> Response:
    return RedirectResponse("/login", status_code=303)


def _not_found(request: Request, who: Principal, what: str, object_id: str) -> Response:
    log.warning(
        "refused or missing: %s (org %s) asked for %s %s on %s",
        who.actor,
        who.org_id,
        what,
        object_id,
        request.url.path,
    )
    return error_page(request, 404, text("web_not_found"))


@router.get("/")
def home(request: Request) -> Response:
    return RedirectResponse("/inbox" if _who(request) else "/login", status_code=303)


@router.get("/login")
def login_page(request: Request) -> Response:
    return page(request, "login.html.j2", error=None)


@router.post("/login")
async def login(request: Request) -> Response:
    try:
        form = await read_form(request)
    except FormError as exc:
        return error_page(request, exc.status, text(exc.key))
    token = form.get("token", "")
    if not token or len(token) > 200 or request.app.state.tokens.resolve(token) is None:
        log.warning("web login refused from %s", request.client.host if request.client else "?")
        return page(request, "login.html.j2", status=401, error=text("web_login_bad"))
    response = RedirectResponse("/inbox", status_code=303)
    start_session(request, response, token)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    try:
        await read_form(request)
    except FormError as exc:
        return error_page(request, exc.status, text(exc.key))
    response = RedirectResponse("/login", status_code=303)
    end_session(response)
    return response


@router.get("/inbox")
def inbox(request: Request) -> Response:
    who = _who(request)
    if who is None:
        return _login_redirect()
    workspace = request.app.state.workspace
    tasks = workspace.tasks(scope=who.scope)
    names = {o["org_id"]: o["name"] for o in workspace.orgs()}
    return page(
        request,
        "inbox.html.j2",
        groups=inbox_groups(tasks),
        names=names,
        total=len(tasks),
        overdue=sum(1 for t in tasks if t["overdue"]),
    )


@router.get("/posts/{post_id}")
def post_page(post_id: str, request: Request) -> Response:
    who = _who(request)
    if who is None:
        return _login_redirect()
    workspace = request.app.state.workspace
    try:
        post = workspace.post(post_id, scope=who.scope)
    except NotFoundError:
        return _not_found(request, who, "post", post_id)
    return page(
        request,
        "post.html.j2",
        post=post,
        explanation=_explain(workspace, post, who),
        names={o["org_id"]: o["name"] for o in workspace.orgs()},
    )


def _explain(workspace: Any, post: dict[str, Any], who: Principal) -> list[str]:
    """The Explainer's lines for the post, over the stored result document."""
    from ..authoring.explain import Explainer

    try:
        doc = workspace.assessment(post["assessment_id"], scope=who.scope)["document"]
        engine = workspace.engine
        explainer = Explainer(
            document=doc,
            rules={rule.id: rule for rule in engine.rulebook.rules},
            scoring=engine.rulebook.scoring,
            record_types=engine.registry.record_types,
        )
        return [line for line in explainer.post(post["post_id"]) if line]
    except RiskEngineError as exc:
        return [str(exc)]


@router.get("/tasks/{task_id}")
def task_page(task_id: str, request: Request) -> Response:
    who = _who(request)
    if who is None:
        return _login_redirect()
    return _task(request, who, task_id, done=request.query_params.get("done"))


def _task(
    request: Request,
    who: Principal,
    task_id: str,
    *,
    status: int = 200,
    done: str | None = None,
    problem: str | None = None,
    kept: dict[str, str] | None = None,
) -> Response:
    workspace = request.app.state.workspace
    try:
        task = workspace.task(task_id, scope=who.scope)
    except NotFoundError:
        return _not_found(request, who, "task", task_id)
    posts = workspace.posts(post_id=task["post_id"], scope=who.scope)
    names = {o["org_id"]: o["name"] for o in workspace.orgs()}
    can = {action: who.role in PERMISSIONS[action] for action in (*ACTIONS, "evidence")}
    return page(
        request,
        "task.html.j2",
        status=status,
        task=task,
        post=posts[0] if posts else None,
        names=names,
        can=can,
        done=done if done in (*ACTIONS, "evidence") else None,
        problem=problem,
        kept=kept or {},
        events_known=EVENT_KEYS,
        accept=",".join(FILE_TYPES),
    )


@router.get("/tasks/{task_id}/evidence/{evidence_id}")
def evidence_file(task_id: str, evidence_id: int, request: Request) -> Response:
    """An uploaded evidence file, as an attachment (the API's download, behind the page's login)."""
    who = _who(request)
    if who is None:
        return _login_redirect()
    try:
        name, content = request.app.state.workspace.evidence_content(task_id, evidence_id, scope=who.scope)
    except NotFoundError:
        return _not_found(request, who, "evidence", f"{task_id}/{evidence_id}")
    return attachment(name, content)


@router.post("/tasks/{task_id}/evidence")
async def upload_evidence(task_id: str, request: Request) -> Response:
    """An evidence file from the task page's upload form (the API's upload, behind the page's login)."""
    who = _who(request)
    if who is None:
        return _login_redirect()
    try:
        form, upload = await read_upload(request)
    except FormError as exc:
        return error_page(request, exc.status, text(exc.key))
    if who.role not in PERMISSIONS["evidence"]:
        log.warning("web refused: %s (%s) may not add evidence to task %s", who.actor, who.role, task_id)
        return error_page(request, 403, text("auth_forbidden", role=who.role))
    version = form.get("version", "")
    if not version.isdigit():
        return _task(request, who, task_id, status=400, problem=text("web_version_missing"))
    if upload is None:
        return _task(request, who, task_id, status=400, problem=text("web_upload_missing"))
    try:
        request.app.state.workspace.add_evidence(
            task_id, file=upload, by=who.actor, expected_version=int(version), scope=who.scope
        )
    except NotFoundError:
        return _not_found(request, who, "task", task_id)
    except ConflictError:
        return _task(request, who, task_id, status=409, problem=text("web_stale"))
    except EvidenceRejected as exc:
        return _task(request, who, task_id, status=EVIDENCE_STATUS[exc.reason], problem=str(exc))
    except (TransitionError, RiskEngineError) as exc:
        return _task(request, who, task_id, status=409, problem=str(exc))
    return RedirectResponse(f"/tasks/{task_id}?done=evidence", status_code=303)


@router.post("/tasks/{task_id}/{action}")
async def task_action(task_id: str, action: str, request: Request) -> Response:
    who = _who(request)
    if who is None:
        return _login_redirect()
    try:
        form = await read_form(request)
    except FormError as exc:
        return error_page(request, exc.status, text(exc.key))
    if action not in ACTIONS:
        return error_page(request, 404, text("web_not_found"))
    if who.role not in PERMISSIONS[action]:
        log.warning("web refused: %s (%s) may not %s task %s", who.actor, who.role, action, task_id)
        return error_page(request, 403, text("auth_forbidden", role=who.role))
    version = form.get("version", "")
    note = form.get("note", "")[:MAX_NOTE]
    if not version.isdigit():
        return _task(request, who, task_id, status=400, problem=text("web_version_missing"), kept=form)
    try:
        _apply(request.app.state.workspace, who, task_id, action, int(version), note, form)
    except NotFoundError:
        return _not_found(request, who, "task", task_id)
    except ConflictError:
        # Someone changed the task since this form was read: show the task as it is now, keep what was typed.
        return _task(request, who, task_id, status=409, problem=text("web_stale"), kept=form)
    except (TransitionError, RiskEngineError) as exc:
        return _task(request, who, task_id, status=409, problem=str(exc), kept=form)
    return RedirectResponse(f"/tasks/{task_id}?done={action}", status_code=303)


def _apply(
    workspace: Any, who: Principal, task_id: str, action: str, version: int, note: str, form: dict[str, str]
) -> None:
    common = {"by": who.actor, "expected_version": version, "scope": who.scope}
    if action == "start":
        workspace.start_task(task_id, note=note or None, **common)
    elif action == "submit":
        names = [line.strip() for line in form.get("files", "").splitlines() if line.strip()][:MAX_FILES]
        if not note and not names:
            raise RiskEngineError(text("web_evidence_missing"))
        workspace.submit_task(
            task_id, note=note or None, files=[EvidenceFile(name=n[:200]) for n in names], **common
        )
    elif action == "close":
        override = form.get("override", "")[:MAX_NOTE] or None
        workspace.close_task(task_id, note=note or text("web_closed_default"), override=override, **common)
    elif action == "reject":
        if not note:
            raise RiskEngineError(text("web_reason_missing"))
        workspace.reject_task(task_id, reason=note, **common)


@router.get("/dashboard")
@router.get("/dashboard/{org_id}")
def dashboard(request: Request, org_id: str | None = None) -> Response:
    who = _who(request)
    if who is None:
        return _login_redirect()
    org_id = org_id or who.org_id
    if not who.sees(org_id):
        return _not_found(request, who, "org", org_id)
    context = dashboard_context(request.app.state.workspace, who, org_id)
    return page(request, "dashboard.html.j2", **context)
