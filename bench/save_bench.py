"""The database save of a large assessment: batched INSERTs against COPY, in one run.

    python bench/save_bench.py --rows 1M --db postgres            # PostgreSQL at 127.0.0.1:5432, db test
    python bench/save_bench.py --rows 1M --db sqlite
    python bench/save_bench.py --rows 1M --db postgres --url postgresql+psycopg://me@host/db

Assesses the province dataset once (bench/province.py), then saves the result into a fresh database
(a new schema on PostgreSQL, a new file on SQLite) once per method and run, in turn: ``insert``
(executemany in batches, what every save used before) and ``copy`` (COPY FROM STDIN for the big
inserts, PostgreSQL only; SQLite always uses executemany). Prints seconds per save (median, min-max)
and stored rows per second (posts, findings, tasks and audit entries). Figures, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from province import AS_OF, PERIOD, dataset  # noqa: E402

from riskengine.data.period import Period  # noqa: E402
from riskengine.engine import Engine  # noqa: E402
from riskengine.storage import Store, bulk  # noqa: E402

SIZES = {"1M": 800, "12.8M": 10_000, "small": 40}
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def fresh_url(kind: str, url: str | None, tmp: Path):
    """A URL to an empty database and a function that drops it afterwards."""
    if kind == "sqlite":
        path = tmp / f"{uuid.uuid4().hex}.db"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    server = url or POSTGRES
    schema = f"save_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, poolclass=NullPool)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop():
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()

    url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), drop


def save_once(result, kind: str, url: str | None, method: str, tmp: Path) -> float:
    bulk.COPY_FROM = 200 if method == "copy" else 10**12
    db_url, drop = fresh_url(kind, url, tmp)
    try:
        with Store(db_url) as store:
            store.upgrade()
            start = time.perf_counter()
            store.save(result)
            return time.perf_counter() - start
    finally:
        drop()


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--rows", choices=list(SIZES), default="1M")
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--url", help="PostgreSQL server URL (default: %(default)s)", default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    data = dataset(SIZES[args.rows], "parquet")
    start = time.perf_counter()
    result = Engine.create().assess(data, as_of=AS_OF, period=Period(*PERIOD))
    doc = result.to_dict()
    stored = len(doc["posts"]) + len(doc["findings"]) + 2 * len(doc["tasks"])  # a task and its audit entry
    print(
        f"{args.rows} rows: assessed in {time.perf_counter() - start:.1f} s; "
        f"{len(doc['posts'])} posts, {len(doc['findings'])} findings, {len(doc['tasks'])} tasks"
    )
    methods = ["insert", "copy"] if args.db == "postgres" else ["insert"]
    seconds: dict[str, list[float]] = {m: [] for m in methods}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for method in methods if run % 2 == 0 else methods[::-1]:
                seconds[method].append(save_once(result, args.db, args.url, method, Path(tmp)))
    for method, values in seconds.items():
        median = statistics.median(values)
        print(
            f"save {args.db:8s} {method:6s}: {median:6.2f} s (min {min(values):.2f}, max {max(values):.2f}), "
            f"{stored / median:,.0f} rows/s"
        )
    if len(methods) == 2:
        ratios = [a / b for a, b in zip(seconds["insert"], seconds["copy"], strict=True)]
        print(f"insert / copy: {statistics.median(ratios):.2f}× (median of pairs)")


if __name__ == "__main__":
    main()
