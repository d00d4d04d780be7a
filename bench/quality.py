"""Detection quality per indicator on generated data with planted violations.

    python bench/quality.py [--seed 7] [--streets 3] [--communities 12]

Prints recall and precision per rule, findings that match nothing planted, the post-level checks and
the level table (expected serious / some / none x 一级 / 二级 / 三级).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path

from riskengine_synth.generate import generate_dataset
from riskengine_synth.quality import measure

from riskengine.data.period import Period
from riskengine.engine import Engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--streets", type=int, default=3)
    parser.add_argument("--communities", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        generated = generate_dataset(
            Path(tmp) / "data",
            seed=args.seed,
            fmt="parquet",
            streets=args.streets,
            communities_per_street=args.communities,
        )
        start = time.perf_counter()
        result = Engine.create().assess(
            generated.path,
            as_of=dt.date(2026, 11, 30),
            period=Period(dt.date(2026, 1, 1), dt.date(2026, 10, 31)),
        )
        seconds = time.perf_counter() - start
        truth = json.loads(generated.truth_path.read_text(encoding="utf-8"))
    report = measure(result.to_dict(), truth)
    print(
        f"seed {args.seed}: {sum(generated.counts.values()):,} records, {result.findings.height} findings, "
        f"assessed in {seconds:.2f}s\n"
    )
    print(report.table())
    posts = result.document["posts"]
    serious_high = [p for p in posts if p["level"] == "high" and p.get("serious_findings", 0) >= 3]
    by_score = sum(1 for p in serious_high if p["score_level"] == "high")
    print(
        f"\nposts with >= 3 serious findings: {len(serious_high)} rated 一级, "
        f"{by_score} of them by score alone, {len(serious_high) - by_score} by the serious-problem override"
    )
    failures = report.failures()
    print(
        "\n"
        + (
            "all indicators meet recall and precision >= 0.95"
            if not failures
            else "below target:\n  " + "\n  ".join(failures)
        )
    )


if __name__ == "__main__":
    main()
