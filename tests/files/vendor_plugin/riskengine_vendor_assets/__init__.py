"""A third-party plugin: collective asset leases (集体资产租赁), with its own record type,
detector and rule pack — everything a vendor can add, through the public hooks only."""

import json
from importlib import resources

import polars as pl

from riskengine import hookimpl
from riskengine import Detector
from riskengine import RecordType

__version__ = "1.2.0"
#: The riskengine versions this plugin runs on.
RISKENGINE_REQUIRES = ">=0.4,<1"


def _schema():
    return json.loads((resources.files(__name__) / "leases.schema.json").read_text(encoding="utf-8"))


def below_market_leases(ctx, params):
    """Leases whose annual rent is below ``share`` of the median rent per square metre of their org."""
    leases = ctx.frame("leases").with_columns((pl.col("annual_rent") / pl.col("area")).alias("rent_per_m2"))
    median = leases.group_by("org_id").agg(pl.col("rent_per_m2").median().alias("median_per_m2"))
    return (
        leases.join(median, on="org_id")
        .filter(pl.col("rent_per_m2") < pl.col("median_per_m2") * params["share"])
        .with_columns(pl.concat_list([pl.concat_str([pl.lit("leases:"), pl.col("lease_id")])]).alias("records"))
        .select("org_id", "records", "approved_by", "lease_id", "rent_per_m2", "median_per_m2")
        .sort("org_id", "lease_id")
    )


@hookimpl
def register_record_types(register):
    register(RecordType(name="leases", schema=_schema()))


@hookimpl
def register_detectors(register):
    register(Detector(
        name="below_market_lease", reads=("leases",), run=below_market_leases,
        params_schema={"type": "object", "properties": {"share": {"type": "number", "default": 0.5}},
                       "additionalProperties": False},
        outputs={"lease_id": "string", "rent_per_m2": "number", "median_per_m2": "number"},
        description="租金明显低于本社区同类资产租金中位数",
    ))


@hookimpl
def register_rule_packs(register):
    register(resources.files(__name__) / "leases.yaml")
