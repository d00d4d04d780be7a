"""One assessment: the frames, the dates, the rules' metadata, and how a rule's rows become findings.

A rule module builds, per rule, a lazy frame with one row per finding: ``org_id``, ``records`` (the
``<type>:<key>`` references), the responsible post column the pack names, optionally ``date``, and
the evidence columns. :meth:`Run.add` turns it into the finding columns (severity with escalation,
evidence JSON, message from the pack's template); nothing is collected until every rule is built.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import polars as pl
import yaml

from .load import ROOT, empty, schemas

FINDING_SCHEMA = {
    "rule_id": pl.String,
    "domain": pl.String,
    "severity": pl.String,
    "org_id": pl.String,
    "post_ids": pl.List(pl.String),
    "records": pl.List(pl.String),
    "date": pl.Date,
    "evidence": pl.String,
    "message": pl.String,
    "escalation_reason": pl.String,
    "latest": pl.Date,
}


def packs(folder: Path = ROOT / "rules") -> tuple[dict[str, dict], dict]:
    """The shipped rules by id (with their pack's parameters merged in) and the scoring section."""
    rules, scoring = {}, {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name.endswith(".tests.yaml"):
            continue
        pack = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if "scoring" in pack:
            scoring = pack["scoring"]
            continue
        for rule in pack.get("rules", []):
            rule["params"] = {**pack.get("parameters", {}), **rule.get("parameters", {})}
            rule["domain"] = pack["pack"]["domain"]
            rules[rule["id"]] = rule
    return rules, scoring


def fmt(template: str, *args: str | pl.Expr) -> pl.Expr:
    """``pl.format`` spelled with ``concat_str`` (Polars 2.1's streaming ``format`` panics on some
    filtered multi-chunk string columns); null when an argument is null, as ``format``."""
    texts = template.split("{}")
    exprs = [pl.col(a) if isinstance(a, str) else a for a in args]
    parts = [pl.lit(texts[0])]
    for expr, text in zip(exprs, texts[1:], strict=True):
        parts += [expr.cast(pl.String), pl.lit(text)]
    return pl.concat_str(parts)


def ref(record_type: str, *cols: str) -> pl.Expr:
    """``<record_type>:<key>[:<key2>]``; a null key part is empty text."""
    parts = [pl.col(c).cast(pl.String).fill_null("") for c in cols]
    return pl.concat_str([pl.lit(record_type), *parts], separator=":")


def refs(record_type: str, *cols: str) -> pl.Expr:
    """A one-element list holding :func:`ref`."""
    return pl.concat_list(ref(record_type, *cols))


def label(col: str, labels: dict[str, str]) -> pl.Expr:
    """A code column's Chinese label; unknown codes as they are."""
    return pl.col(col).replace_strict(labels, default=pl.col(col), return_dtype=pl.String)


EMPTY_LIST = pl.lit([], pl.List(pl.String))


def message(template: str, params: dict, schema: pl.Schema) -> pl.Expr:
    """The rule's message template as a string expression: lists joined with 、, numbers as Polars
    prints them (riskengine's own number format is not reproduced: messages are not compared)."""
    parts = re.split(r"\{([^{}]+)\}", template.strip())
    text, args = [], []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            text.append(part)
        elif part.startswith("params."):
            text.append(str(params.get(part[7:], "")))
        elif part in schema:
            text.append("{}")
            col = pl.col(part)
            if isinstance(schema[part], pl.List):
                col = col.list.eval(pl.element().cast(pl.String)).list.join("、")
            elif schema[part] == pl.Date:
                col = col.dt.strftime("%Y-%m-%d")
            args.append(col.cast(pl.String).fill_null(""))
        else:
            text.append("…")
    spelled = "".join(text)
    return fmt(spelled, *args) if args else pl.lit(spelled)


class Run:
    """One assessment: frames, as-of date, period, rule metadata, and the finding queries built so far."""

    def __init__(self, frames: dict[str, pl.DataFrame], as_of: dt.date, period, rules: dict[str, dict]):
        self.frames = frames
        self.as_of, (self.start, self.end) = as_of, period
        self.rules = rules
        self.queries: list[tuple[str, pl.LazyFrame]] = []
        self.skipped: list[str] = []
        self._contract = schemas()
        self._shared: dict[str, pl.LazyFrame] = {}

    def has(self, name: str) -> bool:
        """The dataset has usable rows of this record type."""
        frame = self.frames.get(name)
        return frame is not None and frame.height > 0

    def lf(self, name: str) -> pl.LazyFrame:
        """A record type's rows, lazily (an empty typed frame when the dataset has none)."""
        frame = self.frames.get(name)
        return (frame if frame is not None else empty(self._contract[name])).lazy()

    def shared(self, key: str, build: Callable[[], pl.LazyFrame]) -> pl.LazyFrame:
        """An intermediate several rules read, computed once per run (``cache``)."""
        if key not in self._shared:
            self._shared[key] = build().cache()
        return self._shared[key]

    def in_period(self, col: str = "date") -> pl.Expr:
        return pl.col(col).is_between(self.start, self.end)

    def p(self, rule_id: str) -> dict:
        """A rule's parameters."""
        return self.rules[rule_id]["params"]

    def expenses(self) -> pl.LazyFrame:
        """Ledger expenses dated in the period (not cached: each rule reads only its columns)."""
        return self.lf("ledger").filter((pl.col("direction") == "expense") & self.in_period())

    def add(
        self,
        rule_id: str,
        found: pl.LazyFrame,
        evidence: Iterable[str] | None,
        *,
        reads: Iterable[str],
        escalate: pl.Expr | None = None,
    ) -> None:
        """Finish a rule's findings: responsible posts, severity, evidence JSON and message.

        ``evidence`` names the evidence columns (None: the pack's list, for condition rules).
        A rule whose ``reads`` are not all in the dataset is not evaluated (as riskengine reports it).
        """
        if not all(self.has(name) for name in reads):
            self.skipped.append(rule_id)
            return
        rule = self.rules[rule_id]
        schema = found.collect_schema()
        responsible = rule.get("responsible", {})
        if "field" in responsible:
            col = responsible["field"]
            post_ids = pl.col(col) if isinstance(schema[col], pl.List) else pl.concat_list(pl.col(col))
            post_ids = post_ids.list.drop_nulls().list.unique().list.sort()
        else:
            post_ids = pl.col("_org_posts")
            posts = (
                self.lf("posts")
                .filter(pl.col("category") == responsible["org_post"])
                .group_by("org_id")
                .agg(pl.col("post_id").sort().alias("_org_posts"))
            )
            found = found.join(posts, on="org_id", how="left").with_columns(
                pl.col("_org_posts").fill_null(EMPTY_LIST)
            )
        severity, reason = pl.lit(rule["severity"]), pl.lit(None, pl.String)
        if escalate is not None:
            up = rule["escalate"][0]
            severity = pl.when(escalate).then(pl.lit(up["severity"])).otherwise(severity)
            text = re.sub(r"\{params\.(\w+)\}", lambda m: str(rule["params"][m[1]]), up["reason"])
            reason = pl.when(escalate).then(pl.lit(text))
        ev = [c for c in (evidence if evidence is not None else rule["evidence"]) if c in schema]
        encoded = pl.struct(
            [pl.col(c).dt.strftime("%Y-%m-%d") if schema[c] == pl.Date else pl.col(c) for c in ev]
        ).struct.json_encode()
        date = pl.col("date").cast(pl.Date) if "date" in schema else pl.lit(None, pl.Date)
        # The latest day a finding covers, for the recurrence rule: its last_date evidence, else its date.
        latest = pl.coalesce(pl.col("last_date"), date) if "last_date" in ev else date
        out = found.select(
            pl.lit(rule_id).alias("rule_id"),
            pl.lit(rule["domain"]).alias("domain"),
            severity.alias("severity"),
            pl.col("org_id"),
            post_ids.alias("post_ids"),
            pl.col("records").list.sort(),
            date.alias("date"),
            (encoded if ev else pl.lit("{}")).alias("evidence"),
            message(rule["message"], rule["params"], schema).alias("message"),
            reason.alias("escalation_reason"),
            latest.alias("latest"),
        )
        self.queries.append((rule_id, out))
