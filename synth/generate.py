"""Build a synthetic dataset on disk: the world, each domain's ledgers, and truth.json.

``generate_dataset`` is what ``riskengine demo`` and the quality benchmark call. The same seed
gives the same files byte for byte.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from riskengine.dataset_io import write_dataset
from riskengine.records import RecordType, load_builtin_record_types

from . import serious
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


def build_frames(
    tables: Mapping[str, list[dict]], record_types: Iterable[RecordType]
) -> dict[str, pl.DataFrame]:
    """Typed Polars frames of the non-empty tables, columns in schema order.

    A row field the schema does not know, or a value of the wrong type, raises ValueError naming
    the record type and field: a misspelt field would otherwise vanish and a rule fail to fire.
    """
    types = {rt.name: rt for rt in record_types}
    frames: dict[str, pl.DataFrame] = {}
    for name, rows in tables.items():
        if not rows:
            continue
        record_type = types.get(name)
        frames[name] = _typed_frame(record_type, rows) if record_type else pl.DataFrame(rows)
    return frames


def _typed_frame(record_type: RecordType, rows: list[dict]) -> pl.DataFrame:
    known = record_type.polars_schema
    unknown = sorted({key for row in rows for key in row} - known.keys())
    if unknown:
        raise ValueError(f"{record_type.name}: fields not in the schema: {', '.join(unknown)}")
    columns = []
    for column, dtype in known.items():
        try:
            columns.append(pl.Series(column, [row.get(column) for row in rows], dtype=dtype, strict=True))
        except (TypeError, pl.exceptions.PolarsError) as exc:
            raise ValueError(f"{record_type.name}.{column}: values do not fit {dtype}: {exc}") from exc
    frame = pl.DataFrame(columns)
    _check_enums_and_required(record_type, frame)
    # Float noise (0.1 + 0.2) would print as 0.30000000000000004 and break the schema's multipleOf.
    cents = [c for c, p in record_type.schema.get("properties", {}).items() if p.get("multipleOf") == 0.01]
    return frame.with_columns(pl.col(c).round(2) for c in cents if frame.schema[c] == pl.Float64)


def _check_enums_and_required(record_type: RecordType, frame: pl.DataFrame) -> None:
    """Reject what the dataset loader would reject, so no planted record is silently dropped."""
    for column in record_type.required:
        if column in frame.columns and frame[column].null_count():
            raise ValueError(
                f"{record_type.name}.{column}: required but missing in {frame[column].null_count()} rows"
            )
    for column, prop in record_type.schema.get("properties", {}).items():
        allowed = [a for a in (prop.get("enum") or prop.get("items", {}).get("enum") or ()) if a is not None]
        if allowed:
            values = frame[column].explode() if isinstance(frame.schema[column], pl.List) else frame[column]
            bad = sorted(set(values.drop_nulls().unique().to_list()) - set(allowed))
            if bad:
                raise ValueError(f"{record_type.name}.{column}: values outside {allowed}: {bad}")
        if frame.schema[column] in (pl.Float64, pl.Int64):
            _check_range(record_type.name, column, prop, frame[column])


def _check_range(type_name: str, column: str, prop: dict, values: pl.Series) -> None:
    out_of_range = pl.Series([False] * len(values))
    if "minimum" in prop:
        out_of_range |= (values < prop["minimum"]).fill_null(False)
    if "maximum" in prop:
        out_of_range |= (values > prop["maximum"]).fill_null(False)
    if prop.get("multipleOf") == 0.01:
        cents = values * 100
        out_of_range |= ((cents - cents.round(0)).abs() > 1e-6).fill_null(False)
    if out_of_range.any():
        bad = values.filter(out_of_range).head(5).to_list()
        raise ValueError(f"{type_name}.{column}: values break the schema's range or cents: {bad}")
