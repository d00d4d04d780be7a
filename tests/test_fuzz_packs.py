"""Fuzzing the pack loader: whatever bytes an author's editor produces, never a traceback.

Every failure is a :class:`RulePackError` whose problems each name the file (and, where the
text could be read, the line and column). Inputs: random bytes, YAML-ish text built from the
pack vocabulary, and shipped packs mutated line by line; the mutated packs also go through
the rule book (overrides, compilation), which must collect problems rather than raise.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskengine.errors import RulePackError, RulePackSyntaxError
from riskengine.host.plugins import collect, get_plugin_manager
from riskengine.packs.rulebook import build_rulebook
from riskengine.packs.rulepack import PackLoadReport, parse_rule_pack

NAME = "fuzz.yaml"
RULES = Path(__file__).parent.parent / "rules"
SHIPPED = {
    path.name: path.read_text(encoding="utf-8")
    for path in sorted(RULES.glob("*.yaml"))
    if not path.name.endswith(".tests.yaml")  # rule tests, not packs
}
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)

KEYS = [
    "pack", "id", "version", "domain", "title", "authority", "effective", "from", "to", "language",
    "extends", "parameters", "rules", "rule_overrides", "scoring", "condition", "reads", "detector",
    "severity", "message", "responsible", "field", "rectification", "measures", "deadline_days",
    "legal_basis", "document", "escalate", "when", "enabled", "evidence", "cash_limit",
    "finance.cash_over_limit", "<<",
]
SCALARS = st.one_of(
    st.sampled_from(
        ["cn/finance-disclosure", "finance_disclosure", "2026-01-01", "2026-02-30", "1.0.0", "high", "ledger",
         "amount > params.cash_limit", "amount / 0 > 1", "{amount} 元", "现金", ".inf", "-.nan", "~", "null",
         "0x1F", "1e999", "9" * 30, "!!int abc", "!!binary ?", "!!python/object:os.system", "*a", "&a x", "="]
    ),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=12),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)


def _assert_located(error: RulePackError) -> None:
    assert error.problems, str(error)
    for problem in error.problems:
        assert problem.location is not None and problem.location.source == NAME, str(problem)
        if not isinstance(error, RulePackSyntaxError) or problem.location.line is not None:
            assert problem.location.line is None or problem.location.line >= 1, str(problem)


def _load(raw: bytes):
    try:
        return parse_rule_pack(raw, NAME)
    except RulePackError as exc:
        _assert_located(exc)
        return None


@cache
def _registry():
    return collect(get_plugin_manager())


@settings(FUZZ, max_examples=500)
@given(st.binary(max_size=400))
def test_random_bytes(raw):
    _load(raw)


@settings(FUZZ, max_examples=300)
@given(DOCUMENTS, st.integers(min_value=0, max_value=3), st.text(max_size=6), st.data())
def test_yamlish_text(document, cut, junk, data):
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=data.draw(st.booleans()))
    # Unquote the YAML-special scalars so tags, anchors and aliases reach the parser as syntax.
    text = text.replace("'", "") if data.draw(st.booleans()) else text
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    text = text[:at] + junk + text[at + cut :]
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    _load(text.encode(encoding, errors="replace"))


@st.composite
def mutated_pack(draw):
    name = draw(st.sampled_from(sorted(SHIPPED)))
    lines = SHIPPED[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "replace_value", "insert_junk", "indent", "swap"]))
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "replace_value" and ":" in line:
            head = line.split(":", 1)[0]
            value = draw(SCALARS)
            lines[i] = f"{head}: {value if not isinstance(value, str) else repr(value)}\n"
        elif kind == "insert_junk":
            at = draw(st.integers(min_value=0, max_value=len(line)))
            lines[i] = line[:at] + draw(st.text(max_size=5)) + line[at:]
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(min_value=0, max_value=6)) + line.lstrip(" ")
        else:
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        if not lines:
            break
    return "".join(lines)


@settings(FUZZ, max_examples=300)
@given(mutated_pack())
def test_mutated_shipped_packs(text):
    document = _load(text.encode("utf-8", errors="replace"))
    if document is None:
        return
    book = build_rulebook(PackLoadReport(documents=[document]), _registry())
    for error in book.problems:
        _assert_located(error)
