"""Yearly counts with a year left out (value_counts drops empty years) are refused."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import incidents


def test_counts_that_skip_a_year_are_refused():
    counts = pd.Series([10, 40, 80], index=[2015, 2017, 2018])
    with pytest.raises(ValueError, match="skip year 2016 .*counted as 0"):
        incidents.growth_rate(counts, model="poisson")
    filled = counts.reindex(range(2015, 2019), fill_value=0)
    assert incidents.growth_rate(filled, model="poisson")["n_years"] == 4


def test_counts_in_another_order_or_with_text_years_give_the_same_fit():
    counts = pd.Series([10, 20, 40, 80], index=[2015, 2016, 2017, 2018])
    fit = incidents.growth_rate(counts, model="poisson")
    assert fit["growth"] == pytest.approx(1.0)
    for other in (counts.iloc[::-1], counts.set_axis(counts.index.astype(str))):
        assert incidents.growth_rate(other, model="poisson")["slope"] == pytest.approx(fit["slope"])


def test_a_complete_column_of_text_is_refused():
    counts = pd.DataFrame({"incidents": [1, 2, 4, 8], "complete": ["True"] * 3 + ["False"]},
                          index=[2015, 2016, 2017, 2018])
    with pytest.raises(TypeError, match="'False' would read as True"):
        incidents.growth_rate(counts, model="poisson")
    as_bool = counts.assign(complete=counts["complete"] == "True")
    assert incidents.growth_rate(as_bool, model="poisson")["last_year"] == 2017


def test_deduplicate_matches_ids_written_as_text_and_as_numbers():
    table = pd.DataFrame({"incident_id": [1, 2, 3], "x": list("abc")})
    dups = pd.DataFrame({"duplicate_incident_id": ["2"], "true_incident_id": ["1"]})
    assert incidents.deduplicate(table, dups)["incident_id"].tolist() == [1, 3]
    as_text = table.assign(incident_id=["1", "2", "3"])
    numeric = dups.astype(int)
    assert incidents.deduplicate(as_text, numeric)["x"].tolist() == ["a", "c"]


def test_unmeasured_share_of_no_incident_is_refused():
    with pytest.raises(ValueError, match="labels is empty"):
        incidents.unmeasured_share([])
