"""The coverage simulation (analysis.stats.coverage): its scenarios, its reproducibility, its
agreement with exact binomial coverage, and (slow) the evidence behind the book's advice on
which interval to use when."""

from __future__ import annotations

import doctest
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis.stats import coverage

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "90_interval_coverage.ipynb"


def test_docstring_examples_run_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning inside an example fails it
        assert doctest.testmod(coverage).failed == 0


# --- scenarios -------------------------------------------------------------------------------


def test_cluster_sizes_equal_and_lognormal_quantiles():
    assert coverage.cluster_sizes(4, 10) == (10, 10, 10, 10)
    sizes = coverage.cluster_sizes(5, 10, spread=1.0)
    assert sizes == (2, 4, 6, 10, 22)
    # Quantiles of a lognormal with mean 10: the mean of many of them approaches 10.
    assert np.mean(coverage.cluster_sizes(2000, 10, spread=1.0)) == pytest.approx(10, rel=0.05)


def test_scenario_grids():
    independent = coverage.independent_scenarios(n_items=[10, 50], accuracies=[0.5, 0.9])
    assert [(s.n_items, s.accuracy) for s in independent] == [(10, 0.5), (10, 0.9), (50, 0.5), (50, 0.9)]
    assert all(not s.clustered and s.n_clusters == s.n_items for s in independent)
    assert independent[1].rarer == pytest.approx(1.0)
    clustered = coverage.clustered_scenarios(n_clusters=[5], accuracies=[0.7], icc=0.2)
    assert [s.design for s in clustered] == ["equal clusters", "unequal clusters"]
    assert clustered[0].sizes == (10,) * 5 and clustered[0].icc == 0.2
    key = clustered[1].key()
    assert key["n_clusters"] == 5 and key["size_cv"] > 0.5


@pytest.mark.parametrize("accuracy", [0, 1, 95, -0.1])
def test_accuracy_must_be_a_fraction_inside_zero_one(accuracy):
    with pytest.raises(ValueError, match="accuracy"):
        coverage.independent_scenarios(n_items=[10], accuracies=[accuracy])


def test_bad_designs_are_refused():
    with pytest.raises(ValueError, match="icc"):
        coverage.clustered_scenarios(icc=1.0)
    with pytest.raises(ValueError, match="2 clusters"):
        coverage.cluster_sizes(1, 10)
    with pytest.raises(ValueError, match="at least 2 items"):
        coverage.independent_scenarios(n_items=[1])


def test_simulated_scores_have_the_designed_mean_and_intra_cluster_correlation():
    rng = np.random.default_rng(3)
    (scenario,) = [s for s in coverage.clustered_scenarios([20], [0.8], icc=0.3) if s.design == "equal clusters"]
    scores, codes = coverage.simulate_scores(scenario, 3000, rng)
    assert scores.shape == (3000, 200) and set(np.unique(scores)) == {0.0, 1.0}
    assert codes.tolist() == np.repeat(np.arange(20), 10).tolist()
    assert scores.mean() == pytest.approx(0.8, abs=0.01)
    # Variance of a cluster mean of m items: p(1-p) (rho + (1 - rho) / m).
    cluster_means = scores.reshape(3000, 20, 10).mean(axis=2)
    expected = 0.8 * 0.2 * (0.3 + 0.7 / 10)
    assert cluster_means.var() == pytest.approx(expected, rel=0.05)


def test_independent_scores_are_bernoulli():
    (scenario,) = coverage.independent_scenarios(n_items=[40], accuracies=[0.95])
    scores, _ = coverage.simulate_scores(scenario, 5000, np.random.default_rng(4))
    counts = scores.sum(axis=1)
    # Mean and variance of the number correct: n p and n p (1 - p).
    assert counts.mean() == pytest.approx(38, abs=0.05)
    assert counts.var() == pytest.approx(40 * 0.95 * 0.05, rel=0.1)


# --- the simulation --------------------------------------------------------------------------


def _small_table(seed=7, **kwargs):
    grid = coverage.independent_scenarios(n_items=[20], accuracies=[0.5, 0.95])
    grid += coverage.clustered_scenarios(n_clusters=[5], accuracies=[0.5])
    return coverage.simulate_coverage(grid, rng=np.random.default_rng(seed), n_replicates=400, n_resamples=50, **kwargs)


