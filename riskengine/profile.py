"""Per-stage profile of an assessment: seconds and memory of load, validation, each rule, scoring, output.

``riskengine assess --profile`` turns it on; library code marks its stages with :func:`stage`, which
costs nothing when no profile is active. Memory is the process's resident set: the peak so far
(``ru_maxrss``, what the operating system reports at the end) and the growth of the peak during the
stage, so a rule that allocates a lot stands out even after its memory was freed.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TextIO

from .messages import text

_ACTIVE: ContextVar[Profile | None] = ContextVar("riskengine_profile", default=None)


def _peak_mb() -> float:
    # Linux reports ru_maxrss in KiB (macOS in bytes; the profile is a Linux tool first).
    scale = 1 if sys.platform != "darwin" else 1 / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1024


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return _peak_mb()


@dataclass
class Entry:
    """One measured stage: its kind (``load``, ``validate``, ``rule``, ...) and what it was about."""

    kind: str
    name: str
    seconds: float
    peak_mb: float
    peak_growth_mb: float
    rss_mb: float
    started: float = 0.0


@dataclass
class Profile:
    """The stages measured during one run, in order."""

    entries: list[Entry] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @contextmanager
    def measure(self, kind: str, name: str = "") -> Iterator[None]:
        peak_before = _peak_mb()
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            peak = _peak_mb()
            self.entries.append(Entry(kind, name, seconds, peak, peak - peak_before, _rss_mb(), start))

    def report(self, out: TextIO | None = None) -> None:
        """Print the profile (stages, then rules by time, slowest first) to ``out`` (stderr)."""
        out = out or sys.stderr
        total = time.perf_counter() - self.started
        print(text("profile_header", seconds=f"{total:.2f}", peak=f"{_peak_mb():,.0f}"), file=out)
        print(text("profile_columns"), file=out)
        rules = [e for e in self.entries if e.kind == "rule"]
        stages: dict[str, list[Entry]] = {}
        for entry in self.entries:
            stages.setdefault(entry.kind, []).append(entry)
        for kind, entries in stages.items():
            seconds = _wall(entries)
            label = text(f"profile_{kind}") if kind in _KINDS else kind
            if len(entries) > 1:
                label = f"{label} ×{len(entries)}"
            peak = max(e.peak_mb for e in entries)
            growth = sum(e.peak_growth_mb for e in entries)
            print(f"  {label:<28} {seconds:>9.2f} {peak:>12,.0f} {growth:>+12,.0f}", file=out)
            if kind in ("load", "validate") and len(entries) > 1:
                for e in sorted(entries, key=lambda e: -e.seconds)[:5]:
                    print(
                        f"    {e.name:<26} {e.seconds:>9.2f} {e.peak_mb:>12,.0f} {e.peak_growth_mb:>+12,.0f}",
                        file=out,
                    )
        if rules:
            overlapping = sum(e.seconds for e in rules) > 1.05 * _wall(rules)
            print(text("profile_rules_overlapping" if overlapping else "profile_rules"), file=out)
            for e in sorted(rules, key=lambda e: -e.seconds):
                print(
                    f"  {e.name:<40} {e.seconds:>9.3f} {e.peak_mb:>12,.0f} {e.peak_growth_mb:>+12,.0f}",
                    file=out,
                )


def _wall(entries: list[Entry]) -> float:
    """Seconds during which at least one of the entries ran: their sum when they ran one after
    another, less when some ran at the same time (rules, tables)."""
    total, reached = 0.0, float("-inf")
    for start, end in sorted((e.started, e.started + e.seconds) for e in entries):
        total += max(0.0, end - max(start, reached))
        reached = max(reached, end)
    return total


_KINDS = ("load", "validate", "rule", "assemble", "scoring", "tasks", "document", "output", "setup", "save")


@contextmanager
def profiling() -> Iterator[Profile]:
    """Activate a profile for the code run inside the block."""
    profile = Profile()
    token = _ACTIVE.set(profile)
    try:
        yield profile
    finally:
        _ACTIVE.reset(token)


@contextmanager
def stage(kind: str, name: str = "") -> Iterator[None]:
    """Measure the block as a stage of the active profile (a no-op when none is active)."""
    profile = _ACTIVE.get()
    if profile is None:
        yield
        return
    with profile.measure(kind, name):
        yield
