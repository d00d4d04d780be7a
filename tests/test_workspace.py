"""The Workspace end to end on the synthetic dataset: idempotent runs, recurrence kept, data confirms."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import polars as pl
import pytest

from riskengine.storage import Store
from riskengine.workspace import Workspace

from .conftest import AS_OF, PERIOD

pytest_plugins = ["tests.db_fixtures"]


@pytest.fixture
def workspace(db_url, engine):
    with Workspace(Store(db_url), engine) as ws:
        ws.db.upgrade()
        yield ws


def test_same_inputs_same_id_and_document_with_or_without_the_database(workspace, engine, synthetic):
    without = Workspace(None, engine).assess(synthetic.path, as_of=AS_OF, period=PERIOD)
    first = workspace.assess(synthetic.path, as_of=AS_OF, period=PERIOD)
    second = workspace.assess(synthetic.path, as_of=AS_OF, period=PERIOD)
    assert without.saved is None and not first.saved.already_saved and second.saved.already_saved
    assert first.result.to_json() == second.result.to_json() == without.result.to_json()
    recurrences = [f for f in second.result.document["findings"] if f["rule_id"] == "conduct.recurrence"]
    assert recurrences, "the dataset's task_history makes the recurrence rule fire, on every run"
    # The recurred tasks are stored as reopened and escalated, not as new ones.
    for finding in recurrences:
        post_id, rule_id = finding["post_ids"][0], finding["evidence"]["repeated_rule"]
        (task,) = workspace.tasks(post_id=post_id, rule_id=rule_id)
        assert (task["status"], task["escalation"], task["closed_on"]) == (
            "reopened",
            1,
            finding["evidence"]["closed_on"],
        )
    assert first.saved.reopened == len(
        {(f["post_ids"][0], f["evidence"]["repeated_rule"]) for f in recurrences}
    )


def test_saving_stores_posts_findings_orgs_and_disclosure_months(workspace, synthetic):
    outcome = workspace.assess(synthetic.path, as_of=AS_OF, period=PERIOD)
    result = outcome.result
    posts = workspace.posts()
    assert len(posts) == len(result.document["posts"])
    busiest = max(result.document["posts"], key=lambda p: p["score"])
    stored = workspace.post(busiest["post_id"])
    assert (stored["level"], stored["score"], stored["contributions"]) == (
        busiest["level"],
        busiest["score"],
        busiest["contributions"],
    )
    assert stored["holder"]  # the 责任人 of the ledger comes from posts.holder_id and persons.name
    assert len(workspace.findings()) == len(result.document["findings"])
    districts = [o for o in workspace.orgs() if o["level"] == "district"]
    assert districts
    rollup = workspace.rollup(districts[0]["org_id"], today=AS_OF)
    assert rollup["total"]["tasks"] == len(workspace.tasks(org_id=districts[0]["org_id"]))
    assert rollup["total"]["months_due"] > 0 and 0 < rollup["total"]["disclosure_rate"] <= 1
    assert len(rollup["streets"]) >= 2


def _single_missing_disclosure(result):
    by_post: dict[str, list[dict]] = {}
    for finding in result.document["findings"]:
        if finding["rule_id"] == "finance.missing_disclosure":
            by_post.setdefault(finding["post_ids"][0], []).append(finding)
    return next(items[0] for items in by_post.values() if len(items) == 1)


def test_fixed_data_confirms_a_state_problem_and_never_closes_silently(workspace, synthetic, tmp_path):
    first = workspace.assess(synthetic.path, as_of=AS_OF, period=PERIOD).result
    missing = _single_missing_disclosure(first)
    evidence = missing["evidence"]
    fixed = tmp_path / "fixed"
    shutil.copytree(synthetic.path, fixed)
    disclosures = pl.read_parquet(fixed / "disclosures.parquet")
    month = dt.date.fromisoformat(evidence["month"] + "-01")
    published = dt.date.fromisoformat(evidence["deadline"]) - dt.timedelta(days=3)
    row = {column: None for column in disclosures.columns} | {
        "disclosure_id": "DF-FIXED",
        "org_id": missing["org_id"],
        "catalog": "finance",
        "item": "income_expense",
        "period": month.strftime("%Y-%m"),
        "published_date": published,
        "channel": "board",
        "disclosed_income": evidence["income"],
        "disclosed_expense": evidence["expense"],
    }
    pl.concat([disclosures, pl.DataFrame([row], schema=disclosures.schema)]).write_parquet(
        fixed / "disclosures.parquet"
    )
    again = workspace.assess(fixed, as_of=AS_OF, period=PERIOD)
    assert again.result.to_dict()["assessment_id"] != first.to_dict()["assessment_id"]
    assert again.saved.verified_by_data >= 1
    (task,) = workspace.tasks(post_id=missing["post_ids"][0], rule_id="finance.missing_disclosure")
    assert (task["status"], task["observation"]) == ("open", "verified_by_data")
    # Everything else the data still shows stays observed; a reviewer closes the confirmed task.
    cash = workspace.tasks(rule_id="finance.cash_over_limit")
    assert cash and {t["observation"] for t in cash} == {"observed"}
    closed = workspace.close_task(task["task_id"], by="街道纪工委", note="已补充公开，数据核验通过")
    assert closed["status"] == "closed"
    assert workspace.verify_audit().ok


def test_two_concurrent_first_runs_on_a_fresh_sqlite_file_both_succeed(tmp_path, synthetic):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    command = [
        sys.executable,
        "-c",
        "from riskengine.cli import main; main()",
        "assess",
        str(synthetic.path),
        "--as-of",
        AS_OF.isoformat(),
        "--period",
        f"{PERIOD.start}..{PERIOD.end}",
        "--db",
        url,
        "--format",
        "json",
    ]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _, err in outputs]
    assert outputs[0][0] == outputs[1][0]
    saved = sorted("已保存" in err and "此前已保存" not in err for _, err in outputs)
    assert saved == [False, True]  # one saved it, the other found it saved
    with Store(url) as store:
        assert len(store.assessments()) == 1


def test_the_default_database_inside_the_dataset_is_not_an_input(tmp_path, synthetic, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(synthetic.path, data)
    monkeypatch.chdir(data)  # an officer running assess from inside the ledger folder
    command = [
        sys.executable,
        "-c",
        "from riskengine.cli import main; main()",
        "assess",
        ".",
        "--as-of",
        AS_OF.isoformat(),
        "--period",
        f"{PERIOD.start}..{PERIOD.end}",
        "--format",
        "json",
    ]
    first, second = (subprocess.run(command, capture_output=True, text=True, timeout=300) for _ in range(2))
    assert (first.returncode, second.returncode) == (0, 0), second.stderr[-2000:]
    assert (data / "riskengine.db").exists()
    assert first.stdout == second.stdout
    assert "riskengine.db" not in second.stderr


def test_the_engine_core_never_imports_the_store_or_the_cli():
    code = (
        "import sys, riskengine.engine, riskengine.render.task_ledger, riskengine.outcome.disclosure_rate; "
        "print(sorted(m for m in sys.modules if m.startswith(('riskengine.storage', 'riskengine.cli', "
        "'riskengine.workspace', 'riskengine.service', 'sqlalchemy'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
