"""How many tables or rules run at once, and running them so.

Every table and every rule is a column-wise Polars query, and Polars spreads a query over the
cores by itself. On small and mid-sized datasets, though, a table's validation or a rule is
dozens of short queries whose fixed cost is most of their time, and one core idles while the
other plans the next query: there, one per core at a time (in threads; Polars releases the GIL
while it computes) cut the time of a 1M-row assessment by a tenth and of a one-community one by a third.
On large datasets the second query's intermediates only add to the peak memory, so they run one
after another. The results are the same, in the same order, either way.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Above this size in memory, tables and rules run one after another.
SERIAL_ABOVE_BYTES = 256 * 2**20
#: At most this many at once below it (one per core otherwise).
MOST_AT_ONCE = 4


def workers(size_in_memory: int) -> int:
    """How many at once for a dataset of ``size_in_memory`` bytes (as Polars frames).

    ``RISKENGINE_WORKERS`` sets the number (1: one after another); a value that is not a
    whole number is ignored.
    """
    setting = os.environ.get("RISKENGINE_WORKERS", "").strip()
    if setting.isdigit():
        return max(1, int(setting))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if size_in_memory > SERIAL_ABOVE_BYTES else max(1, min(cores, MOST_AT_ONCE))


def run_all(
    work: Callable[[Item], Result],
    items: Iterable[Item],
    workers: int,
    *,
    done: Callable[[Item], None] | None = None,
) -> list[Result]:
    """``[work(item) for item in items]``, ``workers`` at a time; ``done(item)`` is called in
    this thread as each finishes (in the order they finish). Each item runs in a copy of the
    caller's context, so that a ``--profile`` active here sees its stages."""
    items = list(items)
    if workers <= 1 or len(items) <= 1:
        results = []
        for item in items:
            results.append(work(item))
            if done:
                done(item)
        return results
    with ThreadPoolExecutor(workers, thread_name_prefix="riskengine") as pool:
        futures = {pool.submit(contextvars.copy_context().run, work, item): item for item in items}
        for future in as_completed(futures):
            if done:
                done(futures[future])
        return [future.result() for future in futures]
