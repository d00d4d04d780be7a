"""Database fixtures: every storage test runs on SQLite (a tmp file) and on PostgreSQL.

PostgreSQL is the server at 127.0.0.1:5432 (database ``test``, trust auth; override with
RISKENGINE_TEST_POSTGRES_URL). Each test gets its own schema, dropped afterwards, so nothing
leaks between tests or between runs. When the server cannot be reached the PostgreSQL tests
are skipped with the reason, unless RISKENGINE_REQUIRE_POSTGRES=1 (CI), where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator, Sequence

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from riskengine.outcome.assessment import Assessment
from riskengine.outcome.ids import finding_id, task_id
from riskengine.storage import Store

DEFAULT_POSTGRES_URLS = (
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    "postgresql+psycopg://root@127.0.0.1:5432/test",
)


def _postgres_candidates() -> tuple[str, ...]:
    url = os.environ.get("RISKENGINE_TEST_POSTGRES_URL")
    return (url,) if url else DEFAULT_POSTGRES_URLS


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of a reachable PostgreSQL server; skips (or fails in CI) when there is none."""
    errors = []
    for url in _postgres_candidates():
        engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return url
        except Exception as exc:  # any failure to connect means "not reachable" here
            shown = make_url(url).render_as_string(hide_password=True)
            errors.append(f"{shown}: {str(getattr(exc, 'orig', None) or exc).strip().splitlines()[0]}")
        finally:
            engine.dispose()
    reason = "PostgreSQL not reachable at " + "; ".join(errors)
    if os.environ.get("RISKENGINE_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason + " (RISKENGINE_REQUIRE_POSTGRES=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema first on the search path."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'riskengine.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    schema = f"riskengine_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, poolclass=NullPool)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    """A migrated, empty :class:`Store` on each backend."""
    with Store(db_url) as migrated:
        migrated.upgrade()
        yield migrated


@pytest.fixture
def make_assessment():
    """The :func:`build_assessment` helper, for tests that build result documents by hand."""
    return build_assessment


def build_assessment(
    assessment_id: str,
    as_of: dt.date,
    problems: Sequence[tuple[str, str, str, Sequence[str]]],
    *,
    deadline_days: int = 30,
    posts: Sequence[tuple[str, str]] = (),
    not_evaluated: Sequence[str] = (),
) -> Assessment:
    """A hand-built RESULT.md document: ``problems`` are (org_id, post_id, rule_id, record refs).

    Each problem is one finding; findings of the same post and rule make one task, as the engine does.
    ``posts`` adds assessed (org_id, post_id) pairs without problems; ``not_evaluated`` names rules
    the run could not evaluate.
    """
    findings, tasks = [], {}
    for org_id, post_id, rule_id, records in problems:
        fid = finding_id(rule_id, "\x1f".join(sorted(records)))
        findings.append(
            {
                "finding_id": fid,
                "rule_id": rule_id,
                "domain": rule_id.split(".")[0],
                "severity": "high",
                "points": 10,
                "org_id": org_id,
                "post_ids": [post_id],
                "records": list(records),
                "evidence": {},
                "message": f"{rule_id} 发现问题：{'、'.join(records)}",
            }
        )
        tid = task_id(post_id, rule_id)
        task = tasks.setdefault(
            tid,
            {
                "task_id": tid,
                "post_id": post_id,
                "org_id": org_id,
                "rule_id": rule_id,
                "title": f"{rule_id} 整改",
                "measures": ["查明原因", "建章立制"],
                "deadline": (as_of + dt.timedelta(days=deadline_days)).isoformat(),
                "status": "open",
                "finding_ids": [],
            },
        )
        task["finding_ids"] = sorted([*task["finding_ids"], fid])
    posts = sorted({(org_id, post_id) for org_id, post_id, _, _ in problems} | set(posts))
    document = {
        "assessment_id": assessment_id,
        "engine_version": "0.4.0",
        "as_of": as_of.isoformat(),
        "period": {"from": dt.date(as_of.year, 1, 1).isoformat(), "to": as_of.isoformat()},
        "rule_packs": [],
        "plugins": [],
        "inputs": [],
        "rejected": [],
        "not_evaluated": [{"rule_id": rule_id, "reason": "no data"} for rule_id in not_evaluated],
        "findings": findings,
        "posts": [
            {
                "post_id": p,
                "org_id": o,
                "title": "村委会主任",
                "score": 10,
                "level": "low",
                "level_label": "三级（低）",
                "contributions": [],
            }
            for o, p in posts
        ],
        "tasks": sorted(tasks.values(), key=lambda t: t["task_id"]),
    }
    return Assessment.from_document(document)
