"""riskengine against the same rules hand-written in Polars, on a province's ledgers.

    python bench/compare.py --rows 1M --format parquet --runs 3
    python bench/compare.py --rows 1M 12.8M --format csv --runs 3 --loop

Both programs run as separate processes on the same files, in turn (A B, B A, ...), after one
unmeasured warm-up each: ``riskengine assess DATASET --no-db --format json`` and
``bench/handwritten.py`` (see its docstring). Each process is timed from outside: wall time, CPU
time (user + system) and peak RSS from the kernel's accounting of the finished child (wait4), so
import, load and output count as a user sees them. Medians are printed, with min-max, and the
ratio riskengine / hand-written pair by pair. The findings of the last runs are compared rule by
rule (counts and finding ids) so the comparison is honest. ``--loop`` adds, as a secondary line, the
per-record Python loop of bench/assess_bench.py (condition rules only). Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from hand.run import packs  # noqa: E402
from province import AS_OF, PERIOD, arrow_bytes, dataset, rows  # noqa: E402

SIZES = {"1M": 800, "12.8M": 10_000, "1": 1, "demo": 0}
RULE_IDS = sorted(packs()[0])
TARGET_WALL, TARGET_RSS, TARGET_ARROW = 1.5, 1.2, 2.5


def timed(cmd: list[str]) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{stderr.decode()[-3000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "sys": usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "faults": usage.ru_minflt,
    }


def commands(data: Path, out: Path) -> dict[str, list[str]]:
    dates = ["--as-of", AS_OF.isoformat(), "--period", f"{PERIOD[0]}..{PERIOD[1]}"]
    riskengine = str(Path(sys.executable).with_name("riskengine"))
    return {
        "riskengine": [
            riskengine,
            "assess",
            str(data),
            "--no-db",
            *dates,
            "--format",
            "json",
            "-o",
            str(out / "riskengine.json"),
        ],
        "hand-written": [
            sys.executable,
            str(HERE / "handwritten.py"),
            str(data),
            *dates,
            "-o",
            str(out / "handwritten.json"),
        ],
    }


def _findings(doc: dict) -> dict[str, dict[str, tuple]]:
    """rule id -> finding id -> (post ids, records, severity): what both programs must agree on."""
    out: dict[str, dict[str, tuple]] = collections.defaultdict(dict)
    for f in doc["findings"]:
        out[f["rule_id"]][f["finding_id"]] = (tuple(f["post_ids"]), tuple(f["records"]), f["severity"])
    return out


def _skipped(doc: dict) -> set[str]:
    """Rules not evaluated at all (not just for some orgs)."""
    return {n["rule_id"] for n in doc.get("not_evaluated", []) if not n.get("org_ids")}


def same_findings(out: Path) -> tuple[bool, str]:
    """Compare the two JSON results rule by rule, for every shipped rule.

    Per rule: the same finding ids (rule, records and date), and per finding the same responsible
    posts, records and severity. Then the post scores and levels, the tasks, the rejected rows and
    the rules not evaluated. Rules with no finding in either program are named: this dataset does
    not exercise them, so it cannot show the two agree on them.
    """
    docs = {
        name: json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("riskengine", "handwritten")
    }
    a, b = _findings(docs["riskengine"]), _findings(docs["handwritten"])
    differ = [r for r in RULE_IDS if a.get(r, {}) != b.get(r, {})]
    unknown = sorted((set(a) | set(b)) - set(RULE_IDS))
    silent = [r for r in RULE_IDS if not a.get(r) and not b.get(r)]
    extra = []
    levels = {n: sorted((p["post_id"], p["score"], p["level"]) for p in d["posts"]) for n, d in docs.items()}
    if levels["riskengine"] != levels["handwritten"]:
        extra.append("post scores/levels differ")
    tasks = {
        n: sorted((t["post_id"], t["rule_id"], t["task_id"]) for t in d["tasks"]) for n, d in docs.items()
    }
    if tasks["riskengine"] != tasks["handwritten"]:
        extra.append("tasks differ")
    rejected = {n: sorted((r["source"], r["row"]) for r in d["rejected"]) for n, d in docs.items()}
    if rejected["riskengine"] != rejected["handwritten"]:
        extra.append("rejected rows differ")
    if _skipped(docs["riskengine"]) != _skipped(docs["handwritten"]):
        extra.append("rules not evaluated differ")
    if unknown:
        extra.append(f"rules outside the shipped packs: {', '.join(unknown)}")
    n = sum(len(v) for v in a.values())
    if differ or extra:
        detail = "; ".join(f"{r}: {len(a.get(r, {}))} vs {len(b.get(r, {}))}" for r in differ)
        return False, f"DIFFERENT: {detail} {' '.join(extra)}"
    verdict = (
        f"same findings: {n:,} in {len(RULE_IDS) - len(silent)} of the {len(RULE_IDS)} shipped rules "
        f"(ids, posts, records, severities), same post scores and levels, "
        f"{len(docs['riskengine']['tasks']):,} tasks, {len(docs['riskengine']['rejected'])} rejected rows"
    )
    if silent:
        verdict += f"\nno finding in either program, so not compared here: {', '.join(silent)}"
    return True, verdict


def _fmt(values: list[float], spec: str) -> str:
    med = statistics.median(values)
    return f"{med:{spec}} ({min(values):{spec}}-{max(values):{spec}})"


def compare(size: str, fmt: str, runs: int, warmup: int, loop: bool) -> dict:
    data = demo(fmt) if size == "demo" else dataset(SIZES[size], fmt)
    n_rows = rows(data)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cmds = commands(data, out)
        order = list(cmds)
        for _ in range(warmup):
            for name in order:
                timed(cmds[name])
        results: dict[str, list[dict]] = {name: [] for name in order}
        for i in range(runs):
            for name in order if i % 2 == 0 else reversed(order):
                results[name].append(timed(cmds[name]))
        same, verdict = same_findings(out)
    arrow_mb = arrow_bytes(data) / 2**20
    print(
        f"\n== {size} rows ({n_rows:,}) from {fmt}, {runs} runs each after {warmup} warm-up, "
        f"{os.cpu_count()} cores; input as Arrow {arrow_mb:,.0f} MB"
    )
    header = f"{'program':<14} {'wall s':>20} {'cpu s':>20} {'peak RSS MB':>22} {'rows/s':>12}"
    print(header)
    print("-" * len(header))
    for name, res in results.items():
        walls = [r["wall"] for r in res]
        print(
            f"{name:<14} {_fmt(walls, '7.2f'):>20} {_fmt([r['cpu'] for r in res], '7.2f'):>20} "
            f"{_fmt([r['rss_mb'] for r in res], '7.0f'):>22} {n_rows / statistics.median(walls):>12,.0f}"
        )
    a, b = results["riskengine"], results["hand-written"]
    ratio = {k: [x[k] / y[k] for x, y in zip(a, b, strict=True)] for k in ("wall", "cpu", "rss_mb")}
    print(
        f"{'ratio':<14} {_fmt(ratio['wall'], '7.2f'):>20} {_fmt(ratio['cpu'], '7.2f'):>20} "
        f"{_fmt(ratio['rss_mb'], '7.2f'):>22}"
    )
    rss_arrow = statistics.median(r["rss_mb"] for r in a) / arrow_mb
    hand_arrow = statistics.median(r["rss_mb"] for r in b) / arrow_mb
    wall_ok = statistics.median(ratio["wall"]) <= TARGET_WALL
    rss_ok = statistics.median(ratio["rss_mb"]) <= TARGET_RSS
    print(
        f"targets: wall ratio <= {TARGET_WALL} {'met' if wall_ok else 'NOT met'}; "
        f"peak RSS ratio <= {TARGET_RSS} {'met' if rss_ok else 'NOT met'}; "
        f"riskengine peak RSS = {rss_arrow:.2f}x input Arrow size "
        f"(<= {TARGET_ARROW}: {'met' if rss_arrow <= TARGET_ARROW else 'NOT met'}; "
        f"hand-written {hand_arrow:.2f}x)"
    )
    print(
        f"riskengine system time {statistics.median(r['sys'] for r in a):.2f} s, "
        f"minor page faults {statistics.median(r['faults'] for r in a):,.0f}"
    )
    print(verdict)
    if loop and n_rows > 2_000_000:
        print("secondary: per-record Python loop skipped above 2M rows (it holds every row as a dict)")
    elif loop:
        res = timed(
            [
                sys.executable,
                str(HERE / "assess_bench.py"),
                "--data",
                str(data),
                "--child",
                "baseline",
                "--json",
                str(Path(tempfile.gettempdir()) / "riskengine-loop.json"),
            ]
        )
        info = json.loads((Path(tempfile.gettempdir()) / "riskengine-loop.json").read_text())
        print(
            f"secondary: per-record Python loop, {info['rules']} condition rules only: "
            f"wall {res['wall']:.2f} s, cpu {res['cpu']:.2f} s, peak RSS {res['rss_mb']:.0f} MB, "
            f"{info['findings']:,} findings "
            f"({res['wall'] / statistics.median(r['wall'] for r in a):.1f}x riskengine's wall, all rules)"
        )
    if not same:
        print("WARNING: the two programs disagree; the timing comparison is not like for like")
    return {"size": size, "rows": n_rows, "riskengine": a, "hand-written": b}


def demo(fmt: str) -> Path:
    """The synthetic dataset the tests use (3 streets of 12 communities, every rule planted), cached."""
    from riskengine_synth.generate import generate_dataset

    if fmt != "parquet":
        demo("parquet")  # the Arrow size (the memory yardstick) is measured on the parquet files
    out = HERE / "data" / "demo-7" / fmt
    meta = out.parent / f"{fmt}.rows.json"
    if not meta.exists():
        made = generate_dataset(out, seed=7, fmt=fmt)
        meta.write_text(json.dumps(made.counts))
        (out / "truth.json").unlink(missing_ok=True)
    return out


def fixed_cost(runs: int) -> None:
    """riskengine on a single community: import, plugin and pack loading, and output dominate."""
    data = dataset(1, "parquet")
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(data, Path(tmp))
        timed(cmds["riskengine"])
        timed(cmds["hand-written"])
        walls, hand, polars, base = [], [], [], []
        for _ in range(runs):  # in turn, so that a busy moment of the machine falls on all four
            walls.append(timed(cmds["riskengine"])["wall"])
            hand.append(timed(cmds["hand-written"])["wall"])
            polars.append(timed([sys.executable, "-c", "import polars"])["wall"])
            base.append(timed([sys.executable, "-c", "pass"])["wall"])
    ratio = [r / h for r, h in zip(walls, hand, strict=True)]
    print(
        f"\nfixed cost (one community, {rows(data):,} rows), wall: riskengine {_fmt(walls, '.2f')} s; "
        f"hand-written {_fmt(hand, '.2f')} s (ratio {_fmt(ratio, '.2f')}); "
        f"Python importing Polars {_fmt(polars, '.2f')} s; bare Python start {_fmt(base, '.2f')} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows",
        nargs="+",
        choices=[s for s in SIZES if s != "1"],
        default=["1M"],
        help="1M or 12.8M rows of the province generator, or demo: the tests' synthetic dataset",
    )
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--loop", action="store_true", help="also time the per-record Python loop (slow)")
    parser.add_argument(
        "--fixed", action="store_true", help="also time riskengine on a one-community dataset"
    )
    args = parser.parse_args()
    done = [compare(size, args.format, args.runs, args.warmup, args.loop) for size in args.rows]
    if len(done) > 1:
        small, big = done[0], done[-1]
        grow = statistics.median(r["wall"] for r in big["riskengine"]) / statistics.median(
            r["wall"] for r in small["riskengine"]
        )
        print(
            f"\ngrowth: {big['rows'] / small['rows']:.1f}x rows cost riskengine {grow:.1f}x wall "
            f"(linear target: <= {1.05 * big['rows'] / small['rows']:.1f}x)"
        )
    if args.fixed:
        fixed_cost(args.runs)


if __name__ == "__main__":
    main()
