"""The shipped rules written straight in Polars, without the engine: what riskengine is measured against.

    python bench/handwritten.py DATASET --as-of 2026-11-30 --period 2025-12-01..2026-11-30 -o result.json

Same inputs and the same kind of output as ``riskengine assess --format json --no-db``: a typed load
with rejected rows (enum, required, type and duplicate-key checks), findings with records, evidence
and messages, post scores and levels, one task per post and rule, one JSON document. What a careful
analyst would write for one province: lazy queries reading only the columns they need, collected
together, shared intermediates computed once, strings built for findings only.

Rule metadata (severity, message template, responsible post, rectification) is read from the shipped
YAML packs, the logic is written here. A few detectors that work on small tables are called from the
plugins as they are (``BORROWED``): they cost the same in both programs, so they do not bias the ratio
(see bench/README.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

import polars as pl
import yaml

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------- load

ENUMS = {
    "orgs": {"level": ["province", "city", "district", "street", "community", "village"]},
    "posts": {
        "category": ["secretary", "director", "finance", "cashier", "welfare", "procurement", "grid", "other"]
    },
    "relations": {"relation": ["spouse", "child", "parent", "sibling", "in_law", "other"]},
    "ledger": {
        "direction": ["income", "expense"],
        "category": [
            "office",
            "hospitality",
            "travel",
            "subsidy",
            "works",
            "goods",
            "services",
            "welfare",
            "salary",
            "other",
        ],
        "counterparty_type": ["person", "company", "org"],
        "payment_method": ["transfer", "cash", "card"],
    },
    "disclosures": {
        "catalog": ["party", "affairs", "finance"],
        "item": [
            "income_expense",
            "welfare_recipients",
            "procurement",
            "major_decision",
            "party_member_development",
            "other",
        ],
        "channel": ["board", "wechat", "app", "meeting"],
    },
    "procurements": {"category": ["goods", "works", "services"], "method": ["direct", "quotation", "tender"]},
    "beneficiaries": {
        "program": ["dibao", "tekun", "temp_relief", "elderly_allowance", "disability_allowance"]
    },
    "disbursements": {
        "program": ["dibao", "tekun", "temp_relief", "elderly_allowance", "disability_allowance"]
    },
    "conduct_events": {
        "type": [
            "gift_acceptance",
            "banquet_hosting",
            "certificate_abuse",
            "favoritism",
            "works_interference",
            "part_time_pay",
            "vehicle_misuse",
            "information_leak",
            "inaction",
            "other",
        ],
        "source": ["complaint", "inspection", "audit", "self_report", "hotline"],
        "status": ["reported", "verified", "dismissed"],
    },
    "declarations": {
        "type": ["annual_personal_matters", "banquet_report", "outside_job", "relative_business"]
    },
    "task_history": {"status": ["open", "closed", "reopened"]},
}


def _schemas() -> dict[str, dict]:
    folder = ROOT / "schemas" / "records"
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}


def _dtype(prop: dict) -> pl.DataType:
    kind = prop.get("type", "string")
    kind = next((k for k in kind if k != "null"), "string") if isinstance(kind, list) else kind
    if kind == "array":
        return pl.List(pl.String)
    if kind == "number":
        return pl.Float64()
    if kind == "integer":
        return pl.Int64()
    if kind == "boolean":
        return pl.Boolean()
    if prop.get("format") == "date":
        return pl.Date()
    return pl.String()


def _typed(name: str, dtype: pl.DataType, raw: pl.DataType) -> pl.Expr:
    col = pl.col(name)
    if raw == dtype:
        return col
    if raw == pl.String:
        if dtype == pl.Date:
            return col.str.to_date("%Y-%m-%d", strict=False)
        if dtype == pl.Boolean:
            low = col.str.to_lowercase()
            return pl.when(low == "true").then(True).when(low == "false").then(False)
        if isinstance(dtype, pl.List):
            return col.str.split(";")
    return col.cast(dtype, strict=False)


def load(folder: Path) -> tuple[dict[str, pl.DataFrame], list[dict], list[dict]]:
    """Typed frames of good rows, the rejected rows (one per bad field), and the inputs read."""
    schemas = _schemas()
    frames, rejected, inputs = {}, [], []
    for path in sorted(folder.iterdir()):
        if path.stem not in schemas or path.suffix not in (".parquet", ".csv"):
            continue
        schema = schemas[path.stem]
        data = path.read_bytes()
        if path.suffix == ".parquet":
            raw, first_row = pl.read_parquet(data), 1
        else:
            raw, first_row = pl.read_csv(data, infer_schema=False), 2
        del data
        props = schema["properties"]
        typed = {n: _typed(n, _dtype(p), raw.schema[n]) for n, p in props.items() if n in raw.columns}
        enums = ENUMS.get(path.stem, {})
        bad: dict[str, pl.Expr] = {}
        for name, expr in typed.items():
            checks = []
            if name in schema.get("required", []):
                checks.append(expr.is_null())
            if raw.schema[name] != _dtype(props[name]):
                checks.append(pl.col(name).is_not_null() & expr.is_null())
            if name in enums:
                checks.append(expr.is_not_null() & ~expr.is_in(enums[name]))
            if checks:
                bad[name] = pl.any_horizontal(checks)
        unique = schema.get("x-unique", schema.get("x-key", []))
        frame = raw.lazy().select(
            *[typed.get(n, pl.lit(None, _dtype(p))).alias(n) for n, p in props.items()],
            *[e.alias(f"_bad_{n}") for n, e in bad.items()],
        )
        if unique:
            frame = frame.with_columns(
                _bad_dup=~pl.struct(unique).is_first_distinct()
                if len(unique) > 1
                else ~pl.col(unique[0]).is_first_distinct()
            )
            bad["dup"] = pl.lit(True)
        flags = [f"_bad_{n}" for n in bad]
        frame = frame.with_columns(_any=pl.any_horizontal(flags) if flags else pl.lit(False)).collect()
        inputs.append(
            {
                "type": path.stem,
                "source": path.name,
                "rows": frame.height,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
        )
        if frame["_any"].any():
            rows = frame.with_row_index("_i").filter("_any")
            for flag in flags:
                for i in rows.filter(flag)["_i"].to_list():
                    field = unique[0] if flag == "_bad_dup" else flag[5:]
                    error = "重复" if flag == "_bad_dup" else "无效"
                    rejected.append(
                        {
                            "source": path.name,
                            "row": i + first_row,
                            "field": field,
                            "error": error,
                            "type": path.stem,
                        }
                    )
            frame = frame.filter(~pl.col("_any"))
        frames[path.stem] = frame.select(list(props))
    return frames, rejected, inputs


# --------------------------------------------------------------------------------------------- rules


def _packs() -> tuple[dict[str, dict], dict]:
    rules, scoring = {}, {}
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        pack = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "scoring" in pack:
            scoring = pack["scoring"]
            continue
        for rule in pack.get("rules", []):
            rule["params"] = {**pack.get("parameters", {}), **rule.get("parameters", {})}
            rule["domain"] = pack["pack"]["domain"]
            rules[rule["id"]] = rule
    return rules, scoring


def message(template: str, params: dict, schema: pl.Schema) -> pl.Expr:
    """The rule's message template as one ``pl.format``: numbers as Polars prints them."""
    parts = re.split(r"\{([^{}]+)\}", template.strip())
    text, args = [], []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            text.append(part)
        elif part.startswith("params."):
            text.append(str(params.get(part[7:], "")))
        elif part in schema:
            text.append("{}")
            lists = isinstance(schema[part], pl.List)
            args.append(
                pl.col(part).list.eval(pl.element().cast(pl.String)).list.join("、")
                if lists
                else pl.col(part)
            )
        else:
            text.append("…")
    fmt = "".join(text)
    return pl.format(fmt, *args) if args else pl.lit(fmt)


