"""Beliefs, presets and recommendations (analysis.risk.beliefs, .presets): the tables match
the paper's counts, changes are validated, and bad input gets a clear error."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import risk


def test_the_paper_counts_six_four_five_and_twelve():
    table = risk.beliefs_table("default")
    sections = table["section"]
    assert sections[table["link"] == "understanding"].nunique() == 6
    assert sorted(sections[table["link"] == "mitigation"].unique()) == ["3.1", "3.2", "3.3", "3.4"]
    assert sections[table["link"] == "harm"].nunique() == 5
    recs = risk.recommendations_table()
    assert list(recs.index) == list(range(1, 13))


def test_every_recommendation_moves_known_beliefs_in_the_helpful_direction():
    names = {b.name for b in risk.get_beliefs()}
    for number, rec in risk.recommendations_table().iterrows():
        assert rec["effects"], f"recommendation {number} moves nothing"
        for name, factor in rec["effects"].items():
            assert name in names
            assert 0 < factor < 1  # every mapped parameter is a failure, a harm or a cost


def test_every_belief_is_justified_and_cited_in_the_bibliography():
    from pathlib import Path

    bib = (Path(__file__).resolve().parents[2] / "book" / "references.bib").read_text()
    for b in risk.get_beliefs():
        assert b.justification and b.informed_by
        assert f"{{{b.citation}," in bib, f"{b.citation} missing from references.bib"


def test_presets_differ_only_in_centres():
    tables = {p: risk.beliefs_table(p) for p in risk.PRESETS}
    for p in ("optimist", "sceptic"):
        same = tables[p].drop(columns=["centre", "p10", "p50", "p90", "mean"])
        pd.testing.assert_frame_equal(same, tables["default"].drop(columns=["centre", "p10", "p50", "p90", "mean"]))


def test_beta_quantiles_and_mean_against_scipy():
    b = risk.Belief("x", "3.1", "mitigation", "probability", "t", "m", "beta", 0.3, 10.0)
    assert b.quantile(0.9) == pytest.approx(stats.beta.ppf(0.9, 3.0, 7.0))
    assert b.mean == 0.3


def test_lognormal_quantiles_and_mean():
    b = risk.Belief("v", "4.2", "harm", "positive", "t", "m", "lognormal", 2.0, 0.5, unit="budgets")
    assert b.quantile(0.5) == pytest.approx(2.0)
    assert b.quantile(0.9) == pytest.approx(stats.lognorm.ppf(0.9, 0.5, scale=2.0))
    assert b.mean == pytest.approx(2.0 * math.exp(0.125))


def test_update_beliefs_number_mapping_and_kwargs():
    b = risk.update_beliefs("default", {"lab_reneges": 0.1}, benefit={"centre": 5.0, "spread": 0.2})
    d = {x.name: x for x in b}
    assert d["lab_reneges"].centre == 0.1 and d["lab_reneges"].spread == 10.0
    assert d["benefit"].centre == 5.0 and d["benefit"].spread == 0.2
    untouched = {x.name: x for x in risk.get_beliefs()}
    assert d["government_declines"] == untouched["government_declines"]


def test_apply_recommendation_multiplies_the_centre():
    b = {x.name: x for x in risk.apply_recommendation("default", {"opportunity_cost": 0.5})}
    assert b["opportunity_cost"].centre == pytest.approx(0.5)


def test_belief_from_doubling_time():
    b = risk.belief_from_doubling_time(pd.Series({"doubling_days": 200.0, "low": 100.0, "high": 400.0}))
    assert b.centre == 200.0
    assert b.spread == pytest.approx(math.log(4) / (2 * stats.norm.ppf(0.975)))
    assert b.name == "doubling_days" and b.section == "3.3"


@pytest.mark.parametrize("value, message", [
    (1.5, r"must lie in \[0, 1\]"),
    (35, "percentage"),
    (-0.2, r"must lie in \[0, 1\]"),
    (float("nan"), "NaN"),
])
def test_probability_outside_unit_interval_is_refused(value, message):
    with pytest.raises(ValueError, match=message):
        risk.update_beliefs("default", lab_reneges=value)


def test_unknown_belief_name_suggests_the_closest():
    with pytest.raises(ValueError, match="did you mean 'lab_reneges'"):
        risk.update_beliefs("default", lab_renege=0.2)


def test_unknown_preset_and_field():
    with pytest.raises(ValueError, match="unknown preset"):
        risk.get_beliefs("pessimist")
    with pytest.raises(ValueError, match="can change"):
        risk.update_beliefs("default", lab_reneges={"mean": 0.2})


def test_bad_types_and_values():
    with pytest.raises(TypeError):
        risk.update_beliefs("default", lab_reneges="0.2")
    with pytest.raises(ValueError, match="> 0"):
        risk.update_beliefs("default", benefit=-1.0)
    with pytest.raises(ValueError, match="spread"):
        risk.update_beliefs("default", lab_reneges={"spread": 0.0})
    with pytest.raises(ValueError, match="strictly between"):
        risk.update_beliefs("default", lab_reneges=0.0)  # a Beta needs 0 < mean < 1 ...
    certain = risk.update_beliefs("default", lab_reneges={"family": "point", "centre": 0.0})
    assert {x.name: x for x in certain}["lab_reneges"].quantile(0.3) == 0.0  # ... a point does not
    with pytest.raises(ValueError, match="factor"):
        risk.apply_recommendation("default", {"lab_reneges": 0.0})
    with pytest.raises(ValueError, match="need 0 < low"):
        risk.belief_from_doubling_time({"doubling_days": 100.0, "low": 150.0, "high": 200.0})
    with pytest.raises(TypeError):
        risk.beliefs_table([1, 2])


def test_quantiles_are_increasing_in_the_centre():
    # Common random numbers rely on it: a higher mean moves every quantile up.
    u = np.linspace(0.01, 0.99, 50)
    lo = risk.Belief("x", "3.1", "mitigation", "probability", "t", "m", "beta", 0.3, 10.0)
    hi = risk.Belief("x", "3.1", "mitigation", "probability", "t", "m", "beta", 0.4, 10.0)
    assert (hi.ppf(u) > lo.ppf(u)).all()
