"""Replication test sets: drop tables pinned to scipy's exact binomial interval and the
unpaired Wald formula, paired gains to the paired-difference formula, rank preservation to
scipy's rank correlations; bad input gets a clear error."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis.generalization import drop_table, paired_gains, rank_preservation, rank_shifts


@pytest.fixture
def accuracies():
    names = ["a", "b", "c", "d"]
    orig = pd.Series([0.9100, 0.8800, 0.8000, 0.7100], index=names)
    new = pd.Series([0.8450, 0.8000, 0.7050, 0.5950], index=names)
    return orig, new


@pytest.fixture
def matrices():
    rng = np.random.default_rng(3)
    skill = np.linspace(0.6, 0.9, 6)[:, None]
    names = [f"m{i}" for i in range(6)]
    orig = pd.DataFrame((rng.random((6, 400)) < skill).astype(np.int8), index=names)
    new = pd.DataFrame((rng.random((6, 300)) < skill - 0.1).astype(np.int8), index=names)
    return orig, new


def test_drop_table_intervals_are_scipy_exact_and_the_unpaired_wald_formula(accuracies):
    orig, new = accuracies
    table = drop_table(orig, new, n_original=10_000, n_new=2_000, confidence=0.99)
    z = sps.norm.ppf(0.995)
    for model in orig.index:
        row = table.loc[model]
        k_o, k_n = round(orig[model] * 10_000), round(new[model] * 2_000)
        ci_o = sps.binomtest(k_o, 10_000).proportion_ci(0.99, method="exact")
        ci_n = sps.binomtest(k_n, 2_000).proportion_ci(0.99, method="exact")
        assert row["original_low"] == pytest.approx(ci_o.low, abs=1e-10)
        assert row["original_high"] == pytest.approx(ci_o.high, abs=1e-10)
        assert row["new_low"] == pytest.approx(ci_n.low, abs=1e-10)
        assert row["new_high"] == pytest.approx(ci_n.high, abs=1e-10)
        d = orig[model] - new[model]
        se = np.sqrt(orig[model] * (1 - orig[model]) / 10_000 + new[model] * (1 - new[model]) / 2_000)
        assert row["drop"] == pytest.approx(d)
        assert row["drop_low"] == pytest.approx(d - z * se)
        assert row["drop_high"] == pytest.approx(d + z * se)
        assert row["drop_p_value"] == pytest.approx(2 * sps.norm.sf(d / se))
        assert row["error_ratio"] == pytest.approx((1 - new[model]) / (1 - orig[model]))
    assert table.index.tolist() == ["a", "b", "c", "d"]  # best original accuracy first


def test_drop_table_from_matrices_equals_the_table_from_accuracies(matrices):
    orig, new = matrices
    from_items = drop_table(orig, new)
    from_acc = drop_table(orig.mean(axis=1), new.mean(axis=1), n_original=400, n_new=300)
    pd.testing.assert_frame_equal(from_items, from_acc)


def test_drop_table_join_inner_keeps_the_common_models(accuracies):
    orig, new = accuracies
    table = drop_table(orig, new.drop("d"), n_original=100, n_new=100, join="inner")
    assert sorted(table.index) == ["a", "b", "c"]


@pytest.mark.parametrize("bad, match", [
    (pd.Series([91.0, 88.0, 80.0, 71.0], index=list("abcd")), "percentages"),
    (pd.Series([1.2, 0.8, 0.7, 0.6], index=list("abcd")), r"\[0, 1\]"),
    (pd.Series([-0.1, 0.8, 0.7, 0.6], index=list("abcd")), r"\[0, 1\]"),
    (pd.Series([np.nan, 0.8, 0.7, 0.6], index=list("abcd")), "NaN"),
])
def test_drop_table_rejects_accuracies_outside_0_1(accuracies, bad, match):
    _, new = accuracies
    with pytest.raises(ValueError, match=match):
        drop_table(bad, new, n_original=100, n_new=100)


def test_drop_table_rejects_mismatched_model_lists(accuracies):
    orig, new = accuracies
    renamed = new.rename(index={"d": "e"})
    with pytest.raises(ValueError, match="same models.*'d'.*'e'"):
        drop_table(orig, renamed, n_original=100, n_new=100)


def test_drop_table_needs_item_counts_and_valid_matrices(accuracies, matrices):
    orig, new = accuracies
    with pytest.raises(ValueError, match="n_original"):
        drop_table(orig, new, n_new=100)
    with pytest.raises(ValueError, match="whole number"):
        drop_table(orig, new, n_original=0, n_new=100)
    m_orig, m_new = matrices
    with pytest.raises(ValueError, match="0/1"):
        drop_table(m_orig * 2, m_new)
    with pytest.raises(ValueError, match="implied"):
        drop_table(m_orig, m_new, n_original=400)
    with pytest.raises(TypeError, match="Series"):
        drop_table([0.9, 0.8], new, n_original=100, n_new=100)


def test_paired_gains_are_mean_differences_with_the_paired_standard_error(matrices):
    orig, new = matrices
    gains = paired_gains(orig, new, baseline="m0", confidence=0.95)
    z = sps.norm.ppf(0.975)
    for model in gains.index:
        for key, matrix in (("original", orig), ("new", new)):
            d = (matrix.loc[model] - matrix.loc["m0"]).to_numpy(dtype=float)
            se = d.std(ddof=1) / np.sqrt(d.size)
            assert gains.loc[model, f"gain_{key}"] == pytest.approx(d.mean())
            assert gains.loc[model, f"gain_{key}_low"] == pytest.approx(d.mean() - z * se)
            assert gains.loc[model, f"gain_{key}_high"] == pytest.approx(d.mean() + z * se)
        assert gains.loc[model, "ratio"] == pytest.approx(
            gains.loc[model, "gain_new"] / gains.loc[model, "gain_original"])
    assert "m0" not in gains.index and len(gains) == 5


def test_paired_gains_bad_input(matrices):
    orig, new = matrices
    with pytest.raises(KeyError, match="baseline"):
        paired_gains(orig, new, baseline="nope")
    with pytest.raises(ValueError, match="same models"):
        paired_gains(orig, new.rename(index={"m5": "other"}), baseline="m0")
    with pytest.raises(ValueError, match="NaN"):
        paired_gains(orig.astype(float).mask(orig == 0), new, baseline="m0")


def test_rank_preservation_equals_scipy_spearman_and_kendall():
    rng = np.random.default_rng(7)
    x = pd.Series(rng.uniform(0.6, 0.9, 12), index=[f"m{i}" for i in range(12)])
    y = (x * 1.1 - 0.2 + rng.normal(0, 0.02, 12)).clip(0, 1)
    out = rank_preservation(x, y, rng=np.random.default_rng(1), n_resamples=200)
    assert out.loc["spearman", "estimate"] == pytest.approx(sps.spearmanr(x, y).statistic)
    assert out.loc["kendall", "estimate"] == pytest.approx(sps.kendalltau(x, y).statistic)
    assert (out["ci_low"] <= out["estimate"]).all() and (out["estimate"] <= out["ci_high"]).all()
    again = rank_preservation(x, y, rng=np.random.default_rng(1), n_resamples=200)
    pd.testing.assert_frame_equal(out, again)


def test_rank_preservation_bad_input(accuracies):
    orig, new = accuracies
    with pytest.raises(ValueError, match="at least 3 models"):
        rank_preservation(orig[:2], new[:2])
    with pytest.raises(ValueError, match="same models"):
        rank_preservation(orig, new.rename(index={"a": "z"}))
    with pytest.raises(ValueError, match="percentages"):
        rank_preservation(orig * 100, new)


def test_rank_shifts_by_hand():
    x = pd.Series([0.9, 0.8, 0.7, 0.6], index=list("abcd"))
    y = pd.Series([0.7, 0.8, 0.6, 0.65], index=list("abcd"))
    out = rank_shifts(x, y)
    assert out["rank_new"].tolist() == [2.0, 1.0, 4.0, 3.0]
    assert out["shift"].tolist() == [-1.0, 1.0, -1.0, 1.0]
