"""DetectorContext: shared intermediates live as long as the plugin that computed them has rules to run."""

from __future__ import annotations

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
    assert ctx._memo == {}  # bid summaries, ledger months: released after their plugin's last rule
