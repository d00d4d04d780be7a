"""Build a synthetic dataset on disk: the world, each domain's ledgers, and truth.json.

``generate_dataset`` is what ``riskengine demo`` and the quality benchmark call. The same seed
gives the same files byte for byte.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from riskengine.data.files import write_dataset
from riskengine.data.records import load_builtin_record_types

from . import serious
from .frames import build_frames
from .truth import Truth
from .world import World

# Enough problem orgs that 100+ posts can carry three or more serious problems in the default world.
PROBLEM_SHARE = 0.6
DOMAINS = ("finance_disclosure", "procurement", "welfare", "cadre_conduct", "recurrence")


@dataclass(frozen=True)
class GeneratedDataset:
    """Where a generated dataset was written and how many rows each record type has."""

    path: Path
    truth_path: Path
    counts: dict[str, int] = field(default_factory=dict)


def generate_dataset(
    out_dir: str | Path,
    *,
    seed: int = 7,
    fmt: str = "csv",
    streets: int = 3,
    communities_per_street: int = 12,
    domains: Sequence[str] | None = None,
    problem_share: float = PROBLEM_SHARE,
    serious_posts: bool = True,
) -> GeneratedDataset:
    """Generate a synthetic dataset with planted violations into ``out_dir``.

    ``fmt`` is ``csv``, ``jsonl``, ``parquet`` (one file per record type in ``out_dir``) or
    ``xlsx`` (``out_dir/dataset.xlsx``, one sheet per record type); ``truth.json`` is written
    next to the data. ``domains`` limits the domain generators (default: all four); a domain
    whose module does not exist yet is skipped with a warning. ``problem_share`` of the communities
    get planted problems; with ``serious_posts`` most of their posts get three or more serious
    problems and some one minor problem (:mod:`riskengine_synth.serious`).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = World(
        seed, streets=streets, communities_per_street=communities_per_street, problem_share=problem_share
    )
    if serious_posts:
        serious.plan(world)
    truth = Truth.for_world(world)
    run_domains(world, truth, DOMAINS if domains is None else domains)
    frames = build_frames(world.tables, load_builtin_record_types())
    data_path = out_dir / "dataset.xlsx" if fmt == "xlsx" else out_dir
    write_dataset(frames, data_path, fmt)
    truth_path = truth.write(out_dir / "truth.json")
    return GeneratedDataset(data_path, truth_path, {name: frame.height for name, frame in frames.items()})


def run_domains(world: World, truth: Truth, domains: Iterable[str]) -> list[str]:
    """Call ``riskengine_synth.<domain>.generate(world, truth)`` for each domain; returns those run."""
    ran = []
    for domain in domains:
        if domain not in DOMAINS:
            raise ValueError(f"unknown synthetic domain {domain!r}; expected one of {DOMAINS}")
        module_name = f"{__package__}.{domain}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:  # the module exists but is broken: that must not pass silently
                raise
            warnings.warn(f"synthetic domain {domain} is not available yet; skipped", stacklevel=2)
            continue
        module.generate(world, truth)
        ran.append(domain)
    return ran
