"""Persistent storage of assessments and rectification tasks (SQLAlchemy, Alembic).

``Store(url)`` saves assessments and tracks their tasks until they are closed (对账销号);
the schema lives in :mod:`riskengine.storage.db` and its migrations in ``migrations/``.
Callers normally go through :class:`riskengine.workspace.Workspace`.
"""

from .access import TokenScope
from .audit import AuditReport
from .errors import ConflictError, EvidenceRejected, NotFoundError, StorageError, TransitionError
from .evidence import EvidenceFile
from .store import SaveSummary, Store

__all__ = [
    "AuditReport",
    "ConflictError",
    "EvidenceFile",
    "EvidenceRejected",
    "NotFoundError",
    "SaveSummary",
    "StorageError",
    "Store",
    "TokenScope",
    "TransitionError",
]
