"""The README as a new user meets it: its ```bash blocks run, in order, in a fresh copy of the repository.

The copy holds the files git knows (tracked and not ignored), as a fresh clone of this working tree
would, plus a ``.venv`` link to the environment ``bin/test`` set up, so nothing is installed again.
All commands run in one ``bash`` from the copy's top, so ``source .venv/bin/activate`` carries over.
Conventions in the README: a trailing ``# exit N`` is the exit code the command must end with (0
otherwise); ``(not run by tests)`` in a comment skips a line (a long-running server, an id only known
then). ``bin/test`` is skipped: this test runs inside it (CI runs ``bin/test``), and running the suite
from inside the suite would never end.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASH_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.S | re.M)
TEXT_BLOCK = re.compile(r"^```text\n(.*?)^```", re.S | re.M)
EXPECTED_EXIT = re.compile(r"#\s*exit (\d+)\b")
SKIP = "(not run by tests)"


def readme_commands(readme: str) -> list[tuple[int, str, int]]:
    """(README line, command, expected exit code) for every command of every ```bash block."""
    commands = []
    for block in BASH_BLOCK.finditer(readme):
        first_line = readme.count("\n", 0, block.start(1)) + 1
        pending, start = "", 0
        for offset, line in enumerate(block.group(1).splitlines()):
            if not pending:
                start = first_line + offset
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            command, pending = pending + line, ""
            if not command.strip() or command.lstrip().startswith("#") or SKIP in command:
                continue
            expected = EXPECTED_EXIT.search(command)
            commands.append((start, command.strip(), int(expected.group(1)) if expected else 0))
    return commands


def shown_commands(readme: str) -> list[str]:
    """The ``$ command`` lines of ```text blocks: commands shown with their output."""
    return [line[2:] for block in TEXT_BLOCK.finditer(readme) for line in block.group(1).splitlines()
            if line.startswith("$ ")]


def script(commands: list[tuple[int, str, int]]) -> str:
    """One bash script running the commands in order, stopping at the first unexpected exit code."""
    lines = []
    for line_no, command, expected in commands:
        if command.split()[0] == "bin/test":
            continue  # this very test runs inside bin/test: running it again would never end
        lines += [
            f"echo {shlex.quote(f'$ {command}')} >&2",
            command,
            "rc=$?",
            f"if [ $rc -ne {expected} ]; then"
            f" echo \"README line {line_no}: exit $rc, expected {expected}\" >&2; exit 99; fi",
        ]
    return "\n".join(lines) + "\n"


def test_commands_shown_with_their_output_are_found():
    readme = "```text\n$ riskengine rules check x.yaml\nrules pack x.yaml has 1 error\n```\n"
    assert shown_commands(readme) == ["riskengine rules check x.yaml"]


def test_the_readme_conventions_are_understood():
    readme = ("```bash\nbin/demo      # set up\nriskengine assess x \\\n"
              "  --as-of 2026-02-30   # exit 2: bad\n"
              "riskengine serve   # (not run by tests)\n```\n```text\n$ not a command\n```\n")
    assert readme_commands(readme) == [(2, "bin/demo      # set up", 0),
                                       (3, "riskengine assess x    --as-of 2026-02-30   # exit 2: bad", 2)]


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory) -> Path:
    """The working tree's files in a new directory, with ``.venv`` pointing at the current environment."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = Path(sys.prefix) / f".riskengine-{digest}"
    if not stamp.exists():
        pytest.skip(f"run through bin/test: {sys.prefix} was not set up by bin/_env for this pyproject.toml")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    clone = tmp_path_factory.mktemp("clone") / "riskengine"
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    (clone / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    return clone


def user_env(tmp_path: Path) -> dict[str, str]:
    """A new user's shell: no virtual environment active, no riskengine settings."""
    venv_bin = str(Path(sys.prefix) / "bin")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKENGINE_") and k != "VIRTUAL_ENV"}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    env["RISKENGINE_LOG_DIR"] = str(tmp_path / "logs")
    if os.environ.get("RISKENGINE_REQUIRE_POSTGRES"):
        env["RISKENGINE_REQUIRE_POSTGRES"] = os.environ["RISKENGINE_REQUIRE_POSTGRES"]
    return env


def test_every_readme_command_works_as_written(fresh_clone, tmp_path):
    commands = readme_commands((fresh_clone / "README.md").read_text(encoding="utf-8"))
    assert [c.split()[0] for _, c, _ in commands][:2] == ["bin/demo", "bin/test"]
    done = subprocess.run(["bash", "-c", script(commands)], cwd=fresh_clone, env=user_env(tmp_path),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Traceback" not in done.stdout + done.stderr
    # Commands shown with their output run too (after the blocks, in the same place): they may report
    # errors (that is what they show), but must not crash.
    for command in shown_commands((fresh_clone / "README.md").read_text(encoding="utf-8")):
        shown = subprocess.run(["bash", "-c", f"source .venv/bin/activate && {command}"], cwd=fresh_clone,
                               env=user_env(tmp_path), capture_output=True, text=True, check=False)
        assert shown.returncode in (0, 1, 2, 3), (command, shown.stderr[-2000:])
        assert "Traceback" not in shown.stdout + shown.stderr, command
    # The demo's database is where the README says, never inside the dataset folder.
    assert (fresh_clone / "riskengine.db").is_file()
    assert not (fresh_clone / "riskengine-demo" / "riskengine.db").exists()
    assert (fresh_clone / "result.json").is_file()


def test_bin_demo_writes_where_the_user_stands(fresh_clone, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [str(fresh_clone / "bin" / "demo"), "--streets", "1", "--communities", "2", "--no-db",
         "-o", "x.json"],
        cwd=elsewhere, env=user_env(tmp_path), capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert (elsewhere / "x.json").is_file() and (elsewhere / "riskengine-demo" / "orgs.csv").is_file()
    assert not (fresh_clone / "x.json").exists()


def test_ci_runs_the_readme_test_command_with_postgres_mandatory():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`RISKENGINE_REQUIRE_POSTGRES=1 bin/test`" in readme
    assert "bin/test" in [command.split()[0] for _, command, _ in readme_commands(readme)]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^(export )?RISKENGINE_REQUIRE_POSTGRES=1\b", ci, re.M)
    assert re.search(r"^(\S+=\S+ )*exec bin/test\b", ci.splitlines()[-1])
