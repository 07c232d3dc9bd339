"""Properties that must hold on real staged leaderboards (Zhang & Hardt's HELM accuracy
table; Epoch AI's GPQA diamond runs with standard errors)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis import ranking
from analysis.data import load_benchbench_zhang_hardt, load_epoch_benchmarks


@pytest.fixture(scope="module")
def helm(staged) -> pd.DataFrame:
    """HELM (classic) accuracy: models x 16 scenarios, fractions, NaN where not run."""
    long = load_benchbench_zhang_hardt(table="helm/accuracy")
    return long.pivot(index="model", columns="task", values="score")


def test_helm_self_agreement_and_concordance(helm):
    complete = helm.dropna()
    assert complete.shape[0] >= 20
    mean = ranking.aggregate_scores(complete, rule="mean", bounded=True)["aggregate"]
    self_tau = ranking.rank_correlation(mean, mean.sample(frac=1, random_state=1), ci="none")
    assert self_tau["estimate"] == pytest.approx(1.0)
    identical = pd.DataFrame({f"copy{j}": mean for j in range(4)})
    assert ranking.kendall_w(identical)["w"] == pytest.approx(1.0)
    out = ranking.kendall_w(complete)
    assert 0 < out["w"] < 1
    assert out["chi2"] == pytest.approx(sps.friedmanchisquare(*(-complete).to_numpy()).statistic)


def test_helm_agreement_matrix_properties(helm):
    out = ranking.agreement_matrix(helm)
    tau = out.estimate.to_numpy()
    np.testing.assert_array_equal(np.diag(tau), 1.0)
    np.testing.assert_array_equal(tau, tau.T)
    np.testing.assert_array_equal(np.diag(out.n_models), helm.notna().sum())
    assert np.nanmin(tau) >= -1 and np.nanmax(tau) <= 1


def test_helm_mean_is_immune_and_borda_is_not(helm):
    complete = helm.dropna()
    rng = np.random.default_rng(2024)
    mean = ranking.irrelevant_model_sensitivity(complete, rng=rng, rule="mean", n_subsets=300)
    assert mean.any_change_rate == 0.0
    borda = ranking.irrelevant_model_sensitivity(complete, rng=rng, rule="borda", n_subsets=300)
    assert borda.any_change_rate > 0  # Zhang & Hardt: ordinal aggregates depend on others


def test_epoch_gpqa_parametric_rank_intervals(staged):
    runs = load_epoch_benchmarks(table="runs")
    gpqa = runs[runs["task"] == "GPQA diamond"].set_index("model")
    assert gpqa.index.is_unique
    published = pd.DataFrame({"mean": gpqa["score"], "se": gpqa["stderr"]})
    out = ranking.parametric_rank_intervals(published, rng=np.random.default_rng(0),
                                            n_resamples=2000)
    n = len(out)
    assert out["p_first"].sum() == pytest.approx(1.0)  # continuous draws: one leader each
    assert ((1 <= out["rank_ci_low"]) & (out["rank_ci_low"] <= out["rank_median"])
            & (out["rank_median"] <= out["rank_ci_high"]) & (out["rank_ci_high"] <= n)).all()
    assert out["rank_mean"].mean() == pytest.approx((n + 1) / 2)
