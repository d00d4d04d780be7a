"""The bytes of a rule pack as text, in whatever encoding a Chinese Windows editor saved it.

Tried in order: a byte-order mark (UTF-8, UTF-16 or UTF-32, as Notepad writes "Unicode"), UTF-16
without a mark (recognised by its NUL bytes, as the YAML spec does), strict UTF-8, then GB18030 --
a superset of GBK and GB2312, the "ANSI" encoding of a Chinese Windows. UTF-8 comes before GB18030
because GB18030 accepts many UTF-8 byte strings too, but never the other way round for Chinese text.
A file that is none of these is refused with the line and column of the first undecodable byte.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import Location, Problem, RulePackSyntaxError
from ..messages import text

MAX_PACK_BYTES = 2 * 1024 * 1024  # the largest shipped pack is ~16 KB; 2 MB is far beyond any real one

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its mark starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8（带 BOM）",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "gb18030": "GB18030（GBK）",
}


@dataclass(frozen=True)
class DecodedPack:
    """A pack's text and the encoding it was read with."""

    text: str
    encoding: str


def decode_pack(raw: bytes, source: str) -> DecodedPack:
    """Decode a pack's bytes; raise :class:`RulePackSyntaxError` naming the file and the bad byte."""
    if len(raw) > MAX_PACK_BYTES:
        raise _error(source, text("pack_too_large", size=len(raw), limit=MAX_PACK_BYTES), Location(source))
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding, source)
    guessed = _utf16_without_bom(raw)
    if guessed:
        return _strict(raw, guessed, source)
    try:
        return DecodedPack(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return DecodedPack(raw.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    location = _byte_location(raw, utf8_error.start, source)
    bad = raw[utf8_error.start : utf8_error.start + 1].hex().upper()
    raise _error(source, text("pack_bad_encoding", byte=bad), location)


def _utf16_without_bom(raw: bytes) -> str | None:
    # A YAML file starts with ASCII, so UTF-16 shows a NUL in the first two bytes.
    if len(raw) >= 2 and len(raw) % 2 == 0:
        if raw[0] == 0 and raw[1] != 0:
            return "utf-16-be"
        if raw[0] != 0 and raw[1] == 0:
            return "utf-16-le"
    return None


def _strict(raw: bytes, encoding: str, source: str) -> DecodedPack:
    try:
        return DecodedPack(raw.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        raise _error(
            source,
            text("pack_bad_bytes", encoding=ENCODING_NAMES.get(encoding, encoding), offset=exc.start),
            Location(source),
        ) from None


def _byte_location(raw: bytes, offset: int, source: str) -> Location:
    """Line and column (in characters, as an editor counts them) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Location(source, line, column)


def _error(source: str, message: str, location: Location) -> RulePackSyntaxError:
    return RulePackSyntaxError(text("pack_unreadable", source=source), [Problem(message, location)])
