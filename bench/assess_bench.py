"""The per-record Python loop: the plain way of evaluating the condition rules, one call per record.

    python bench/assess_bench.py --data DATASET            # prints its figures as JSON

A secondary reference line of ``bench/compare.py --loop``; the comparison users need is
riskengine against the hand-written Polars version of all rules (bench/compare.py). This loop
covers only the condition rules (``condition:`` in the packs), no detector, no scoring or output;
it reads the record types those rules use into Python dicts (part of its cost, and timed).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baseline import python_predicate, supported_source  # noqa: E402
from province import AS_OF, PERIOD  # noqa: E402


def condition_rules() -> list[dict]:
    out = []
    for path in sorted((HERE.parent / "rules").glob("*.yaml")):
        pack = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in pack.get("rules", []):
            if "condition" in rule and supported_source(rule["condition"], pack.get("parameters", {}), AS_OF):
                out.append({**rule, "params": pack.get("parameters", {})})
    return out


def _read_rows(data: Path, record_type: str) -> list[dict]:
    import polars as pl

    for ext in ("parquet", "csv"):
        path = data / f"{record_type}.{ext}"
        if path.exists():
            if ext == "parquet":
                return pl.read_parquet(path).to_dicts()
            frame = pl.read_csv(path, try_parse_dates=True)
            return frame.to_dicts()
    return []


def run_loop(data: Path) -> dict:
    start = time.perf_counter()
    rules = condition_rules()
    tables = {t: _read_rows(data, t) for t in {r["reads"] for r in rules}}
    findings = 0
    for rule in rules:
        predicate = python_predicate(rule["condition"], rule["params"], AS_OF)
        for row in tables[rule["reads"]]:  # the per-record loop the engine avoids
            if not (PERIOD[0] <= row["date"] <= PERIOD[1]):
                continue
            if predicate(row):
                findings += 1
                _ = rule["message"].format_map(_Lenient(row, rule["params"]))
    return {
        "seconds": time.perf_counter() - start,
        "rows": sum(len(t) for t in tables.values()),
        "rules": len(rules),
        "findings": findings,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


class _Lenient(dict):
    """Row values for ``str.format_map``, with ``params.<name>`` and unknown names tolerated."""

    def __init__(self, row, params):
        super().__init__(row)
        self["params"] = SimpleNamespace(**params)

    def __missing__(self, key):
        return "{" + key + "}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--child", choices=["baseline"], default="baseline", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    figures = run_loop(args.data)
    text = json.dumps(figures)
    if args.json:
        args.json.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
