"""``riskengine rules init NAME``: a pack skeleton, its tests, and schemas its modelines resolve.

The skeleton is a working example (it passes ``rules check`` and ``rules test``) that an author
edits; the schemas are written next to it so editor completion works wherever the pack lives,
not only inside the riskengine checkout.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..engine import Engine
from ..errors import RiskEngineError
from ..messages import text
from .editor_schema import editor_schema
from .rule_tests import ruletests_schema

PACK_SCHEMA = "rulepack.schema.json"
TESTS_SCHEMA = "ruletests.schema.json"

_PACK = """\
# yaml-language-server: $schema=./{pack_schema}
# 规则包骨架：修改 pack 下的信息，照 rules 下的示例写规则；改完运行
#   riskengine rules check {name}.yaml
#   riskengine rules test {name}.yaml
pack:
  id: local/{slug}
  version: 0.1.0
  domain: finance_disclosure
  title: （请填写规则包名称）
  authority: （请填写发布机关）
  effective: {{from: {today}}}
  language: zh-CN

parameters:
  cash_limit: 1000                 # 现金结算起点，元；规则中写 params.cash_limit

rules:
  - id: {rule_id}
    title: 现金支付超限额（示例）
    description: 单笔现金支出超过现金结算起点。
    legal_basis:
      - document: 《现金管理暂行条例》
    severity: medium               # critical | high | medium | low
    escalate:
      - when: "amount >= params.cash_limit * 10"
        severity: high
    reads: ledger
    condition: "direction == 'expense' and payment_method == 'cash' and amount > params.cash_limit"
    responsible: {{field: handled_by}}
    message: "{{date}} 以现金支付 {{amount}} 元（凭证 {{voucher_no}}），超过 {{params.cash_limit}} 元"
    rectification:
      title: 现金支付超限额整改
      measures: [改为转账支付, 补充说明现金支付原因]
      deadline_days: 30
"""

_TESTS = """\
# yaml-language-server: $schema=./{tests_schema}
# {name}.yaml 的测试用例：每个用例给出少量记录和期望的问题。运行：riskengine rules test {name}.yaml
as_of: {today}
cases:
  - name: 超限额现金支出应被发现（正例）
    rule: {rule_id}
    data:
      ledger:
        - {{txn_id: T1, org_id: C1, date: {today}, direction: expense, amount: 1500, category: office,
           counterparty_type: company, counterparty_id: X1, payment_method: cash, handled_by: P1,
           voucher_no: V1}}
    expect:
      - {{records: ["ledger:T1"], severity: medium, post_ids: [P1]}}
  - name: 恰好等于限额不算超限（边界）
    rule: {rule_id}
    data:
      ledger:
        - {{txn_id: T2, org_id: C1, date: {today}, direction: expense, amount: 1000, category: office,
           counterparty_type: company, counterparty_id: X1, payment_method: cash, handled_by: P1,
           voucher_no: V2}}
    expect: []
  - name: 转账支付不是现金（反例）
    rule: {rule_id}
    data:
      ledger:
        - {{txn_id: T3, org_id: C1, date: {today}, direction: expense, amount: 5000, category: office,
           counterparty_type: company, counterparty_id: X1, payment_method: transfer, handled_by: P1,
           voucher_no: V3}}
    expect: []
"""


def init_pack(name: str, folder: Path, *, today: str, engine: Engine | None = None) -> list[Path]:
    """Write ``NAME.yaml``, ``NAME.tests.yaml`` and the two schemas into ``folder``; return the paths."""
    if not name.strip() or re.search(r"[\\/:*?\"<>|]", name):
        raise RiskEngineError(text("init_bad_name", name=name))
    # The file may have a Chinese name; ids must be ASCII (the pack-id pattern), so derive one.
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or "pack"
    folder.mkdir(parents=True, exist_ok=True)
    pack, tests = folder / f"{name}.yaml", folder / f"{name}.tests.yaml"
    existing = [p for p in (pack, tests) if p.exists()]
    if existing:
        raise RiskEngineError(text("init_exists", paths="、".join(map(str, existing))))
    rule_id = "local_" + re.sub(r"[^a-z0-9_]", "_", slug) + ".cash_over_limit"
    values = {"name": name, "slug": slug, "today": today, "rule_id": rule_id,
              "pack_schema": PACK_SCHEMA, "tests_schema": TESTS_SCHEMA}
    pack.write_text(_PACK.format(**values), encoding="utf-8")
    tests.write_text(_TESTS.format(**values), encoding="utf-8")
    schemas = {PACK_SCHEMA: editor_schema(engine or Engine.create()), TESTS_SCHEMA: ruletests_schema()}
    written = [pack, tests]
    for filename, schema in schemas.items():
        target = folder / filename
        target.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(target)
    return written
