"""Clustered (CR0, CR1, CR2 with Bell-McCaffrey df) and stratified standard errors: pinned to
statsmodels and to a direct matrix computation of the CR2 sandwich, plus bad input."""

from __future__ import annotations

import doctest
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as sps

from analysis import stats
from analysis.stats import clustered

quiet = pytest.mark.filterwarnings("ignore::analysis.stats.DegenerateIntervalWarning")


def test_docstring_examples_run_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning inside an example fails it
        assert doctest.testmod(clustered).failed == 0


@quiet
def test_clustered_se_worked_example():
    # Residuals +-0.5 sum to +1 and -1 per cluster: V = (1 + 1) / 16; corrected V = 2 * 2 / 16.
    scores, clusters = [1, 1, 0, 0], ["x", "x", "y", "y"]
    plain = stats.clustered_se(scores, clusters, correction=False).iloc[0]
    corrected = stats.clustered_se(scores, clusters).iloc[0]
    assert plain["se"] == pytest.approx(np.sqrt(2 / 16))
    assert stats.clustered_se(scores, clusters, method="CR0")["se"].item() == plain["se"]
    assert corrected["se"] == pytest.approx(0.5)
    assert corrected["design_effect"] == pytest.approx(3.0)
    assert corrected["n_clusters"] == 2 and corrected["df"] == 1
    assert corrected["ci_high"] == pytest.approx(0.5 + sps.t.ppf(0.975, 1) * 0.5)


def test_singleton_clusters_reduce_to_ordinary_se(binary_scores):
    items = np.arange(binary_scores.shape[1])
    corrected = stats.clustered_se(binary_scores, items)
    plain = stats.clustered_se(binary_scores, items, correction=False)
    values = binary_scores.to_numpy()
    n = values.shape[1]
    np.testing.assert_allclose(corrected["se"], values.std(1, ddof=1) / np.sqrt(n))
    np.testing.assert_allclose(plain["se"], values.std(1, ddof=0) / np.sqrt(n))
    np.testing.assert_allclose(corrected["design_effect"], 1.0)


def test_clustered_se_matches_statsmodels(binary_scores):
    clusters = np.random.default_rng(7).integers(0, 37, size=binary_scores.shape[1])
    out = stats.clustered_se(binary_scores, clusters)
    for label, row in binary_scores.iterrows():
        fit = sm.OLS(row.to_numpy(), np.ones(len(row))).fit(
            cov_type="cluster", cov_kwds={"groups": clusters, "use_correction": True}
        )
        assert out.loc[label, "se"] == pytest.approx(fit.bse[0], rel=1e-10)
        assert out.loc[label, "mean"] == pytest.approx(fit.params[0])


def test_cluster_ids_may_be_any_labels_in_any_order(binary_scores):
    codes = np.random.default_rng(3).integers(0, 20, size=binary_scores.shape[1])
    names = np.array([f"family-{c}" for c in codes], dtype=object)
    np.testing.assert_allclose(
        stats.clustered_se(binary_scores, codes)["se"], stats.clustered_se(binary_scores, names)["se"]
    )


def test_clusters_series_is_aligned_on_item_labels():
    # Before: a Series over the same items in another order was read by position
    # (the case: SE 0.0365 instead of 0.0701).
    rng = np.random.default_rng(1)
    items = [f"q{i}" for i in range(120)]
    clusters = pd.Series(np.repeat(np.arange(12), 10), index=items)
    p = np.repeat(rng.uniform(0.1, 0.9, 12), 10)
    scores = pd.Series((rng.random(120) < p).astype(float), index=items)
    expected = stats.clustered_se(scores.to_numpy(), clusters.to_numpy())
    shuffled = clusters.sample(frac=1, random_state=2)
    aligned = stats.clustered_se(scores, shuffled)
    np.testing.assert_allclose(aligned[["se", "ci_low", "ci_high", "design_effect"]], expected[["se", "ci_low", "ci_high", "design_effect"]])
    positional = stats.clustered_se(scores.to_numpy(), shuffled.to_numpy())["se"].item()
    assert positional < 0.8 * expected["se"].item()  # what position-matching used to report