def test_results_are_identical_on_rerun_and_do_not_depend_on_the_rest_of_the_grid():
    first, second = _small_table(), _small_table()
    pd.testing.assert_frame_equal(first, second)
    assert not first.equals(_small_table(seed=8))
    # One scenario alone gives the same numbers as inside a larger grid.
    alone = coverage.simulate_coverage(
        coverage.independent_scenarios(n_items=[20], accuracies=[0.95]),
        rng=np.random.default_rng(7), n_replicates=400, n_resamples=50,
    )
    inside = first[(first["design"] == "independent") & (first["accuracy"] == 0.95)]
    pd.testing.assert_frame_equal(alone.reset_index(drop=True), inside.reset_index(drop=True))


def test_results_table_shape_and_monte_carlo_error():
    table = _small_table()
    expected = {"design", "n_items", "accuracy", "n_clusters", "icc", "size_cv", "rarer", "method",
                "label", "nominal", "coverage", "mc_se", "miss_low", "miss_high", "width",
                "degenerate", "n_replicates"}
    assert expected <= set(table.columns)
    clustered_methods = set(table.loc[table["design"] != "independent", "method"])
    assert {"normal", "cr1", "cluster_bootstrap"} <= clustered_methods
    assert not {"cr1", "cluster_bootstrap"} & set(table.loc[table["design"] == "independent", "method"])
    np.testing.assert_allclose(table["mc_se"], np.sqrt(table["coverage"] * (1 - table["coverage"]) / 400))
    np.testing.assert_allclose(table["coverage"] + table["miss_low"] + table["miss_high"], 1.0)
    assert ((table["coverage"] >= 0) & (table["coverage"] <= 1)).all()


def test_simulation_emits_no_warning_and_counts_degenerate_intervals():
    # At n = 10 and accuracy 0.99, 90.4% of test sets are all correct: the normal interval is
    # then [1, 1] (the library warns; the simulation counts instead), Clopper-Pearson is not.
    grid = coverage.independent_scenarios(n_items=[10], accuracies=[0.99])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = coverage.simulate_coverage(
            grid, methods=["normal", "clopper_pearson"], rng=np.random.default_rng(1), n_replicates=4000
        ).set_index("method")
    all_correct = 0.99**10
    se = np.sqrt(all_correct * (1 - all_correct) / 4000)
    assert table.loc["normal", "degenerate"] == pytest.approx(all_correct, abs=4 * se)
    assert table.loc["clopper_pearson", "degenerate"] == 0


@pytest.mark.parametrize("method", ["normal", "clopper_pearson", "wilson"])
@pytest.mark.parametrize(("n", "p"), [(20, 0.95), (50, 0.5), (100, 0.99)])
def test_simulated_coverage_matches_exact_binomial_coverage(method, n, p):
    if method not in coverage.available_methods():
        pytest.skip(f"{method} not in this version of analysis.stats")
    grid = coverage.independent_scenarios(n_items=[n], accuracies=[p])
    row = coverage.simulate_coverage(grid, methods=[method], rng=np.random.default_rng(11), n_replicates=4000).iloc[0]
    exact = coverage.exact_binomial_coverage(method, n, p)
    assert abs(row["coverage"] - exact) <= 4 * np.sqrt(exact * (1 - exact) / 4000)


def test_exact_coverage_pinned_to_binomial_sums():
    # n = 10, p = 0.5. Clopper-Pearson covers 0.5 unless k <= 1 or k >= 9:
    # 1 - 2 * (1 + 10) / 1024. The normal interval covers it for 3 <= k <= 7: 912 / 1024.
    assert coverage.exact_binomial_coverage("clopper_pearson", 10, 0.5) == pytest.approx(1 - 22 / 1024)
    assert coverage.exact_binomial_coverage("normal", 10, 0.5) == pytest.approx(912 / 1024)
    # Near a bound the normal interval collapses: at n = 20, p = 0.95 it covers only when
    # 16 to 19 items are right (k = 20 gives [1, 1]; k = 15 gives 0.75 + 1.96 * 0.0993 < 0.95).
    k = np.arange(16, 20)
    assert coverage.exact_binomial_coverage("normal", 20, 0.95) == pytest.approx(sps.binom.pmf(k, 20, 0.95).sum())


