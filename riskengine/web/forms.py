"""Reading the pages' forms: urlencoded (bounded in size) or an upload, checked for CSRF."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request

from ..storage import EvidenceFile
from ..storage.evidence import MAX_EVIDENCE_BYTES
from .session import csrf_ok


class FormError(Exception):
    """A form refused before it is looked at: too large (413) or without a valid CSRF value (403)."""

    def __init__(self, status: int, key: str):
        super().__init__(key)
        self.status, self.key = status, key


async def read_form(request: Request) -> dict[str, str]:
    """The form's fields (first value of each, stripped); raises :class:`FormError`."""
    limit = request.app.state.web.settings.max_form_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FormError(413, "web_form_too_large")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise FormError(413, "web_form_too_large")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        raise FormError(400, "web_form_bad") from None
    form = {name: values[0].strip() for name, values in fields.items()}
    if not csrf_ok(request, form.get("csrf")):
        raise FormError(403, "web_csrf")
    return form


async def read_upload(request: Request) -> tuple[dict[str, str], EvidenceFile | None]:
    """A multipart form with one file (``file``): its text fields and the file (None when none was
    chosen). The body is bounded by the service's middleware (see ``service.limits``); a form
    without a valid CSRF value, or that is not multipart, raises :class:`FormError`."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise FormError(400, "web_form_bad")
    try:
        parsed = await request.form(max_files=1, max_fields=10)
    except Exception:  # noqa: BLE001 - whatever the parser says, the form is unreadable
        raise FormError(400, "web_form_bad") from None
    try:
        form = {name: value.strip() for name, value in parsed.items() if isinstance(value, str)}
        if not csrf_ok(request, form.get("csrf")):
            raise FormError(403, "web_csrf")
        upload = parsed.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return form, None
        content = await upload.read(MAX_EVIDENCE_BYTES + 1)
        return form, EvidenceFile(upload.filename, content)
    finally:
        await parsed.close()