def ref(record_type: str, *cols: str) -> pl.Expr:
    return pl.concat_str([pl.lit(record_type), *[pl.col(c).fill_null("") for c in cols]], separator=":")


ESCALATIONS = {
    "conduct.negative_list_event": lambda p: pl.col("high_type"),
    "conduct.annual_declaration": lambda p: pl.col("missing"),
    "conduct.unanswered_complaint": lambda p: pl.col("days") > p["high_days"],
    "conduct.low_approval": lambda p: pl.col("two_years"),
    "finance.late_disclosure": lambda p: pl.col("days_late") > p["late_high_days"],
    "finance.cash_over_limit": lambda p: pl.col("amount") >= p["cash_limit"] * p["cash_large_multiple"],
    "finance.split_payments": lambda p: pl.col("total") >= pl.col("threshold") * p["split_large_multiple"],
    "finance.hospitality_over_limit": (
        lambda p: pl.col("amount") >= p["hospitality_limit"] * p["hospitality_large_multiple"]
    ),
    "finance.benford": lambda p: pl.col("mad") > p["benford_nonconformity_mad"],
    "procurement.cost_overrun": (
        lambda p: pl.col("final_amount") > pl.col("contract_amount") * (1 + p["overrun_high_pct"] / 100)
    ),
    "welfare.over_standard": lambda p: pl.col("excess") >= pl.col("standard"),
    "welfare.relative_enrolled": lambda p: pl.col("self_enrolled"),
}


class Run:
    """One assessment: the frames, dates and rule metadata, and the finding queries built so far."""

    def __init__(self, frames, as_of, period, rules):
        self.f = frames
        self.as_of, self.start, self.end = as_of, *period
        self.rules = rules
        self.queries: list[tuple[str, pl.LazyFrame, list[str]]] = []

    def lf(self, name: str) -> pl.LazyFrame:
        return self.f[name].lazy()

    def in_period(self, col: str = "date") -> pl.Expr:
        return pl.col(col).is_between(self.start, self.end)

    def p(self, rule_id: str) -> dict:
        return self.rules[rule_id]["params"]

    def add(self, rule_id: str, found: pl.LazyFrame, evidence: list[str], **_ignored):
        """Finish a rule's findings: responsible posts, severity, evidence JSON and message."""
        rule = self.rules[rule_id]
        responsible = rule.get("responsible", {})
        columns = found.collect_schema().names()
        if "field" in responsible:
            col = responsible["field"]
            dtype = found.collect_schema()[col]
            post_ids = pl.col(col) if isinstance(dtype, pl.List) else pl.concat_list(pl.col(col))
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
                pl.col("_org_posts").fill_null(pl.lit([], pl.List(pl.String)))
            )
        severity = pl.lit(rule["severity"])
        reason = pl.lit(None, pl.String)
        if rule_id in ESCALATIONS:
            up = ESCALATIONS[rule_id](rule["params"])
            severity = pl.when(up).then(pl.lit(rule["escalate"][0]["severity"])).otherwise(severity)
            text = re.sub(
                r"\{params\.(\w+)\}", lambda m: str(rule["params"][m[1]]), rule["escalate"][0]["reason"]
            )
            reason = pl.when(up).then(pl.lit(text))
        ev = [c for c in evidence if c in columns]
        evidence_expr = (
            pl.struct(
                [
                    pl.col(c).dt.strftime("%Y-%m-%d") if found.collect_schema()[c] == pl.Date else pl.col(c)
                    for c in ev
                ]
            ).struct.json_encode()
            if ev
            else pl.lit("{}")
        )
        out = found.select(
            pl.lit(rule_id).alias("rule_id"),
            pl.lit(rule["domain"]).alias("domain"),
            severity.alias("severity"),
            pl.col("org_id"),
            post_ids.alias("post_ids"),
            pl.col("records").list.sort(),
            (pl.col("date").cast(pl.Date) if "date" in columns else pl.lit(None, pl.Date)).alias("date"),
            evidence_expr.alias("evidence"),
            message(rule["message"], rule["params"], found.collect_schema()).alias("message"),
            reason.alias("escalation_reason"),
        )
        self.queries.append((rule_id, out, []))


