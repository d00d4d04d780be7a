"""``riskengine db | findings | history | rollup | audit | tokens`` and ``assess --save/--no-save``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from riskengine.cli import main
from riskengine.storage import Store

from .conftest import AS_OF, PERIOD

pytest_plugins = ["tests.db_fixtures"]

NOV = dt.date(2026, 11, 30)
DEC = dt.date(2026, 12, 31)
CASH = ("C0001", "P0001-03", "finance.cash_over_limit", ["ledger:L1"])
SPLIT = ("C0002", "P0002-06", "procurement.split_purchase", ["procurements:PR1", "procurements:PR2"])
ORGS = [
    {"org_id": "S01", "name": "中山街道", "level": "street", "parent_id": None},
    {"org_id": "C0001", "name": "白马村", "level": "village", "parent_id": "S01"},
    {"org_id": "C0002", "name": "工农社区", "level": "community", "parent_id": "S01"},
]


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture
def saved(db_url, make_assessment):
    """Two monthly assessments of a street saved in the database."""
    with Store(db_url) as store:
        store.upgrade()
        store.save(make_assessment("A-1", NOV, [CASH, SPLIT]), orgs=ORGS)
        store.save(make_assessment("A-2", DEC, [CASH, SPLIT]))
    return db_url


def test_db_upgrade_creates_and_is_repeatable(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    for _ in range(2):
        done = run("db", "upgrade", "--db", url)
        assert done.exit_code == 0, done.output
        assert done.stdout.strip() == f"数据库 {url} 已是最新版本 0005"


def test_findings_verdicts_and_suppressions(saved):
    rows = json.loads(run("findings", "list", "--db", saved, "--format", "json").stdout)
    assert {r["assessment_id"] for r in rows} == {"A-2"}  # the newest assessment by default
    split = next(r for r in rows if r["rule_id"] == "procurement.split_purchase")
    refused = run(
        "findings", "verdict", split["finding_id"], "--verdict", "不实", "--by", "李", "--db", saved
    )
    assert refused.exit_code == 3 and "认定不实须说明理由" in refused.stderr
    done = run(
        "findings",
        "verdict",
        split["finding_id"],
        "--verdict",
        "不实",
        "--reason",
        "两个项目",
        "--suppress-until",
        "2027-06-30",
        "--by",
        "李",
        "--db",
        saved,
    )
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0] == f"问题 {split['finding_id']}（procurement.split_purchase）已认定为：不实"
    assert lines[1].startswith("同一规则、同一批记录的该问题在 2027-06-30 前不再生成整改任务（屏蔽编号 ")
    listed = run("findings", "suppressions", "--db", saved)
    assert "procurement.split_purchase" in listed.stdout and "有效" in listed.stdout
    suppression = json.loads(run("findings", "suppressions", "--db", saved, "--format", "json").stdout)[0]
    def suppressed(*filters: str) -> list[tuple[str, str]]:
        out = run("findings", "suppressions", "--db", saved, "--format", "json", *filters)
        assert out.exit_code == 0, out.output
        return [(s["org_id"], s["state_label"]) for s in json.loads(out.stdout)]

    assert suppressed("--org", "S01", "--state", "active") == [("C0002", "有效")]
    assert suppressed("--org", "C0001") == suppressed("--rule", "finance.cash_over_limit") == []
    assert suppressed("--state", "expired") == []
    assert run("findings", "suppressions", "--state", "gone", "--db", saved).exit_code == 2
    revoked = run("findings", "unsuppress", str(suppression["id"]), "--by", "王", "--db", saved)
    assert revoked.exit_code == 0 and revoked.stdout.strip() == f"屏蔽 {suppression['id']} 已撤销"
    assert suppressed("--state", "revoked") == [("C0002", "已撤销")]
    assert suppressed("--active") == []
    cash = next(r for r in rows if r["rule_id"] == "finance.cash_over_limit")
    assert (
        run(
            "findings", "verdict", cash["finding_id"], "--verdict", "查实", "--by", "李", "--db", saved
        ).exit_code
        == 0
    )
    shown = run("rollup", "--org", "S01", "--db", saved).stdout.splitlines()
    by_street = shown[shown.index("按街道、月份：") + 2 :]
    assert [line.split() for line in by_street] == [
        ["finance.cash_over_limit", "S01", "2026-12", "1", "0", "100.0%"],
        ["procurement.split_purchase", "S01", "2026-12", "0", "1", "0.0%"],
    ]
    rollup = json.loads(run("rollup", "--org", "S01", "--db", saved, "--format", "json").stdout)
    assert [(r["rule_id"], r["rate"]) for r in rollup["rules"]] == [
        ("finance.cash_over_limit", 1.0),
        ("procurement.split_purchase", 0.0),
    ]


def test_history_of_a_post_and_an_org(saved):
    post = run("history", "--post", "P0001-03", "--db", saved)
    assert post.exit_code == 0, post.output
    lines = post.stdout.splitlines()
    assert lines[0] == "岗位 P0001-03（村委会主任，社区 C0001）历次评估："
    assert lines[2].split() == ["评估日", "评估编号", "等级", "得分", "问题", "整改任务变化"]
    assert lines[3].split() == ["2026-11-30", "A-1", "三级", "10.0", "1", "finance.cash_over_limit", "opened"]
    assert lines[4].split() == ["2026-12-31", "A-2", "三级", "10.0", "1", "finance.cash_over_limit", "seen"]
    org = run("history", "--org", "S01", "--db", saved, "--format", "json")
    assert [a["assessment_id"] for a in json.loads(org.stdout)["assessments"]] == ["A-1", "A-2"]
    neither = run("history", "--db", saved)
    assert neither.exit_code == 3 and "请指定 --post 或 --org 之一" in neither.stderr


def test_rollup_table_has_community_street_rows(saved):
    done = run("rollup", "--org", "S01", "--db", saved)
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0].startswith("S01（中山街道）汇总，截至 ")
    assert lines[2].split()[:6] == ["组织", "名称", "一级", "二级", "三级", "任务"]
    assert lines[3].split()[:7] == ["C0001", "白马村", "0", "0", "1", "1", "1"]
    assert lines[-1].split()[:8] == ["S01", "总计", "中山街道", "0", "0", "2", "2", "2"]


def test_audit_verify_passes_then_fails_on_an_edited_row(saved):
    ok = run("audit", "verify", "--db", saved)
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.strip() == "审计记录完整：4 条记录，2 条链，哈希全部核对一致"
    with Store(saved) as store, store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET reason = '改过' WHERE seq = 2"))
    broken = run("audit", "verify", "--db", saved)
    assert broken.exit_code == 1
    assert "审计记录被改动（共 2 处问题）" in broken.stderr
    assert "内容与哈希不符，记录已被改动" in broken.stderr


def test_tokens_create_prints_the_token_once_on_its_last_line(saved):
    created = run(
        "tokens", "create", "--org", "S01", "--role", "reviewer", "--db", saved
    )  # --by: the OS user
    assert created.exit_code == 0, created.output
    lines = created.stdout.splitlines()
    token = lines[-1]
    assert token.startswith("rk_") and "令牌只显示这一次" in lines[0]
    with Store(saved) as store:
        assert store.resolve_token(token).org_ids == {"S01", "C0001", "C0002"}
    listed = run("tokens", "list", "--db", saved)
    assert token not in listed.stdout and "审核人" in listed.stdout and "有效" in listed.stdout
    token_id = json.loads(run("tokens", "list", "--db", saved, "--format", "json").stdout)[0]["token_id"]
    revoked = run("tokens", "revoke", token_id, "--by", "管理员", "--db", saved)
    assert revoked.exit_code == 0 and revoked.stdout.strip() == f"令牌 {token_id} 已撤销"
    bad_role = run("tokens", "create", "--org", "S01", "--role", "boss", "--by", "x", "--db", saved)
    assert bad_role.exit_code == 2


def test_assess_no_save_reads_history_but_saves_nothing(tmp_path, synthetic):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    args = [
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
    unsaved = run(*args, "--no-save")
    assert unsaved.exit_code == 0, unsaved.output
    assert "已保存" not in unsaved.stderr
    with Store(url) as store:
        assert store.assessments() == []
    saved = run(*args)
    assert saved.exit_code == 0 and "已保存：新增整改任务" in saved.stderr
    assert json.loads(saved.stdout)["assessment_id"] == json.loads(unsaved.stdout)["assessment_id"]
