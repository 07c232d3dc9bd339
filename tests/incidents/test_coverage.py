"""incidents.coverage: the judgement table's shape, code parsing, the unmeasured share."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis import incidents
from analysis.data import load_aiid


def test_table_is_complete_and_documented():
    table = incidents.benchmark_coverage()
    assert len(table) == 24 and table.index.is_unique
    assert table.groupby("domain").size().tolist() == [3, 2, 2, 3, 2, 6, 6]
    assert set(table["coverage"]) <= set(incidents.COVERAGE_LEVELS)
    assert (table["justification"].str.len() > 20).all()
    assert (table["benchmarks"].str.len() > 0).all()
    assert (table.index.str[0].astype(int) == table["domain"]).all()
    table.loc["7.3", "coverage"] = "not measured"  # a copy: the library's table is untouched
    assert incidents.BENCHMARK_COVERAGE.loc["7.3", "coverage"] == "measured"


def test_every_aiid_subdomain_is_in_the_table():
    mit = load_aiid(table="mit")
    codes = incidents.subdomain_code(mit["risk_subdomain"])
    assert set(codes) <= set(incidents.BENCHMARK_COVERAGE.index)
    names = mit["risk_subdomain"].str.replace(r"^\d\.\d\.\s*", "", regex=True)
    table_names = incidents.BENCHMARK_COVERAGE["subdomain"].reindex(codes).to_numpy()
    assert (names.to_numpy() == table_names).all()


def test_subdomain_code_parsing_and_errors():
    assert incidents.subdomain_code(["1.2. Exposure to toxic content", " 6.5"]).tolist() == [
        "1.2", "6.5"]
    with pytest.raises(ValueError, match="start with a subdomain code"):
        incidents.subdomain_code(["Exposure to toxic content"])
    with pytest.raises(ValueError, match="no risk subdomain"):
        incidents.subdomain_code(["1.2", None])
    with pytest.raises(TypeError, match="not a string"):
        incidents.subdomain_code("1.2")


def test_coverage_of_and_unknown_codes():
    assert incidents.coverage_of(["1.1", "4.3", "6.6"]).tolist() == [
        "measured", "partly", "not measured"]
    with pytest.raises(ValueError, match="not in the coverage table"):
        incidents.coverage_of(["8.1"])
    bad = incidents.benchmark_coverage()
    bad.loc["1.1", "coverage"] = "yes"
    with pytest.raises(ValueError, match="unknown coverage levels"):
        incidents.coverage_of(["1.1"], table=bad)
    with pytest.raises(TypeError, match="coverage"):
        incidents.coverage_of(["1.1"], table=bad.drop(columns="coverage"))


def test_unmeasured_share_hand_counted():
    labels = ["6.5", "7.3", "7.3", "3.2", "4.3"]
    strict = incidents.unmeasured_share(labels)
    assert (strict["count"], strict["n"], strict["share"]) == (2, 5, 0.4)
    z = stats.norm.ppf(0.975)
    centre = (2 + z**2 / 2) / (5 + z**2)
    half = z / (5 + z**2) * np.sqrt(2 * 3 / 5 + z**2 / 4)
    assert strict["ci_low"] == pytest.approx(centre - half)
    assert strict["ci_high"] == pytest.approx(centre + half)
    generous = incidents.unmeasured_share(labels, levels=("partly", "not measured"))
    assert generous["count"] == 3
    edited = incidents.benchmark_coverage()
    edited.loc["7.3", "coverage"] = "not measured"
    assert incidents.unmeasured_share(labels, table=edited)["count"] == 4


def test_unmeasured_share_bad_levels():
    with pytest.raises(ValueError, match="subset"):
        incidents.unmeasured_share(["7.3"], levels=("unmeasured",))
    with pytest.raises(ValueError, match="subset"):
        incidents.unmeasured_share(["7.3"], levels=())
    assert incidents.unmeasured_share(["6.5"], levels="not measured")["count"] == 1
