"""Evidence of a rectification (佐证材料): notes, file references and uploaded files with their bytes.

An uploaded file is bounded before it is stored: not empty, at most :data:`MAX_EVIDENCE_BYTES`,
and of a type an officer hands in (a scan or photo, a PDF or OFD, an office document, plain
text) whose first bytes match its name — a renamed program or web page is refused, since it
would later be downloaded by a reviewer. The bytes live in the ``evidence`` table; reads list
evidence without them and only a download fetches them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from ..messages import text
from . import db
from .audit import utc
from .errors import EvidenceRejected, NotFoundError, TransitionError

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_NAME = 200
EVIDENCE = db.Evidence.__table__

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)


def _starts(*magic: bytes) -> Callable[[bytes], bool]:
    return lambda data: data.startswith(magic)


def _webp(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def _plain_text(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut at the end of the sample
                return True
    return False


# suffix → (media type, does the content look like it)
FILE_TYPES: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    ".pdf": ("application/pdf", _starts(b"%PDF")),
    ".ofd": ("application/ofd", _starts(*_ZIP)),  # 国家版式文档 (e-invoices, official documents)
    ".jpg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    ".png": ("image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    ".gif": ("image/gif", _starts(b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", _webp),
    ".bmp": ("image/bmp", _starts(b"BM")),
    ".tif": ("image/tiff", _starts(b"II*\x00", b"MM\x00*")),
    ".tiff": ("image/tiff", _starts(b"II*\x00", b"MM\x00*")),
    ".doc": ("application/msword", _starts(*_OLE)),
    ".xls": ("application/vnd.ms-excel", _starts(*_OLE)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _starts(*_ZIP)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _starts(*_ZIP)),
    ".txt": ("text/plain; charset=utf-8", _plain_text),
}


@dataclass(frozen=True)
class EvidenceFile:
    """A file submitted as evidence: its name and either its bytes (an upload) or only a reference."""

    name: str
    content: bytes | None = None

    @property
    def sha256(self) -> str | None:
        """SHA-256 of the bytes, when uploaded."""
        return hashlib.sha256(self.content).hexdigest() if self.content is not None else None


def clean_name(name: str) -> str:
    """A file name as stored: its last path part, without control characters, at most 200 characters."""
    name = re.split(r"[/\\]", name or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        keep_suffix = dot and len(suffix) < 10
        name = stem[: MAX_NAME - len(suffix) - 1] + dot + suffix if keep_suffix else name[:MAX_NAME]
    return name


def suffix_of(name: str) -> str:
    """``.pdf`` for ``凭证.PDF``; empty without a suffix."""
    stem, dot, suffix = name.rpartition(".")
    return f".{suffix.lower()}" if dot and stem else ""


def media_type(name: str) -> str:
    """The media type a download is served as (from the stored name; unknown: octet-stream)."""
    return FILE_TYPES.get(suffix_of(name), ("application/octet-stream",))[0]


def check_upload(item: EvidenceFile) -> None:
    """Raise :class:`EvidenceRejected` unless ``item``'s bytes may be stored as evidence."""
    if item.content is None:
        return
    if not item.content:
        raise EvidenceRejected(text("err_evidence_empty", name=item.name), "empty")
    if len(item.content) > MAX_EVIDENCE_BYTES:
        limit = MAX_EVIDENCE_BYTES // (1024 * 1024)
        raise EvidenceRejected(text("err_evidence_too_large", name=item.name, mb=limit), "too_large")
    known = FILE_TYPES.get(suffix_of(item.name))
    if known is None:
        raise EvidenceRejected(text("err_evidence_type", name=item.name, allowed=allowed_suffixes()), "type")
    if not known[1](item.content):
        raise EvidenceRejected(text("err_evidence_content", name=item.name, suffix=suffix_of(item.name)),
                               "type")


def allowed_suffixes() -> str:
    """The suffixes accepted, for messages: ``pdf、ofd、jpg …``."""
    return text("enum_sep").join(suffix[1:] for suffix in FILE_TYPES)