def finance(r: Run) -> None:
    ledger = r.lf("ledger")
    exp = ledger.filter((pl.col("direction") == "expense") & r.in_period())
    txn = pl.concat_list(ref("ledger", "txn_id")).alias("records")
    ev = [
        "txn_id",
        "date",
        "amount",
        "category",
        "counterparty_id",
        "approved_by",
        "handled_by",
        "description",
    ]
    p = r.p("finance.cash_over_limit")
    r.add(
        "finance.self_approval",
        exp.filter(
            pl.col("approved_by").is_not_null() & (pl.col("approved_by") == pl.col("handled_by"))
        ).with_columns(txn),
        ev,
    )
    r.add(
        "finance.cash_over_limit",
        exp.filter((pl.col("payment_method") == "cash") & (pl.col("amount") > p["cash_limit"])).with_columns(
            txn
        ),
        ev,
    )
    r.add(
        "finance.hospitality_over_limit",
        exp.filter(
            (pl.col("category") == "hospitality") & (pl.col("amount") > p["hospitality_limit"])
        ).with_columns(txn),
        ev,
    )
    import chinese_calendar

    days = pl.date_range(r.start, r.end, eager=True)
    rest = pl.Series([d for d in days.to_list() if not chinese_calendar.is_workday(d)], dtype=pl.Date)
    r.add(
        "finance.holiday_spending",
        exp.filter(
            (pl.col("amount") > p["holiday_min_amount"]) & pl.col("date").is_in(rest.implode())
        ).with_columns(txn),
        ev,
    )

    # Split payments: only groups whose whole-period total reaches the limit can have a window that does.
    limit, window = p["collective_limit"], p["split_window_days"]
    keys = ["org_id", "counterparty_id", "category"]
    small = (
        exp.filter((pl.col("amount") < limit) & pl.col("counterparty_id").is_not_null())
        .select("txn_id", *keys, "date", "amount", "handled_by")
        .with_columns(pl.col("category").fill_null(""))
        .filter(pl.col("amount").sum().over(keys) >= limit - 0.01)
        .sort(*keys, "date", "txn_id")
        .with_columns(
            window_sum=pl.col("amount").rolling_sum_by("date", window_size=f"{window + 1}d").over(keys)
        )
    )
    hits = (
        small.filter(pl.col("window_sum") >= limit - 0.005)
        .select(*keys, pl.col("date").alias("hit_date"))
        .unique()
        .sort(*keys, "hit_date")
    )
    prev = pl.col("hit_date").shift(1).over(keys)
    hits = hits.with_columns(
        cluster=(prev.is_null() | (pl.col("hit_date") - pl.duration(days=window) > prev))
        .cast(pl.Int32)
        .cum_sum()
        .over(keys)
    )
    members = (
        small.sort("date")
        .join_asof(
            hits.sort("hit_date"),
            left_on="date",
            right_on="hit_date",
            by=keys,
            strategy="forward",
            check_sortedness=False,
        )
        .filter(
            pl.col("hit_date").is_not_null()
            & ((pl.col("hit_date") - pl.col("date")).dt.total_days() <= window)
        )
    )
    group_ev = [
        pl.concat_str(pl.lit("ledger:"), pl.col("txn_id")).sort().alias("records"),
        pl.col("txn_id").sort().alias("txn_ids"),
        pl.col("handled_by").drop_nulls().unique().sort().alias("handled_by"),
        pl.col("date").min().alias("first_date"),
        pl.col("date").max().alias("last_date"),
        pl.len().alias("n_payments"),
        pl.col("amount").sum().round(2).alias("total"),
        pl.col("amount").sort_by("date", "txn_id").alias("amounts"),
    ]
    split = (
        members.group_by(*keys, "cluster")
        .agg(*group_ev)
        .with_columns(
            pl.col("first_date").alias("date"),
            pl.lit(window).alias("window_days"),
            pl.lit(float(limit)).alias("threshold"),
            pl.col("category").alias("category_zh"),
        )
    )
    r.add(
        "finance.split_payments",
        split,
        [
            "handled_by",
            "txn_ids",
            "amounts",
            "total",
            "n_payments",
            "first_date",
            "last_date",
            "counterparty_id",
            "category",
            "window_days",
            "threshold",
        ],
    )

    # Duplicate payments: same payee and amount chained within the window, or a reused voucher number.
    dwin = r.p("finance.duplicate_payment")["duplicate_window_days"]
    dkeys = ["org_id", "counterparty_id", "amount_key"]
    d = (
        exp.filter(pl.col("counterparty_id").is_not_null())
        .select(
            "txn_id",
            "org_id",
            "counterparty_id",
            "date",
            "amount",
            "handled_by",
            "voucher_no",
            amount_key=(pl.col("amount") * 100).round(0).cast(pl.Int64),
        )
        .filter(pl.len().over(dkeys) >= 2)
        .sort(*dkeys, "date", "txn_id")
    )
    same = pl.all_horizontal([pl.col(k) == pl.col(k).shift(1) for k in dkeys]).fill_null(False)
    gap = (pl.col("date") - pl.col("date").shift(1)).dt.total_days()
    d = d.with_columns(group=(~same | (gap > dwin)).cast(pl.Int32).cum_sum()).filter(
        pl.len().over("group") >= 2
    )
    extra = [
        pl.col("counterparty_id").drop_nulls().unique().sort().alias("counterparty_ids"),
        pl.col("voucher_no").drop_nulls().unique().sort().alias("voucher_nos"),
    ]
    same_amount = (
        d.group_by("group")
        .agg(pl.col("org_id").first(), *group_ev, *extra)
        .with_columns(basis=pl.lit(f"同一收款方、同一金额，{dwin} 天内"))
    )
    vouchers = (
        exp.filter(pl.col("voucher_no").is_not_null())
        .select("txn_id", "org_id", "counterparty_id", "date", "amount", "handled_by", "voucher_no")
        .filter(pl.len().over("org_id", "voucher_no") >= 2)
        .group_by("org_id", "voucher_no")
        .agg(*group_ev, *extra)
        .with_columns(basis=pl.lit("同一凭证号重复入账"))
    )
    key = pl.col("records").list.join(",").alias("_k")
    vouchers = vouchers.with_columns(key).join(same_amount.select(key), on="_k", how="anti")
    cols = [
        "org_id",
        "records",
        "handled_by",
        "basis",
        "counterparty_ids",
        "voucher_nos",
        "txn_ids",
        "amounts",
        "total",
        "n_payments",
        "first_date",
        "last_date",
    ]
    dup = pl.concat([same_amount.select(cols), vouchers.select(cols)]).with_columns(
        pl.col("first_date").alias("date")
    )
    r.add("finance.duplicate_payment", dup, cols[2:])

    _round_and_benford(r, exp)
    _disclosure(r, ledger)
    _collective(r, exp)
    posts = r.lf("posts").filter(
        pl.col("category").is_in(["finance", "cashier"]) & pl.col("holder_id").is_not_null()
    )
    held = (
        posts.group_by("org_id", "holder_id")
        .agg(
            finance_posts=pl.col("post_id").filter(pl.col("category") == "finance").sort(),
            cashier_posts=pl.col("post_id").filter(pl.col("category") == "cashier").sort(),
        )
        .filter((pl.col("finance_posts").list.len() > 0) & (pl.col("cashier_posts").list.len() > 0))
    )
    both = pl.concat_list("finance_posts", "cashier_posts").list.sort()
    r.add(
        "finance.incompatible_posts",
        held.select(
            "org_id",
            both.list.eval(pl.lit("posts:") + pl.element()).alias("records"),
            both.alias("held_posts"),
            "holder_id",
            pl.col("finance_posts").list.join("、").alias("finance_post"),
            pl.col("cashier_posts").list.join("、").alias("cashier_post"),
        ),
        ["held_posts", "holder_id", "finance_post", "cashier_post"],
    )


