"""Procurement rules on the awards themselves: method and amount, overruns, acceptance, collective
decision, split purchases, and who the vendor is (the handler's kin, newly registered, dominant)."""

from __future__ import annotations

import polars as pl

from .disclosure import steps_missing
from .links import RELATION_ZH, ROLE_ZH, company_kin
from .peers import fences, peer_groups
from .run import Run, fmt, label, ref, refs

AWARD = ["handled_by", "proc_id", "title", "amount", "award_date"]


def awards(r: Run) -> pl.LazyFrame:
    """Procurements awarded in the period, with their record and award date."""
    return r.shared(
        "awards",
        lambda: (
            r.lf("procurements")
            .filter(r.in_period())
            .with_columns(records=refs("procurements", "proc_id"), award_date=pl.col("date"))
        ),
    )


def conditions(r: Run) -> None:
    """Direct award at or above the limit; final amount over the contract beyond the allowance."""
    p, reads = r.p("procurement.cost_overrun"), ("procurements",)
    direct = (pl.col("method") == "direct") & (pl.col("amount") >= p["collective_limit"])
    r.add("procurement.direct_award_over_limit", awards(r).filter(direct), None, reads=reads)
    over = lambda pct: pl.col("final_amount") > pl.col("contract_amount") * (1 + pct / 100)  # noqa: E731
    found = awards(r).filter(pl.col("contract_amount").is_not_null() & over(p["overrun_pct"]))
    r.add("procurement.cost_overrun", found, None, reads=reads, escalate=over(p["overrun_high_pct"]))


def no_acceptance(r: Run) -> None:
    """Awards still not accepted after the limit at the as-of date, or accepted only after it."""
    open_ = pl.col("accepted_date").is_null()
    end = pl.when(open_).then(pl.lit(r.as_of)).otherwise(pl.col("accepted_date"))
    found = (
        awards(r)
        .with_columns(days=(end - pl.col("date")).dt.total_days())
        .filter(pl.col("days") > r.p("procurement.no_acceptance")["acceptance_days"])
        .with_columns(
            status_text=pl.when(open_)
            .then(fmt(f"截至 {r.as_of} 已过 {{}} 天仍未验收", "days"))
            .otherwise(fmt("至 {} 才验收，相隔 {} 天", "accepted_date", "days"))
        )
    )
    ev = [*AWARD, "accepted_date", "days", "status_text"]
    r.add("procurement.no_acceptance", found, ev, reads=("procurements",))


def collective_decision(r: Run) -> None:
    """Awards at or above the limit lacking a complete resolution of their org decided by the award."""
    p = r.p("procurement.no_collective_decision")
    res = r.lf("resolutions").select(
        "resolution_id",
        pl.col("org_id").alias("res_org_id"),
        "decided_date",
        pl.col("steps").fill_null(pl.lit([], pl.List(pl.String))),
    )
    found_res, rid = pl.col("res_org_id").is_not_null(), pl.col("resolution_id")
    problems = pl.concat_list(
        pl.when(rid.is_null()).then(pl.lit("未关联四议两公开决议")),
        pl.when(rid.is_not_null() & ~found_res).then(fmt("关联的决议 {} 在决议台账中不存在", rid)),
        pl.when(found_res & (pl.col("res_org_id") != pl.col("org_id"))).then(
            fmt("关联的决议 {} 不属于本社区", rid)
        ),
        pl.when(found_res & (pl.col("missing").list.len() > 0)).then(
            fmt("决议 {} 缺少程序：{}", rid, pl.col("missing").list.join("、"))
        ),
        pl.when(found_res & pl.col("decided_date").is_null()).then(fmt("决议 {} 未记录决定日期", rid)),
        pl.when(found_res & (pl.col("decided_date") > pl.col("date"))).then(
            fmt("决议 {} 于 {} 才作出，晚于采购日期", rid, "decided_date")
        ),
    ).list.drop_nulls()
    found = (
        awards(r)
        .filter(pl.col("amount") >= p["collective_limit"])
        .join(res, on="resolution_id", how="left")  # ids are unique: the load rejected repeats
        .with_columns(missing=steps_missing(pl.col("steps"), p["required_steps"]))
        .with_columns(problems=problems)
        .filter(pl.col("problems").list.len() > 0)
        .with_columns(
            problem=pl.col("problems").list.join("；"),
            records=pl.concat_list(
                "records", pl.when(found_res).then(ref("resolutions", "resolution_id"))
            ).list.drop_nulls(),
        )
    )
    r.add(
        "procurement.no_collective_decision",
        found,
        [*AWARD, "resolution_id", "problem"],
        reads=("procurements", "resolutions"),
    )


