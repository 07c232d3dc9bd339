"""Speed, memory, agreement and calibration of the error-bar estimators against reference
implementations and against each other.

Run with ``make bench`` (needs the data: ``ANALYSIS_DATA_DIR`` or a fetched cache). Uses the
ImageNet validation response matrix (64 models x 50,000 items in 1,000 classes of 50
images), the largest in the book. Takes about a minute or two on 2 cores.

Targets (checked here, not in unit tests, so that a slow CI machine cannot make a test flaky):

Speed and memory
- bootstrap_mean, 10,000 replicates of all 64 models: under 3 s on 2 cores and under 1 GB
  extra memory, and at least 20x faster than scipy.stats.bootstrap;
- clustered_se for all models: faster than one statsmodels cluster-robust OLS per model;
- pairwise_comparisons, all 2,016 pairs: faster than one paired_difference call per pair;
  BCa intervals and p-values for all pairs from 10,000 shared replicates: under 10 s;
- each agrees with its reference within sampling or rounding error.

Calibration (bootstrap SE / analytic SE over SEEDS seeds; one seed on a few models cannot
tell a 2% bias from noise, so the table reports mean +- sd over seeds of the
across-model mean ratio)
- bootstrap_mean vs mean_se: expected sqrt((n - 1) / n) (the bootstrap SE is the ddof=0 SE);
- cluster_bootstrap_mean vs clustered_se CR0: expected 1 (equal cluster sizes);
- cluster_bootstrap_mean vs clustered_se CR1: expected sqrt((C - 1) / C);
on the full matrix and on a small design (the first 20 classes: 1,000 items, C = 20, where
the C/(C-1) factor is a 2.5% effect). A measured mean further than max(4 standard errors,
0.3%) from the expected ratio fails.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats as sps

from analysis import data, stats

SEEDS = 10
# Replicates per seed: the noise of a bootstrap SE is about 1 / sqrt(2 B) per seed (models
# share the resampling, so averaging over models does not reduce it); the small design is
# cheap, so it gets more replicates to resolve its 2.5% effect.
FULL_RESAMPLES = 4_000
SMALL_RESAMPLES = 20_000


def timed(function, repeats: int = 3):
    """Median wall time over ``repeats`` runs, and the last result."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), result


def peak_memory_mb(function) -> float:
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def load() -> tuple[pd.DataFrame, np.ndarray]:
    """ImageNet val scores (models x items) and the class of every item, aligned by item."""
    scores = data.imagenetv2_matrix(test_set="val")
    items = data.imagenetv2_items(test_set="val").set_index("item")
    classes = items.loc[scores.columns, "class_id"].to_numpy()
    return scores, classes


def bench_bootstrap(scores: pd.DataFrame, failures: list[str]) -> None:
    values = scores.to_numpy(dtype=np.float64)
    m = values.shape[0]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kB -> MB (Linux)
    ours_time, ours = timed(lambda: stats.bootstrap_mean(scores, rng=np.random.default_rng(0)))
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    memory = peak_memory_mb(lambda: stats.bootstrap_mean(scores, rng=np.random.default_rng(0)))
    few = 2
    scipy_time, scipy_results = timed(
        lambda: [
            sps.bootstrap((values[i],), np.mean, n_resamples=10_000, method="percentile",
                          vectorized=True, batch=500, rng=np.random.default_rng(0))
            for i in range(few)
        ],
        repeats=1,
    )
    scipy_all = scipy_time / few * m
    se_gap = max(abs(ours["se"].iloc[i] / r.standard_error - 1) for i, r in enumerate(scipy_results))
    print(f"bootstrap_mean, 10,000 replicates, {m} models: {ours_time:.2f} s, peak {memory:.0f} MB "
          f"(traced numpy allocations); process peak RSS {rss_before:.0f} MB before, "
          f"{rss_after:.0f} MB after")
    print(f"scipy.stats.bootstrap: {scipy_time / few:.2f} s per model, ~{scipy_all:.0f} s for {m} "
          f"models -> ours is {scipy_all / ours_time:.0f}x faster; SE agreement within {se_gap:.1%}")
    if ours_time > 3.0:
        failures.append(f"bootstrap_mean took {ours_time:.2f} s (target < 3 s)")
    if memory > 1000:
        failures.append(f"bootstrap_mean peaked at {memory:.0f} MB (target < 1 GB)")
    if scipy_all / ours_time < 20:
        failures.append("bootstrap_mean is less than 20x faster than scipy")
    if se_gap > 0.05:
        failures.append(f"bootstrap SEs differ from scipy's by {se_gap:.1%} (> 5%)")