def peer_fences(
    r: Run, values: pl.LazyFrame, value: str, min_size: int, k: float, upper=True
) -> pl.LazyFrame:
    """Join each org's peer-group Tukey fence: street, or district for thin streets.

    Statistics over the orgs of the same peer group only (as the round-amount rule does: no pooling of
    a thin street's values into its district), so the communities of a thin street form a small group.
    """
    orgs = r.lf("orgs")
    units = orgs.filter(pl.col("level").is_in(["community", "village"])).select(
        "org_id", pl.col("parent_id").alias("street_id")
    )
    streets = orgs.select(
        pl.col("org_id").alias("street_id"), pl.col("parent_id").alias("district_id")
    ).unique("street_id", keep="first")
    groups = units.join(streets, on="street_id", how="left").with_columns(
        n_street=pl.len().over("street_id"), n_district=pl.len().over("district_id")
    )
    use_street = (pl.col("n_street") >= min_size) | pl.col("district_id").is_null()
    groups = groups.select(
        "org_id",
        pl.when(use_street).then("street_id").otherwise("district_id").alias("peer_group"),
    )
    v = values.join(groups, on="org_id", how="inner")
    stats = (
        v.select("peer_group", pl.col(value).cast(pl.Float64).alias("_v"))
        .filter(pl.col("_v").is_not_null() & pl.col("_v").is_not_nan())
        .group_by("peer_group")
        .agg(
            q1=pl.col("_v").quantile(0.25, "linear"),
            q3=pl.col("_v").quantile(0.75, "linear"),
            n_peers=pl.len().cast(pl.Int64),
        )
        .with_columns(iqr=pl.col("q3") - pl.col("q1"))
        .with_columns(
            upper_fence=pl.when(pl.col("n_peers") >= min_size).then(pl.col("q3") + k * pl.col("iqr")),
            lower_fence=pl.when(pl.col("n_peers") >= min_size).then(pl.col("q1") - k * pl.col("iqr")),
        )
    )
    return v.join(stats, on="peer_group", how="left")


def _round_and_benford(r: Run, exp: pl.LazyFrame) -> None:
    p = r.p("finance.round_amounts")
    unit = round(p["round_unit"] * 100)
    e = exp.select(
        "org_id",
        "txn_id",
        "date",
        "amount",
        is_round=((pl.col("amount") * 100).round(0).cast(pl.Int64) % unit) == 0,
    )
    per_org = (
        e.group_by("org_id")
        .agg(n_expenses=pl.len(), n_round=pl.col("is_round").sum().cast(pl.Int64))
        .with_columns(share=pl.col("n_round") / pl.col("n_expenses"))
    )
    fenced = peer_fences(r, per_org, "share", p["peer_min_size"], p["fence_k"])
    found = fenced.filter(
        (pl.col("n_round") >= p["round_min_count"]) & (pl.col("share") > pl.col("upper_fence"))
    )
    # Lists of the round expenses only for the orgs found.
    lists = (
        e.filter("is_round")
        .join(found.select("org_id"), on="org_id", how="semi")
        .sort("org_id", "date", "txn_id")
        .group_by("org_id")
        .agg(records=pl.format("ledger:{}", "txn_id").sort(), round_amounts=pl.col("amount"))
    )
    found = found.join(lists, on="org_id").select(
        "org_id",
        "records",
        "n_expenses",
        "n_round",
        "round_amounts",
        "peer_group",
        "n_peers",
        (pl.col("share") * 100).round(2).alias("share_pct"),
        (pl.col("upper_fence") * 100).round(2).alias("fence_pct"),
    )
    r.add(
        "finance.round_amounts",
        found,
        ["n_expenses", "n_round", "round_amounts", "peer_group", "n_peers", "share_pct", "fence_pct"],
    )

    p = r.p("finance.benford")
    cents = (pl.col("amount") * 100).round(0)
    digit = pl.when(cents >= 1).then(
        cents.cast(pl.Int64, strict=False).cast(pl.String).str.slice(0, 1).cast(pl.Int8)
    )
    import math

    counts = (
        exp.filter(pl.col("amount") > 0)
        .select("org_id", digit.alias("d"))
        .group_by("org_id")
        .agg(
            pl.col("d").count().cast(pl.Int64).alias("n"),
            *[(pl.col("d") == i).sum().alias(f"d{i}") for i in range(1, 10)],
        )
    )
    mad = (
        pl.sum_horizontal(
            *[(pl.col(f"d{i}") / pl.col("n") - math.log10(1 + 1 / i)).abs() for i in range(1, 10)]
        )
        / 9
    )
    found = (
        counts.filter(pl.col("n") >= p["benford_min_count"])
        .with_columns(mad=mad)
        .filter(pl.col("mad") > p["benford_marginal_mad"])
    )
    found = found.select(
        "org_id",
        pl.concat_list(pl.format("orgs:{}", "org_id")).alias("records"),
        pl.col("n").alias("n_expenses"),
        pl.col("mad").round(4),
        pl.format(
            "0.{}", (pl.col("mad") * 10_000).round(0).cast(pl.Int64).cast(pl.String).str.zfill(4)
        ).alias("mad_text"),
        pl.lit(f"{p['benford_marginal_mad']:.3f}").alias("marginal_text"),
        pl.lit(f"{p['benford_nonconformity_mad']:.3f}").alias("nonconformity_text"),
        pl.when(pl.col("mad") > p["benford_nonconformity_mad"])
        .then(pl.lit("不符合"))
        .otherwise(pl.lit("临界符合"))
        .alias("conformity"),
    )
    r.add(
        "finance.benford",
        found,
        ["n_expenses", "mad", "conformity"],
        escalate=pl.col("mad") > p["benford_nonconformity_mad"],
    )


