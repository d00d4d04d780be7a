"""Persistent storage of assessments and rectification tasks (SQLAlchemy, Alembic).

``Store(url)`` saves assessments and tracks their tasks until they are closed (对账销号);
the schema lives in :mod:`riskengine.storage.db` and its migrations in ``migrations/``.
"""

from .store import SaveSummary, StorageError, Store

__all__ = ["SaveSummary", "StorageError", "Store"]
