"""incidents.tables: de-duplication, snapshot date, counts per year (hand-counted tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import incidents
from analysis.data import load_aiid


def _frame(dates, ids=None):
    ids = list(range(1, len(dates) + 1)) if ids is None else ids
    return pd.DataFrame({"incident_id": ids, "date": pd.to_datetime(dates)})


def test_deduplicate_drops_listed_duplicates_only():
    inc = pd.DataFrame({"incident_id": [1, 2, 3, 4], "x": list("abcd")})
    dup = pd.DataFrame({"duplicate_incident_id": [3, 9], "true_incident_id": [1, 2]})
    out = incidents.deduplicate(inc, dup)
    assert out["incident_id"].tolist() == [1, 2, 4]
    assert out["x"].tolist() == ["a", "b", "d"]


def test_deduplicate_bad_input():
    inc = pd.DataFrame({"incident_id": [1, 2, 2]})
    dup = pd.DataFrame({"duplicate_incident_id": [3], "true_incident_id": [1]})
    with pytest.raises(ValueError, match="repeats"):
        incidents.deduplicate(inc, dup)
    with pytest.raises(KeyError, match="incident_id"):
        incidents.deduplicate(pd.DataFrame({"id": [1]}), dup)
    with pytest.raises(TypeError, match="DataFrame"):
        incidents.deduplicate([1, 2], dup)
    with pytest.raises(ValueError, match="itself"):
        incidents.deduplicate(pd.DataFrame({"incident_id": [1]}),
                              pd.DataFrame({"duplicate_incident_id": [1], "true_incident_id": [1]}))
    with pytest.raises(KeyError, match="true_incident_id"):
        incidents.deduplicate(pd.DataFrame({"incident_id": [1]}),
                              pd.DataFrame({"duplicate_incident_id": [2]}))
    with pytest.raises(ValueError, match="no incident_id"):
        incidents.deduplicate(pd.DataFrame({"incident_id": [1.0, np.nan]}), dup)
    with pytest.raises(ValueError, match="whole numbers"):
        incidents.deduplicate(pd.DataFrame({"incident_id": [1.5, 2.0]}), dup)


def test_deduplicate_aiid():
    inc, dup = load_aiid(), load_aiid(table="duplicates")
    listed = set(dup["duplicate_incident_id"])
    out = incidents.deduplicate(inc, dup)
    assert len(out) == len(inc) - len(listed & set(inc["incident_id"]))
    assert not set(out["incident_id"]) & listed


def test_snapshot_date():
    inc = _frame(["2020-01-05", "2023-07-01", "2021-03-01"])
    assert incidents.snapshot_date(inc) == pd.Timestamp("2023-07-01")
    with pytest.raises(ValueError, match="no date"):
        incidents.snapshot_date(_frame(["2020-01-05", None]))


def test_incidents_per_year_hand_counted():
    inc = _frame(["2018-03-01", "2018-12-31", "2020-06-01", "2021-01-01", "2021-02-02",
                  "2021-05-05"])
    out = incidents.incidents_per_year(inc)
    assert out.index.tolist() == [2018, 2019, 2020, 2021]
    assert out["incidents"].tolist() == [2, 0, 1, 3]
    assert out["complete"].tolist() == [True, True, True, False]
    late = incidents.incidents_per_year(inc, first_year=2020)
    assert late["incidents"].tolist() == [1, 3]
    ends = incidents.incidents_per_year(_frame(["2019-01-01", "2020-12-31"]))
    assert ends["complete"].all()  # the snapshot reaches the year's last day


def test_incidents_per_year_missing_and_bad_dates():
    inc = _frame(["2018-03-01", None, "2019-01-01"])
    with pytest.raises(ValueError, match="missing='omit'"):
        incidents.incidents_per_year(inc)
    assert incidents.incidents_per_year(inc, missing="omit")["incidents"].tolist() == [1, 1]
    with pytest.raises(ValueError, match="'raise' or 'omit'"):
        incidents.incidents_per_year(inc, missing="drop")
    with pytest.raises(TypeError, match="datetime64"):
        incidents.incidents_per_year(pd.DataFrame({"incident_id": [1], "date": ["2020-01-01"]}))
    with pytest.raises(KeyError, match="when"):
        incidents.incidents_per_year(inc, date="when")
    with pytest.raises(ValueError, match="after the last"):
        incidents.incidents_per_year(_frame(["2018-03-01"]), first_year=2030)
    with pytest.raises(ValueError, match="repeats"):
        incidents.incidents_per_year(_frame(["2018-03-01", "2019-01-01"], ids=[7, 7]))


def test_incidents_per_year_aiid_matches_groupby():
    inc = load_aiid()
    out = incidents.incidents_per_year(inc)
    reference = inc["date"].dt.year.value_counts()
    assert out["incidents"].sum() == len(inc)
    assert (out["incidents"].reindex(reference.index) == reference).all()
    assert (out.drop(reference.index)["incidents"] == 0).all()
    assert out.index[-1] == incidents.snapshot_date(inc).year and not out["complete"].iloc[-1]
