"""impute_pca, pca and correlation_pca against scikit-learn, numpy and their formulas."""

import numpy as np
import pandas as pd
import pytest
from sklearn.decomposition import PCA

from analysis.entanglement import correlation_pca, impute_pca, pca


def _one_factor(n=60, loadings=(0.9, 0.8, 0.7, 0.6, 0.5), seed=0):
    """x_j = lambda_j g + sqrt(1 - lambda_j^2) e_j: unit variances, known loadings."""
    rng = np.random.default_rng(seed)
    lam = np.asarray(loadings)
    g = rng.normal(size=(n, 1))
    x = g * lam + rng.normal(size=(n, lam.size)) * np.sqrt(1 - lam ** 2)
    return pd.DataFrame(x, columns=[f"b{j}" for j in range(lam.size)]), lam


def test_pca_matches_sklearn():
    x, _ = _one_factor()
    ours = pca(x)
    ref = PCA().fit(x.to_numpy())
    np.testing.assert_allclose(ours.explained_variance_ratio, ref.explained_variance_ratio_,
                               atol=1e-12)
    np.testing.assert_allclose(ours.explained_variance, ref.explained_variance_, rtol=1e-10)
    # same axes up to sign, same projections up to the same sign
    signs = np.sign((ours.loadings.to_numpy() * ref.components_.T).sum(axis=0))
    np.testing.assert_allclose(ours.loadings.to_numpy(), ref.components_.T * signs, atol=1e-10)
    np.testing.assert_allclose(ours.scores.to_numpy(), ref.transform(x.to_numpy()) * signs,
                               atol=1e-10)


def test_pca_standardized_matches_sklearn_on_scaled_data():
    x, _ = _one_factor()
    x = x * [1, 10, 100, 0.1, 3]  # different units
    ours = pca(x, standardize=True)
    z = (x - x.mean()) / x.std(ddof=1)
    ref = PCA().fit(z.to_numpy())
    np.testing.assert_allclose(ours.explained_variance_ratio, ref.explained_variance_ratio_,
                               atol=1e-12)


def test_pca_sign_convention_and_transform():
    x, _ = _one_factor()
    res = pca(-x, n_components=3)  # all loadings of PC1 would be negative without the fix
    assert res.loadings["PC1"].sum() > 0
    for k in ("PC2", "PC3"):
        col = res.loadings[k]
        assert col[col.abs().idxmax()] > 0
    np.testing.assert_allclose(res.transform(-x).to_numpy(), res.scores.to_numpy(), atol=1e-12)
    assert res.explained_variance_ratio.sum() < 1


def test_pca_recovers_one_factor_loadings():
    # population correlation matrix lam lam^T + diag(1 - lam^2): PC1 share and direction
    x, lam = _one_factor(n=20_000, seed=1)
    res = pca(x, standardize=True, n_components=1)
    corr = np.outer(lam, lam) + np.diag(1 - lam ** 2)
    val, vec = np.linalg.eigh(corr)
    assert abs(res.explained_variance_ratio["PC1"] - val[-1] / lam.size) < 0.01
    np.testing.assert_allclose(res.loadings["PC1"], np.abs(vec[:, -1]), atol=0.02)


def test_impute_pca_recovers_rank_one_cells():
    rng = np.random.default_rng(2)
    g = rng.uniform(0.2, 0.8, size=30)
    full = pd.DataFrame({"a": g, "b": 0.5 * g + 0.2, "c": 0.9 * g - 0.1, "d": 0.3 + 0.4 * g})
    holed = full.copy()
    holed.iloc[[1, 5, 9], 1] = np.nan
    holed.iloc[[2, 7], 3] = np.nan
    filled = impute_pca(holed, tol=1e-12, max_iter=5000)
    np.testing.assert_allclose(filled.to_numpy(), full.to_numpy(), atol=1e-6)
    observed = holed.notna().to_numpy()
    assert (filled.to_numpy()[observed] == holed.to_numpy()[observed]).all()


