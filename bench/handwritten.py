"""The shipped rules written straight in Polars, without the engine: what riskengine is measured against.

    python bench/handwritten.py DATASET --as-of 2026-11-30 --period 2025-12-01..2026-11-30 -o result.json

Same inputs and the same kind of output as ``riskengine assess --format json --no-db``: a typed load
with rejected rows, findings with records, evidence and messages, post scores and levels, one task
per post and rule, one JSON document. No import of riskengine or of its plugins: the rules are
written out in the package ``bench/hand`` (see its docstring), their parameters and texts read from
the shipped YAML packs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hand.assess import assess  # noqa: E402
from hand.output import write  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--period", required=True)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    start, end = (dt.date.fromisoformat(d) for d in args.period.split(".."))
    result = assess(args.dataset, args.as_of, (start, end))
    with open(args.output, "w", encoding="utf-8") as out:
        write(result, out)


if __name__ == "__main__":
    main()
