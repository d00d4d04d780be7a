"""Request bodies of the HTTP API: what a caller sends to change something (they make ``/openapi.json``).

Unknown fields are refused (``extra="forbid"``) so a misspelt field is an error, not silently ignored.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..messages import text
from .schemas import Verdict


class Transition(BaseModel):
    """A change of a task's state. ``version`` is the one you read (or send ``If-Match``)."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(None, ge=1, description="api.field.version")
    note: str | None = Field(None, max_length=4000, description="api.field.note")
    on: dt.date | None = Field(None, description="api.field.on")
    override_reason: str | None = Field(None, max_length=4000, description="api.field.override_reason")


class EvidenceRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=500, description="api.field.file_ref")


class Submission(Transition):
    """Submit a task for review with evidence: a note and/or file references (档案编号, paths)."""

    files: list[EvidenceRef] = Field(default_factory=list, max_length=50)


class VerdictIn(BaseModel):
    """查实 / 不实 (with a reason) / 已纠正; a false positive may be suppressed until a date."""

    model_config = ConfigDict(extra="forbid")

    verdict: Verdict
    reason: str | None = Field(None, max_length=4000)
    suppress_until: dt.date | None = None

    @model_validator(mode="after")
    def _reason_for_false_positive(self) -> VerdictIn:
        if self.verdict == "false_positive" and not (self.reason or "").strip():
            raise ValueError(text("err_api_false_needs_reason"))
        if self.suppress_until is not None and self.verdict != "false_positive":
            raise ValueError(text("err_api_suppress_only_false"))
        return self


class Revocation(BaseModel):
    """Why a suppression is revoked (recorded in the audit trail)."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(None, max_length=4000, description="api.field.revoke_reason")
