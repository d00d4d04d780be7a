"""Reading the pages' forms: urlencoded, bounded in size, checked for CSRF."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request

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
