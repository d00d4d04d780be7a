"""Amounts whose first digits follow Benford's law, exactly or mixed with a uniform share (a distortion)."""

from __future__ import annotations

import math
from collections import Counter

from .books import cents

BENFORD = [math.log10(1 + 1 / d) for d in range(1, 10)]


def largest_remainder(shares: list[float], total: int) -> list[int]:
    """Integer counts proportional to ``shares`` summing to ``total``."""
    scale = sum(shares) or 1.0
    raw = [s * total / scale for s in shares]
    counts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def digit_plan(n_total: int, fixed: Counter, n_free: int, distortion: float, rng) -> list[int]:
    """First digits for ``n_free`` amounts so that, with the ``fixed`` digits, all ``n_total`` follow
    Benford's law mixed with a uniform share ``distortion`` (0: exact Benford)."""
    target = [(1 - distortion) * p + distortion / 9 for p in BENFORD]
    counts = largest_remainder(target, n_total)
    residual = [max(0, counts[d - 1] - fixed[d]) for d in range(1, 10)]
    free = largest_remainder([float(r) for r in residual] if sum(residual) else target, n_free)
    digits = [d for d, c in zip(range(1, 10), free, strict=True) for _ in range(c)]
    rng.shuffle(digits)
    return digits


def draw_amount(digit: int, decade: int, rng) -> float:
    """A log-uniform amount with first digit ``digit`` in [10**decade, 10**(decade+1)), never round."""
    top = (digit + 1) * 10**decade
    amount = min(round(digit * ((digit + 1) / digit) ** rng.random() * 10**decade, 2), top - 0.01)
    if cents(amount) % 100_000 == 0:
        amount += 0.37
    return max(amount, float(10**decade))


def first_digit(amount: float) -> int:
    """The first significant digit of an amount."""
    return int(str(cents(amount)).lstrip("0")[0])

