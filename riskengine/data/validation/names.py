"""Names of the hidden columns a frame carries while it is validated (none survive into the result)."""

from __future__ import annotations

ROW = "__riskengine_row"
"""Column carrying each row's user-facing row number while validating."""

ERR = "__riskengine_err__"
"""Prefix of the per-field columns: did the field fail a check (then: which message)."""

BAD = "__riskengine_bad"
"""Whether the row is rejected (or, before the checks, blank)."""

DUP = "__riskengine_dup"
"""Whether the row repeats an earlier row's ``x-unique`` key (then: the message)."""

TOTAL = "__riskengine_total"
"""Whether the row is a 合计/小计 row rather than a record."""

REWRITTEN = "__riskengine_rw_"
"""Prefix of the columns holding a field's rewritten value and its rewrite flags."""
