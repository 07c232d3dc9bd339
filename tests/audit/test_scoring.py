"""BenchRisk scoring: pinned to the rule's definition, a hand-worked example, the site's own
loop (transliterated from ``app/score/page.tsx``) and the residual risks the sheets record."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import audit
from analysis.data import load_benchrisk

MODES = pd.DataFrame({
    "failure_mode_id": ["#1", "#2", "#3", "#4", "#5", "#6"],
    "category": ["Correctness", "Correctness", "Comprehensiveness", "Intelligibility",
                 "Consistency", "Longevity"],
    "severity": [0.8, 0.2, 0.5, 1.0, 0.4, 0.1],
})
MITS = pd.DataFrame({
    "failure_mode_id": ["#1", "#1", "#3", "#4"],
    "mitigation_number": [1, 2, 3, 4],
    "likelihood_reduction": [0.5, 0.2, 0.6, 0.0],
    "severity_reduction": [0.25, 0.0, 0.5, 0.5],
})


def test_hand_worked_example():
    # Benchmark B adopts 1, 2 (mode #1) and 3 (mode #3).
    # #1: S' = 0.8 * 0.75 * 1.0 = 0.6, P = 0.5 * 0.8 = 0.4 -> residual 0.24, mitigated 0.56.
    # #3: S' = 0.5 * 0.5 = 0.25, P = 0.4 -> residual 0.1, mitigated 0.4.
    # Correctness = (0.56 + 0) / (0.8 + 0.2) = 0.56; Comprehensiveness = 0.4 / 0.5 = 0.8.
    adopted = pd.DataFrame({"benchmark": ["B"] * 3, "mitigation_number": [1, 2, 3]})
    r = audit.residual_risk(MODES, MITS, adopted).set_index("failure_mode_id")
    assert r.loc["#1", "residual"] == pytest.approx(0.24)
    assert r.loc["#1", "n_adopted"] == 2 and r.loc["#2", "n_adopted"] == 0
    assert r.loc["#3", "mitigated"] == pytest.approx(0.4)
    s = audit.score_benchmarks(MODES, MITS, adopted).loc["B"]
    assert s["Correctness"] == pytest.approx(0.56)
    assert s["Comprehensiveness"] == pytest.approx(0.8)
    assert s["Intelligibility"] == 0 and s["Consistency"] == 0 and s["Longevity"] == 0
    assert s["average"] == pytest.approx((0.56 + 0.8) / 5)
    assert s["minimum"] == 0
    total_severity = 3.0
    assert s["total"] == pytest.approx((0.56 + 0.4) / total_severity)
    assert s["total_site"] == pytest.approx(0.56 / total_severity)  # Comprehensiveness omitted


def test_order_of_mitigations_does_not_matter_and_empty_benchmark_keeps_its_risk():
    a = pd.DataFrame({"benchmark": ["B", "B"], "mitigation_number": [1, 2]})
    b = pd.DataFrame({"benchmark": ["B", "B"], "mitigation_number": [2, 1]})
    ra = audit.score_benchmarks(MODES, MITS, a, benchmarks=["B", "E"])
    rb = audit.score_benchmarks(MODES, MITS, b, benchmarks=["B", "E"])
    pd.testing.assert_frame_equal(ra, rb)
    assert (ra.loc["E"] == 0).all()


def test_severity_weights_make_total_a_weighted_mean():
    adopted = pd.DataFrame({"benchmark": ["B"] * 3, "mitigation_number": [1, 2, 3]})
    s = audit.score_benchmarks(MODES, MITS, adopted)
    w = audit.severity_weights(MODES)
    assert w.sum() == pytest.approx(1.0)
    assert w["Correctness"] == pytest.approx(1.0 / 3.0)
    assert float(s[list(audit.DIMENSIONS)].iloc[0] @ w) == pytest.approx(s["total"].iloc[0])


def test_adopted_mitigations_reads_lists():
    sheet = pd.DataFrame({"benchmark": ["B", "B", "C"], "threat_id": ["#1", "#3", "#1"],
                          "adopted_mitigations": ["1, 2", None, "2,"]})
    long = audit.adopted_mitigations(sheet)
    assert long.to_dict("list") == {"benchmark": ["B", "B", "C"],
                                    "threat_id": ["#1", "#1", "#1"],
                                    "mitigation_number": [1, 2, 2]}
    with pytest.raises(ValueError, match="whole mitigation numbers"):
        audit.adopted_mitigations(sheet.assign(adopted_mitigations=["1;2", None, None]))


@pytest.mark.parametrize("change, match", [
    (lambda m, a: (m.assign(likelihood_reduction=m["likelihood_reduction"] * 100), a),
     "percentages"),
    (lambda m, a: (m, a.assign(mitigation_number=[99])), "not in the registry"),
    (lambda m, a: (m, pd.concat([a, a])), "twice"),
    (lambda m, a: (m.drop(columns="severity_reduction"), a), "lacks the column"),
    (lambda m, a: (m.assign(mitigation_number=[1, 1, 3, 4]), a), "duplicate"),
])
def test_bad_registry_or_adoptions(change, match):
    adopted = pd.DataFrame({"benchmark": ["B"], "mitigation_number": [1]})
    mits, adopted = change(MITS.copy(), adopted)
    with pytest.raises(ValueError, match=match):
        audit.residual_risk(MODES, mits, adopted)


@pytest.mark.parametrize("modes, match", [
    (MODES.assign(severity=[np.nan, 0.2, 0.5, 1.0, 0.4, 0.1]), "NaN"),
    (MODES.assign(severity=[80, 20, 50, 100, 40, 10]), "percentages"),
    (MODES.assign(category=["Correctnes"] + list(MODES["category"][1:])), "must be one of"),
])
def test_bad_failure_modes(modes, match):
    adopted = pd.DataFrame({"benchmark": ["B"], "mitigation_number": [1]})
    with pytest.raises(ValueError, match=match):
        audit.residual_risk(modes, MITS, adopted)


def test_bad_options():
    adopted = pd.DataFrame({"benchmark": ["B"], "mitigation_number": [1]})
    with pytest.raises(ValueError, match="assign_by"):
        audit.residual_risk(MODES, MITS, adopted, assign_by="row")
    with pytest.raises(ValueError, match="not in `benchmarks`"):
        audit.residual_risk(MODES, MITS, adopted, benchmarks=["C"])
    with pytest.raises(TypeError, match="DataFrame"):
        audit.residual_risk(MODES.to_dict(), MITS, adopted)


# ---- the staged registries ---------------------------------------------------------------

@pytest.fixture(scope="module")
def registries(staged):
    sheets = load_benchrisk()
    return (sheets, load_benchrisk(table="failure_modes"), load_benchrisk(table="mitigations"))


def _site_loop(modes, mitigations, sheets):
    """app/score/page.tsx transliterated: a running severity and likelihood per mode,
    mitigations applied one by one, sums per dimension, then the site's aggregates."""
    mit = {int(r.mitigation_number): r for r in mitigations.itertuples()}
    dims = sorted(set(modes["category"]))
    total_risk = float(modes["severity"].sum())
    dim_risk = {d: float(modes.loc[modes["category"] == d, "severity"].sum()) for d in dims}
    out = {}
    for bench, sheet in sheets.groupby("benchmark"):
        risk = {r.failure_mode_id: [r.severity, r.severity, 1.0, r.category]
                for r in modes.itertuples()}
        for text in sheet["adopted_mitigations"].dropna():
            for number in text.split(","):
                m = mit[int(number)]
                entry = risk[m.failure_mode_id]
                entry[1] -= m.severity_reduction * 100 * entry[1] / 100.0
                entry[2] -= m.likelihood_reduction * 100 * entry[2] / 100.0
        acc = dict.fromkeys(dims, 0.0)
        for initial, severity, likelihood, dim in risk.values():
            acc[dim] += initial * 1.0 - severity * likelihood
        row = {d: acc[d] / dim_risk[d] for d in dims}
        row["total_site"] = sum(acc[d] for d in dims if d != "Comprehensiveness") / total_risk
        row["average"] = sum(row[d] for d in dims) / 5.0
        row["minimum"] = min(row[d] for d in dims)
        out[bench] = row
    return pd.DataFrame(out).T


