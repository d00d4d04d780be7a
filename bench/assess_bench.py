"""Benchmark: the full assessment (load, validate, evaluate, score, tasks) on N records from Parquet,
side by side with a plain per-record Python evaluation of the same condition rules.

    python bench/assess_bench.py [--records 1000000]

Each mode runs in its own process so its peak memory (max RSS) is its own. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

AS_OF = dt.date(2026, 11, 30)
PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 10, 31))
TARGET_RATE = 300_000
TARGET_MB = 2048


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_engine(data: Path, conditions_only: bool) -> dict:
    from riskengine.detectors import Period
    from riskengine.engine import Engine

    engine = Engine.create()
    if conditions_only:
        from baseline import supported

        # Exactly the rules the per-record baseline evaluates, so the two are compared like for like.
        rules = engine.rulebook.rules
        engine.rulebook.rules = [r for r in rules if r.condition is not None and supported(r, AS_OF)]
    start = time.perf_counter()
    result = engine.assess(data, as_of=AS_OF, period=Period(*PERIOD))
    seconds = time.perf_counter() - start
    doc = result.to_dict()
    return {
        "seconds": seconds,
        "rows": sum(i["rows"] for i in doc["inputs"]),
        "findings": len(doc["findings"]),
        "rules": len(engine.rulebook.rules),
        "peak_mb": _peak_mb(),
    }


def run_baseline(data: Path) -> dict:
    import pyarrow.parquet as pq
    from baseline import python_predicate, supported

    from riskengine.engine import Engine

    rules = [r for r in Engine.create().rulebook.rules if r.condition is not None and supported(r, AS_OF)]
    start = time.perf_counter()
    rows_read, findings, evaluated = 0, 0, 0
    tables: dict[str, list[dict]] = {}
    for path in sorted(data.glob("*.parquet")):
        tables[path.stem] = pq.read_table(path).to_pylist()
        rows_read += len(tables[path.stem])
    for rule in rules:
        rows = tables.get(rule.record_type)
        if rows is None:
            continue
        predicate = python_predicate(rule.condition.source, rule.parameters, AS_OF)
        evaluated += 1
        date_field = {"ledger": "date", "disbursements": "date", "procurements": "date"}.get(rule.record_type)
        for row in rows:  # the per-record loop the engine avoids
            if date_field and not (PERIOD[0] <= row[date_field] <= PERIOD[1]):
                continue
            if predicate(row):
                findings += 1
                _ = rule.message.source.format_map(_Lenient(row, rule.parameters))
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "rows": rows_read,
        "findings": findings,
        "rules": evaluated,
        "peak_mb": _peak_mb(),
    }


class _Lenient(dict):
    """Row values for ``str.format_map``, with ``params.<name>`` and unknown names tolerated."""

    def __init__(self, row, params):
        super().__init__(row)
        self["params"] = SimpleNamespace(**params)

    def __missing__(self, key):
        return "{" + key + "}"


def _child(mode: str, data: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--data", str(data)], capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"{mode} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, help="use an existing Parquet dataset directory")
    parser.add_argument(
        "--child", choices=["engine", "engine-conditions", "baseline"], help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        if args.child == "baseline":
            figures = run_baseline(args.data)
        else:
            figures = run_engine(args.data, conditions_only=args.child == "engine-conditions")
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp) / "data"
        if not args.data:
            from bigdata import generate

            start = time.perf_counter()
            counts = generate(data, args.records)
            print(
                f"generated {sum(counts.values()):,} records in {time.perf_counter() - start:.1f}s: {counts}"
            )
        results = {mode: _child(mode, data) for mode in ("engine", "engine-conditions", "baseline")}
    print()
    columns = ("records", "rules", "seconds", "records/s", "peak MB", "findings")
    widths = (10, 6, 8, 12, 8, 9)
    print(f"{'mode':34} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    labels = {
        "engine": "riskengine, all rules (columnar)",
        "engine-conditions": "riskengine, condition rules only",
        "baseline": "per-record Python, condition rules",
    }
    for mode, r in results.items():
        rate = r["rows"] / r["seconds"]
        print(
            f"{labels[mode]:34} {r['rows']:>10,} {r['rules']:>6} {r['seconds']:>8.2f} {rate:>12,.0f} "
            f"{r['peak_mb']:>8.0f} {r['findings']:>9,}"
        )
    engine, same, base = results["engine"], results["engine-conditions"], results["baseline"]
    print()
    print(
        f"speed-up on the same condition rules: {base['seconds'] / same['seconds']:.1f}x "
        f"(memory {same['peak_mb'] / base['peak_mb']:.2f}x of the baseline's)"
    )
    rate = engine["rows"] / engine["seconds"]
    rate_ok = "met" if rate >= TARGET_RATE else "NOT met"
    memory_ok = "met" if engine["peak_mb"] <= TARGET_MB else "NOT met"
    print(
        f"full assessment: {rate:,.0f} records/s (target >= {TARGET_RATE:,}: {rate_ok}), "
        f"peak {engine['peak_mb']:.0f} MB (target <= {TARGET_MB}: {memory_ok})"
    )


if __name__ == "__main__":
    main()
