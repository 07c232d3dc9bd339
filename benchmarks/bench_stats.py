"""Speed, memory and agreement of the error-bar estimators against reference implementations.

Run with ``make bench`` (needs the data: ``ANALYSIS_DATA_DIR`` or a fetched cache). Uses the
ImageNet validation response matrix (64 models x 50,000 items), the largest in the book.

Targets (checked here, not in unit tests, so that a slow CI machine cannot make a test flaky):
- bootstrap_mean, 10,000 replicates of all 64 models: under 3 s on 2 cores and under 1 GB
  extra memory, and at least 20x faster than scipy.stats.bootstrap;
- clustered_se for all models: faster than one statsmodels cluster-robust OLS per model;
- both agree with the reference within sampling or rounding error.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc

import numpy as np
import statsmodels.api as sm
from scipy import stats as sps

from analysis import data, stats


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


def main() -> int:
    scores = data.imagenetv2_matrix(test_set="val")
    values = scores.to_numpy(dtype=np.float64)
    m, n = values.shape
    failures = []
    print(f"ImageNet validation: {m} models x {n} items")

    # Bootstrap: ours for all models vs scipy for a few, extrapolated per model.
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kB -> MB (Linux)
    ours_time, ours = timed(lambda: stats.bootstrap_mean(scores, rng=np.random.default_rng(0)))
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    memory = peak_memory_mb(lambda: stats.bootstrap_mean(scores, rng=np.random.default_rng(0)))
    few = 2
    scipy_time, scipy_results = timed(
        lambda: [
            sps.bootstrap((values[i],), np.mean, n_resamples=10_000, method="percentile",
                          vectorized=True, batch=500, random_state=np.random.default_rng(0))
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

    # Clustered SE (classes as clusters) vs statsmodels' cluster-robust OLS on a constant.
    keys = data.load_imagenetv2(table="top1_pred")
    classes = keys.loc[keys["dataset"] == "imagenet-validation-original", "label_cid"].to_numpy()
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

    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
