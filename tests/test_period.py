"""Without --period, the period the data covers (up to --as-of) is assessed, and said so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from riskengine.cli import main
from riskengine.data.period import Period

HAND_KEPT = Path(__file__).parent / "files" / "datasets" / "hand_kept"


def test_the_default_period_is_the_span_of_the_record_dates(engine):
    result = engine.assess(HAND_KEPT, as_of=dt.date(2026, 11, 30))
    assert result.document["period"] == {"from": "2026-03-05", "to": "2026-03-09", "source": "data"}
    assert result.document["as_of"] == "2026-11-30"


def test_the_default_period_ends_at_the_as_of_date_and_says_what_it_left_out(engine):
    result = engine.assess(HAND_KEPT, as_of=dt.date(2026, 3, 7))
    assert result.document["period"] == {"from": "2026-03-05", "to": "2026-03-07", "source": "data"}
    assert result.document["notices"][0] == "2 条记录的日期晚于基准日 2026-03-07，不在评估期间内"


def test_a_given_period_is_used_as_given(engine):
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    result = engine.assess(HAND_KEPT, as_of=dt.date(2026, 11, 30), period=period)
    assert result.document["period"] == {"from": "2026-01-01", "to": "2026-10-31", "source": "given"}


def test_the_period_and_as_of_used_are_printed_above_the_output():
    outcome = CliRunner().invoke(main, ["assess", str(HAND_KEPT), "--as-of", "2026-11-30", "--no-db"])
    assert outcome.exit_code == 0, outcome.output
    first = outcome.stderr.splitlines()[0]
    assert first == "评估期间 2026-03-05..2026-03-09（按数据中记录的日期），基准日 2026-11-30"
    outcome = CliRunner().invoke(
        main,
        ["assess", str(HAND_KEPT), "--as-of", "2026-11-30", "--period", "2026-01-01..2026-06-30", "--no-db"],
    )
    assert "评估期间 2026-01-01..2026-06-30（按 --period 指定），基准日 2026-11-30" in outcome.stderr
