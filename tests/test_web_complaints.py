"""A resident's complaint from the public page is read by the community's next assessment (end to end)."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from riskengine.data.period import Period
from riskengine.service import create_app
from riskengine.workspace import Workspace

from .service_fixtures import FILES, test_settings

AS_OF = dt.date(2026, 11, 30)
PERIOD = Period(dt.date(2026, 1, 1), AS_OF)
FILED = dt.datetime(2026, 11, 5, 9, 30, tzinfo=dt.UTC)  # 25 days before the as-of date: past the 15-day limit


def test_a_filed_complaint_is_counted_by_the_next_assessment(db_url):
    with Workspace.open(db_url, clock=lambda: FILED) as workspace:
        first = workspace.assess(FILES / "street_a", as_of=AS_OF, period=PERIOD).result.to_dict()
        assert not [f for f in first["findings"] if f["rule_id"] == "conduct.unanswered_complaint"]
        with TestClient(create_app(workspace, test_settings())) as client:
            page = client.get("/public/C901")
            assert page.status_code == 200 and "东湖社区" in page.text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            answer = client.post("/public/C901/complaints", data={
                "csrf": csrf, "category": "finance", "content": "报账员用现金发放补贴，没有公示",
                "contact": "13800000000", "target_post_id": "C901-KJ"})
            assert answer.status_code == 200 and "已收到您的反映" in answer.text
        (complaint,) = workspace.db.complaints(org_ids={"C901"})
        assert complaint["date"] == FILED.date()

        second = workspace.assess(FILES / "street_a", as_of=AS_OF, period=PERIOD).result.to_dict()
        found = [f for f in second["findings"] if f["rule_id"] == "conduct.unanswered_complaint"]
        assert [f["records"] for f in found] == [[f"complaints:{complaint['complaint_id']}"]]
        assert found[0]["post_ids"] == ["C901-KJ"] and "已过 25 天" in found[0]["message"]
        # The contact and the text stay in the store: the result document carries neither.
        assert "13800000000" not in str(second) and "没有公示" not in str(second)
        # Another street's dataset does not pick up this community's complaint.
        assert workspace.db.complaints(org_ids={"C21"}) == []