def bench_clustered(scores: pd.DataFrame, classes: np.ndarray, failures: list[str]) -> None:
    values = scores.to_numpy(dtype=np.float64)
    m, n = values.shape
    ours_time, ours = timed(lambda: stats.clustered_se(scores, classes))
    constant = np.ones(n)

    def statsmodels_all():
        return np.array([
            sm.OLS(values[i], constant).fit(cov_type="cluster", cov_kwds={"groups": classes}).bse[0]
            for i in range(m)
        ])

    sm_time, sm_se = timed(statsmodels_all, repeats=1)
    gap = float(np.max(np.abs(ours["se"].to_numpy() / sm_se - 1)))
    print(f"clustered_se, {m} models, {len(np.unique(classes))} clusters: {ours_time * 1e3:.0f} ms; "
          f"statsmodels: {sm_time * 1e3:.0f} ms -> {sm_time / ours_time:.0f}x; max relative gap {gap:.1e}")
    if gap > 1e-9:
        failures.append(f"clustered_se differs from statsmodels by {gap:.1e}")
    if sm_time < ours_time:
        failures.append("clustered_se is slower than statsmodels")


def bench_comparisons(scores: pd.DataFrame, failures: list[str]) -> None:
    m = scores.shape[0]
    ours_time, ours = timed(lambda: stats.pairwise_comparisons(scores))
    sample = ours.iloc[:: max(1, len(ours) // 40)]  # 40-odd pairs, extrapolated to all

    def one_call_per_pair():
        return pd.concat([stats.paired_difference(scores.loc[[a]], scores.loc[[b]])
                          for a, b in zip(sample["model_a"], sample["model_b"], strict=True)])

    ref_time, ref = timed(one_call_per_pair, repeats=1)
    ref_all = ref_time / len(sample) * len(ours)
    gap = max(float(np.max(np.abs(sample[c].to_numpy() / ref[c].to_numpy() - 1)))
              for c in ("se", "p_value") if (ref[c].to_numpy() > 0).all())
    print(f"pairwise_comparisons (z, Holm), all {len(ours)} pairs of {m} models: {ours_time:.2f} s; "
          f"one paired_difference per pair: ~{ref_all:.0f} s -> {ref_all / ours_time:.0f}x; "
          f"max relative gap {gap:.1e}")
    if gap > 1e-9:
        failures.append(f"pairwise_comparisons differs from paired_difference by {gap:.1e}")
    if ref_all < ours_time:
        failures.append("pairwise_comparisons is slower than one paired_difference per pair")

    _, replicates = stats.bootstrap_mean(scores, rng=np.random.default_rng(1), return_replicates=True)
    bca_time, bca = timed(
        lambda: stats.pairwise_comparisons(scores, test="bootstrap", replicates=replicates), repeats=1)
    tiers_time, tiers = timed(lambda: stats.leaderboard_tiers(scores), repeats=1)
    wider = float(np.median((bca["ci_high"] - bca["ci_low"]) / (ours["ci_high"] - ours["ci_low"])))
    print(f"pairwise_comparisons (BCa from 10,000 shared replicates), {len(bca)} pairs: "
          f"{bca_time:.2f} s; median BCa / normal interval width {wider:.3f}")
    print(f"leaderboard_tiers, {m} models: {tiers_time:.2f} s, {tiers['tier'].max()} tiers")
    if bca_time > 10:
        failures.append(f"BCa for all pairs took {bca_time:.1f} s (target < 10 s)")
    if abs(wider - 1) > 0.05:
        failures.append(f"BCa and normal intervals differ in width by {wider - 1:.1%} (median)")


def calibration_rows(
    scores: pd.DataFrame, classes: np.ndarray, label: str, n_resamples: int
) -> list[dict]:
    """Bootstrap SE / analytic SE per seed (mean over models), for the three pairings."""
    n = scores.shape[1]
    n_clusters = len(np.unique(classes))
    iid = stats.mean_se(scores)["se"].to_numpy()
    cr0 = stats.clustered_se(scores, classes, method="CR0")["se"].to_numpy()
    cr1 = stats.clustered_se(scores, classes, method="CR1")["se"].to_numpy()
    ratios: dict[str, list[float]] = {"boot": [], "cr0": [], "cr1": []}
    for seed in range(SEEDS):
        boot = stats.bootstrap_mean(scores, rng=np.random.default_rng(seed),
                                    n_resamples=n_resamples)["se"].to_numpy()
        cluster = stats.cluster_bootstrap_mean(scores, classes, rng=np.random.default_rng(seed),
                                               n_resamples=n_resamples)["se"].to_numpy()
        ratios["boot"].append(float(np.mean(boot / iid)))
        ratios["cr0"].append(float(np.mean(cluster / cr0)))
        ratios["cr1"].append(float(np.mean(cluster / cr1)))
    specs = [
        ("bootstrap_mean / mean_se", "boot", np.sqrt((n - 1) / n)),
        ("cluster_bootstrap_mean / clustered_se CR0", "cr0", 1.0),
        ("cluster_bootstrap_mean / clustered_se CR1", "cr1", np.sqrt((n_clusters - 1) / n_clusters)),
    ]
    rows = []
    for name, key, expected in specs:
        values = np.array(ratios[key])
        rows.append({"data": label, "replicates": n_resamples, "ratio": name, "expected": expected, "mean": values.mean(),
                     "sd": values.std(ddof=1), "se_of_mean": values.std(ddof=1) / np.sqrt(SEEDS)})
    return rows


def bench_calibration(scores: pd.DataFrame, classes: np.ndarray, failures: list[str]) -> None:
    m, n = scores.shape
    first = np.isin(classes, np.unique(classes)[:20])
    start = time.perf_counter()
    rows = calibration_rows(scores, classes, f"{m} x {n:,}, C = {len(np.unique(classes))}",
                            FULL_RESAMPLES)
    rows += calibration_rows(scores.loc[:, first], classes[first],
                             f"{m} x {int(first.sum()):,}, C = 20", SMALL_RESAMPLES)
    table = pd.DataFrame(rows)
    print(f"\nBootstrap SE / analytic SE, mean over {m} models, then mean +- sd over {SEEDS} "
          f"seeds ({time.perf_counter() - start:.0f} s):")
    for row in table.itertuples():
        print(f"  {row.data:<22} B={row.replicates:<6,} {row.ratio:<42} expected "
              f"{row.expected:.4f}   measured {row.mean:.4f} +- {row.sd:.4f}")
        if abs(row.mean - row.expected) > max(4 * row.se_of_mean, 0.003):
            failures.append(f"{row.ratio} on {row.data}: {row.mean:.4f} vs expected {row.expected:.4f}")


def main() -> int:
    scores, classes = load()
    m, n = scores.shape
    failures: list[str] = []
    print(f"ImageNet validation: {m} models x {n} items, {len(np.unique(classes))} classes")
    bench_bootstrap(scores, failures)
    bench_clustered(scores, classes, failures)
    bench_comparisons(scores, failures)
    bench_calibration(scores, classes, failures)
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