@pytest.mark.parametrize("method", ["normal", "clopper_pearson", "wilson", "agresti_coull"])
def test_exact_coverage_is_symmetric_in_accuracy(method):
    if method not in coverage.available_methods():
        pytest.skip(f"{method} not in this version of analysis.stats")
    p = np.array([0.6, 0.8, 0.95, 0.99])
    np.testing.assert_allclose(
        coverage.exact_binomial_coverage(method, 30, p), coverage.exact_binomial_coverage(method, 30, 1 - p), atol=1e-12
    )


def test_clopper_pearson_never_undercovers():
    for n in (5, 17, 60):
        p = np.linspace(0.01, 0.99, 197)
        assert coverage.exact_binomial_coverage("clopper_pearson", n, p).min() >= 0.95 - 1e-9


def test_bad_simulation_input():
    grid = coverage.independent_scenarios(n_items=[10], accuracies=[0.5])
    with pytest.raises(TypeError, match="Generator"):
        coverage.simulate_coverage(grid, rng=1)
    with pytest.raises(ValueError, match="unknown interval"):
        coverage.simulate_coverage(grid, rng=np.random.default_rng(0), methods=["wald"])
    with pytest.raises(ValueError, match="n_replicates"):
        coverage.simulate_coverage(grid, rng=np.random.default_rng(0), n_replicates=1)
    with pytest.raises(ValueError, match="only on the number correct"):
        coverage.exact_binomial_coverage("bootstrap", 10, 0.5)
    with pytest.raises(ValueError, match="accuracy"):
        coverage.exact_binomial_coverage("normal", 10, 1.5)


# --- which interval to use when --------------------------------------------------------------


def test_recommendation_table():
    recs = coverage.recommendations()
    assert {"situation", "use", "methods", "promise", "why"} <= set(recs.columns)
    assert recs["methods"].iloc[0] == ("clopper_pearson",)
    for methods in recs["methods"]:
        assert set(methods) <= set(coverage.available_methods())
    assert set(recs["promise"].dropna()) <= set(coverage.PROMISES)
    # Restricting the methods drops the rules left without one.
    only_cp = coverage.recommendations(methods=["clopper_pearson"])
    assert list(only_cp["methods"]) == [("clopper_pearson",)]


def test_promised_floor():
    assert coverage.promised_floor("exact", 0.95) == 0.95
    assert coverage.promised_floor("approximate", 0.95) == pytest.approx(0.925)
    assert coverage.promised_floor("approximate", 0.9) == pytest.approx(0.85)
    assert np.isnan(coverage.promised_floor(None, 0.95))
    with pytest.raises(ValueError, match="promise"):
        coverage.promised_floor("roughly", 0.95)


def test_recommended_results_matches_rules_to_scenarios():
    rows = pd.DataFrame(
        [  # design, n, p, clusters, method, coverage
            ("independent", 20, 0.95, np.nan, "clopper_pearson", 0.98),
            ("independent", 20, 0.95, np.nan, "normal", 0.64),  # 1 wrong expected: not recommended
            ("independent", 2000, 0.5, np.nan, "normal", 0.949),  # 1000 of each: recommended
            ("equal clusters", 50, 0.5, 5, "cr1", 0.90),  # recommended, and failing
            ("unequal clusters", 44, 0.9, 5, "cr2", 0.91),  # a warning rule
        ],
        columns=["design", "n_items", "accuracy", "n_clusters", "method", "coverage"],
    )
    rows["rarer"] = rows["n_items"] * np.minimum(rows["accuracy"], 1 - rows["accuracy"])
    rows["nominal"] = 0.95
    rows["mc_se"] = 0.003
    recs = coverage.recommendations(methods=["clopper_pearson", "normal", "cr1", "cr2"])
    out = coverage.recommended_results(rows, recs)
    pairs = set(zip(out["n_items"], out["method"], strict=True))
    assert pairs == {(20, "clopper_pearson"), (2000, "normal"), (50, "cr1"), (44, "cr2")}
    by = out.set_index(["n_items", "method"])
    assert by.loc[(20, "clopper_pearson"), "ok"] and by.loc[(2000, "normal"), "ok"]
    assert not by.loc[(50, "cr1"), "ok"]
    assert by.loc[(2000, "normal"), "threshold"] == pytest.approx(0.925 - 0.009)
    assert pd.isna(by.loc[(44, "cr2"), "promise"]) and not by.loc[(44, "cr2"), "ok"]