def _disclosure(r: Run, ledger: pl.LazyFrame) -> None:
    p = r.p("finance.late_disclosure")
    fin = (
        r.lf("disclosures")
        .filter((pl.col("catalog") == "finance") & (pl.col("item") == "income_expense"))
        .with_columns(month_start=(pl.col("period") + "-01").str.to_date("%Y-%m-%d", strict=False))
        .filter(pl.col("month_start").is_not_null())
    )
    quarter = pl.col("month_start").dt.year() * 10 + (pl.col("month_start").dt.month() - 1) // 3
    fin = fin.with_columns(
        quarterly=(pl.col("month_start").dt.month() % 3 == 0)
        & (pl.col("period").n_unique().over("org_id", quarter) == 1),
        deadline=pl.col("month_start").dt.month_end() + pl.duration(days=p["deadline_days"]),
    ).with_columns(
        covered=pl.date_ranges(
            pl.when("quarterly").then(pl.col("month_start").dt.offset_by("-2mo")).otherwise("month_start"),
            "month_start",
            "1mo",
        )
    )
    fin = fin.filter(
        pl.col("published_date").is_not_null() & (pl.col("published_date") <= r.as_of)
    ).with_columns(covered_months=pl.col("covered").list.eval(pl.element().dt.strftime("%Y-%m")))
    disc_ref = pl.concat_list(ref("disclosures", "disclosure_id")).alias("records")
    late = (
        fin.filter(r.in_period("month_start"))
        .sort("published_date", "disclosure_id")
        .unique(["org_id", "period"], keep="first", maintain_order=True)
        .filter(pl.col("published_date") > pl.col("deadline"))
        .select(
            "org_id",
            disc_ref,
            pl.col("published_date").alias("date"),
            "disclosure_id",
            "period",
            "published_date",
            "deadline",
            "covered_months",
            (pl.col("published_date") - pl.col("deadline")).dt.total_days().alias("days_late"),
        )
    )
    r.add(
        "finance.late_disclosure",
        late,
        ["disclosure_id", "period", "published_date", "deadline", "covered_months", "days_late"],
        escalate=pl.col("days_late") > p["late_high_days"],
    )
    # Monthly ledger totals, computed once for both rules; record lists only for the missing months.
    months = (
        ledger.select("org_id", "direction", "amount", month=pl.col("date").dt.truncate("1mo"))
        .group_by("org_id", "month")
        .agg(
            n_txns=pl.len(),
            income=pl.col("amount").filter(pl.col("direction") == "income").sum(),
            expense=pl.col("amount").filter(pl.col("direction") == "expense").sum(),
        )
        .cache()
    )
    covered = fin.select("org_id", "disclosure_id", pl.col("covered").alias("month")).explode("month")
    missing = (
        months.with_columns(deadline=pl.col("month").dt.month_end() + pl.duration(days=p["deadline_days"]))
        .filter(r.in_period("month") & (pl.col("deadline") < r.as_of))
        .join(covered.select("org_id", "month").unique(), on=["org_id", "month"], how="anti")
    )
    recs = (
        ledger.select("org_id", "txn_id", month=pl.col("date").dt.truncate("1mo"))
        .join(missing.select("org_id", "month"), on=["org_id", "month"], how="semi")
        .group_by("org_id", "month")
        .agg(records=pl.format("ledger:{}", "txn_id").sort())
    )
    missing = missing.join(recs, on=["org_id", "month"]).select(
        "org_id",
        "records",
        pl.col("deadline").alias("date"),
        pl.col("month").dt.strftime("%Y-%m"),
        "deadline",
        "n_txns",
        pl.col("income").round(2),
        pl.col("expense").round(2),
    )
    r.add("finance.missing_disclosure", missing, ["month", "deadline", "n_txns", "income", "expense"])

    tol = r.p("finance.disclosure_mismatch")["mismatch_tolerance"]
    f2 = fin.filter(r.in_period("month_start"))
    totals = (
        covered.join(f2.select("disclosure_id"), on="disclosure_id", how="semi")
        .join(months, on=["org_id", "month"], how="left")
        .group_by("disclosure_id")
        .agg(
            ledger_income=pl.col("income").fill_null(0).sum().round(2),
            ledger_expense=pl.col("expense").fill_null(0).sum().round(2),
        )
    )

    def off(a, b):
        gap = (pl.col(a) - pl.col(b)).abs()
        return ((gap > tol * pl.col(b).abs()) & (gap >= 0.01)).fill_null(False)

    bad = (
        f2.join(totals, on="disclosure_id", how="left")
        .with_columns(
            income_off=off("disclosed_income", "ledger_income"),
            expense_off=off("disclosed_expense", "ledger_expense"),
        )
        .filter(pl.col("income_off") | pl.col("expense_off"))
        .select(
            "org_id",
            disc_ref,
            pl.col("published_date").alias("date"),
            "disclosure_id",
            "period",
            "covered_months",
            "disclosed_income",
            "ledger_income",
            "disclosed_expense",
            "ledger_expense",
            pl.concat_list(
                pl.when("income_off").then(pl.lit("收入")), pl.when("expense_off").then(pl.lit("支出"))
            )
            .list.drop_nulls()
            .list.join("、")
            .alias("mismatched"),
        )
    )
    r.add(
        "finance.disclosure_mismatch",
        bad,
        [
            "disclosure_id",
            "period",
            "covered_months",
            "disclosed_income",
            "ledger_income",
            "disclosed_expense",
            "ledger_expense",
            "mismatched",
        ],
    )


STEPS_ZH = {
    "branch_proposal": "党组织提议",
    "committees_deliberation": "两委会商议",
    "members_review": "党员大会审议",
    "council_decision": "村（居）民代表会议或村（居）民会议决议",
    "resolution_disclosure": "决议公开",
    "result_disclosure": "实施结果公开",
}


def _collective(r: Run, exp: pl.LazyFrame) -> None:
    limit = r.p("finance.no_collective_decision")["collective_limit"]
    res = r.lf("resolutions").select(
        "resolution_id",
        pl.col("org_id").alias("res_org"),
        "decided_date",
        pl.col("steps").alias("res_steps"),
        pl.lit(True).alias("found"),
    )
    j = (
        exp.filter(pl.col("amount") >= limit)
        .join(res, left_on=["resolution_id", "org_id"], right_on=["resolution_id", "res_org"], how="left")
        .with_columns(pl.col("found").fill_null(False))
    )
    missing = pl.concat_list(
        [
            pl.when(~pl.col("res_steps").fill_null([]).list.contains(s)).then(pl.lit(zh))
            for s, zh in STEPS_ZH.items()
        ]
    ).list.drop_nulls()
    j = j.with_columns(missing_steps=pl.when("found").then(missing))
    incomplete = pl.col("missing_steps").list.len() > 0
    late = pl.col("decided_date").is_null() | (pl.col("decided_date") > pl.col("date"))
    bad = j.filter(~pl.col("found") | incomplete | late).with_columns(
        problem=pl.when(~pl.col("found"))
        .then(pl.lit("未附四议两公开决议"))
        .otherwise(pl.format("决议 {} 缺少{}环节", "resolution_id", pl.col("missing_steps").list.join("、"))),
        records=pl.concat_list(
            ref("ledger", "txn_id"), pl.when("found").then(ref("resolutions", "resolution_id"))
        ).list.drop_nulls(),
    )
    r.add(
        "finance.no_collective_decision",
        bad,
        [
            "txn_id",
            "date",
            "approved_by",
            "amount",
            "category",
            "counterparty_id",
            "resolution_id",
            "decided_date",
            "missing_steps",
            "problem",
        ],
    )


