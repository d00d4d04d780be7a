"""Bulk writes of a saved assessment: its rows built from the RESULT.md document, inserted in batches
(COPY on PostgreSQL), and the org hierarchy upserted.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import JSON, insert, select, update
from sqlalchemy.orm import Session

from . import db
from .base import CHUNK


def assessment_row(doc: Mapping[str, Any]) -> db.Assessment:
    return db.Assessment(
        assessment_id=doc["assessment_id"],
        engine_version=doc["engine_version"],
        as_of=date(doc["as_of"]),
        period_from=date(doc["period"]["from"]),
        period_to=date(doc["period"]["to"]),
        posts=len(doc["posts"]),
        findings=len(doc["findings"]),
        tasks=len(doc["tasks"]),
        document=dict(doc),
    )


def post_row(assessment_id: str, post: Mapping[str, Any], holder: str | None) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "post_id": post["post_id"],
        "org_id": post["org_id"],
        "title": post.get("title"),
        "holder": holder,
        "level": post["level"],
        "score": post.get("score"),
        "contributions": list(post.get("contributions") or []),
    }


def finding_row(assessment_id: str, finding: Mapping[str, Any], suppressed: bool) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "finding_id": finding["finding_id"],
        "rule_id": finding["rule_id"],
        "org_id": finding["org_id"],
        "post_ids": list(finding.get("post_ids") or []),
        "records": list(finding.get("records") or []),
        "date": date(finding["date"]) if finding.get("date") else None,
        "severity": finding.get("severity", ""),
        "points": float(finding.get("points") or 0),
        "message": finding.get("message", ""),
        "suppressed": suppressed,
    }


# From this many rows on, PostgreSQL is given the rows with COPY rather than batched INSERTs.
COPY_FROM = 200


def insert_rows(session: Session, model: type[db.Base], rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` in the session's transaction: COPY on PostgreSQL when there are many,
    batched INSERTs (executemany) otherwise and on SQLite."""
    if (
        len(rows) >= COPY_FROM
        and session.get_bind().dialect.name == "postgresql"
        and all(row.keys() == rows[0].keys() for row in rows)
    ):
        copy_rows(session, model, rows)
        return
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model), rows[start : start + CHUNK])


def copy_rows(session: Session, model: type[db.Base], rows: list[dict[str, Any]]) -> None:
    """``COPY table (columns) FROM STDIN`` on the session's own psycopg connection (same transaction:
    a failure later on rolls the copied rows back with everything else). JSON columns are given as
    their text, as SQLAlchemy would have serialised them; other values go through psycopg's dumpers."""
    table = model.__table__
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    as_json = [isinstance(column.type, JSON) for column in columns]
    serialise = session.get_bind().dialect._json_serializer or json.dumps
    quoted = ", ".join(f'"{name}"' for name in names)
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(
                [
                    serialise(row[name]) if json_column and row[name] is not None else row[name]
                    for name, json_column in zip(names, as_json, strict=True)
                ]
            )


def upsert_orgs(session: Session, orgs: Iterable[Mapping[str, Any]]) -> None:
    """The dataset's orgs, newest wins: new ones inserted, changed ones updated, in bulk."""
    wanted = {
        str(o["org_id"]): {
            "org_id": str(o["org_id"]),
            "name": o.get("name"),
            "level": o.get("level"),
            "parent_id": o.get("parent_id"),
        }
        for o in orgs
    }
    ids = sorted(wanted)
    known: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        for org in session.scalars(select(db.Org).where(db.Org.org_id.in_(ids[start : start + CHUNK]))):
            known[org.org_id] = {
                "org_id": org.org_id,
                "name": org.name,
                "level": org.level,
                "parent_id": org.parent_id,
            }
    insert_rows(session, db.Org, [row for org_id, row in wanted.items() if org_id not in known])
    changed = [row for org_id, row in wanted.items() if org_id in known and known[org_id] != row]
    if changed:
        session.execute(update(db.Org), changed)


def date(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
