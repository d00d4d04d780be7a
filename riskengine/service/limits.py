"""An ASGI middleware that bounds request bodies before the multipart parser spools them to disk.

A declared ``Content-Length`` over the bound is refused at once; a chunked body is counted as it
streams in and cut off when it passes the bound. Either way the client gets 413 with a message.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from ..messages import text
from .errors import ServiceError
from .uploads import UploadLimits

# Room for the multipart envelope and the form fields around the file.
ENVELOPE = 64 * 1024
OTHER_BODIES = 1024 * 1024


class _TooLarge(ServiceError):
    """Raised from ``receive``: FastAPI passes HTTP exceptions through its body parsing unchanged."""

    def __init__(self, limit: int):
        super().__init__(413, "too_large", text("upload_too_large", limit=f"{limit / (1024 * 1024):g} MiB"))


class BodyLimit:
    """Bounds bodies: dataset uploads to ``limits.max_bytes`` (+ envelope), the paths matching a
    ``bounded`` pattern to its own limit (+ envelope), everything else to 1 MiB."""

    def __init__(self, app: Any, limits: UploadLimits, upload_paths: tuple[str, ...],
                 bounded: tuple[tuple[str, int], ...] = ()):
        self.app, self.limits, self.upload_paths = app, limits, upload_paths
        self.bounded = tuple((re.compile(pattern), limit) for pattern, limit in bounded)

    def _limit(self, path: str) -> tuple[int, int]:
        """(the largest body accepted on ``path``, the file size to name in the refusal)."""
        if path in self.upload_paths:
            return self.limits.max_bytes + ENVELOPE, self.limits.max_bytes
        for pattern, limit in self.bounded:
            if pattern.match(path):
                return limit + ENVELOPE, limit
        return OTHER_BODIES, OTHER_BODIES

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        bound, shown = self._limit(scope["path"])
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > bound:
            await _refuse(send, shown, scope["path"])
            return
        seen = 0
        started = False

        async def counted_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > bound:
                    raise _TooLarge(shown)
            return message

        async def tracked_send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except _TooLarge:
            if not started:
                await _refuse(send, shown, scope["path"])


async def _refuse(send: Any, limit: int, path: str = "/api/") -> None:
    message = text("upload_too_large", limit=f"{limit / (1024 * 1024):g} MiB")
    if path.startswith("/api/"):
        body = json.dumps({"error": "too_large", "message": message}, ensure_ascii=False).encode("utf-8")
        kind = b"application/json"
    else:  # a page's form: a page the browser shows, with the way back
        body = (f'<!doctype html><html lang="zh"><meta charset="utf-8"><title>413</title>'
                f'<p role="alert">{html.escape(message)}</p><p><a href="javascript:history.back()">←</a></p>'
                ).encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", kind),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
