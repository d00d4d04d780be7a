"""Service fixtures: the app in process over a Workspace on SQLite and PostgreSQL, with tokens.

The world: district D1 with streets S1 (communities C11, C12) and S2 (community C21); one saved
assessment with a problem at each community. Tokens cover every role at several levels.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from riskengine.service import ServiceSettings, create_app
from riskengine.workspace import Workspace

from .db_fixtures import build_assessment

FILES = Path(__file__).parent / "files"
AS_OF = dt.date(2026, 11, 30)
ORGS = [
    {"org_id": "D1", "name": "示范区", "level": "district", "parent_id": None},
    {"org_id": "S1", "name": "东湖街道", "level": "street", "parent_id": "D1"},
    {"org_id": "S2", "name": "西岭街道", "level": "street", "parent_id": "D1"},
    {"org_id": "C11", "name": "东湖社区", "level": "community", "parent_id": "S1"},
    {"org_id": "C12", "name": "南湖社区", "level": "community", "parent_id": "S1"},
    {"org_id": "C21", "name": "西岭村", "level": "village", "parent_id": "S2"},
]
PROBLEMS = [
    ("C11", "C11-KJ", "finance.cash_over_limit", ["ledger:T1"]),
    ("C12", "C12-MZ", "welfare.payment_after_death", ["disbursements:D1"]),
    ("C21", "C21-KJ", "finance.cash_over_limit", ["ledger:T9"]),
]
TOKENS = {  # name: (org, role)
    "officer_s1": ("S1", "officer"),
    "reviewer_s1": ("S1", "reviewer"),
    "auditor_s1": ("S1", "auditor"),
    "officer_c11": ("C11", "officer"),
    "officer_s2": ("S2", "officer"),
    "admin_d1": ("D1", "admin"),
}


@dataclass
class Service:
    """The app's client, its workspace, the tokens by name and the saved world's ids."""

    client: TestClient
    workspace: Workspace
    tokens: dict[str, str]
    assessment_id: str
    tasks: dict[str, str]  # community → task id

    def as_(self, name: str) -> dict[str, str]:
        """Headers that authenticate as the token ``name``."""
        return {"Authorization": f"Bearer {self.tokens[name]}"}

    def get(self, path: str, who: str, **kwargs):
        return self.client.get(path, headers=self.as_(who), **kwargs)

    def post(self, path: str, who: str, **kwargs):
        return self.client.post(path, headers={**self.as_(who), **kwargs.pop("headers", {})}, **kwargs)


def test_settings(**overrides) -> ServiceSettings:
    """Settings for tests: jobs are run by the test (``runner.run_once()``), never by a thread."""
    return ServiceSettings(**{"run_jobs": False, "worker_id": "test-worker", **overrides})


test_settings.__test__ = False  # not a test, despite its name


def save_world(workspace: Workspace) -> tuple[str, dict[str, str]]:
    """Save the hand-built assessment of :data:`PROBLEMS` with the org hierarchy."""
    result = build_assessment("A-world", AS_OF, PROBLEMS)
    workspace.db.save(result, orgs=ORGS)
    tasks = {t["org_id"]: t["task_id"] for t in result.to_dict()["tasks"]}
    return "A-world", tasks


def make_tokens(workspace: Workspace) -> dict[str, str]:
    return {name: workspace.create_token(org_id=org, role=role, by="test", name=name)[0]
            for name, (org, role) in TOKENS.items()}


@pytest.fixture
def workspace(db_url) -> Iterator[Workspace]:
    """A migrated workspace on each backend."""
    with Workspace.open(db_url) as opened:
        yield opened


@pytest.fixture
def service(workspace) -> Iterator[Service]:
    """The app in process (FastAPI TestClient, lifespan run) over the saved world."""
    assessment_id, tasks = save_world(workspace)
    tokens = make_tokens(workspace)
    with TestClient(create_app(workspace, test_settings())) as client:
        yield Service(client, workspace, tokens, assessment_id, tasks)


def zip_of(files: dict[str, bytes], *, folder: str = "") -> bytes:
    """A zip archive of ``files`` (name → bytes), optionally inside one folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(folder + name, data)
    return buffer.getvalue()


def street_a_zip() -> bytes:
    """tests/files/street_a as an uploaded zip (inside a folder, as people zip a directory)."""
    files = {p.name: p.read_bytes() for p in sorted((FILES / "street_a").iterdir())}
    return zip_of(files, folder="street_a/")
