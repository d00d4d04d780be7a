"""After the award: was the work accepted (验收) in time?"""

from __future__ import annotations

import polars as pl

from riskengine import Detector, DetectorContext, Params, sdk

from ._frames import HANDLER, finish, period_procurements, ref

OUTPUTS = {
    **HANDLER,
    "proc_id": "string", "title": "string", "amount": "number", "award_date": "date",
    "accepted_date": "date", "days": "integer", "status_text": "string",
}


def no_acceptance(ctx: DetectorContext, params: Params) -> pl.DataFrame:
    """Awards not accepted within ``acceptance_days``: still open at the as-of date, or accepted late."""
    limit = int(params["acceptance_days"])
    as_of = pl.lit(ctx.as_of, dtype=pl.Date)
    open_ = pl.col("accepted_date").is_null()
    days = pl.col("days").cast(pl.String)
    found = (
        period_procurements(ctx)
        .with_columns(
            days=pl.when(open_).then((as_of - pl.col("date")).dt.total_days())
            .otherwise((pl.col("accepted_date") - pl.col("date")).dt.total_days())
        )
        .filter(pl.col("days") > limit)
        .with_columns(
            pl.col("date").alias("award_date"),
            pl.concat_list(ref("procurements", "proc_id")).alias("records"),
            pl.when(open_)
            .then(pl.concat_str([pl.lit(f"截至 {ctx.as_of.isoformat()} 已过 "), days, pl.lit(" 天仍未验收")]))
            .otherwise(pl.concat_str([pl.lit("至 "), pl.col("accepted_date").cast(pl.String),
                                      pl.lit(" 才验收，相隔 "), days, pl.lit(" 天")]))
            .alias("status_text"),
        )
    )
    return finish(found, OUTPUTS)


DETECTORS = (
    Detector(
        name="no_acceptance", reads=("procurements",), run=no_acceptance,
        params_schema=sdk.params({
        "acceptance_days": {"type": "integer", "minimum": 1, "default": 90,
                            "description": "成交后应在此天数内完成验收"},
    }),
        outputs=OUTPUTS,
        description="成交后超过期限未验收，或验收明显迟于期限",
    ),
)
