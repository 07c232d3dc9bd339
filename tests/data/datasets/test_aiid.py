"""Loaders of ``aiid`` against the registered files in the cache."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from analysis.data import (
    load_aiid,
)


def test_aiid_incidents(staged):
    raw = pd.read_csv(staged / "aiid" / "incidents.csv")
    inc = load_aiid()
    assert list(inc.columns) == ["incident_id", "date", "title", "description", "n_reports",
                                 "report_ids", "deployers", "developers", "harmed_parties"]
    assert len(inc) == len(raw) == 1367
    assert inc["incident_id"].is_unique and inc["incident_id"].is_monotonic_increasing
    assert pd.api.types.is_datetime64_any_dtype(inc["date"]) and inc["date"].notna().all()
    assert inc["date"].min() == pd.Timestamp("1983-09-26")
    first = inc.set_index("incident_id").loc[1]
    raw1 = raw.set_index("incident_id").loc[1]
    assert first["title"] == raw1["title"]
    assert first["n_reports"] == len(json.loads(raw1["reports"])) == 13
    assert first["deployers"] == "youtube"
    i23 = inc.set_index("incident_id").loc[23]
    assert i23["harmed_parties"] == "navya; keolis-north-america; bus-passengers"
    assert (inc["n_reports"] >= 0).all() and (inc["n_reports"] >= 1).mean() > 0.99


def test_aiid_classifications(staged):
    mit = load_aiid(table="mit")
    raw = pd.read_csv(staged / "aiid" / "classifications_MIT.csv")
    assert len(mit) == len(raw) == 1242
    assert {"incident_id", "risk_domain", "risk_subdomain", "entity", "timing",
            "intent", "published"} <= set(mit.columns)
    assert mit["published"].dtype == bool
    assert mit["risk_domain"].str.match(r"^[1-7]\. ").all()
    assert set(mit["incident_id"]) <= set(load_aiid()["incident_id"])
    cset = load_aiid(table="cset")
    assert len(cset) == 214 and {"harm_domain", "ai_harm_level"} <= set(cset.columns)
    assert cset["incident_id"].dtype == np.int64
    gmf = load_aiid(table="gmf")
    assert len(gmf) == 326 and "known_ai_technical_failure" in gmf.columns
    dup = load_aiid(table="duplicates")
    assert list(dup.columns) == ["duplicate_incident_id", "true_incident_id"] and len(dup) == 13