def split_purchase(r: Run) -> None:
    """Small purchases from one vendor in one category reaching the limit within the window.

    Each purchase closes a window of the group's purchases at most ``split_window_days`` older, up to
    it in (date, id) order; windows reaching the limit that share a purchase merge into one cluster,
    reported when one of its purchases lies in the period. Amounts in cents: sums are exact.
    """
    p = r.p("procurement.split_purchase")
    limit, window = round(p["collective_limit"] * 100), p["split_window_days"]
    keys = ["org_id", "vendor_id", "category"]
    small = (
        r.lf("procurements")
        .filter(pl.col("amount") < p["collective_limit"])
        .filter(
            pl.col("vendor_id").is_not_null()
            & pl.col("category").is_not_null()
            & pl.col("date").is_not_null()
        )
        .with_columns(cents=(pl.col("amount") * 100).round(0).cast(pl.Int64), one=pl.lit(1, pl.Int64))
        # Only groups whose whole total reaches the limit can hold a window that does.
        .filter(pl.col("cents").sum().over(keys) >= limit)
        .sort(*keys, "date", "proc_id")
        .with_row_index("i")
        .cache()
    )
    span = f"{window + 1}d"
    # The window of the last purchase of a day holds every purchase of that day and the days before.
    ends = (
        small.with_columns(
            total=pl.col("cents").rolling_sum_by("date", window_size=span).over(keys),
            n=pl.col("one").rolling_sum_by("date", window_size=span).over(keys),
            last=pl.col("i").max().over(*keys, "date"),
        )
        .filter(pl.col("total") >= limit)
        .select(lo=pl.col("last") - pl.col("n") + 1, hi="last")
        .unique()
        .sort("hi")
    )
    clusters = (
        ends.with_columns(cluster=(pl.col("lo") > pl.col("hi").shift(1)).fill_null(True).cum_sum())
        .group_by("cluster")
        .agg(pl.col("lo").min(), pl.col("hi").max())
        .sort("lo")
    )
    members = small.join_asof(
        clusters, left_on="i", right_on="lo", strategy="backward", check_sortedness=False
    ).filter(pl.col("i") <= pl.col("hi"))
    found = (
        members.sort("i")
        .group_by("cluster")
        .agg(
            pl.col("org_id", "vendor_id", "category").first(),
            records=fmt("procurements:{}", "proc_id"),
            proc_ids=pl.col("proc_id"),
            handled_by=pl.col("handled_by").drop_nulls().unique(maintain_order=True),
            first_date=pl.col("date").min(),
            last_date=pl.col("date").max(),
            purchases=pl.len().cast(pl.Int64),
            total=pl.col("amount").sum().round(2),
            in_period=r.in_period().any(),
        )
        .filter("in_period")
        .with_columns(
            date=pl.col("last_date"),
            window_days=pl.lit(window),
            threshold=pl.lit(float(p["collective_limit"])),
        )
    )
    ev = ["handled_by", "vendor_id", "category", "first_date", "last_date", "purchases", "total", "proc_ids"]
    ev += ["window_days", "threshold"]
    r.add("procurement.split_purchase", found, ev, reads=("procurements",))


def vendors(r: Run) -> pl.LazyFrame:
    """Awards with a vendor, the vendor's name and registration date, and the company's record."""
    info = r.lf("companies").select(
        pl.col("company_id").alias("vendor_id"), pl.col("name").alias("vendor_name"), "registered_date"
    )
    return (
        awards(r)
        .filter(pl.col("vendor_id").is_not_null())
        .join(info.unique("vendor_id", keep="first"), on="vendor_id", how="left")
        .with_columns(
            pl.col("vendor_name").fill_null(pl.col("vendor_id")),
            records=pl.concat_list(ref("procurements", "proc_id"), ref("companies", "vendor_id")),
        )
    )


