"""Property-based run over ``/openapi.json`` (schemathesis): generated requests never cause a server error,
and every response the service gives matches the schema it publishes.

Bounded: a few examples per operation, on SQLite, in process, so the whole run stays well under a minute.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from riskengine.service import create_app
from riskengine.workspace import Workspace

from .service_fixtures import make_tokens, save_world, test_settings

EXAMPLES = 12


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The app over the saved world, a district admin's token (sees everything) and ids that exist."""
    path = tmp_path_factory.mktemp("schema") / "riskengine.db"
    with Workspace.open(f"sqlite:///{path}") as workspace:
        assessment_id, tasks = save_world(workspace)
        finding_id = workspace.findings(org_id="C11")[0]["finding_id"]
        real = {"task_id": tasks["C11"], "post_id": "C11-KJ", "org_id": "S1", "assessment_id": assessment_id,
                "finding_id": finding_id, "job_id": "J-none"}
        tokens = make_tokens(workspace)
        app = create_app(workspace, test_settings())
        with TestClient(app):  # run the lifespan once
            yield app, tokens["admin_d1"], real


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def test_no_server_errors_and_responses_match_the_schema(seeded):
    app, token, real = seeded
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    statuses: Counter[int] = Counter()
    for operation in operations:
        # Each operation twice: with generated path parameters (mostly unknown ids), then with the
        # ids of objects that exist, so the generated bodies and queries reach real tasks and posts.
        _explore(operation, {"Authorization": f"Bearer {token}"}, {}, statuses)
        _explore(operation, {"Authorization": f"Bearer {token}"}, real, statuses)
    assert statuses[200] and statuses[404]  # both real objects and unknown ids were reached
    assert not any(status >= 500 for status in statuses)


def _explore(operation, headers: dict[str, str], ids: dict[str, str], statuses: Counter[int]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        if ids and case.path_parameters:
            given_ids = case.path_parameters
            case.path_parameters = {name: ids.get(name, value) for name, value in given_ids.items()}
        statuses[case.call_and_validate(headers=headers, checks=CHECKS).status_code] += 1

    run()