def add_rows(session: Session, task_id: str, *, note: str | None, files: Collection[EvidenceFile], by: str,
             at: Any) -> list[dict[str, Any]]:
    """Add a note and files to a task's evidence (inside the caller's unit of work); returns them as
    :func:`evidence_dict` shows them, with their new ids."""
    rows = []
    if note:
        rows.append({"kind": "note", "text": note, "file_name": None, "sha256": None, "content": None,
                     "size": None})
    for item in files:
        size = len(item.content) if item.content is not None else None
        rows.append({"kind": "file", "text": None, "file_name": item.name, "sha256": item.sha256,
                     "content": item.content, "size": size})
    if not rows:
        return []
    rows = [{**row, "task_id": task_id, "added_by": by, "added_at": at} for row in rows]
    ids = session.execute(insert(EVIDENCE).returning(EVIDENCE.c.id, sort_by_parameter_order=True), rows)
    return [evidence_dict(SimpleNamespace(**row, id=new_id, uploaded=row["content"] is not None))
            for row, new_id in zip(rows, ids.scalars(), strict=True)]


# Every column but the bytes, and whether there are any: listing never loads a file.
LISTED = (
    select(EVIDENCE.c.id, EVIDENCE.c.kind, EVIDENCE.c.text, EVIDENCE.c.file_name, EVIDENCE.c.sha256,
           EVIDENCE.c.size, EVIDENCE.c.content.is_not(None).label("uploaded"), EVIDENCE.c.added_by,
           EVIDENCE.c.added_at)
    .where(EVIDENCE.c.task_id == bindparam("task_id"))
    .order_by(EVIDENCE.c.id)
)


def evidence_rows(session: Session, task_id: str) -> list[dict[str, Any]]:
    """A task's evidence, oldest first, without the files' bytes (``uploaded`` says whether there are any)."""
    return [evidence_dict(row) for row in session.execute(LISTED, {"task_id": task_id})]


def evidence_dict(row: Any) -> dict[str, Any]:
    """One piece of evidence as the CLI and the service show it."""
    uploaded = bool(row.uploaded)
    return {
        "id": row.id,
        "kind": row.kind,
        "text": row.text,
        "file_name": row.file_name,
        "sha256": row.sha256,
        "size": row.size,
        "uploaded": uploaded,
        "media_type": media_type(row.file_name) if uploaded and row.file_name else None,
        "by": row.added_by,
        "at": utc(row.added_at).isoformat(),
    }


class EvidenceStore:
    """Evidence uploads, lists and downloads (mixed into :class:`~riskengine.storage.Store`)."""

    def add_evidence(
        self,
        task_id: str,
        *,
        file: EvidenceFile,
        by: str,
        expected_version: int | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """Store an uploaded file as evidence of a task not yet closed; the task does not change state
        but its version goes up (a reviewer who read it before sees that evidence arrived).

        Returns ``{"task": the task, "evidence": the stored file's record}``.
        """
        file = EvidenceFile(clean_name(file.name), file.content)
        if file.content is None:
            raise EvidenceRejected(text("err_evidence_empty", name=file.name), "empty")
        check_upload(file)
        added: list[dict[str, Any]] = []

        def change(session, task):
            if task.status == "closed":
                raise TransitionError(text("err_evidence_closed", task_id=task.task_id))
            added.extend(add_rows(session, task.task_id, note=None, files=[file], by=by, at=self.now()))
            return task.status, None, {"file": {"name": file.name, "sha256": file.sha256,
                                                "size": len(file.content)}}

        task = self._transition(task_id, "evidence_added", by, expected_version, scope, change)
        return {"task": task, "evidence": added[0]}

    def evidence(self, task_id: str, *, scope: Collection[str] | None = None) -> list[dict[str, Any]]:
        """A task's evidence, oldest first, without the bytes; :class:`NotFoundError` outside ``scope``."""
        with self._unit_of_work() as session:
            self._visible_task(session, task_id, scope)
            return evidence_rows(session, task_id)

    def evidence_content(
        self, task_id: str, evidence_id: int, *, scope: Collection[str] | None = None
    ) -> tuple[str, bytes]:
        """The name and bytes of an uploaded evidence file."""
        with self._unit_of_work() as session:
            self._visible_task(session, task_id, scope)
            row = session.execute(
                select(EVIDENCE.c.file_name, EVIDENCE.c.content).where(
                    EVIDENCE.c.id == evidence_id, EVIDENCE.c.task_id == task_id
                )
            ).first()
            if row is None or row.content is None:
                raise NotFoundError(text("err_evidence_not_found", evidence_id=evidence_id))
            return row.file_name or str(evidence_id), row.content
