"""Typed request and response bodies of the HTTP API (they make ``/openapi.json``).

Responses are built from the plain dicts the workspace returns; fields the store adds later
are dropped until they are declared here, so the published schema never lies.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["high", "medium", "low"]
TaskStatus = Literal["open", "in_progress", "submitted", "closed", "reopened"]
Verdict = Literal["confirmed", "false_positive", "corrected"]
JobStatus = Literal["queued", "running", "succeeded", "failed"]
SuppressionState = Literal["active", "expired", "revoked"]


class Out(BaseModel):
    """Base of response models: built from dicts or objects, unknown keys ignored."""

    model_config = ConfigDict(from_attributes=True, extra="ignore")


class Health(Out):
    status: Literal["ok"]
    version: str
    database: str


class Whoami(Out):
    """The caller as the service sees its token."""

    token_id: str
    org_id: str
    role: str
    role_label: str | None = None
    name: str | None = None
    orgs: int = Field(description="api.field.orgs")


class Job(Out):
    """A background assessment job: poll it until ``status`` is succeeded or failed."""

    job_id: str
    status: JobStatus
    org_id: str | None = None
    created_by: str
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    error: str | None = None
    assessment_id: str | None = None
    result: dict[str, Any] | None = Field(None, description="api.field.job_result")


class LevelCounts(Out):
    high: int = 0
    medium: int = 0
    low: int = 0


class PeriodOut(Out):
    model_config = ConfigDict(populate_by_name=True)

    start: str = Field(alias="from", serialization_alias="from")
    to: str


class AssessmentSummary(Out):
    """A saved assessment (its counts cover every org it assessed)."""

    assessment_id: str
    engine_version: str
    as_of: str
    period: PeriodOut
    created_at: str
    posts: int
    findings: int
    tasks: int


class InScope(Out):
    """What of an assessment lies within the caller's scope."""

    posts: int
    findings: int
    tasks: int
    levels: LevelCounts


class AssessmentDetail(AssessmentSummary):
    in_scope: InScope


class Contribution(Out):
    """One part of a post's score: its inherent risk, or one rule's findings."""

    rule_id: str
    points: float
    findings: int
    powers: list[str] | None = None


class Post(Out):
    """A post as one assessment rated it, with the contributions that add up to its score."""

    assessment_id: str
    as_of: str | None = None
    post_id: str
    org_id: str
    title: str | None = None
    holder: str | None = None
    level: Level
    score: float | None = None
    contributions: list[Contribution] = []


class Finding(Out):
    """A finding of a saved assessment, with the newest verdict on it."""

    assessment_id: str
    finding_id: str
    rule_id: str
    org_id: str
    post_ids: list[str]
    records: list[str]
    date: str | None = None
    severity: str
    points: float
    message: str
    suppressed: bool = False
    verdict: Verdict | None = None
    verdict_label: str | None = None
    verdict_reason: str | None = None


class Evidence(Out):
    """A piece of evidence (佐证材料): a note, a file reference, or an uploaded file."""

    id: int
    kind: Literal["note", "file"]
    text: str | None = None
    file_name: str | None = None
    sha256: str | None = None
    size: int | None = None
    uploaded: bool = Field(False, description="api.field.uploaded")
    media_type: str | None = None
    by: str
    at: str


class TaskEvent(Out):
    """One entry of a task's append-only, hash-chained audit trail."""

    seq: int
    event: str
    at: str
    by: str
    from_status: str | None = None
    to_status: str | None = None
    note: str | None = None
    assessment_id: str | None = None
    hash: str


class Task(Out):
    """A rectification task (整改任务). Send ``version`` back (or ``If-Match``) to change it."""

    task_id: str
    post_id: str
    org_id: str
    rule_id: str
    title: str
    measures: list[str]
    deadline: str
    status: TaskStatus
    status_label: str | None = None
    overdue: bool = False
    observation: str | None = None
    kind: str | None = None
    escalation: int = 0
    version: int
    level: Level | None = None
    opened_on: str
    closed_on: str | None = None
    close_note: str | None = None
    closed_by: str | None = None
    submitted_by: str | None = None
    first_assessment_id: str
    last_assessment_id: str
    finding_ids: list[str]


class TaskDetail(Task):
    evidence: list[Evidence] = []
    events: list[TaskEvent] = []


class EvidenceUpload(Out):
    """The task after the upload (its new ``version``) and the stored file."""

    task: Task
    evidence: Evidence


class PostDetail(Post):
    """A post with the findings of its assessment and all its tasks."""

    findings: list[Finding] = []
    tasks: list[Task] = []


class PostExplanation(Out):
    """Why a post has its level, line by line, in the user's language."""

    assessment_id: str
    as_of: str
    post_id: str
    lines: list[str]


class Page(Out):
    total: int
    limit: int
    offset: int


class TaskPage(Page):
    items: list[Task]


class PostPage(Page):
    items: list[Post]


class FindingPage(Page):
    items: list[Finding]


class VerdictOut(Out):
    finding_id: str
    rule_id: str
    org_id: str
    verdict: Verdict
    verdict_label: str | None = None
    reason: str | None = None
    by: str
    at: str


class TaskEventBrief(Out):
    task_id: str
    rule_id: str
    event: str
    status: str | None = None
    note: str | None = None


class PostRun(Out):
    """A post in one past assessment."""

    assessment_id: str
    as_of: str
    level: str
    score: float | None = None
    contributions: list[Contribution] = []
    findings: int
    task_events: list[TaskEventBrief] = []


class PostHistory(Out):
    post_id: str
    org_id: str
    title: str | None = None
    assessments: list[PostRun]
    tasks: list[Task]


class OrgRun(Out):
    """An org's posts in one past assessment."""

    assessment_id: str
    as_of: str
    posts: LevelCounts
    findings: int
    tasks_opened: int
    tasks_reopened: int


class OrgHistory(Out):
    org_id: str
    assessments: list[OrgRun]
    tasks: list[Task]


class RollupRow(Out):
    """Counts for one org: a community, a street, or the total."""

    org_id: str
    name: str | None = None
    posts: LevelCounts
    tasks: int
    open: int
    overdue: int
    closed: int
    closure_rate: float | None = Field(None, description="api.field.closure_rate")
    months_due: int
    months_on_time: int
    disclosure_rate: float | None = Field(None, description="api.field.disclosure_rate")


class RuleRate(Out):
    """查实率 of one rule: confirmed (and corrected) / (confirmed + false positive)."""

    rule_id: str
    street_id: str | None = None
    period: str | None = None
    confirmed: int
    false_positive: int
    rate: float | None = None


class Rollup(Out):
    org_id: str
    name: str | None = None
    as_of: str
    communities: list[RollupRow]
    streets: list[RollupRow]
    total: RollupRow
    confirmation_rates: list[RuleRate]
    rules: list[RuleRate]


class Suppression(Out):
    """A false positive (不实) silenced on the very records of one finding until ``expires_on``."""

    id: int
    rule_id: str
    org_id: str
    records: list[str]
    finding_id: str
    reason: str
    expires_on: str
    created_by: str
    created_at: str
    state: SuppressionState
    state_label: str | None = None
    revoked_by: str | None = None
    revoked_at: str | None = None


class SuppressionPage(Page):
    items: list[Suppression]
