"""Errors of the store: each is a :class:`RiskEngineError` with a message for the user."""

from __future__ import annotations

from ..errors import RiskEngineError


class StorageError(RiskEngineError):
    """The database cannot do what was asked (unknown task, wrong state, unreachable)."""


class NotFoundError(StorageError):
    """The object does not exist, or lies outside the caller's org scope (the two look the same)."""


class ConflictError(StorageError):
    """Someone else changed the object first: the expected version is no longer current."""


class TransitionError(StorageError):
    """The change is not allowed in the task's current state, or not by this actor."""


class EvidenceRejected(StorageError):
    """An evidence file that may not be stored: ``reason`` is ``empty``, ``too_large`` or ``type``."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason
