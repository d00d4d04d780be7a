"""DetectorContext: shared intermediates live as long as the plugin that computed them has rules to run."""

from __future__ import annotations

import polars as pl

from riskengine.evaluation.evaluate import evaluate
from tests.detector_helpers import make_context


def test_a_memo_is_computed_once_and_forgotten_when_its_plugin_is_done():
    ctx = make_context(posts=[], frames={})
    calls = []

    def summary():
        calls.append(1)
        return len(calls)

    ctx.running_plugin = "procurement"
    assert ctx.memo("procurement.bid_summary", summary) == 1
    assert ctx.memo("procurement.bid_summary", summary) == 1
    ctx.release("welfare")  # another plugin's end leaves it alone
    assert ctx.memo("procurement.bid_summary", summary) == 1
    ctx.release("procurement")
    ctx.running_plugin = "vendor"
    assert ctx.memo("procurement.bid_summary", summary) == 2  # asked again: computed again


def test_after_the_rules_no_plugin_keeps_its_intermediates(engine, synthetic):
    from riskengine.data.dataset import load_dataset
    from riskengine.evaluation.detectors import DetectorContext
    from tests.conftest import AS_OF, PERIOD

    data = load_dataset(synthetic.path, engine.registry.record_types)
    ctx = DetectorContext(
        frames=data.frames, as_of=AS_OF, period=PERIOD, record_types=engine.registry.record_types
    )
    evaluation = evaluate(engine.rulebook.on(AS_OF).rules, ctx)
    assert evaluation.frame.height > 0
    # bid summaries, ledger months: released after their plugin's last rule; the relationship graph,
    # shared by all plugins, stays with the context
    assert set(ctx._memo) <= {"riskengine.graph"}


def test_rules_give_the_same_findings_one_at_a_time_and_two_at_a_time(engine, synthetic):
    from riskengine.data.dataset import load_dataset
    from riskengine.evaluation.detectors import DetectorContext
    from tests.conftest import AS_OF, PERIOD

    data = load_dataset(synthetic.path, engine.registry.record_types)
    rules = engine.rulebook.on(AS_OF).rules
    results = []
    for workers in (1, 2):
        ctx = DetectorContext(
            frames=data.frames, as_of=AS_OF, period=PERIOD, record_types=engine.registry.record_types
        )
        results.append(evaluate(rules, ctx, workers=workers))
    serial, concurrent = results
    assert serial.frame.height > 0
    assert serial.frame.equals(concurrent.frame)
    assert serial.not_evaluated == concurrent.not_evaluated


def test_a_memoised_frame_is_computed_once_when_rules_ask_for_it_at_the_same_time():
    import threading
    import time

    from riskengine.evaluation.detectors import DetectorContext
    from tests.conftest import AS_OF, PERIOD

    ctx = DetectorContext(frames={}, as_of=AS_OF, period=PERIOD)
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.05)
        return pl.DataFrame({"a": [1]})

    seen = []
    threads = [
        threading.Thread(target=lambda: seen.append(ctx.for_plugin("p").memo("p.slow", slow)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(seen) == 4 and all(frame is seen[0] for frame in seen)
    ctx.release("p")
    assert ctx._memo == {}