def procurement(r: Run) -> None:
    procs = r.lf("procurements").filter(r.in_period())
    rec = pl.concat_list(ref("procurements", "proc_id")).alias("records")
    ev = [
        "proc_id",
        "title",
        "date",
        "amount",
        "method",
        "vendor_id",
        "handled_by",
        "contract_amount",
        "final_amount",
    ]
    p = r.p("procurement.cost_overrun")
    r.add(
        "procurement.direct_award_over_limit",
        procs.filter(
            (pl.col("method") == "direct") & (pl.col("amount") >= p["collective_limit"])
        ).with_columns(rec),
        ev,
    )
    r.add(
        "procurement.cost_overrun",
        procs.filter(
            pl.col("contract_amount").is_not_null()
            & (pl.col("final_amount") > pl.col("contract_amount") * (1 + p["overrun_pct"] / 100))
        ).with_columns(rec),
        ev,
        escalate=pl.col("final_amount") > pl.col("contract_amount") * (1 + p["overrun_high_pct"] / 100),
    )
    counts = (
        r.lf("bids")
        .filter(pl.col("proc_id").is_not_null())
        .group_by("proc_id")
        .agg(bid_count=pl.len().cast(pl.Int64), bid_vendors=pl.col("vendor_id").drop_nulls().sort())
    )
    wb = (
        procs.join(counts, on="proc_id", how="left")
        .with_columns(pl.col("bid_count").fill_null(0), pl.col("date").alias("award_date"), rec)
        .cache()
    )
    aev = [
        "handled_by",
        "proc_id",
        "title",
        "amount",
        "award_date",
        "method",
        "vendor_id",
        "bid_count",
        "bid_vendors",
    ]
    r.add(
        "procurement.single_bid",
        wb.filter(pl.col("method").is_in(p["competitive_methods"]), pl.col("bid_count") == 1),
        aev,
    )
    r.add(
        "procurement.too_few_quotes",
        wb.filter(
            pl.col("method") == "quotation", pl.col("bid_count") < p["min_quotes"], pl.col("bid_count") != 1
        ).with_columns(pl.col("bid_vendors").fill_null(pl.lit([], pl.List(pl.String)))),
        aev,
    )
    open_ = pl.col("accepted_date").is_null()
    late = (
        procs.with_columns(
            days=pl.when(open_)
            .then((pl.lit(r.as_of) - pl.col("date")).dt.total_days())
            .otherwise((pl.col("accepted_date") - pl.col("date")).dt.total_days())
        )
        .filter(pl.col("days") > p["acceptance_days"])
        .with_columns(
            rec,
            pl.col("date").alias("award_date"),
            pl.when(open_)
            .then(pl.format(f"截至 {r.as_of} 已过 {{}} 天仍未验收", "days"))
            .otherwise(pl.format("至 {} 才验收，相隔 {} 天", "accepted_date", "days"))
            .alias("status_text"),
        )
    )
    r.add(
        "procurement.no_acceptance",
        late,
        ["handled_by", "proc_id", "title", "amount", "award_date", "accepted_date", "days", "status_text"],
    )


PROGRAM_ZH = {
    "dibao": "最低生活保障（低保）",
    "tekun": "特困人员供养",
    "temp_relief": "临时救助",
    "elderly_allowance": "高龄补贴",
    "disability_allowance": "残疾人补贴",
}


def welfare(r: Run) -> None:
    disb = r.lf("disbursements")
    inp = disb.filter(r.in_period())
    keys = ["org_id", "person_id", "program"]

    def summarise(hits, k, *extra):
        return (
            hits.sort("date", "disb_id")
            .group_by(k, maintain_order=True)
            .agg(
                *extra,
                records=pl.format("disbursements:{}", "disb_id"),
                disb_ids=pl.col("disb_id"),
                handled_by=pl.col("handled_by").drop_nulls().unique(maintain_order=True),
                date=pl.col("date").min(),
                last_date=pl.col("date").max(),
                n=pl.len().cast(pl.Int64),
                total=pl.col("amount").sum().round(2),
            )
            .with_columns(
                program_name=pl.col("program").replace_strict(PROGRAM_ZH, default=pl.col("program"))
            )
        )

    ev = ["handled_by", "person_id", "program", "program_name", "disb_ids", "n", "total", "last_date"]
    dead = r.lf("persons").select("person_id", "death_date").filter(pl.col("death_date").is_not_null())
    hits = inp.join(dead, on="person_id").filter(pl.col("date") > pl.col("death_date"))
    found = summarise(hits, keys, pl.col("death_date").first()).with_columns(
        records=pl.concat_list("records", pl.concat_list(ref("persons", "person_id"))),
        days_after=(pl.col("date") - pl.col("death_date")).dt.total_days(),
    )
    r.add("welfare.paid_after_death", found, [*ev, "death_date", "days_after"])
    exits = (
        r.lf("beneficiaries")
        .select("person_id", "program", "exit_date")
        .filter(pl.col("exit_date").is_not_null())
    )
    hits = inp.join(exits, on=["person_id", "program"]).filter(pl.col("date") > pl.col("exit_date"))
    found = summarise(hits, keys, pl.col("exit_date").first()).with_columns(
        records=pl.concat_list("records", pl.concat_list(ref("beneficiaries", "person_id", "program"))),
        days_after=(pl.col("date") - pl.col("exit_date")).dt.total_days(),
    )
    r.add("welfare.paid_after_exit", found, [*ev, "exit_date", "days_after"])
    k = ["person_id", "program", "period"]
    hits = disb.filter(pl.col("period").is_not_null()).filter(
        (pl.len().over(k) >= 2) & r.in_period().any().over(k)
    )
    r.add("welfare.duplicate_payment", summarise(hits, k, pl.col("org_id").first()), [*ev, "period"])


