"""zscore, capability_score and capabilities_correlation against the formulas of Ren et al."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from analysis.entanglement import capabilities_correlation, capability_score, zscore

CAP = ["c0", "c1", "c2", "c3"]


def _data(n=30, rho=(0.9, 0.5, 0.0, -0.6), seed=0, cap_noise=0.05):
    """Capability benchmarks ~ g (nearly noiseless); target t_j with Pearson rho_j to g."""
    rng = np.random.default_rng(seed)
    g = rng.normal(size=n)
    cols = {c: g + cap_noise * rng.normal(size=n) for c in CAP}
    for j, r in enumerate(rho):
        cols[f"t{j}"] = r * g + np.sqrt(1 - r ** 2) * rng.normal(size=n)
    return pd.DataFrame(cols, index=[f"m{i}" for i in range(n)])


def _reference_score(x, names):
    """The authors' procedure written out: z (ddof=0), Spearman matrix, top eigenvector."""
    z = (x - x.mean()) / x.std(ddof=0)
    cap = z[names].dropna()
    val, vec = np.linalg.eigh(cap.corr(method="spearman").to_numpy())
    pc = vec[:, -1]
    pc = pc if np.abs(pc).max() == pc.max() else -pc
    return pd.Series(cap.to_numpy() @ pc, index=cap.index), val[-1] / val.sum()


def test_zscore_population_sd():
    x = pd.DataFrame({"a": [1.0, 2.0, 4.0, np.nan], "b": [10.0, 20.0, 30.0, 40.0]})
    z = zscore(x)
    a = np.array([1.0, 2.0, 4.0])
    np.testing.assert_allclose(z["a"].dropna(), (a - a.mean()) / a.std(ddof=0))
    assert np.isnan(z.loc[3, "a"])
    np.testing.assert_allclose((z ** 2).mean(), 1.0)


def test_capability_score_matches_reference():
    x = _data()
    x.iloc[3, 5] = np.nan  # a missing target cell does not change the score
    ours = capability_score(x, CAP)
    ref, share = _reference_score(x, CAP)
    np.testing.assert_allclose(ours.to_numpy(), ref.to_numpy(), atol=1e-12)
    assert ours.attrs["share"] == pytest.approx(share)


def test_point_estimates_are_spearman_over_models_having_the_benchmark():
    x = _data()
    x.iloc[[2, 4, 8], 4] = np.nan
    out = capabilities_correlation(x, CAP, rng=np.random.default_rng(0), n_boot=200)
    score = capability_score(x, CAP)
    for b in x.columns:
        ok = x[b].notna()
        expected = spearmanr(x.loc[ok, b], score[ok]).statistic
        assert out.loc[b, "rho"] == pytest.approx(expected, abs=1e-12)
        assert out.loc[b, "n_models"] == ok.sum()
    assert out["is_capability"].sum() == len(CAP)
    assert (out["ci_low"] <= out["rho"]).all() and (out["rho"] <= out["ci_high"]).all()


def test_interval_covers_known_spearman_correlation():
    # bivariate normal: Spearman's rho = (6 / pi) arcsin(r / 2); 150 models, known r.
    # Four intervals at once: 99.9% each, so that all four cover with probability > 99%.
    rho = (0.9, 0.5, 0.0, -0.6)
    out = capabilities_correlation(_data(n=150, rho=rho, seed=3), CAP,
                                   rng=np.random.default_rng(4), n_boot=1000,
                                   confidence=0.999)
    truth = 6 / np.pi * np.arcsin(np.asarray(rho) / 2)
    t = out.loc[["t0", "t1", "t2", "t3"]]
    assert ((t["ci_low"].to_numpy() < truth) & (truth < t["ci_high"].to_numpy())).all()


def test_interval_coverage_on_small_samples():
    # 30 models, as in Safetywashing: the 95% interval covers the truth most of the time
    truth = 6 / np.pi * np.arcsin(0.5 / 2)
    hits = []
    for seed in range(40):
        out = capabilities_correlation(_data(n=30, rho=(0.5,), seed=100 + seed), CAP,
                                       rng=np.random.default_rng(seed), n_boot=400,
                                       benchmarks=["t0"])
        hits.append(out.loc["t0", "ci_low"] < truth < out.loc["t0", "ci_high"])
    assert 0.8 <= np.mean(hits) <= 1.0


def test_bootstrap_is_reproducible_and_seed_dependent():
    x = _data()
    a = capabilities_correlation(x, CAP, rng=np.random.default_rng(7), n_boot=300)
    b = capabilities_correlation(x, CAP, rng=np.random.default_rng(7), n_boot=300)
    c = capabilities_correlation(x, CAP, rng=np.random.default_rng(8), n_boot=300)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["ci_low"], c["ci_low"])


def test_constant_resamples_are_counted_as_degenerate():
    x = _data(n=12)
    x["rare"] = [1.0] + [0.0] * 11  # many resamples miss the one model with 1
    out = capabilities_correlation(x, CAP, rng=np.random.default_rng(0), n_boot=500)
    share_missing = (11 / 12) ** 12
    assert abs(out.loc["rare", "degenerate"] - share_missing) < 0.06
    assert out.loc["t0", "degenerate"] == 0


def test_bad_input():
    x = _data(n=10)
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="Generator"):
        capabilities_correlation(x, CAP, rng=0)
    with pytest.raises(ValueError, match="not columns"):
        capabilities_correlation(x, CAP + ["nope"], rng=rng)
    with pytest.raises(TypeError, match="list of benchmark"):
        capabilities_correlation(x, "c0", rng=rng)
    with pytest.raises(ValueError, match="at least 100"):
        capabilities_correlation(x, CAP, rng=rng, n_boot=10)
    with pytest.raises(ValueError, match="percentage"):
        capabilities_correlation(x, CAP, rng=rng, confidence=95)
    with pytest.raises(ValueError, match="at least 3 models"):
        capabilities_correlation(x.iloc[:2], CAP, rng=rng)
    with pytest.raises(ValueError, match="same score"):
        zscore(x.assign(c1=1.0))
    with pytest.raises(TypeError, match="not numeric"):
        capability_score(x.assign(label="a"), CAP)
    with pytest.raises(ValueError, match="not columns"):
        capabilities_correlation(x, CAP, rng=rng, benchmarks=["zz"])


def test_resample_ranks_equal_rankdata_of_the_materialised_resample():
    from scipy.stats import rankdata

    from analysis.entanglement.correlation import _resample_ranks

    rng = np.random.default_rng(11)
    values = rng.integers(0, 4, size=(9, 3)).astype(float)  # ties on purpose
    values[2, 1] = np.nan
    idx = rng.integers(0, 9, size=(5, 9))
    counts = np.zeros((5, 9))
    np.add.at(counts, (np.arange(5)[:, None], idx), 1.0)
    ranks = _resample_ranks(values, counts)
    for b in range(5):
        drawn = values[idx[b]]  # the resample, one row per draw
        expected = rankdata(drawn, axis=0, nan_policy="omit")
        np.testing.assert_allclose(ranks[b][idx[b]], expected)
