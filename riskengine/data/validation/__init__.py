"""Row validation: a record type's JSON Schema compiled into column-wise Polars checks.

A raw frame (all String columns as read from CSV/XLSX, or natively typed from JSONL/Parquet)
goes in; the typed frame of good rows and one rejection per (row, bad field) come out. Every
check is a Polars expression over a whole column: parse with ``cast(strict=False)`` and flag
the values that became null, ``is_in`` for enums, ``str.contains`` for patterns, range and
decimal checks, duplicates on ``x-unique`` with a window. There is no Python code per row.

The stages, one module each, in the order a frame meets them:

- :mod:`.columns`: headers mapped to fields, text stripped, lists split, native types kept;
- :mod:`.totals`: 合计/小计 rows of hand-kept ledgers, which are not records;
- :mod:`.rewrite`: values as people write them (``12,345.00``, ``2025/3/5``) read as meant;
- :mod:`.compile` with :mod:`.checks`: each field's typed value and the checks it must pass;
- :mod:`.rejections`: the messages of the rejected rows, built for those rows alone;
- :mod:`.validate`: :func:`validate_frame`, which runs them.

Messages are Chinese and quote the offending value, e.g. ``不是数字：'12,5x'``.
"""

from __future__ import annotations

from .columns import normalise_headers
from .names import ROW
from .rejections import REJECTION_SCHEMA
from .validate import ValidationResult, validate_frame

__all__ = ["REJECTION_SCHEMA", "ROW", "ValidationResult", "normalise_headers", "validate_frame"]