@pytest.mark.parametrize("method", ["CR1", "CR2"])
def test_missing_items_are_omitted_per_model(binary_scores, method):
    clusters = np.repeat(np.arange(40), 10)
    with_nan = binary_scores.copy()
    with_nan.iloc[0, :95] = np.nan  # model a: clusters 0-8 (and half of 9) unscored
    with pytest.raises(ValueError, match="missing='omit'"):
        stats.clustered_se(with_nan, clusters, method=method)
    out = stats.clustered_se(with_nan, clusters, method=method, missing="omit")
    alone = stats.clustered_se(binary_scores.iloc[[0], 95:], clusters[95:], method=method)
    for column in ["mean", "se", "ci_low", "ci_high", "n", "n_clusters", "df", "design_effect"]:
        assert out.loc["a", column] == pytest.approx(alone[column].item()), column
    assert out.loc["a", "n"] == 305 and out.loc["a", "n_clusters"] == 31
    full = stats.clustered_se(binary_scores, clusters, method=method)
    pd.testing.assert_series_equal(out.loc["b"], full.loc["b"], check_dtype=False)


def test_missing_items_need_two_clusters_per_model():
    scores = np.array([[0.5, 1.0, 0.0, 0.2], [np.nan, np.nan, 0.0, 0.2]])
    with pytest.raises(ValueError, match="model 1 has scored items in 1 cluster"):
        stats.clustered_se(pd.DataFrame(scores), [0, 0, 1, 1], missing="omit")


def test_nan_message_offers_omit_only_where_supported():
    with pytest.raises(ValueError, match="NaN") as info:
        stats.stratified_se([0.5, np.nan, 0.2, 0.1], [0, 0, 1, 1])
    assert "missing='omit'" not in str(info.value)


# --- CR2 -------------------------------------------------------------------------------------

def _cr2_by_definition(y: np.ndarray, groups: np.ndarray) -> tuple[float, float]:
    """CR2 variance and Bell-McCaffrey df of the intercept of OLS of y on 1, from the
    matrix definitions (Bell & McCaffrey 2002; Pustejovsky & Tipton 2018, eqs. 4-7):
    V = B sum_c X_c' A_c e_c e_c' A_c X_c B,  A_c = (I - H_cc)^(-1/2),  B = (X'X)^(-1);
    df = tr(G'G)^2 / tr((G'G)^2) with columns g_c = (I - H)_{., c} A_c X_c B."""
    n = len(y)
    X = np.ones((n, 1))
    B = np.linalg.inv(X.T @ X)
    H = X @ B @ X.T
    e = y - H @ y
    meat = np.zeros((1, 1))
    columns = []
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        vals, vecs = np.linalg.eigh(np.eye(len(idx)) - H[np.ix_(idx, idx)])
        A = vecs @ np.diag(vals**-0.5) @ vecs.T
        u = X[idx].T @ A @ e[idx]
        meat += np.outer(u, u)
        columns.append((np.eye(n) - H)[:, idx] @ A @ X[idx] @ B)
    G = np.hstack(columns)
    GtG = G.T @ G
    return float((B @ meat @ B)[0, 0]), float(np.trace(GtG) ** 2 / np.trace(GtG @ GtG))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cr2_matches_its_matrix_definition(seed):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 30, size=rng.integers(3, 9))
    groups = np.repeat(np.arange(len(sizes)), sizes)
    y = (rng.random(groups.size) < rng.uniform(0.2, 0.8, len(sizes))[groups]).astype(float)
    variance, df = _cr2_by_definition(y, groups)
    row = stats.clustered_se(y, groups, method="CR2").iloc[0]
    assert row["se"] ** 2 == pytest.approx(variance, rel=1e-10)
    assert row["df"] == pytest.approx(df, rel=1e-10)
    assert row["ci_high"] == pytest.approx(y.mean() + sps.t.ppf(0.975, df) * row["se"])


