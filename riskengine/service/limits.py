"""An ASGI middleware that bounds request bodies before the multipart parser spools them to disk.

A declared ``Content-Length`` over the bound is refused at once; a chunked body is counted as it
streams in and cut off when it passes the bound. Either way the client gets 413 with a message.
"""

from __future__ import annotations

import json
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
    """Bounds bodies: uploads to ``limits.max_bytes`` (+ envelope), everything else to 1 MiB."""

    def __init__(self, app: Any, limits: UploadLimits, upload_paths: tuple[str, ...]):
        self.app, self.limits, self.upload_paths = app, limits, upload_paths

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        upload = scope["path"] in self.upload_paths
        bound = self.limits.max_bytes + ENVELOPE if upload else OTHER_BODIES
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > bound:
            await _refuse(send, self.limits, upload)
            return
        seen = 0
        started = False

        async def counted_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > bound:
                    raise _TooLarge(self.limits.max_bytes if upload else OTHER_BODIES)
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
                await _refuse(send, self.limits, upload)


async def _refuse(send: Any, limits: UploadLimits, upload: bool) -> None:
    limit = limits.max_bytes if upload else OTHER_BODIES
    body = json.dumps({"error": "too_large",
                       "message": text("upload_too_large", limit=f"{limit / (1024 * 1024):g} MiB")},
                      ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
