"""Collective decision (四议两公开) for procurements at or above the limit."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

from ._frames import HANDLER, finish, period_procurements, ref

STEP_LABELS: Mapping[str, str] = {
    "branch_proposal": "党组织提议",
    "committees_deliberation": "两委会议商议",
    "members_review": "党员大会审议",
    "council_decision": "村（居）民会议或代表会议决议",
    "resolution_disclosure": "决议公开",
    "result_disclosure": "实施结果公开",
}

OUTPUTS = {
    **HANDLER,
    "proc_id": "string", "title": "string", "amount": "number", "award_date": "date",
    "resolution_id": "string", "problem": "string",
}


def no_collective_decision(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Awards >= ``collective_limit`` lacking a complete resolution of their org decided by the award date."""
    limit = float(params["collective_limit"])
    required = list(params["required_steps"])
    resolutions = ctx.frame("resolutions").select(
        "resolution_id",
        pl.col("org_id").alias("res_org_id"),
        "decided_date",
        pl.col("steps").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    ).unique(subset="resolution_id", keep="first")
    joined = (
        period_procurements(ctx)
        .filter(pl.col("amount") >= limit)
        .join(resolutions, on="resolution_id", how="left")
    )
    rid = pl.col("resolution_id")
    found_res = pl.col("res_org_id").is_not_null()
    # One clause per step: a handful of fixed steps, so this loop builds expressions, not rows.
    missing = pl.concat_list([
        pl.when(~pl.col("steps").list.contains(step)).then(pl.lit(STEP_LABELS.get(step, step)))
        for step in required
    ]).list.drop_nulls() if required else pl.lit([], dtype=pl.List(pl.String))
    problems = pl.concat_list([
        pl.when(rid.is_null()).then(pl.lit("未关联四议两公开决议")),
        pl.when(rid.is_not_null() & ~found_res)
        .then(pl.concat_str([pl.lit("关联的决议 "), rid, pl.lit(" 在决议台账中不存在")])),
        pl.when(found_res & (pl.col("res_org_id") != pl.col("org_id")))
        .then(pl.concat_str([pl.lit("关联的决议 "), rid, pl.lit(" 不属于本社区")])),
        pl.when(found_res & (pl.col("missing").list.len() > 0))
        .then(pl.concat_str([pl.lit("决议 "), rid, pl.lit(" 缺少程序："),
                             pl.col("missing").list.join("、")])),
        pl.when(found_res & pl.col("decided_date").is_null())
        .then(pl.concat_str([pl.lit("决议 "), rid, pl.lit(" 未记录决定日期")])),
        pl.when(found_res & (pl.col("decided_date") > pl.col("date")))
        .then(pl.concat_str([pl.lit("决议 "), rid, pl.lit(" 于 "), pl.col("decided_date").cast(pl.String),
                             pl.lit(" 才作出，晚于采购日期")])),
    ]).list.drop_nulls()
    found = (
        joined.with_columns(missing=missing)
        .with_columns(problems=problems)
        .filter(pl.col("problems").list.len() > 0)
        .with_columns(
            pl.col("problems").list.join("；").alias("problem"),
            pl.col("date").alias("award_date"),
            pl.when(found_res)
            .then(pl.concat_list(ref("procurements", "proc_id"), ref("resolutions", "resolution_id")))
            .otherwise(pl.concat_list(ref("procurements", "proc_id")))
            .alias("records"),
        )
    )
    return finish(found, OUTPUTS)


DETECTORS = (
    Detector(
        name="procurement_collective_decision", reads=("procurements", "resolutions"),
        run=no_collective_decision,
        params_schema=sdk.params({
        "collective_limit": {"type": "number", "exclusiveMinimum": 0, "default": 50000,
                             "description": "集体决策（四议两公开）限额，元"},
        "required_steps": {"type": "array", "items": {"enum": list(STEP_LABELS)},
                           "default": list(STEP_LABELS), "description": "完整决议应具备的程序"},
    }),
        outputs=OUTPUTS,
        description="达到限额的采购没有完整的、在采购前作出的四议两公开决议",
    ),
)