def test_cr2_equals_cr1_with_c_minus_1_df_for_equal_clusters(binary_scores):
    clusters = np.repeat(np.arange(8), 50)
    cr1 = stats.clustered_se(binary_scores, clusters)
    cr2 = stats.clustered_se(binary_scores, clusters, method="CR2")
    np.testing.assert_allclose(cr2["se"], cr1["se"], rtol=1e-12)
    np.testing.assert_allclose(cr2["df"], 7, rtol=1e-12)


def test_cr2_is_unbiased_for_independent_items():
    # With independent equal-variance items, E[V_CR2] = sigma^2 / n exactly: V_CR2 = e'Qe with
    # e = (I - H) y, so E[V_CR2] / sigma^2 = tr((I - H) Q (I - H)). CR1 is biased here.
    sizes = np.array([1, 2, 3, 40, 80])
    groups = np.repeat(np.arange(5), sizes)
    n = groups.size
    M = np.eye(n) - np.full((n, n), 1 / n)
    same = groups[:, None] == groups[None, :]
    h = sizes[groups] / n
    Q2 = same / np.sqrt(np.outer(1 - h, 1 - h)) / n**2
    Q1 = same * (5 / 4) / n**2
    assert np.trace(M @ Q2 @ M) == pytest.approx(1 / n, rel=1e-12)
    assert np.trace(M @ Q1 @ M) < 0.8 / n
    # And the package computes V = e'Q2 e.
    y = np.random.default_rng(4).random(n)
    e = M @ y
    assert stats.clustered_se(y, groups, method="CR2")["se"].item() ** 2 == pytest.approx(e @ Q2 @ e)


@quiet
def test_bell_mccaffrey_df_shrink_with_unequal_clusters():
    equal = stats.clustered_se(np.tile([0.0, 1.0], 30), np.repeat(np.arange(6), 10), method="CR2")
    unequal = stats.clustered_se(np.tile([0.0, 1.0], 30), np.repeat(np.arange(6), [2, 3, 5, 10, 15, 25]),
                                 method="CR2")
    assert equal["df"].item() == pytest.approx(5)
    assert 1 <= unequal["df"].item() < 4


def test_cr2_covers_better_than_cr1_with_few_unequal_clusters():
    # Small simulation (fictional data): 6 clusters of very unequal size, cluster effects.
    rng = np.random.default_rng(11)
    sizes = np.array([3, 5, 8, 15, 30, 60])
    groups = np.repeat(np.arange(6), sizes)
    hits = {"CR1": 0, "CR2": 0}
    reps = 400
    sims = rng.normal(size=(reps, 6))[:, groups] + rng.normal(size=(reps, groups.size))
    for method in hits:
        out = stats.clustered_se(sims, groups, method=method, bounded=False)
        hits[method] = int(((out["ci_low"] <= 0) & (0 <= out["ci_high"])).sum())
    assert hits["CR2"] > hits["CR1"] + 0.03 * reps


@pytest.mark.parametrize(("kwargs", "message"), [({"method": "CR3"}, "CR0, CR1, CR2"),
                                                 ({"method": "CR2", "correction": False}, "cannot be combined")])
def test_clustered_se_rejects_bad_methods(kwargs, message):
    with pytest.raises(ValueError, match=message):
        stats.clustered_se([0.2, 0.4, 0.6, 0.8], [0, 0, 1, 1], **kwargs)


# --- stratified -----------------------------------------------------------------------------