def vendor_rules(r: Run) -> None:
    """Conflict of interest (the handler or a relative behind the vendor) and newly registered vendors."""
    tie = (
        pl.when(pl.col("relation") == "self")
        .then(pl.lit(" 即经办人本人"))
        .otherwise(" 系经办人的" + label("relation", RELATION_ZH))
    )
    link = label("role", ROLE_ZH) + " " + pl.col("linked_person_id") + tie
    linked = (
        company_kin(r)
        .select("company_id", "cadre_post_id", "cadre_id", "linked_person_id", link.alias("link"))
        .group_by("company_id", "cadre_post_id")
        .agg(
            pl.col("cadre_id").first(),
            linked_person_ids=pl.col("linked_person_id").unique().sort(),
            link_text=pl.col("link").unique().sort().str.join("；"),
        )
    )
    found = vendors(r).join(
        linked, left_on=["vendor_id", "handled_by"], right_on=["company_id", "cadre_post_id"]
    )
    ev = [*AWARD, "vendor_id", "vendor_name", "cadre_id", "linked_person_ids", "link_text"]
    r.add("procurement.conflict_of_interest", found, ev, reads=("procurements", "companies", "posts"))

    min_days = r.p("procurement.new_vendor")["new_vendor_days"]
    age = (pl.col("date") - pl.col("registered_date")).dt.total_days()
    found = (
        vendors(r)
        .filter(pl.col("registered_date").is_not_null() & (age < min_days))
        .with_columns(
            days_registered=age,
            min_days=pl.lit(min_days),
            registration_note=pl.when(age < 0)
            .then(fmt("授标早于注册日期 {} 天", -age))
            .otherwise(fmt(f"注册仅 {{}} 天，不足 {min_days} 天", age)),
        )
    )
    ev = [
        *AWARD,
        "vendor_id",
        "vendor_name",
        "registered_date",
        "days_registered",
        "min_days",
        "registration_note",
    ]
    r.add("procurement.new_vendor", found, ev, reads=("procurements", "companies"))


def vendor_concentration(r: Run) -> None:
    """A vendor winning at least ``min_awards`` times with a share of spend above the peers' fence."""
    p = r.p("procurement.vendor_concentration")
    spend = awards(r).filter(pl.col("vendor_id").is_not_null() & (pl.col("amount") > 0))
    orgs = (
        spend.group_by("org_id")
        .agg(org_awards=pl.len().cast(pl.Int64), org_total=pl.col("amount").sum())
        .filter(pl.col("org_awards") >= p["min_procurements"])
    )
    shares = (
        spend.group_by("org_id", "vendor_id")
        .agg(awards=pl.len().cast(pl.Int64), vendor_total=pl.col("amount").sum().round(2))
        .join(orgs, on="org_id")
        .with_columns(share=pl.col("vendor_total") / pl.col("org_total"))
        .join(peer_groups(r, p["peer_group_min_orgs"]), on="org_id")
    )
    fenced = fences(shares, "share", ["peer_group"], p["min_peer_values"], p["fence_k"], pooled=True)
    found = fenced.filter((pl.col("awards") >= p["min_awards"]) & (pl.col("share") > pl.col("upper_fence")))
    # Award lists only for the (org, vendor) pairs found.
    lists = (
        spend.join(found.select("org_id", "vendor_id"), on=["org_id", "vendor_id"], how="semi")
        .sort("date", "proc_id")
        .group_by("org_id", "vendor_id")
        .agg(
            records=fmt("procurements:{}", "proc_id"),
            proc_ids=pl.col("proc_id"),
            handled_by=pl.col("handled_by").drop_nulls().unique(maintain_order=True),
            date=pl.col("date").max(),
        )
    )
    found = found.join(lists, on=["org_id", "vendor_id"]).with_columns(
        share_pct=(pl.col("share") * 100).round(2),
        fence_pct=(pl.col("upper_fence") * 100).round(2),
        org_total=pl.col("org_total").round(2),
    )
    ev = ["handled_by", "vendor_id", "awards", "vendor_total", "org_total", "org_awards", "share_pct"]
    ev += ["fence_pct", "proc_ids"]
    r.add("procurement.vendor_concentration", found, ev, reads=("procurements", "orgs"))


#: The rules this module writes out, called in turn by ``assess``.
RULES = (conditions, no_acceptance, collective_decision, split_purchase, vendor_rules, vendor_concentration)
