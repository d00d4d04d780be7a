"""What the store offers a report: the assessments saved before (for trends) and the tasks it tracks.

Reads only the ``assessments`` and ``tasks`` tables through the ORM models, so a store with no
history (or a result rendered without a store) still gives a report: the trend section then says
that there is nothing to compare with.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..messages import text
from ..storage import db
from ..storage.store import StorageError, Store
from .model import HistoryPoint, StoreView, history_point

MAX_HISTORY = 24


def saved_document(store: Store, assessment_id: str) -> dict[str, Any]:
    """The result document of a saved assessment."""
    with Session(store.engine) as session:
        row = session.get(db.Assessment, assessment_id)
        if row is None:
            raise StorageError(text("report_no_assessment", assessment=assessment_id, db=store.display_url))
        return dict(row.document)


def store_view(store: Store, doc: dict[str, Any]) -> StoreView:
    """What the store knows around result ``doc``: up to :data:`MAX_HISTORY` assessments up to its as-of
    date that assessed any of its communities (counted over those only), and the tasks the store tracks."""
    as_of = dt.date.fromisoformat(doc["as_of"])
    orgs = {p["org_id"] for p in doc["posts"]}
    query = (
        select(db.Assessment.assessment_id, db.Assessment.document)
        .where(db.Assessment.as_of <= as_of)
        .order_by(db.Assessment.as_of.desc(), db.Assessment.assessment_id)
        .limit(MAX_HISTORY)
    )
    with Session(store.engine) as session:
        points = [history_point(doc, orgs) for _, doc in session.execute(query)]
    history: list[HistoryPoint] = [p for p in points if p is not None]
    return StoreView(history=history, tasks=store.tasks())
