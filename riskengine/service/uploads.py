"""Uploaded datasets: bounded on receipt, unpacked safely before an assessment job reads them.

An upload is either one ``.xlsx`` workbook or a ``.zip`` of ledger files (``ledger.csv``,
``posts.xlsx`` …, at the top of the archive or inside one folder). Both are zip archives, so both
are checked the same way before anything is decompressed: the number of files, the total size the
archive declares, each member's compression ratio (zip bombs), member names that would land outside
the target directory (absolute paths, ``..``), and symbolic links. Decompression then counts the
bytes it actually writes, so an archive that lies about its sizes is stopped as well.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePosixPath

from ..errors import RiskEngineError
from ..messages import text

CHUNK = 1 << 16
WORKBOOK = "dataset.xlsx"


@dataclass(frozen=True)
class UploadLimits:
    """Bounds on one uploaded dataset."""

    max_bytes: int = 64 * 1024 * 1024            # the upload itself
    max_files: int = 200                          # members of the archive
    max_uncompressed: int = 1024 * 1024 * 1024    # all members, decompressed
    max_ratio: int = 200                          # decompressed / compressed, per member


class UploadRejected(RiskEngineError):
    """An upload that is refused; ``status`` is the HTTP status to answer with (400 or 413)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def check_size(size: int, limits: UploadLimits) -> None:
    """Refuse an upload of ``size`` bytes over the bound (413)."""
    if size > limits.max_bytes:
        raise UploadRejected(text("upload_too_large", limit=_mib(limits.max_bytes)), 413)


def kind_of(filename: str, data: bytes) -> str:
    """``"xlsx"`` or ``"zip"``; anything else is refused (400)."""
    if not data.startswith(b"PK"):
        raise UploadRejected(text("upload_not_zip"))
    return "xlsx" if filename.lower().endswith(".xlsx") else "zip"


def check_archive(data: bytes, limits: UploadLimits) -> list[zipfile.ZipInfo]:
    """The archive's file members after every check that needs no decompression."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UploadRejected(text("upload_bad_zip", error=exc)) from None
    files = [m for m in members if not m.is_dir()]
    if len(files) > limits.max_files:
        raise UploadRejected(text("upload_too_many_files", n=len(files), limit=limits.max_files), 413)
    declared = 0
    for member in members:
        _check_name(member)
        if stat.S_ISLNK(member.external_attr >> 16):
            raise UploadRejected(text("upload_symlink", name=member.filename))
        if member.flag_bits & 0x1:
            raise UploadRejected(text("upload_encrypted", name=member.filename))
        declared += member.file_size
        if member.file_size > limits.max_ratio * max(member.compress_size, 1) and member.file_size > CHUNK:
            raise UploadRejected(text("upload_ratio", name=member.filename, limit=limits.max_ratio), 413)
    if declared > limits.max_uncompressed:
        raise UploadRejected(text("upload_uncompressed", limit=_mib(limits.max_uncompressed)), 413)
    return files


def unpack(data: bytes, kind: str, target: Path, limits: UploadLimits) -> Path:
    """Write the dataset under ``target`` (an empty directory) and return the path to assess."""
    files = check_archive(data, limits)
    if kind == "xlsx":
        path = target / WORKBOOK
        path.write_bytes(data)
        return path
    try:
        _extract(zipfile.ZipFile(BytesIO(data)), files, target, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # sizes or checksums that lie
        raise UploadRejected(text("upload_bad_zip", error=exc)) from None
    return dataset_root(target)


def _extract(archive: zipfile.ZipFile, files: list[zipfile.ZipInfo], target: Path,
             limits: UploadLimits) -> None:
    written = 0
    for member in files:
        destination = target.joinpath(*PurePosixPath(member.filename).parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(member) as source, destination.open("wb") as sink:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                # Declared sizes can lie: count what actually comes out.
                if written > limits.max_uncompressed:
                    raise UploadRejected(text("upload_uncompressed", limit=_mib(limits.max_uncompressed)),
                                         413)
                sink.write(chunk)


def dataset_root(target: Path) -> Path:
    """The directory holding the ledger files: ``target``, or the folder it only wraps (however deep)."""
    while True:
        entries = [p for p in target.iterdir() if not p.name.startswith((".", "__MACOSX"))]
        if len(entries) != 1 or not entries[0].is_dir():
            return target
        target = entries[0]


def _check_name(member: zipfile.ZipInfo) -> None:
    name = member.filename
    path = PurePosixPath(name)
    if (not name or "\\" in name or "\x00" in name or path.is_absolute() or ".." in path.parts
            or (len(name) > 1 and name[1] == ":")):
        raise UploadRejected(text("upload_path_escapes", name=name))


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"
