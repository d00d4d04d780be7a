"""riskengine.concurrency: how many tables or rules run at once, and running them in order."""

from __future__ import annotations

import threading
import time

from riskengine import concurrency


def test_small_datasets_run_one_per_core_and_large_ones_one_after_another(monkeypatch):
    monkeypatch.delenv("RISKENGINE_WORKERS", raising=False)
    monkeypatch.setattr(concurrency.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert concurrency.workers(10 * 2**20) == 2
    assert concurrency.workers(concurrency.SERIAL_ABOVE_BYTES + 1) == 1
    monkeypatch.setattr(concurrency.os, "sched_getaffinity", lambda _pid: set(range(32)), raising=False)
    assert concurrency.workers(0) == concurrency.MOST_AT_ONCE
    monkeypatch.setattr(concurrency.os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    assert concurrency.workers(0) == 1


def test_the_environment_sets_the_number_and_nonsense_is_ignored(monkeypatch):
    monkeypatch.setenv("RISKENGINE_WORKERS", "3")
    assert concurrency.workers(concurrency.SERIAL_ABOVE_BYTES * 10) == 3
    monkeypatch.setenv("RISKENGINE_WORKERS", "0")
    assert concurrency.workers(0) == 1
    monkeypatch.setenv("RISKENGINE_WORKERS", "many")
    monkeypatch.setattr(concurrency.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert concurrency.workers(0) == 2


def test_results_come_in_the_order_of_the_items_whatever_finishes_first():
    finished, threads = [], set()

    def work(n: int) -> int:
        threads.add(threading.current_thread().name)
        time.sleep(0.02 * (5 - n))  # the first item finishes last
        return n * n

    assert concurrency.run_all(work, range(5), 2, done=finished.append) == [0, 1, 4, 9, 16]
    assert sorted(finished) == [0, 1, 2, 3, 4] and finished != [0, 1, 2, 3, 4]
    assert len(threads) == 2
    finished.clear()
    assert concurrency.run_all(work, range(3), 1, done=finished.append) == [0, 1, 4]
    assert finished == [0, 1, 2]


def test_a_dataset_loads_the_same_one_table_at_a_time_and_several_at_once(monkeypatch, engine):
    """Messy CSV ledgers (rejected rows, notices): every table, row and message alike."""
    from pathlib import Path

    from riskengine.data.dataset import load_dataset

    loads = []
    for workers in ("1", "2"):
        monkeypatch.setenv("RISKENGINE_WORKERS", workers)
        loads.append(load_dataset(Path(__file__).parent / "files" / "street_a", engine.registry.record_types))
    serial, concurrent = loads
    assert list(serial.frames) == list(concurrent.frames)
    assert all(serial.frames[name].equals(concurrent.frames[name]) for name in serial.frames)
    assert serial.rejected == concurrent.rejected and serial.rejected
    assert serial.inputs == concurrent.inputs
    assert serial.notices == concurrent.notices
    assert serial.absent == concurrent.absent