# --- the evidence behind the book's advice (slow) -------------------------------------------


def _book_seed() -> int:
    """The seed of the book page, so the test checks the numbers the page shows."""
    match = re.search(r"SEED = (\d+)", NOTEBOOK.read_text())
    assert match, f"{NOTEBOOK.name} no longer sets SEED = <integer>"
    return int(match.group(1))


@pytest.fixture(scope="module")
def book_results() -> pd.DataFrame:
    grid = coverage.independent_scenarios() + coverage.clustered_scenarios()
    return coverage.simulate_coverage(grid, rng=np.random.default_rng(_book_seed()))


@pytest.mark.slow
def test_every_recommended_interval_keeps_its_promise(book_results):
    checked = coverage.recommended_results(book_results)
    promised = checked[checked["promise"].notna()]
    # Every rule with a promise is exercised by some scenario of the book's grid.
    recs = coverage.recommendations()
    assert set(recs.loc[recs["promise"].notna(), "situation"]) == set(promised["situation"])
    failing = promised[~promised["ok"]]
    assert failing.empty, (
        "recommended intervals below their promise (coverage < floor - 3 MC SE):\n"
        + failing[["situation", "design", "n_items", "accuracy", "n_clusters", "method", "coverage", "threshold"]].to_string()
    )


@pytest.mark.slow
def test_warnings_and_non_recommended_intervals_do_fail(book_results):
    """The advice is not vacuous: where the page warns, and where it does not recommend an
    interval, the simulation shows it falling short."""
    checked = coverage.recommended_results(book_results)
    warned = checked[checked["promise"].isna()]
    assert not warned.empty
    assert (warned["coverage"] < 0.925 - 3 * warned["mc_se"]).any()
    table = book_results.set_index(["design", "n_items", "accuracy", "method"])
    # The normal interval at n = 20 and 95% accuracy.
    normal = table.loc[("independent", 20, 0.95, "normal")]
    assert normal["coverage"] + 3 * normal["mc_se"] < 0.925
    # Ignoring clusters undercovers at every number of clusters.
    clustered = book_results[book_results["design"] != "independent"]
    naive = clustered[clustered["method"] == "normal"]
    assert (naive["coverage"] + 3 * naive["mc_se"] < 0.925).all()
    # CR1 with five unequal clusters, and the cluster bootstrap with five clusters.
    five = clustered[(clustered["n_clusters"] == 5) & (clustered["accuracy"] == 0.5)].set_index(["design", "method"])
    assert five.loc[("unequal clusters", "cr1"), "coverage"] + 3 * five.loc[("unequal clusters", "cr1"), "mc_se"] < 0.925
    assert (five.xs("cluster_bootstrap", level="method")["coverage"] < 0.9).all()


def test_count_based_recommendations_hold_exactly_between_the_grid_points():
    """The simulation grid has four accuracies; for intervals that depend only on the number
    correct, the advice is checked exactly (binomial sums) at every accuracy on a fine grid
    and at sizes between the simulated ones."""
    count_based = {"normal", "t", "wilson", "agresti_coull", "clopper_pearson"}
    p = np.linspace(0.5, 0.999, 500)
    recs = coverage.recommendations()
    for rule in recs[recs["promise"].notna() & recs["design"].map(lambda d: "independent" in d)].itertuples():
        floor = coverage.promised_floor(rule.promise, 0.95)
        for method in set(rule.methods) & count_based:
            for n in (10, 15, 20, 30, 50, 75, 100, 200, 500, 1000, 2000):
                applies = n * np.minimum(p, 1 - p) >= rule.min_rarer
                if not applies.any():
                    continue
                exact = coverage.exact_binomial_coverage(method, n, p[applies])
                assert exact.min() >= floor - 1e-9, (
                    f"{method} at n = {n}: exact coverage {exact.min():.4f} at accuracy "
                    f"{p[applies][exact.argmin()]:.3f}, below the promised {floor:.3f} "
                    f"({rule.situation})"
                )
