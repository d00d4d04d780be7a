"""``riskengine plugin new NAME``: write a vendor plugin package to start from.

The package is installable as it stands (``pip install -e DIR``): a ``pyproject.toml`` with the
``riskengine`` entry point, one record type with its JSON Schema, one detector written on
:mod:`riskengine.sdk`, one rule pack, the pack's ``*.tests.yaml`` rule tests and a pytest test.
Names derive from NAME: the package ``NAME``, the record type ``NAME_grants``, the detector
``NAME_large_grants`` and the rule ``NAME.large_grant``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UsageError
from ..messages import text
from ..version import __version__

_NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

_PYPROJECT = """\
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "riskengine-@dist@"
version = "0.1.0"
description = "A riskengine plugin: grants of @name@"
requires-python = ">=3.11"
# riskengine itself is the host; the plugin also says which versions it runs on (RISKENGINE_REQUIRES).
dependencies = ["riskengine@requires@", "polars"]

# How riskengine finds the plugin: one entry point in the "riskengine" group.
[project.entry-points.riskengine]
@name@ = "@name@"

[tool.setuptools]
packages = ["@name@"]

[tool.setuptools.package-data]
@name@ = ["*.yaml", "*.json"]
"""

_INIT = '''\
"""riskengine plugin @name@: a record type, a detector and a rule pack.

riskengine loads this module through the ``riskengine`` entry point in ``pyproject.toml`` and
calls its hooks: ``register_record_types``, ``register_detectors``, ``register_rule_packs``.
Import only what ``riskengine`` exports (``riskengine.__all__``) and ``riskengine.sdk``.
"""

import json
from importlib import resources

from riskengine import RecordType, hookimpl, sdk

from .detectors import DETECTORS, RECORD_TYPE

__version__ = "0.1.0"
#: The riskengine versions this plugin runs on; another version refuses to load it, saying why.
RISKENGINE_REQUIRES = "@requires@"


@hookimpl
def register_record_types(register):
    """The ledger this plugin reads: a file ``@name@_grants.csv`` (or .xlsx/.jsonl) in a dataset."""
    schema = json.loads((resources.files(__name__) / "grants.schema.json").read_text(encoding="utf-8"))
    register(RecordType(name=RECORD_TYPE, schema=schema))


register_detectors = sdk.detector_hook(DETECTORS)
register_rule_packs = sdk.rule_pack_hook(resources.files(__name__) / "@name@.yaml")
'''

_DETECTORS = '''\
"""The detectors of @name@: column-wise queries (Polars) returning one row per finding."""

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

RECORD_TYPE = "@name@_grants"

#: Evidence columns, usable in the rule's message as {grant_id}, {amount}, {amount_text}.
OUTPUTS = {"grant_id": "string", "amount": "number", "amount_text": "string"}


def large_grants(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Grants in the assessed period above ``params["limit"]`` without an approving post."""
    grants = sdk.rows_in_period(ctx, RECORD_TYPE, "date")
    hits = grants.filter((pl.col("amount") > params["limit"]) & pl.col("approved_by").is_null())
    if hits.is_empty():
        return sdk.empty_findings({"handled_by": "string", "date": pl.Date(), **OUTPUTS})
    return hits.sort("org_id", "grant_id").select(
        "org_id",
        pl.concat_list([sdk.ref(RECORD_TYPE, "grant_id")]).alias("records"),
        "handled_by",
        "date",
        "grant_id",
        "amount",
        sdk.money_text(pl.col("amount")).alias("amount_text"),
    )


