"""Held-out error of anchor estimators: curves over sizes, clustered intervals, paired
comparisons, the exact random-subset error, and the k-means that picks the anchors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.cluster.vq import kmeans2

from analysis.irt import (
    anchor_cross_validation,
    compare_anchor_methods,
    random_subset_mae,
    simulate_responses,
    summarise_anchor_errors,
)
from analysis.irt.anchors import _kmeans


@pytest.fixture(scope="module")
def curve():
    x, _ = simulate_responses(90, 240, rng=np.random.default_rng(5))
    groups = np.repeat(np.arange(30), 3)
    cv = anchor_cross_validation(x, [5, 20, 60], rng=np.random.default_rng(2), groups=groups,
                                 n_folds=3, n_random=30)
    return x, groups, cv


def test_curve_shares_folds_across_sizes_and_covers_every_model(curve):
    x, groups, cv = curve
    assert sorted(cv["n_anchors"].unique()) == [5, 20, 60]
    assert (cv.groupby("model")["fold"].nunique() == 1).all()  # one fold per model, every size
    assert (cv.groupby("group")["fold"].nunique() == 1).all()
    counts = cv.groupby(["n_anchors", "method"]).size()
    assert (counts == len(x)).all()
    truth = x.mean(axis=1)
    np.testing.assert_allclose(cv.set_index("model")["truth"].groupby(level=0).first()[x.index],
                               truth)
    np.testing.assert_allclose(cv["error"], cv["estimate"] - cv["truth"])
    fitted = cv[cv["method"].isin(["irt", "pirt", "anchor"])]
    np.testing.assert_allclose(fitted["abs_error"], fitted["error"].abs())
    again = anchor_cross_validation(x, [5, 20, 60], rng=np.random.default_rng(2), groups=groups,
                                    n_folds=3, n_random=30)
    pd.testing.assert_frame_equal(cv, again)


def test_errors_shrink_with_size_and_random_matches_its_exact_expectation(curve):
    x, _, cv = curve
    summary = summarise_anchor_errors(cv)
    for method in ["irt", "random", "stratified"]:
        mae = summary.loc[method].set_index("n_anchors")["mae"]
        assert mae[5] > mae[20] > mae[60]
    # the random baseline averages 30 draws per fold: its mean absolute error matches the
    # exact hypergeometric expectation for each model's accuracy
    random = cv[cv["method"] == "random"]
    exact = random_subset_mae(random["truth"].to_numpy(), random["n_anchors"].to_numpy(),
                              n_total=x.shape[1])
    assert random["abs_error"].mean() == pytest.approx(exact.mean(), rel=0.1)


def test_summary_interval_is_the_clustered_t_interval(curve):
    _, _, cv = curve
    part = cv[(cv["method"] == "irt") & (cv["n_anchors"] == 20)]
    row = summarise_anchor_errors(cv).reset_index().query("method == 'irt' and n_anchors == 20")
    e, g = part["abs_error"].to_numpy(), part["group"].to_numpy()
    mae = e.mean()
    sums = pd.Series(e - mae).groupby(g).sum().to_numpy()
    n_groups = len(sums)
    se = np.sqrt(n_groups / (n_groups - 1) * (sums**2).sum()) / len(e)  # CR1
    t = stats.t.ppf(0.975, n_groups - 1)
    assert row["mae"].item() == pytest.approx(mae)
    assert row["se_mae"].item() == pytest.approx(se)
    assert row["ci_low"].item() == pytest.approx(mae - t * se)
    assert row["ci_high"].item() == pytest.approx(mae + t * se)
    assert row["sd"].item() == pytest.approx(e.std(ddof=1))


def test_paired_comparison_is_the_clustered_mean_of_differences(curve):
    _, _, cv = curve
    table = compare_anchor_methods(cv, "irt", "random")
    assert list(table.index) == [5, 20, 60]
    irt_ = cv[(cv["method"] == "irt") & (cv["n_anchors"] == 60)].set_index("model")
    rnd = cv[(cv["method"] == "random") & (cv["n_anchors"] == 60)].set_index("model")
    d = irt_["abs_error"] - rnd.loc[irt_.index, "abs_error"]
    sums = (d - d.mean()).groupby(irt_["group"]).sum()
    se = np.sqrt(len(sums) / (len(sums) - 1) * (sums**2).sum()) / len(d)
    assert table.loc[60, "difference"] == pytest.approx(d.mean())
    assert table.loc[60, "se"] == pytest.approx(se)
    assert table.loc[60, "n_groups"] == 30
    with pytest.raises(ValueError, match="unknown method"):
        compare_anchor_methods(cv, "gp-irt")
    with pytest.raises(ValueError, match="differ"):
        compare_anchor_methods(cv, "irt", "irt")


def test_random_subset_mae_is_pinned_to_its_definition():
    # one item from a benchmark with accuracy p: error 1 - p with probability p, p otherwise
    p = np.array([0.1, 0.5, 0.8])
    np.testing.assert_allclose(random_subset_mae(p, 1), 2 * p * (1 - p))
    # binomial, by enumeration
    k = np.arange(11)
    direct = (stats.binom.pmf(k, 10, 0.3) * np.abs(k / 10 - 0.3)).sum()
    assert random_subset_mae(0.3, 10) == pytest.approx(direct)
    # without replacement: the whole benchmark has no error, and a simulation agrees
    assert random_subset_mae(0.37, 100, n_total=100) == pytest.approx(0.0, abs=1e-12)
    rng = np.random.default_rng(0)
    items = np.zeros(1000)
    items[:700] = 1
    draws = np.array([items[rng.choice(1000, 50, replace=False)].mean() for _ in range(20000)])
    assert random_subset_mae(0.7, 50, n_total=1000) == pytest.approx(
        np.abs(draws - 0.7).mean(), rel=0.03)
    # large n: the normal approximation sqrt(2/pi) sqrt(p(1-p)/n)
    assert random_subset_mae(0.6, 2000) == pytest.approx(np.sqrt(2 / np.pi * 0.24 / 2000), rel=0.01)
    # broadcasting over sizes
    assert random_subset_mae(0.5, [1, 4, 16]).shape == (3,)


@pytest.mark.parametrize("bad, match", [
    ({"accuracy": 70, "n_items": 10}, "percentages"),
    ({"accuracy": np.nan, "n_items": 10}, "finite"),
    ({"accuracy": 0.5, "n_items": 0}, "whole numbers"),
    ({"accuracy": 0.5, "n_items": 2.5}, "whole numbers"),
    ({"accuracy": 0.5, "n_items": 10, "n_total": 5}, "n_total"),
])
def test_random_subset_mae_refuses_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        random_subset_mae(**bad)


def test_cross_validation_refuses_bad_input():
    x, _ = simulate_responses(30, 40, rng=np.random.default_rng(1))
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="exceeds"):
        anchor_cross_validation(x, [5, 41], rng=rng)
    with pytest.raises(ValueError, match="repeated"):
        anchor_cross_validation(x, [5, 5], rng=rng)
    with pytest.raises(ValueError, match="whole numbers"):
        anchor_cross_validation(x, [0], rng=rng)
    with pytest.raises(ValueError, match="n_folds"):
        anchor_cross_validation(x, 5, rng=rng, groups=np.repeat([0, 1], 15), n_folds=3)
    with pytest.raises(ValueError, match="n_random"):
        anchor_cross_validation(x, 5, rng=rng, n_random=0)
    with pytest.raises(ValueError, match="missing"):
        anchor_cross_validation(x, 5, rng=rng, groups=[None] * 30)
    with pytest.raises(ValueError, match="columns"):
        summarise_anchor_errors(pd.DataFrame({"method": ["irt"]}))
    one_group = pd.DataFrame({"method": ["irt"] * 2, "group": [0, 0], "model": [1, 2],
                              "error": [0.1, 0.2], "abs_error": [0.1, 0.2]})
    with pytest.raises(ValueError, match="single group"):
        summarise_anchor_errors(one_group)


def test_kmeans_finds_separated_clusters_and_matches_scipy_inertia():
    rng = np.random.default_rng(3)
    centres = np.array([[0, 0], [10, 0], [0, 10], [10, 10]], float)
    x = np.concatenate([c + rng.standard_normal((50, 2)) * 0.3 for c in centres])
    found, labels = _kmeans(x, 4, np.random.default_rng(0))
    assert len(np.unique(labels)) == 4
    # each true cluster is one found cluster
    assert all(len(np.unique(labels[i * 50:(i + 1) * 50])) == 1 for i in range(4))
    # on unstructured data its within-cluster sum of squares is no worse than scipy's
    y = rng.standard_normal((2000, 2))
    c1, l1 = _kmeans(y, 20, np.random.default_rng(1))
    c2, l2 = kmeans2(y, 20, minit="++", rng=np.random.default_rng(1))
    inertia = [((y - c[lab]) ** 2).sum() for c, lab in ((c1, l1), (c2, l2))]
    assert inertia[0] <= inertia[1] * 1.05