def test_impute_pca_clips_and_leaves_complete_tables_alone():
    x = pd.DataFrame({"a": [0.0, 0.5, 1.0, 0.9], "b": [0.0, 0.5, 1.0, np.nan],
                      "c": [0.1, 0.5, 0.9, 1.0]})
    filled = impute_pca(x)
    assert 0 <= filled.loc[3, "b"] <= 1
    complete = x.fillna(0.5)
    pd.testing.assert_frame_equal(impute_pca(complete), complete.astype(float))
    assert np.isfinite(impute_pca(x * 100, clip=None).to_numpy()).all()


def test_correlation_pca_matches_eigh_of_spearman():
    x, _ = _one_factor(n=40)
    out = correlation_pca(x)
    corr = x.rank().corr().to_numpy()  # Spearman = Pearson of the ranks
    val = np.linalg.eigvalsh(corr)[::-1]
    np.testing.assert_allclose(out.loc["share"], val / val.sum(), atol=1e-12)
    w = out.loc[x.columns, "PC1"].to_numpy()
    np.testing.assert_allclose(corr @ w, val[0] * w, atol=1e-10)
    assert w.sum() > 0 and out.attrs["n_models"] == 40


def test_correlation_pca_drops_incomplete_models():
    x, _ = _one_factor(n=20)
    x.iloc[0, 0] = np.nan
    assert correlation_pca(x).attrs["n_models"] == 19
    pd.testing.assert_frame_equal(correlation_pca(x), correlation_pca(x.iloc[1:]))


@pytest.mark.parametrize("bad, error, match", [
    ("not a frame", TypeError, "DataFrame"),
    (pd.DataFrame({"a": ["x", "y", "z"], "b": [0.1, 0.2, 0.3]}), TypeError, "not numeric"),
    (pd.DataFrame({"a": [0.1], "b": [0.2]}), ValueError, "at least 2 models"),
    (pd.DataFrame({"a": [0.1, np.inf], "b": [0.2, 0.3]}), ValueError, "infinite"),
    (pd.DataFrame({"a": [0.1, 0.2], "b": [0.2, np.nan]}), ValueError, "impute"),
    (pd.DataFrame([[0.1, 0.2], [0.3, 0.4]], index=["m", "m"]), ValueError, "twice"),
])
def test_pca_bad_input(bad, error, match):
    with pytest.raises(error, match=match):
        pca(bad)


def test_impute_bad_input():
    mixed = pd.DataFrame({"a": [0.2, 0.4, 0.6], "b": [20.0, np.nan, 60.0], "c": [0.1, 0.2, 0.4]})
    with pytest.raises(ValueError, match="percentages"):
        impute_pca(mixed)
    empty_row = pd.DataFrame({"a": [0.2, np.nan, 0.6], "b": [0.3, np.nan, 0.5],
                              "c": [0.1, np.nan, 0.4]})
    with pytest.raises(ValueError, match="no score at all"):
        impute_pca(empty_row)
    with pytest.raises(ValueError, match="n_components"):
        impute_pca(mixed / 100, n_components=3)
    with pytest.raises(ValueError, match="fewer than two"):
        impute_pca(pd.DataFrame({"a": [0.1, 0.2, 0.3], "b": [np.nan, np.nan, 0.3]}))
    with pytest.raises(ValueError, match="same score"):
        impute_pca(pd.DataFrame({"a": [0.1, 0.2, 0.3], "b": [0.5, 0.5, np.nan],
                                 "c": [0.2, 0.1, 0.3]}))


def test_correlation_pca_bad_input():
    x, _ = _one_factor(n=10)
    with pytest.raises(ValueError, match="spearman"):
        correlation_pca(x, method="kendall")
    with pytest.raises(ValueError, match="constant"):
        correlation_pca(x.assign(b0=1.0))
