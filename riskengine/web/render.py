"""Rendering the pages: one Jinja2 environment, the stylesheet inlined, and HTML error pages."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..messages import language, text
from ..render.labels import level_short, status_label
from ..report.html import script_json
from .session import csrf_seed, csrf_value, set_csrf_cookie


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("riskengine.web", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        t=text, level_short=level_short, status_label=status_label, script_json=script_json, asset=asset
    )
    return env


@functools.cache
def asset(name: str) -> str:
    """A stylesheet or script of the pages or the report's vendored ECharts, to inline."""
    package, _, path = name.partition(":")
    return (resources.files(package) / path).read_text(encoding="utf-8")


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """``template`` rendered with ``context``, a CSRF value for its forms, and the caller (if any)."""
    seed, new = csrf_seed(request)
    body = (
        environment()
        .get_template(template)
        .render(
            lang="en" if language() == "en" else "zh-CN",
            csrf=csrf_value(request, seed),
            who=getattr(request.state, "principal", None),
            **context,
        )
    )
    response = HTMLResponse(body, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if new:
        set_csrf_cookie(request, response, seed)
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An error page in Chinese (404 for missing and out-of-scope alike)."""
    return page(request, "error.html.j2", status=status, status_code=status, message=message)
