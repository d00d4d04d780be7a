"""The command line asks Polars' allocator to give freed memory back soon, unless the user said otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from riskengine.cli.allocator import POLARS_DEFAULT, SETTING, VARIABLE

CODE = "import os, riskengine.cli, polars; print(os.environ['_RJEM_MALLOC_CONF'])"


def _conf_seen_by_polars(value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != VARIABLE}
    if value is not None:
        env[VARIABLE] = value
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("inherited", [None, POLARS_DEFAULT, "narenas:2"])
def test_the_command_line_sets_a_short_decay_last(inherited):
    # Also when a parent process that imported Polars passed on Polars' own default.
    assert _conf_seen_by_polars(inherited).endswith(SETTING)


def test_a_decay_the_user_chose_is_kept():
    assert _conf_seen_by_polars("dirty_decay_ms:3000").endswith("dirty_decay_ms:3000")
