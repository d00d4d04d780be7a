"""Polars' memory allocator, tuned for a command that frees and allocates gigabytes in seconds.

Polars allocates with jemalloc, which by default keeps freed pages for ten seconds before giving
them back, and reuses them badly for buffers of other sizes. An assessment frees large tables
(each table's validation intermediates, each rule's working copies) and allocates new ones within
that time, so the process held both: on a province's ledgers (12.8M rows) the peak was 2.35 GB
with Polars' own setting (500 ms) and 2.2 GB with this one. Handing pages back after a tenth of a
second costs system time for page faults, 3 to 8% more CPU time in those runs; at once (0 ms) it
would cost 15%.

jemalloc reads the setting once, when Polars first allocates, so it must be in the environment
before Polars is imported; a setting of the user's own (``_RJEM_MALLOC_CONF``) is left as it is.
Importing this module applies it: the command line imports it first.
"""

from __future__ import annotations

import os
import sys

#: jemalloc's variable in Polars' build (its symbols carry the ``_rjem_`` prefix).
VARIABLE = "_RJEM_MALLOC_CONF"
SETTING = "dirty_decay_ms:100,muzzy_decay_ms:0"
#: What ``import polars`` writes into the variable (before any setting of the user's, which it keeps);
#: a process started by another Python program that imported Polars inherits it.
POLARS_DEFAULT = "dirty_decay_ms:500,muzzy_decay_ms:1000"


def tune() -> None:
    """Ask jemalloc to return freed pages after 100 ms, unless the user set a decay of their own.

    Polars appends the variable's value to its own defaults, so the later setting wins.
    """
    if "polars" in sys.modules:  # too late once Polars has allocated
        return
    own = os.environ.get(VARIABLE, "").removeprefix(POLARS_DEFAULT).strip(",")
    if "decay_ms" not in own:
        os.environ[VARIABLE] = ",".join(part for part in (own, SETTING) if part)


tune()