def test_stratified_se_matches_definition(binary_scores):
    strata = np.repeat(np.arange(8), 50)
    out = stats.stratified_se(binary_scores, strata)
    frame = binary_scores.T.assign(stratum=strata)
    grouped = frame.groupby("stratum")
    expected = np.sqrt((grouped.var(ddof=1).mul(grouped.size(), axis=0)).sum()) / len(strata)
    np.testing.assert_allclose(out["se"], expected[binary_scores.index])
    assert (out["n_strata"] == 8).all()
    assert stats.stratified_se([0, 0, 1, 1], ["a", "a", "b", "b"])["se"].item() == 0.0


def test_one_stratum_is_the_ordinary_sample():
    # Before: "strata has 1 distinct id(s); clustered errors need at least 2 clusters".
    scores = np.array([0.1, 0.5, 0.9, 0.4, 0.6])
    row = stats.stratified_se(scores, ["all"] * 5).iloc[0]
    assert row["se"] == pytest.approx(scores.std(ddof=1) / np.sqrt(5))
    assert row["n_strata"] == 1


def test_stratified_se_can_exceed_the_ordinary_se_by_sqrt_2():
    # The docstring used to say the ratio stays near 1; with two-item strata whose two items
    # always differ it is sqrt(2) * sqrt((n - 1) / n) (the bound in the Notes).
    n = 400
    scores = np.tile([0.0, 1.0], n // 2)
    strata = np.repeat(np.arange(n // 2), 2)
    ratio = stats.stratified_se(scores, strata)["se"].item() / stats.mean_se(scores)["se"].item()
    assert ratio == pytest.approx(np.sqrt(2 * (n - 1) / n))


def test_stratified_se_needs_two_items_per_stratum():
    with pytest.raises(ValueError, match="at least 2 items"):
        stats.stratified_se([0, 1, 1], ["a", "a", "b"])


# --- fast paths: cluster sums, exact whole-number sums, memory layout, vectorised omit -------


def _bincount_sums(values, codes, n_clusters):
    """Reference: one numpy.bincount per row."""
    return np.stack([np.bincount(codes, weights=row, minlength=n_clusters) for row in values])


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("layout", ["sorted", "shuffled", "empty clusters"])
def test_cluster_sums_match_bincount_in_every_layout(order, layout):
    rng = np.random.default_rng(5)
    values = np.asarray(rng.normal(size=(4, 300)), order=order)
    codes = np.sort(rng.integers(0, 17, size=300))
    n_clusters = 17
    if layout == "shuffled":
        codes = rng.permutation(codes)
    elif layout == "empty clusters":  # clusters 0, 5 and the last two have no item
        codes = np.sort(rng.choice([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14], size=300))
    out = clustered.cluster_sums(values, codes, n_clusters)
    assert out.shape == (4, n_clusters)
    np.testing.assert_allclose(out, _bincount_sums(values, codes, n_clusters), rtol=1e-13, atol=1e-12)
    if layout == "empty clusters":
        assert (out[:, [0, 5, 15, 16]] == 0).all()


@pytest.mark.parametrize(
    ("values", "codes", "n_clusters", "message"),
    [
        (np.ones(3), [0, 1, 1], 2, "2-D"),
        (np.ones((1, 3)), [0, 1], 2, "one cluster code per item"),
        (np.ones((1, 3)), [0.0, 1.0, 1.0], 2, "integers"),
        (np.ones((1, 3)), [0, 1, 2], 2, r"0\.\.1"),
        (np.ones((1, 3)), [0, -1, 1], 2, r"0\.\.1"),
    ],
)
def test_cluster_sums_rejects_bad_codes(values, codes, n_clusters, message):
    with pytest.raises(ValueError, match=message):
        clustered.cluster_sums(values, np.asarray(codes), n_clusters)


def test_whole_number_scores_give_the_exact_rational_answer():
    # Integer scores take the exact-sum path; pin it to exact rational arithmetic (CR1).
    from fractions import Fraction

    rng = np.random.default_rng(11)
    scores = rng.integers(0, 4, size=(3, 500)).astype(np.int8)
    scores[0] = 1
    scores[0, 137] = 0  # one failure in 500: a small variance, prone to cancellation
    codes = np.sort(rng.integers(0, 23, size=500))
    out = stats.clustered_se(scores, codes, bounded=False)
    n, n_clusters = 500, 23
    sizes = np.bincount(codes, minlength=n_clusters)
    for row, values in zip(out.itertuples(), scores.astype(int), strict=True):
        total = int(values.sum())
        within = np.bincount(codes, weights=values, minlength=n_clusters).astype(int)
        numerator = sum((n * int(s) - int(k) * total) ** 2 for s, k in zip(within, sizes, strict=True))
        variance = Fraction(n_clusters, n_clusters - 1) * Fraction(numerator, n**4)
        ordinary = Fraction(n * int((values * values).sum()) - total**2, n * n * (n - 1))
        assert row.se**2 == pytest.approx(float(variance), rel=1e-14)
        assert row.design_effect == pytest.approx(float(variance / ordinary), rel=1e-14)
        assert row.mean == total / n


@quiet
@pytest.mark.parametrize("method", ["CR0", "CR1", "CR2"])
def test_integer_float_and_memory_layouts_agree(binary_scores, method):
    # int8 (exact sums), float 0/1 (exact sums after the binary check), float with a 0.5
    # (centred residuals), each C- and Fortran-ordered, clusters sorted and shuffled.
    clusters = np.random.default_rng(2).integers(0, 29, size=binary_scores.shape[1])
    halves = binary_scores.to_numpy().copy()
    halves[:, 0] = 0.5
    for clusters_ in (clusters, np.sort(clusters)):
        for values in (binary_scores.to_numpy(), halves):
            reference = stats.clustered_se(values.astype(np.float64), clusters_, method=method)
            variants = [np.asfortranarray(values)]
            if (values == np.round(values)).all():
                variants.append(values.astype(np.int8))
            for variant in variants:
                out = stats.clustered_se(variant, clusters_, method=method)
                pd.testing.assert_frame_equal(out, reference, rtol=1e-12, atol=0)


@pytest.mark.parametrize("method", ["CR0", "CR1", "CR2"])
def test_omitted_items_match_each_model_alone(method):
    # The vectorised missing='omit' path against one call per model on its scored items.
    rng = np.random.default_rng(3)
    scores = rng.random((5, 240))
    clusters = rng.integers(0, 12, size=240)
    scores[rng.random(scores.shape) < 0.3] = np.nan
    scores[2, clusters < 6] = np.nan  # model 2 lost half of the clusters
    out = stats.clustered_se(scores, clusters, method=method, missing="omit")
    for row in range(5):
        scored = ~np.isnan(scores[row])
        alone = stats.clustered_se(scores[row, scored], clusters[scored], method=method).iloc[0]
        for column in ["mean", "se", "ci_low", "ci_high", "n", "n_clusters", "df", "design_effect"]:
            assert out.iloc[row][column] == pytest.approx(alone[column], rel=1e-12), (row, column)
    assert out.iloc[2]["n_clusters"] == 6


def test_bell_mccaffrey_closed_form_matches_the_matrix_traces():
    rng = np.random.default_rng(4)
    sizes = rng.integers(1, 40, size=(3, 9)).astype(float)
    sizes[1, [2, 5]] = 0  # clusters without a scored item drop out
    for row in range(3):
        present = sizes[row][sizes[row] > 0]
        total = present.sum()
        scale = 1 / np.sqrt(1 - present / total)
        matrix = np.diag(present * scale**2) - np.outer(present * scale, present * scale) / total
        expected = np.trace(matrix) ** 2 / np.sum(matrix * matrix)
        assert clustered._bell_mccaffrey_df(sizes)[row] == pytest.approx(expected, rel=1e-12)
        assert clustered._bell_mccaffrey_df(present) == pytest.approx(expected, rel=1e-12)