EVENT_TYPE_ZH = {
    "gift_acceptance": "收受礼品礼金",
    "banquet_hosting": "操办婚丧喜庆事宜",
    "certificate_abuse": "违规出具证明",
    "favoritism": "优亲厚友",
    "works_interference": "插手工程项目",
    "part_time_pay": "违规兼职取酬",
    "vehicle_misuse": "公车私用",
    "information_leak": "泄露工作秘密",
    "inaction": "不作为、慢作为",
    "other": "其他违反负面清单行为",
}


def conduct(r: Run) -> None:
    p = r.p("conduct.negative_list_event")
    ev = r.lf("conduct_events").filter(r.in_period())
    # Names and titles only for the few people and posts events name, not the whole persons table.
    names = (
        r.lf("persons").select("person_id", "name").join(ev.select("person_id"), on="person_id", how="semi")
    )
    titles = (
        r.lf("posts").select("post_id", pl.col("title").alias("post_title")).unique("post_id", keep="first")
    )
    ev = (
        ev.join(titles, on="post_id", how="left")
        .join(names.unique("person_id", keep="first"), on="person_id", how="left")
        .with_columns(
            pl.coalesce("post_title", "post_id").alias("post_title"),
            pl.when(pl.col("name").is_not_null())
            .then(pl.format("{}（{}）", "name", "person_id"))
            .otherwise(pl.col("person_id").fill_null("（未注明）"))
            .alias("person_label"),
            pl.col("type").replace_strict(EVENT_TYPE_ZH, default=pl.col("type")).alias("type_zh"),
            pl.col("source").fill_null("未注明").alias("source_zh"),
            pl.concat_list(ref("conduct_events", "event_id")).alias("records"),
        )
        .cache()
    )
    cols = [
        "event_id",
        "person_id",
        "person_label",
        "post_id",
        "post_title",
        "date",
        "type",
        "type_zh",
        "source_zh",
    ]
    r.add(
        "conduct.negative_list_event",
        ev.filter(pl.col("status") == "verified").with_columns(
            high_type=pl.col("type").is_in(p["high_types"]).fill_null(False)
        ),
        [*cols, "high_type"],
        escalate=pl.col("high_type"),
    )
    live = pl.col("status").is_null() | (pl.col("status") != "dismissed")
    decl = r.lf("declarations").filter(
        pl.col("submitted_date").is_not_null() & (pl.col("submitted_date") <= r.as_of)
    )
    window = p["report_window_days"] if "report_window_days" in p else 30
    banquets = ev.filter((pl.col("type") == "banquet_hosting") & live)
    reports = decl.filter(pl.col("type") == "banquet_report").select(
        "person_id", "decl_id", pl.col("event_date").alias("red"), "submitted_date"
    )
    near = (
        banquets.select("event_id", "person_id", "date")
        .join(reports, on="person_id")
        .filter((pl.col("red") - pl.col("date")).dt.total_days().abs() <= window)
    )
    on_time = near.filter(pl.col("submitted_date") <= pl.col("date")).select("event_id").unique()
    r.add("conduct.unreported_banquet", banquets.join(on_time, on="event_id", how="anti"), cols)
    declared = decl.filter(pl.col("type") == "outside_job").select("person_id").unique()
    r.add(
        "conduct.undeclared_outside_job",
        ev.filter((pl.col("type") == "part_time_pay") & live).join(declared, on="person_id", how="anti"),
        cols,
    )


HAND_WRITTEN = (finance, procurement, welfare, conduct)


def borrowed(r: Run, done: set[str], findings: pl.DataFrame) -> list[pl.DataFrame]:
    """The remaining detectors, called from the plugins as they are (small tables; see the module doc)."""
    sys.path.insert(0, str(ROOT))
    from riskengine_plugins.recurrence import recurrence

    from plugins import (
        cadre_conduct,
        finance_disclosure,
    )
    from plugins import (
        procurement as proc_plugin,
    )
    from plugins import (
        welfare as welfare_plugin,
    )
    from riskengine.data.period import Period
    from riskengine.evaluation.detectors import DetectorContext

    detectors = {
        d.name: d
        for m in (cadre_conduct, finance_disclosure, proc_plugin, welfare_plugin)
        for d in m.DETECTORS
    }
    ctx = DetectorContext(frames=r.f, as_of=r.as_of, period=Period(r.start, r.end))
    base = len(r.queries)
    for rule_id, rule in r.rules.items():
        if rule_id in done or rule_id == "conduct.recurrence":
            continue
        det = detectors[rule["detector"]]
        params = {k: v.get("default") for k, v in det.params_schema.get("properties", {}).items()}
        params.update(rule["params"])
        found = det.run(ctx, params)
        r.add(rule_id, found.lazy(), list(det.outputs))
    parts = pl.collect_all([q for _, q, _ in r.queries[base:]])
    ctx.findings = pl.concat([findings, *parts])
    rule = r.rules["conduct.recurrence"]
    found = recurrence(ctx, {"window_days": 365, "rule_id": "conduct.recurrence"})
    r.add(
        "conduct.recurrence", found.lazy(), ["post_id", "repeated_rule", "task_id", "closed_on", "findings"]
    )
    return [*parts, r.queries[-1][1].collect()]


# ------------------------------------------------------------------------------------- score, output


