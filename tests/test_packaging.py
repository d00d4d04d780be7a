"""Packaging: every folder that ships is a listed package, so installing prints no setuptools warning.

setuptools warns ("Package 'x.y' is absent from the `packages` configuration") for every folder
holding shipped files that is not in ``packages``; the wheel would still work today, but the warning
is the first thing a new user sees and the files are slated to be dropped by future setuptools.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORED = {"__pycache__"}


def test_every_folder_with_files_is_a_listed_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    missing = []
    for name, folder in config["package-dir"].items():
        for directory in [ROOT / folder, *(p for p in (ROOT / folder).rglob("*") if p.is_dir())]:
            relative = directory.relative_to(ROOT / folder)
            if IGNORED & set(relative.parts) or not any(p.is_file() for p in directory.iterdir()):
                continue
            dotted = ".".join([name, *relative.parts])
            if dotted not in listed:
                missing.append(dotted)
    assert missing == []


def test_package_data_names_listed_packages():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert set(config["package-data"]) <= set(config["packages"])
