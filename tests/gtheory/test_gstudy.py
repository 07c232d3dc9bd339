"""G-study and D-study: pinned to the ANOVA of statsmodels, to known simulated components,
and to the D-study formulas; bad input gets a clear error."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from statsmodels.stats.anova import anova_lm

from analysis.gtheory import balanced_subset, g_study

TRUE = {"model": 0.5, "task": 1.0, "model × task": 0.3, "run (within model × task)": 0.8}


def simulate(rng, n_models=8, n_tasks=60, runs=3, var=TRUE):
    """Long table from y = a_m + b_t + (ab)_mt + e, with ``runs`` an int or a models x tasks array."""
    runs = np.broadcast_to(np.asarray(runs), (n_models, n_tasks))
    a = rng.normal(0, np.sqrt(var["model"]), n_models)
    b = rng.normal(0, np.sqrt(var["task"]), n_tasks)
    ab = rng.normal(0, np.sqrt(var["model × task"]), (n_models, n_tasks))
    m, t = np.divmod(np.repeat(np.arange(n_models * n_tasks), runs.ravel()), n_tasks)
    e = rng.normal(0, np.sqrt(var["run (within model × task)"]), m.size)
    return pd.DataFrame({"model": m, "task": t, "score": a[m] + b[t] + ab[m, t] + e})


def test_balanced_components_equal_the_textbook_anova_of_statsmodels():
    rng = np.random.default_rng(3)
    runs = simulate(rng, n_models=5, n_tasks=12, runs=4)
    table = anova_lm(smf.ols("score ~ C(model) * C(task)", data=runs).fit(), typ=1)
    ms = table["sum_sq"] / table["df"]
    n, n_tasks, n_models = 4, 12, 5
    expected = [
        (ms["C(model)"] - ms["C(model):C(task)"]) / (n * n_tasks),
        (ms["C(task)"] - ms["C(model):C(task)"]) / (n * n_models),
        (ms["C(model):C(task)"] - ms["Residual"]) / n,
        ms["Residual"],
    ]
    study = g_study(runs)
    np.testing.assert_allclose(study.components["estimate"], expected, rtol=1e-10)
    np.testing.assert_allclose(study.mean_squares["df"], table["df"].to_numpy(), rtol=0)


def test_large_design_recovers_known_components_within_their_standard_errors():
    rng = np.random.default_rng(11)
    study = g_study(simulate(rng, n_models=60, n_tasks=200, runs=3))
    comp = study.components
    z = (comp["estimate"] - pd.Series(TRUE)) / comp["se"]
    assert (z.abs() < 3.5).all(), z


def test_standard_errors_match_the_spread_over_repeated_studies():
    rng = np.random.default_rng(5)
    estimates, ses = [], []
    for _ in range(300):
        comp = g_study(simulate(rng, n_models=10, n_tasks=30, runs=2)).components
        estimates.append(comp["estimate"].to_numpy())
        ses.append(comp["se"].to_numpy())
    estimates, ses = np.array(estimates), np.array(ses)
    # Unbiased ANOVA estimators: the mean over studies is near the truth ...
    np.testing.assert_allclose(estimates.mean(axis=0), list(TRUE.values()),
                               atol=3 * estimates.std(axis=0).max() / np.sqrt(300) + 1e-3)
    # ... and Brennan's SE tracks the observed spread (normal effects here).
    np.testing.assert_allclose(ses.mean(axis=0), estimates.std(axis=0), rtol=0.2)


def test_unequal_runs_per_cell_leave_every_component_unbiased():
    rng = np.random.default_rng(8)
    counts = rng.integers(2, 9, size=(10, 40))
    est = np.array([g_study(simulate(rng, 10, 40, counts)).components["estimate"].to_numpy()
                    for _ in range(200)])
    mean, se = est.mean(axis=0), est.std(axis=0) / np.sqrt(200)
    assert (np.abs(mean - list(TRUE.values())) < 4 * se).all(), (mean, se)


def test_d_study_follows_its_defining_formulas():
    study = g_study(simulate(np.random.default_rng(2)))
    s_m, s_t, s_mt, s_e = study.components["variance"]
    d = study.d_study(n_tasks=[5, 50], n_runs=[1, 4])
    for row, (nt, nr) in zip(d.itertuples(), [(5, 1), (50, 4)], strict=True):
        rel = s_mt / nt + s_e / (nt * nr)
        assert row.relative_error == pytest.approx(rel)
        assert row.generalizability == pytest.approx(s_m / (s_m + rel))
        assert row.dependability == pytest.approx(s_m / (s_m + rel + s_t / nt))


@pytest.mark.parametrize("kind, column", [("relative", "generalizability"), ("absolute", "dependability")])
def test_tasks_needed_is_the_smallest_number_reaching_the_target(kind, column):
    study = g_study(simulate(np.random.default_rng(4)))
    for target, n_runs in [(0.8, 1), (0.9, 2), (0.95, 5)]:
        n = study.tasks_needed(target, n_runs, kind=kind)
        reached = study.d_study([n, n - 1], n_runs)[column].to_numpy()
        assert reached[0] >= target - 1e-12
        assert n == 1 or reached[1] < target


def test_no_model_variance_means_no_number_of_tasks_suffices():
    var = dict(TRUE, model=0.0)
    rng = np.random.default_rng(0)
    runs = simulate(rng, var=var)
    runs["score"] -= runs.groupby("model")["score"].transform("mean")  # exactly equal models
    study = g_study(runs)
    assert study.components.loc["model", "variance"] == 0
    assert study.tasks_needed(0.8) == float("inf")
    assert study.d_study(100)["generalizability"].iloc[0] == 0


def test_intervals_are_reproducible_and_bracket_the_estimates():
    study = g_study(simulate(np.random.default_rng(6)))
    a = study.intervals(np.random.default_rng(1), n_draws=2000)
    b = study.intervals(np.random.default_rng(1), n_draws=2000)
    pd.testing.assert_frame_equal(a, b)
    assert ((a["low"] <= a["estimate"]) & (a["estimate"] <= a["high"])).all()
    assert list(a.index[-2:]) == ["generalizability", "dependability"]
    curve = study.d_study_intervals(np.random.default_rng(1), [study.n_tasks, 10], n_draws=2000)
    # the same draws give the same interval at the observed design as intervals() does
    assert curve["generalizability_low"].iloc[0] == pytest.approx(a.loc["generalizability", "low"])
    assert (curve["generalizability_low"] <= curve["generalizability"]).all()
    assert curve["generalizability_high"].iloc[1] < curve["generalizability_high"].iloc[0]


def test_unweighted_means_do_not_depend_on_row_order_or_labels():
    runs = simulate(np.random.default_rng(9), runs=2)
    shuffled = runs.sample(frac=1, random_state=0)
    shuffled["model"] = "m" + shuffled["model"].astype(str)
    pd.testing.assert_frame_equal(g_study(runs).components, g_study(shuffled).components)


def test_balanced_subset_keeps_only_complete_cells():
    rng = np.random.default_rng(7)
    runs = simulate(rng, n_models=6, n_tasks=20, runs=3)
    drop = (runs["model"] == 0) & (runs["task"] < 15)        # model 0 misses most tasks
    drop |= (runs["task"] == 19) & (runs["model"] > 2)        # task 19 lacks runs for most
    kept = balanced_subset(runs[~drop], min_runs=3)
    assert sorted(kept["model"].unique()) == [1, 2, 3, 4, 5]
    assert sorted(kept["task"].unique()) == list(range(19))
    assert (kept.groupby(["model", "task"]).size() >= 3).all()


@pytest.mark.parametrize("change, error, match", [
    (lambda r: r.rename(columns={"score": "acc"}), KeyError, "score='score'"),
    (lambda r: r.assign(score=r["score"].where(r.index != 5)), ValueError, "missing or non-numeric"),
    (lambda r: r[~((r["model"] == 1) & (r["task"] == 2))], ValueError, "model 1 on task 2"),
    (lambda r: r[r["model"] == 0], ValueError, "at least 2 models"),
    (lambda r: r.drop_duplicates(["model", "task"]), ValueError, "no model x task cell has two"),
    (lambda r: r["score"].to_numpy(), TypeError, "long format"),
])
def test_bad_input_gets_a_clear_error(change, error, match):
    runs = simulate(np.random.default_rng(0), n_models=3, n_tasks=4, runs=2)
    with pytest.raises(error, match=match):
        g_study(change(runs))


def test_bad_planning_values_are_refused():
    study = g_study(simulate(np.random.default_rng(0)))
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        study.tasks_needed(90)
    with pytest.raises(ValueError, match="at least 1"):
        study.d_study(0)
    with pytest.raises(ValueError, match="no complete subset"):
        balanced_subset(simulate(np.random.default_rng(0), 3, 4, 1), min_runs=2)


def test_metr_runs_have_the_balanced_subset_the_chapter_describes():
    from analysis.data import load_metr_time_horizon

    runs = load_metr_time_horizon(include_human=False)
    kept = balanced_subset(runs, model="alias", task="task_id", min_runs=2)
    assert kept["alias"].nunique() == 9 and kept["task_id"].nunique() == 73
    assert "davinci-002" not in set(kept["alias"])
    study = g_study(kept, model="alias", task="task_id", score="score_binarized")
    assert (study.components["variance"] > 0).all()