def finding_ids(findings: pl.DataFrame) -> pl.Series:
    keys = findings.select("rule_id", pl.col("records").list.join("\x1f"), pl.col("date").cast(pl.String))
    out = []
    for rule_id, records, date in keys.iter_rows():
        parts = [rule_id, records] + ([date] if date is not None else [])
        out.append("F-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16])
    return pl.Series("finding_id", out)


def score(posts: pl.DataFrame, findings: pl.DataFrame, scoring: dict) -> pl.DataFrame:
    per_post = (
        findings.explode("post_ids").rename({"post_ids": "post_id"}).filter(pl.col("post_id").is_not_null())
    )
    inherent = pl.min_horizontal(
        pl.col("powers")
        .fill_null([])
        .list.eval(
            pl.element().replace_strict(scoring["inherent"]["powers"], default=0, return_dtype=pl.Float64)
        )
        .list.sum(),
        pl.lit(float(scoring["inherent"]["cap"])),
    )
    contrib = (
        per_post.group_by("post_id", "rule_id")
        .agg(pl.col("points").sum(), pl.len().alias("findings"))
        .sort("post_id", "points", "rule_id", descending=[False, True, False])
        .group_by("post_id", maintain_order=True)
        .agg(
            pl.struct("rule_id", "points", "findings").alias("contributions"),
            pl.col("points").sum().alias("fp"),
        )
    )
    out = (
        posts.select("post_id", "org_id", "title", "category", inherent.alias("inherent"))
        .join(contrib, on="post_id", how="left")
        .with_columns(score=(pl.col("inherent") + pl.col("fp").fill_null(0)).round(2))
    )
    level = pl.lit("low")
    for t in reversed(scoring["levels"]):
        level = pl.when(pl.col("score") >= t["min_score"]).then(pl.lit(t["level"])).otherwise(level)
    over = []
    for o in scoring["overrides"]:
        f = per_post.filter(_matches(o))
        if o.get("serious"):
            f = f.filter(pl.col("serious").is_not_null())
        if o.get("within_days"):
            # two findings within the window: some consecutive pair is (min_findings is 2 in the pack)
            f = (
                f.filter(pl.col("date").is_not_null())
                .sort("post_id", "date")
                .filter(
                    ((pl.col("date") - pl.col("date").shift(1)).dt.total_days() < o["within_days"]).over(
                        "post_id"
                    )
                )
            )
        else:
            f = f.filter(pl.len().over("post_id") >= o.get("min_findings", 1))
        over.append(f.select("post_id", pl.lit(o["reason"]).alias("reason")))
    reasons = (
        pl.concat(over)
        .group_by("post_id")
        .agg(pl.col("reason").unique(maintain_order=True).alias("overrides"))
    )
    return (
        out.with_columns(score_level=level)
        .join(reasons, on="post_id", how="left")
        .with_columns(
            level=pl.when(pl.col("overrides").is_not_null()).then(pl.lit("high")).otherwise("score_level"),
            overrides=pl.col("overrides").fill_null(pl.lit([], pl.List(pl.String))),
        )
    )


SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}


def _matches(entry: dict) -> pl.Expr:
    """A finding matches a scoring entry: its rules (if any) and a minimum severity (if any)."""
    cond = pl.lit(True)
    if entry.get("rules"):
        cond = cond & pl.col("rule_id").is_in(entry["rules"])
    if entry.get("severity_at_least"):
        rank = pl.col("severity").replace_strict(SEVERITY_RANK, default=-1, return_dtype=pl.Int8)
        cond = cond & (rank >= SEVERITY_RANK[entry["severity_at_least"]])
    return cond


def serious(scoring: dict) -> pl.Expr:
    """The label of the first ``scoring.serious`` entry a finding matches (null: not serious)."""
    label = pl.lit(None, pl.String)
    for entry in reversed(scoring.get("serious", [])):
        label = pl.when(_matches(entry)).then(pl.lit(entry["label"])).otherwise(label)
    return label


def assess(folder: Path, as_of: dt.date, period: tuple[dt.date, dt.date]) -> dict:
    frames, rejected, inputs = load(folder)
    rules, scoring = _packs()
    r = Run(frames, as_of, period, rules)
    for domain in HAND_WRITTEN:
        domain(r)
    done = {rule_id for rule_id, _, _ in r.queries}
    parts = pl.collect_all([q for _, q, _ in r.queries])
    parts += borrowed(r, done, pl.concat(parts))
    findings = pl.concat([p for p in parts if p.height])
    findings = findings.with_columns(finding_ids(findings)).unique(
        "finding_id", keep="first", maintain_order=True
    )
    findings = findings.with_columns(
        points=pl.col("severity").replace_strict(scoring["severity_points"], return_dtype=pl.Float64),
        serious=serious(scoring),
    ).sort("rule_id", "org_id", "finding_id")
    posts = score(frames["posts"], findings, scoring)
    tasks = (
        findings.explode("post_ids")
        .filter(pl.col("post_ids").is_not_null())
        .group_by(pl.col("post_ids").alias("post_id"), "rule_id")
        .agg(pl.col("org_id").first(), pl.col("finding_id").sort().alias("finding_ids"))
        .sort("post_id", "rule_id")
    )
    titles = {k: v["rectification"]["title"] for k, v in rules.items()}
    days = {k: v["rectification"]["deadline_days"] for k, v in rules.items()}
    tasks = tasks.with_columns(
        task_id=pl.Series(
            [
                ("T-" + hashlib.sha256(f"{p}\x1f{r_}".encode()).hexdigest()[:16])
                for p, r_ in tasks.select("post_id", "rule_id").iter_rows()
            ],
            dtype=pl.String,
        ),
        title=pl.col("rule_id").replace_strict(titles),
        deadline=(
            pl.lit(as_of) + pl.duration(days=pl.col("rule_id").replace_strict(days, return_dtype=pl.Int64))
        ).dt.strftime("%Y-%m-%d"),
        status=pl.lit("open"),
    )
    return {
        "as_of": as_of,
        "period": period,
        "inputs": inputs,
        "rejected": rejected,
        "findings": findings,
        "posts": posts,
        "tasks": tasks,
    }


def _rows_json(frame: pl.DataFrame, raw: str | None = None) -> str:
    """A frame as a JSON array of objects, encoded column-wise; ``raw`` is a column of JSON text."""
    if not frame.height:
        return "[]"
    dates = [c for c, t in frame.schema.items() if t == pl.Date]
    frame = frame.with_columns(pl.col(dates).dt.strftime("%Y-%m-%d"))
    cols = [c for c in frame.columns if c != raw]
    row = pl.struct(cols).struct.json_encode()
    if raw:
        row = row.str.head(-1) + f',"{raw}":' + pl.col(raw) + "}"
    return "[\n" + ",\n".join(frame.select(row).to_series().to_list()) + "\n]"


def write(result: dict, out) -> None:
    head = {
        "as_of": result["as_of"].isoformat(),
        "period": {"from": result["period"][0].isoformat(), "to": result["period"][1].isoformat()},
        "inputs": result["inputs"],
        "rejected": result["rejected"],
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1])
    out.write(',\n"findings": ' + _rows_json(result["findings"], raw="evidence"))
    out.write(',\n"posts": ' + _rows_json(result["posts"]))
    out.write(',\n"tasks": ' + _rows_json(result["tasks"]) + "}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--period", required=True)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    start, end = (dt.date.fromisoformat(d) for d in args.period.split(".."))
    result = assess(args.dataset, args.as_of, (start, end))
    with open(args.output, "w", encoding="utf-8") as out:
        write(result, out)


if __name__ == "__main__":
    main()
