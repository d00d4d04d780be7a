"""Cadre conduct (干部廉洁履职): negative-list events, unreported banquets and outside jobs, annual
declarations, complaints answered late or not at all, posts with unusually many complaints, low
approval in the democratic evaluation."""

from __future__ import annotations

import datetime as dt

import polars as pl

from .peers import fences, peer_groups
from .run import Run, fmt, label, ref, refs

EVENT_ZH = {
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
SOURCE_ZH = {
    "complaint": "群众投诉",
    "inspection": "巡察检查",
    "audit": "审计",
    "self_report": "本人报告",
    "hotline": "监督热线",
}
EVENT_EV = [
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


def titled(r: Run, frame: pl.LazyFrame, post_col: str = "post_id") -> pl.LazyFrame:
    """Add ``post_title`` (the post's title, else its id)."""
    titles = r.lf("posts").select(pl.col("post_id").alias(post_col), pl.col("title").alias("post_title"))
    return frame.join(titles.unique(post_col, keep="first"), on=post_col, how="left").with_columns(
        pl.coalesce("post_title", post_col).alias("post_title")
    )


def events(r: Run) -> pl.LazyFrame:
    """Conduct events of the period with labels; names looked up for the few people events name."""

    def build() -> pl.LazyFrame:
        ev = r.lf("conduct_events").filter(r.in_period())
        names = (
            r.lf("persons")
            .select("person_id", "name")
            .join(ev.select("person_id"), on="person_id", how="semi")
            .unique("person_id", keep="first")
        )
        person = pl.when(pl.col("name").is_not_null()).then(fmt("{}（{}）", "name", "person_id"))
        return (
            titled(r, ev)
            .join(names, on="person_id", how="left")
            .with_columns(
                person_label=person.otherwise(pl.col("person_id").fill_null("（未注明）")),
                type_zh=label("type", EVENT_ZH),
                source_zh=label("source", SOURCE_ZH).fill_null("未注明"),
                records=refs("conduct_events", "event_id"),
            )
        )

    return r.shared("events", build)


def declared(r: Run, kind: str) -> pl.LazyFrame:
    """Declarations of one type submitted by the as-of date (later ones were not known then)."""
    return r.lf("declarations").filter(
        (pl.col("type") == kind)
        & pl.col("submitted_date").is_not_null()
        & (pl.col("submitted_date") <= r.as_of)
    )


def event_rules(r: Run) -> None:
    """Verified events; banquets without a report filed beforehand; part-time pay never declared."""
    p = r.p("conduct.negative_list_event")
    high = pl.col("type").is_in(p["high_types"]).fill_null(False)
    verified = events(r).filter(pl.col("status") == "verified").with_columns(high_type=high)
    reads = ("conduct_events",)
    r.add(
        "conduct.negative_list_event",
        verified,
        [*EVENT_EV, "amount", "high_type"],
        reads=reads,
        escalate=high,
    )
    live = pl.col("status").is_null() | (pl.col("status") != "dismissed")
    window = r.p("conduct.unreported_banquet")["report_window_days"]
    banquets = events(r).filter((pl.col("type") == "banquet_hosting") & live)
    reports = declared(r, "banquet_report").select(
        "person_id", "decl_id", pl.col("event_date").alias("red"), "submitted_date"
    )
    near = (
        banquets.select("event_id", "person_id", "date")
        .join(reports, on="person_id")
        .filter((pl.col("red") - pl.col("date")).dt.total_days().abs() <= window)
    )
    on_time = near.filter(pl.col("submitted_date") <= pl.col("date")).select("event_id").unique()
    late = (
        near.filter(pl.col("submitted_date") > pl.col("date"))
        .sort("submitted_date", "decl_id")
        .group_by("event_id", maintain_order=True)
        .agg(late_report_id=pl.col("decl_id").first(), late_submitted=pl.col("submitted_date").first())
    )
    found = (
        banquets.join(on_time, on="event_id", how="anti")
        .join(late, on="event_id", how="left")
        .with_columns(
            records=pl.concat_list(
                "records",
                pl.when(pl.col("late_report_id").is_not_null()).then(ref("declarations", "late_report_id")),
            ).list.drop_nulls(),
            report_status=pl.when(pl.col("late_report_id").is_not_null())
            .then(fmt("其报告 {} 迟至 {} 才提交（事后补报）", "late_report_id", "late_submitted"))
            .otherwise(pl.lit("未见事前提交的对应报告")),
        )
    )
    reads = ("conduct_events", "declarations")
    r.add("conduct.unreported_banquet", found, [*EVENT_EV, "late_report_id", "report_status"], reads=reads)
    jobs = declared(r, "outside_job").select("person_id").unique()
    found = (
        events(r)
        .filter((pl.col("type") == "part_time_pay") & live)
        .join(jobs, on="person_id", how="anti")
        .with_columns(
            status_zh=pl.when(pl.col("status") == "verified")
            .then(pl.lit("已核实"))
            .otherwise(pl.lit("待核实"))
        )
    )
    r.add("conduct.undeclared_outside_job", found, [*EVENT_EV, "amount", "status_zh"], reads=reads)


def annual_declaration(r: Run) -> None:
    """Post holders whose annual declaration for a judged year is missing or late.

    The declaration for year Y is the earliest submitted one whose event date falls in Y; it is due on
    ``due_month_day`` of Y. Years of the period whose deadline passed before the as-of date are judged.
    """
    month, day = (int(x) for x in r.p("conduct.annual_declaration")["due_month_day"].split("-"))
    years = [y for y in range(r.start.year, r.end.year + 1) if dt.date(y, month, day) < r.as_of]
    due = pl.LazyFrame(
        {"year": years, "due_date": [dt.date(y, month, day) for y in years]},
        schema={"year": pl.Int64, "due_date": pl.Date},
    )
    holders = (
        r.lf("posts")
        .filter(pl.col("holder_id").is_not_null())
        .sort("post_id")
        .group_by(pl.col("holder_id").alias("person_id"), maintain_order=True)
        .agg(
            pl.col("org_id").first(),
            post_ids=pl.col("post_id"),
            posts_text=fmt("{}（{}）", pl.coalesce("title", "post_id"), "post_id").str.join("、"),
        )
    )
    filed = (
        declared(r, "annual_personal_matters")
        .with_columns(year=pl.col("event_date").dt.year().cast(pl.Int64))
        .sort("submitted_date", "decl_id")
        .unique(["person_id", "year"], keep="first", maintain_order=True)
        .select("person_id", "year", "decl_id", "submitted_date")
    )
    missing = pl.col("decl_id").is_null()
    found = (
        holders.join(due, how="cross")
        .join(filed, on=["person_id", "year"], how="left")
        .with_columns(
            missing=missing, days_late=(pl.col("submitted_date") - pl.col("due_date")).dt.total_days()
        )
        .filter(missing | (pl.col("days_late") > 0))
        .with_columns(
            records=pl.when(missing)
            .then(pl.col("post_ids").list.eval(fmt("posts:{}", pl.element())))
            .otherwise(refs("declarations", "decl_id")),
            status_zh=pl.when(missing)
            .then(pl.lit(f"截至 {r.as_of} 仍未报告"))
            .otherwise(fmt("报告 {} 于 {} 提交，逾期 {} 天", "decl_id", "submitted_date", "days_late")),
        )
        # Two years missing name the same posts: one finding, the earlier year's (sorted as riskengine's).
        .sort("org_id", "person_id", "year")
    )
    ev = ["person_id", "post_ids", "posts_text", "year", "due_date", "decl_id", "submitted_date", "days_late"]
    ev += ["missing", "status_zh"]
    r.add(
        "conduct.annual_declaration", found, ev, reads=("posts", "declarations"), escalate=pl.col("missing")
    )


def complaints(r: Run) -> None:
    """Complaints not answered within the limit; posts with complaints above their peers' fence."""
    p = r.p("conduct.unanswered_complaint")
    period = r.lf("complaints").filter(r.in_period())
    answered = pl.col("responded_date").is_not_null() & (pl.col("responded_date") <= r.as_of)
    end = pl.when(answered).then(pl.col("responded_date")).otherwise(pl.lit(r.as_of))
    found = (
        period.with_columns(answered=answered, days=(end - pl.col("date")).dt.total_days())
        .filter(pl.col("days") > p["response_days"])
        .with_columns(
            records=refs("complaints", "complaint_id"),
            responded_date=pl.when("answered").then("responded_date"),
            status_zh=pl.when("answered")
            .then(fmt("迟至 {} 才答复，历时 {} 天", "responded_date", "days"))
            .otherwise(fmt(f"截至 {r.as_of} 仍未答复，已过 {{}} 天", "days")),
        )
    )
    ev = [
        "complaint_id",
        "target_post_id",
        "post_title",
        "date",
        "category",
        "responded_date",
        "answered",
        "days",
        "status_zh",
    ]
    escalate = pl.col("days") > p["high_days"]
    r.add(
        "conduct.unanswered_complaint",
        titled(r, found, "target_post_id"),
        ev,
        reads=("complaints",),
        escalate=escalate,
    )

    p = r.p("conduct.complaint_outlier")
    per_post = (
        period.filter(pl.col("target_post_id").is_not_null())
        .sort("date", "complaint_id")
        .group_by(pl.col("target_post_id").alias("post_id"))
        .agg(complaint_ids=pl.col("complaint_id"), n_complaints=pl.len().cast(pl.Int64))
    )
    posts = (
        r.lf("posts")
        .select("post_id", "org_id", "category")
        .join(peer_groups(r, p["min_peers"]), on="org_id")
        .join(per_post, on="post_id", how="left")
        .with_columns(pl.col("n_complaints").fill_null(0))
    )
    judged = fences(
        posts, "n_complaints", ["peer_group", "category"], p["min_peers"], p["fence_k"], pooled=True
    )
    found = judged.filter(
        (pl.col("n_complaints") > pl.col("upper_fence")) & (pl.col("n_complaints") >= p["min_complaints"])
    ).with_columns(records=pl.col("complaint_ids").list.eval(fmt("complaints:{}", pl.element())))
    ev = [
        "post_id",
        "post_title",
        "n_complaints",
        "complaint_ids",
        "upper_fence",
        "q3",
        "n_peers",
        "peer_group",
    ]
    r.add("conduct.complaint_outlier", titled(r, found), ev, reads=("complaints", "posts", "orgs"))


def low_approval(r: Run) -> None:
    """Posts whose latest evaluation (up to the period's last year) is below the threshold."""
    p = r.p("conduct.low_approval")
    threshold, first = p["approval_threshold"], r.start.year - p["lookback_years"]
    evals = r.lf("evaluations").with_columns(pl.col("year").cast(pl.Int64))
    latest = (
        evals.filter(pl.col("year").is_between(first, r.end.year))
        .filter(pl.col("year") == pl.col("year").max().over("post_id"))
        .filter(pl.col("approval_rate") < threshold)
    )
    previous = evals.select("post_id", (pl.col("year") + 1).alias("year"), previous_rate="approval_rate")
    two = pl.col("two_years")
    found = (
        latest.join(previous, on=["post_id", "year"], how="left")
        .join(r.lf("posts").select("post_id", "org_id"), on="post_id")
        .with_columns(two_years=(pl.col("previous_rate") < threshold).fill_null(False))
        .with_columns(
            records=pl.concat_list(
                ref("evaluations", "post_id", "year"),
                pl.when(two).then(fmt("evaluations:{}:{}", "post_id", pl.col("year") - 1)),
            ).list.drop_nulls(),
            approval_pct=fmt("{}%", (pl.col("approval_rate") * 100).round(1)),
        )
    )
    ev = ["post_id", "post_title", "year", "approval_rate", "approval_pct", "previous_rate", "two_years"]
    r.add("conduct.low_approval", titled(r, found), ev, reads=("evaluations", "posts"), escalate=two)


#: The rules this module writes out, called in turn by ``assess``.
RULES = (event_rules, annual_declaration, complaints, low_approval)