DETECTORS = (
    Detector(
        name="@name@_large_grants",
        reads=(RECORD_TYPE,),
        run=large_grants,
        params_schema=sdk.params({"limit": {"type": "number", "minimum": 0, "default": 50000}}),
        outputs=OUTPUTS,
        description="期内金额超过限额且没有审批岗位的补助发放",
    ),
)
'''

_SCHEMA = """\
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "@name@ 补助发放台账",
  "type": "object",
  "x-key": ["grant_id"],
  "x-date-field": "date",
  "properties": {
    "grant_id": {"type": "string", "minLength": 1},
    "org_id": {"type": "string", "minLength": 1},
    "date": {"type": "string", "format": "date"},
    "amount": {"type": "number", "minimum": 0},
    "handled_by": {"type": ["string", "null"]},
    "approved_by": {"type": ["string", "null"]}
  },
  "required": ["grant_id", "org_id", "date", "amount"],
  "additionalProperties": true
}
"""

_PACK = """\
pack:
  id: @name@/grants
  version: 0.1.0
  domain: @name@
  title: @name@ 补助发放风险规则
  authority: @name@
  effective: {from: 2026-01-01}
  language: zh-CN
rules:
  - id: @name@.large_grant
    title: 大额补助无审批
    description: 期内单笔补助超过限额，且台账没有记录审批岗位。
    legal_basis:
      - document: 《村级补助资金管理办法》（示例）
    severity: high
    detector: @name@_large_grants
    parameters: {limit: 50000}
    responsible: {field: handled_by}
    message: 补助 {grant_id} 金额 {amount_text} 元，超过 {params.limit} 元，未记录审批岗位
    rectification:
      title: 补办大额补助审批
      measures: [补办集体审批手续, 公开发放明细]
      deadline_days: 30
"""

_RULE_TESTS = """\
# Rule tests: riskengine rules test @name@/@name@.yaml
as_of: 2026-11-30
cases:
  - name: 正例：超过限额且无审批岗位
    rule: @name@.large_grant
    data:
      @name@_grants:
        - {grant_id: G1, org_id: C1, date: 2026-03-01, amount: 80000, handled_by: P1}
    expect:
      - records: ["@name@_grants:G1"]
        post_ids: [P1]
        message_contains: 补助 G1 金额 80,000 元
  - name: 反例：有审批岗位，或未超过限额
    rule: @name@.large_grant
    data:
      @name@_grants:
        - {grant_id: G1, org_id: C1, date: 2026-03-01, amount: 80000, handled_by: P1, approved_by: P2}
        - {grant_id: G2, org_id: C1, date: 2026-03-01, amount: 50000, handled_by: P1}
    expect: []
"""

_TEST = '''\
"""The detector of @name@, on frames built by hand."""

import datetime as dt

import polars as pl

from riskengine import DetectorContext, Period

from @name@.detectors import large_grants


def test_large_grant_without_approver_is_found():
    grants = pl.DataFrame({
        "grant_id": ["G1", "G2", "G3"],
        "org_id": ["C1", "C1", "C2"],
        "date": [dt.date(2026, 3, 1)] * 3,
        "amount": [80000.0, 80000.0, 1000.0],
        "handled_by": ["P1", "P1", "P2"],
        "approved_by": [None, "P9", None],
    })
    ctx = DetectorContext(
        frames={"@name@_grants": grants},
        as_of=dt.date(2026, 11, 30),
        period=Period(dt.date(2026, 1, 1), dt.date(2026, 10, 31)),
    )
    found = large_grants(ctx, {"limit": 50000})
    assert found["records"].to_list() == [["@name@_grants:G1"]]
    assert found["amount_text"].to_list() == ["80,000"]
'''

_README = """\
# @name@: a riskengine plugin

    pip install -e .                          # riskengine finds it through its entry point
    riskengine plugins list                   # @name@ is listed with its detector and rule pack
    riskengine rules test @name@/@name@.yaml  # the rule tests next to the pack
    python -m pytest tests                    # the detector's unit test
    riskengine assess DATASET                 # DATASET holds @name@_grants.csv beside the other ledgers
"""

FILES = {
    "pyproject.toml": _PYPROJECT,
    "README.md": _README,
    "@name@/__init__.py": _INIT,
    "@name@/detectors.py": _DETECTORS,
    "@name@/grants.schema.json": _SCHEMA,
    "@name@/@name@.yaml": _PACK,
    "@name@/@name@.tests.yaml": _RULE_TESTS,
    "tests/test_@name@.py": _TEST,
}


def supported_versions() -> str:
    """The ``RISKENGINE_REQUIRES`` a new plugin starts with: this minor version up to the next major."""
    major, minor = (int(part) for part in __version__.split(".")[:2])
    return f">={major}.{minor},<{major + 1}"


def new_plugin(name: str, directory: Path) -> list[Path]:
    """Write the plugin package ``name`` into ``directory`` (new or empty); the files written."""
    if not _NAME.match(name):
        raise UsageError(text("plugin_new_bad_name", name=name))
    if directory.exists() and any(directory.iterdir()):
        raise UsageError(text("plugin_new_not_empty", path=directory))
    values = {"@name@": name, "@dist@": name.replace("_", "-"), "@requires@": supported_versions()}
    written = []
    for relative, template in FILES.items():
        path = directory / _fill(relative, values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_fill(template, values), encoding="utf-8")
        written.append(path)
    return written


def _fill(template: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        template = template.replace(placeholder, value)
    return template
