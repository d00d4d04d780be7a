"""A per-user cache of what riskengine derived from a text before: that it was valid, or how it parsed.

Every command checks the JSON Schemas plugins register, validates the shipped rule packs and
parses their YAML. The results depend only on the texts (and riskengine's version), so they are
kept under a key made from exactly those, and the next command reads them back instead of doing
the work -- and of importing jsonschema. Only success is remembered: a broken schema or pack is
checked, and reported, every time.

The cache lives in ``$RISKENGINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/riskengine``, else
``~/.cache/riskengine``; ``RISKENGINE_CACHE_DIR=off`` turns it off. A cache that cannot be
written (a read-only home) is skipped silently: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from .version import __version__

CACHE_ENV = "RISKENGINE_CACHE_DIR"
OFF = "off"


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return None if configured.lower() == OFF else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "riskengine"


def key(*parts: str | bytes) -> str:
    """A cache key for ``parts`` (texts that determine the result), tied to this riskengine version."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))  # so ("ab", "c") and ("a", "bc") differ
        digest.update(data)
    return digest.hexdigest()


def _path(kind: str, name: str) -> Path | None:
    root = cache_dir()
    return None if root is None else root / kind / name[:2] / name


def known(kind: str, name: str) -> bool:
    """Whether ``name`` (a :func:`key`) was remembered under ``kind`` (e.g. ``valid-schema``)."""
    path = _path(kind, name)
    return path is not None and path.exists()


def remember(kind: str, name: str) -> None:
    """Remember ``name`` under ``kind`` (see :func:`known`)."""
    _write(kind, name, b"")


def load(kind: str, name: str) -> Any | None:
    """The value stored for ``name`` under ``kind``, or None (missing, unreadable or stale)."""
    path = _path(kind, name)
    if path is None:
        return None
    try:
        with path.open("rb") as stored:
            return pickle.load(stored)  # noqa: S301 - the user's own cache, written by store() below
    except Exception:  # noqa: BLE001 - any damage to a cache file only means a miss
        return None


def store(kind: str, name: str, value: Any) -> None:
    """Store ``value`` (picklable) for ``name`` under ``kind``."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - not picklable: simply not cached
        return
    _write(kind, name, data)


def _write(kind: str, name: str, data: bytes) -> None:
    path = _path(kind, name)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a reader never sees half a file, concurrent writers do not clash.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        pass
