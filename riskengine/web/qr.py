"""The QR code for a community's notice board (码上监督): it opens the community's public page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import segno

from ..errors import RiskEngineError
from ..messages import text

PUBLIC_PATH = "/public/{org_id}"
SUFFIXES = (".png", ".svg")
SCALE = 12  # pixels per module: about 4 cm wide at 300 dpi for a typical code, crisp on an A4 notice


def public_url(base_url: str, org_id: str) -> str:
    """The address of ``org_id``'s public page on the service at ``base_url`` (http or https)."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RiskEngineError(text("qr_bad_base_url", url=repr(base_url)))
    if not org_id or not org_id.strip():
        raise RiskEngineError(text("qr_empty_org"))
    return base_url.rstrip("/") + PUBLIC_PATH.format(org_id=quote(org_id.strip(), safe=""))


def write_qrcode(url: str, path: Path) -> None:
    """Write ``url`` as a QR code to PNG or SVG (error correction Q: survives a worn or stained print)."""
    if Path(path).suffix.lower() not in SUFFIXES:
        raise ValueError(f"unsupported suffix: {path}")
    code = segno.make(url, error="q", micro=False)
    code.save(str(path), scale=SCALE, border=4)
