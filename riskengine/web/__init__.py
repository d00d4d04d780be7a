"""Server-rendered pages of the service: officers' pages behind a login, and residents' public pages.

:func:`install` adds them to an app built by :func:`riskengine.service.create_app`; the officers'
pages see exactly what the token they logged in with sees through the API (same scope, same
roles; anything outside answers the same 404 page as a missing object).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import FastAPI

from .session import Signer, web_secret


@dataclass(frozen=True)
class WebSettings:
    """The pages' settings.

    :param complaints_per_hour: complaints one client address may file per hour on public pages.
    :param max_complaint_chars: the longest complaint text accepted.
    :param max_form_bytes: the largest form body any page accepts.
    """

    secret: bytes = field(default_factory=web_secret, repr=False)
    complaints_per_hour: int = 5
    max_complaint_chars: int = 1000
    max_contact_chars: int = 100
    max_form_bytes: int = 16 * 1024


@dataclass(frozen=True)
class WebState:
    """What the pages keep on ``app.state.web``."""

    settings: WebSettings
    signer: Signer


def install(app: FastAPI, settings: WebSettings | None = None) -> FastAPI:
    """Add the pages (login, inbox, posts, tasks, dashboard, public pages) to ``app``."""
    from . import pages, public

    settings = settings or WebSettings()
    app.state.web = WebState(settings, Signer(settings.secret))
    app.include_router(pages.router)
    app.include_router(public.router)
    return app


__all__ = ["WebSettings", "install"]