def test_matches_the_site_loop_on_every_staged_benchmark(registries):
    sheets, modes, mitigations = registries
    ours = audit.score_benchmarks(modes, mitigations, audit.adopted_mitigations(sheets),
                                  benchmarks=sheets["benchmark"].unique())
    site = _site_loop(modes, mitigations, sheets)
    assert len(ours) == sheets["benchmark"].nunique()
    np.testing.assert_allclose(ours.loc[site.index, site.columns].to_numpy(float),
                               site.to_numpy(float), atol=1e-12)


def test_residuals_match_the_sheets_recorded_mitigated_risk(registries):
    # The sheets record each row's residual risk to one decimal. Most rows agree; the
    # disagreements sit on a handful of threats (see Chapter 6), not spread at random.
    sheets, modes, mitigations = registries
    residuals = audit.residual_risk(modes, mitigations, audit.adopted_mitigations(sheets),
                                    benchmarks=sheets["benchmark"].unique(), assign_by="sheet")
    check = audit.compare_with_recorded(sheets, residuals)
    assert len(check) == len(sheets)
    assert check["agrees"].mean() > 0.95
    unmitigated = sheets["n_adopted"].eq(0).to_numpy()
    # With nothing adopted, the recorded value is the severity itself, exactly.
    np.testing.assert_allclose(check.loc[unmitigated, "ours"], check.loc[unmitigated, "recorded"])
    assert set(check.loc[~check["agrees"], "threat_id"]) <= {"#008", "#011", "#030", "#044",
                                                               "#052"}


def test_compare_with_recorded_rejects_missing_rows():
    sheet = pd.DataFrame({"benchmark": ["B"], "threat_id": ["#9"], "mitigated_risk": [0.2]})
    ours = pd.DataFrame({"benchmark": ["B"], "failure_mode_id": ["#1"], "residual": [0.2]})
    with pytest.raises(ValueError, match="lacks sheet rows"):
        audit.compare_with_recorded(sheet, ours)
    agree = audit.compare_with_recorded(sheet, ours.assign(failure_mode_id="#9", residual=0.26))
    assert not agree["agrees"].item()  # 0.06 apart: more than half of 0.1
