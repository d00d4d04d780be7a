"""Stable identifiers: the same inputs give the same ids, run after run."""

from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: object, length: int = 16) -> str:
    """``prefix`` + a hex digest of ``parts`` (joined unambiguously)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:length]}"


def finding_id(rule_id: str, records: str, date: object = None) -> str:
    """Stable across runs for the same rule and records (RESULT.md).

    ``records`` are the finding's sorted record references joined by ``\x1f``. The finding's date
    takes part too, so two findings of one rule that rest on the same records at different times
    (two missed quarters of an unchanged roll) stay two findings.
    """
    return stable_id("F-", rule_id, records, *([date] if date is not None else []))


def task_id(post_id: str, rule_id: str) -> str:
    """Stable across runs for the same post and rule (RESULT.md)."""
    return stable_id("T-", post_id, rule_id)
