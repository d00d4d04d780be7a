"""Peer groups, Tukey fences and Benford MAD on small hand-built frames."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from riskengine.evaluation.peers import benford_mad, org_peer_groups, tukey_fences


def _orgs(big_street: int, thin_street: int) -> pl.DataFrame:
    """One district, a street with `big_street` communities and one with `thin_street` villages."""
    ids = ["D1", "S-BIG", "S-THIN"]
    levels = ["district", "street", "street"]
    parents = [None, "D1", "D1"]
    for i in range(big_street):
        ids.append(f"C{i:02d}"), levels.append("community"), parents.append("S-BIG")
    for i in range(thin_street):
        ids.append(f"V{i:02d}"), levels.append("village"), parents.append("S-THIN")
    return pl.DataFrame({"org_id": ids, "name": ids, "level": levels, "parent_id": parents})


def test_peer_group_is_the_street_when_large_else_the_district() -> None:
    groups = org_peer_groups(_orgs(12, 3), min_size=10)
    by_org = {r["org_id"]: (r["peer_group"], r["n_peers"]) for r in groups.iter_rows(named=True)}
    assert by_org["C00"] == ("S-BIG", 12)
    # The thin street falls back to the district: all 15 communities/villages under D1.
    assert by_org["V00"] == ("D1", 15)
    assert set(by_org) == {f"C{i:02d}" for i in range(12)} | {f"V{i:02d}" for i in range(3)}


def test_min_size_decides_the_fallback() -> None:
    groups = org_peer_groups(_orgs(12, 3), min_size=3)
    assert groups.filter(pl.col("org_id") == "V00")["peer_group"].item() == "S-THIN"
    groups = org_peer_groups(_orgs(12, 3), min_size=13)
    assert set(groups["peer_group"]) == {"D1"}


def test_fences_match_a_hand_computed_example() -> None:
    # Values 1..10 and 100 in group A (11 peers); linear quartiles: q1 = 3.5, q3 = 8.5, iqr = 5.
    values = [float(v) for v in range(1, 11)] + [100.0]
    frame = pl.DataFrame(
        {
            "org_id": [f"O{i}" for i in range(11)] + ["X1", "X2"],
            "group": ["A"] * 11 + ["B", "B"],
            "value": values + [1.0, 2.0],
        }
    )
    fenced = tukey_fences(frame, "value", "group", min_size=10)
    a = fenced.filter(pl.col("group") == "A").row(0, named=True)
    assert (a["q1"], a["q3"], a["iqr"], a["n_peers"]) == (3.5, 8.5, 5.0, 11)
    assert a["upper_fence"] == pytest.approx(16.0)
    assert a["lower_fence"] == pytest.approx(-4.0)
    above = fenced.filter(pl.col("value") > pl.col("upper_fence"))["org_id"].to_list()
    assert above == ["O10"]
    # Group B has 2 peers: no fence, so nothing can be judged above it.
    b = fenced.filter(pl.col("group") == "B")
    assert b["upper_fence"].is_null().all() and b["n_peers"].to_list() == [2, 2]
    assert fenced.height == frame.height and fenced["org_id"].to_list() == frame["org_id"].to_list()


def test_fences_with_k_and_compound_groups() -> None:
    frame = pl.DataFrame(
        {
            "street": ["S"] * 8,
            "category": ["finance"] * 4 + ["welfare"] * 4,
            "n": [0.0, 1.0, 2.0, 3.0, 10.0, 10.0, 10.0, 10.0],
        }
    )
    fenced = tukey_fences(frame, "n", ["street", "category"], min_size=4, k=3.0)
    fin = fenced.filter(pl.col("category") == "finance").row(0, named=True)
    assert (fin["q1"], fin["q3"], fin["upper_fence"]) == (0.75, 2.25, 2.25 + 3.0 * 1.5)
    assert fenced.filter(pl.col("category") == "welfare")["upper_fence"].to_list() == [10.0] * 4


def test_thin_street_fence_pools_the_whole_district() -> None:
    groups = org_peer_groups(_orgs(12, 3), min_size=10)
    # Villages of the thin street score 0; the big street's communities score 1..12.
    frame = groups.with_columns(
        value=pl.when(pl.col("org_id").str.starts_with("V"))
        .then(0.0)
        .otherwise(pl.col("org_id").str.slice(1).cast(pl.Float64) + 1)
    )
    fenced = tukey_fences(frame, "value", "peer_group", min_size=10)
    village = fenced.filter(pl.col("org_id") == "V00").row(0, named=True)
    # Over the 15 district values (0,0,0,1..12) rather than the 3 villages alone.
    assert village["n_peers"] == 15
    expected = np.percentile([0, 0, 0, *range(1, 13)], [25, 75])
    assert (village["q1"], village["q3"]) == tuple(expected)
    community = fenced.filter(pl.col("org_id") == "C00").row(0, named=True)
    assert community["n_peers"] == 12
    assert (community["q1"], community["q3"]) == tuple(np.percentile(range(1, 13), [25, 75]))


def _benford_sample(n: int, seed: int) -> np.ndarray:
    # 10**U(0, 6) is Benford-distributed in its first digit; cents as ledgers keep them.
    return np.round(10 ** np.random.default_rng(seed).uniform(0, 6, n), 2)


def test_benford_mad_small_on_benford_large_on_uniform_and_null_when_thin() -> None:
    frame = pl.concat(
        [
            pl.DataFrame({"org_id": "BENFORD", "amount": _benford_sample(5000, 7)}),
            pl.DataFrame(
                {
                    "org_id": "UNIFORM",
                    "amount": np.round(np.random.default_rng(8).uniform(100, 10000, 5000), 2),
                }
            ),
            pl.DataFrame({"org_id": "THIN", "amount": _benford_sample(300, 9)}),
        ]
    )
    result = {r["org_id"]: r for r in benford_mad(frame, "amount", "org_id").iter_rows(named=True)}
    assert result["BENFORD"]["n"] == 5000
    assert result["BENFORD"]["mad"] < 0.006  # Nigrini: close conformity below 0.006
    assert result["UNIFORM"]["mad"] > 0.015
    assert result["THIN"]["n"] == 300 and result["THIN"]["mad"] is None
    shares = result["BENFORD"]["digit_share"]
    assert len(shares) == 9 and sum(shares) == pytest.approx(1.0)
    assert shares[0] == pytest.approx(0.301, abs=0.02)


def test_benford_counts_only_positive_amounts_and_reads_small_amounts_exactly() -> None:
    frame = pl.DataFrame({"g": ["a"] * 6, "amount": [0.3, 30.0, 300.0, -3.0, 0.0, None]})
    row = benford_mad(frame, "amount", "g", min_count=3).row(0, named=True)
    assert row["n"] == 3
    assert row["digit_share"][2] == 1.0  # every counted amount starts with 3, also 0.3
    assert row["mad"] == pytest.approx(sum(abs((d == 3) - np.log10(1 + 1 / d)) for d in range(1, 10)) / 9)
