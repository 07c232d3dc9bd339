"""Benchmark of analysis.irt against the PyPI package ``mirt`` (Rust backend) on real matrices.

For each matrix (ImageNet validation, 64 models x ~30,500 non-constant items; nlu-irt
hellaswag and mnli, 90 models) it fits a 2PL with ``analysis.irt.fit_irt`` and with
``mirt.fit_mirt`` (default EM) on the same matrix (constant items dropped first), and
reports

- the median wall time of ``REPEATS`` fits each, run alternately, without standard errors (mirt's need an
  items x items matrix: 146 GB at ImageNet's size) and their ratio, and the time of ours
  with its (item-by-item) standard errors;
- the marginal log-likelihood of both parameter sets on two common quadratures (mirt's
  21-node Gauss-Hermite and a 61-node grid on [-6, 6]);
- the Pearson correlation of the item parameters (intercept d = -a b, discrimination a,
  difficulty b) on the items where mirt's estimate is inside its box constraints
  (a in [0.1, 5], b in [-6, 6]; at a bound its value is the bound, not an estimate), and
  the Spearman correlation on all items; also for our fit on mirt's quadrature (21
  Gauss-Hermite nodes), which removes one source of disagreement.

Then the held-out error of the anchor estimators on nlu-irt (whole base models held out,
5 folds, 100 anchors) against the random and stratified baselines.

Targets (exit status 1 when missed): the ImageNet fit in under FIT_SECONDS_MAX s (median;
like bench_stats, a miss while the 1-minute load exceeds the cores is reported as "machine
loaded" and not counted), a fit no slower than mirt (ratio <= TIME_RATIO_MAX), a marginal
log-likelihood at least mirt's on both quadratures, and item parameters (intercept d and
discrimination a) correlating >= 0.98 with mirt's on mirt's interior items.

Where the parameters disagree, the script measures why: whether mirt had converged (a refit
with ``tol=1e-6``: the correlation of its a with the default fit's), the share of mirt's
items held at a bound of its box, and the marginal log-likelihood of each parameter set on
mirt's own quadrature (a higher value for ours means mirt's estimates are not the maximum of
the likelihood both fits define, so they are not a reference to match).

Run: ``python benchmarks/bench_irt.py`` (about three minutes on two cores).
"""

from __future__ import annotations

import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
from _results import write_section
from scipy.stats import spearmanr

from analysis import data, irt

REPEATS = 5
TIME_RATIO_MAX = 1.0
FIT_SECONDS_MAX = 3.0
CORR_MIN = 0.98


def _interleaved(first, second, repeats=REPEATS):
    """Median wall times of two functions run alternately (the machine is shared: load
    changes during a run, and alternating spreads it over both)."""
    times = ([], [])
    outs = [None, None]
    for _ in range(repeats):
        for k, fn in enumerate((first, second)):
            start = time.perf_counter()
            outs[k] = fn()
            times[k].append(time.perf_counter() - start)
    return float(np.median(times[0])), float(np.median(times[1])), outs[0], outs[1]


def compare(name: str, scores: pd.DataFrame) -> dict:
    import mirt

    fit = irt.fit_irt(scores)
    x = scores.loc[fit.abilities.index, fit.items.index].to_numpy(dtype=np.int64)
    load_before = os.getloadavg()[0]
    ours_t, mirt_t, _, ref = _interleaved(
        lambda: irt.fit_irt(scores, standard_errors=False),
        lambda: mirt.fit_mirt(x, model="2PL", compute_standard_errors=False))
    loaded = max(load_before, os.getloadavg()[0]) > (os.cpu_count() or 1)
    tight = mirt.fit_mirt(x, model="2PL", compute_standard_errors=False, tol=1e-6, max_iter=5000)
    start = time.perf_counter()
    irt.fit_irt(scores)
    se_t = time.perf_counter() - start
    gh = irt.fit_irt(scores, quadrature="gauss-hermite", n_nodes=21, standard_errors=False)
    ma = np.asarray(ref.model.discrimination, float).ravel()
    mb = np.asarray(ref.model.difficulty, float).ravel()
    a, b, d = fit.a, fit.items["difficulty"].to_numpy(), fit.d
    inner = (ma > 0.1 + 1e-6) & (ma < 5 - 1e-6) & (np.abs(mb) < 6 - 1e-6)
    row = {"matrix": name, "models x items": f"{x.shape[0]} x {x.shape[1]}",
           "ours s": ours_t, "mirt s": mirt_t, "ratio": ours_t / mirt_t,
           "ours s, with item SEs": se_t, "machine loaded": loaded,
           "ours iters": fit.n_iter, "mirt iters": ref.n_iterations}
    for quad, n in (("gauss-hermite", 21), ("grid", 61)):
        ours = irt.marginal_log_likelihood(x, a, b, n_nodes=n, quadrature=quad)
        theirs = irt.marginal_log_likelihood(x, ma, mb, n_nodes=n, quadrature=quad)
        row[f"logL ours ({quad} {n})"] = ours
        row[f"logL mirt ({quad} {n})"] = theirs
    row["interior items"] = float(inner.mean())
    row["r(d) interior"] = float(np.corrcoef(d[inner], -ma[inner] * mb[inner])[0, 1])
    row["r(a) interior"] = float(np.corrcoef(a[inner], ma[inner])[0, 1])
    row["r(b) interior"] = float(np.corrcoef(b[inner], mb[inner])[0, 1])
    row["r(a) interior, ours on GH 21"] = float(np.corrcoef(gh.a[inner], ma[inner])[0, 1])
    row["r(d) interior, ours on GH 21"] = float(np.corrcoef(gh.d[inner], -ma[inner] * mb[inner])[0, 1])
    row["mirt items at a bound"] = float(1 - inner.mean())
    row["mirt iters, tol 1e-6"] = tight.n_iterations
    row["r(a) mirt default vs tol 1e-6"] = float(
        np.corrcoef(ma, np.asarray(tight.model.discrimination, float).ravel())[0, 1])
    row["spearman(a) all"] = float(spearmanr(a, ma)[0])
    row["spearman(b) all"] = float(spearmanr(b, mb)[0])
    return row


def anchors(test_set: str, n_anchors: int = 100) -> pd.DataFrame:
    m = data.response_matrix("nlu-irt", test_set=test_set)
    cv = irt.anchor_cross_validation(m, n_anchors, rng=np.random.default_rng(0),
                                     groups="base_model", n_folds=5)
    out = irt.summarise_anchor_errors(cv)
    out.insert(0, "test_set", test_set)
    out.insert(1, "items", m.n_items)
    return out


def main() -> int:
    warnings.simplefilter("ignore", irt.ConvergenceWarning)
    matrices = {
        "imagenet val": data.imagenetv2_matrix(test_set="val"),
        "nlu-irt hellaswag": data.nlu_irt_matrix(test_set="hellaswag"),
        "nlu-irt mnli": data.nlu_irt_matrix(test_set="mnli"),
    }
    rows = [compare(name, frame.astype(np.float64)) for name, frame in matrices.items()]
    table = pd.DataFrame(rows).set_index("matrix").T
    with pd.option_context("display.float_format", "{:,.4g}".format, "display.width", 140):
        fits = table.to_string()
    print(fits)
    failed = []
    loaded_misses = []
    for row in rows:
        if row["matrix"] == "imagenet val" and row["ours s"] > FIT_SECONDS_MAX:
            miss = f"{row['matrix']}: fit {row['ours s']:.2f} s > {FIT_SECONDS_MAX:g} s"
            (loaded_misses if row["machine loaded"] else failed).append(miss)
        if row["ratio"] > TIME_RATIO_MAX:
            failed.append(f"{row['matrix']}: {row['ratio']:.2f} x mirt's time")
        for quad in ("gauss-hermite 21", "grid 61"):
            if row[f"logL ours ({quad})"] < row[f"logL mirt ({quad})"] - 1e-6:
                failed.append(f"{row['matrix']}: lower log-likelihood on {quad}")
        for parameter in ("d", "a"):
            r = row[f"r({parameter}) interior"]
            if r < CORR_MIN:
                failed.append(f"{row['matrix']}: r({parameter}) {r:.3f} < {CORR_MIN}")
    heading = "Anchor estimators on nlu-irt, 100 anchors, whole base models held out (5 folds):"
    print("\n" + heading)
    cv = pd.concat([anchors(t) for t in ("hellaswag", "mnli", "rte", "boolq")])
    with pd.option_context("display.float_format", "{:.4f}".format, "display.width", 140):
        anchor_table = cv.to_string()
    print(anchor_table)
    verdict = ("Targets missed:\n  " + "\n  ".join(failed)) if failed else "All targets met."
    if loaded_misses:
        verdict += ("\nMissed while the machine was loaded (not counted):\n  "
                    + "\n  ".join(loaded_misses))
    if any("r(a)" in miss for miss in failed):
        stable = all(r["r(a) mirt default vs tol 1e-6"] > 0.9999 for r in rows)
        gaps = [r["logL ours (gauss-hermite 21)"] - r["logL mirt (gauss-hermite 21)"] for r in rows]
        verdict += (
            "\nWhy the discriminations differ (measured above): "
            + ("mirt had converged" if stable else "mirt's refit with tol 1e-6 moves its a")
            + " (r between its a with tol 1e-6 and with the default: "
            + ", ".join(f"{r['r(a) mirt default vs tol 1e-6']:.4f}" for r in rows)
            + "); it holds "
            + ", ".join(f"{r['mirt items at a bound']:.0%}" for r in rows)
            + " of its items at a bound of its box (a in [0.1, 5], |b| <= 6); our parameters' "
            "marginal log-likelihood minus mirt's on mirt's own 21-node Gauss-Hermite "
            "quadrature: " + ", ".join(f"{gap:+,.0f}" for gap in gaps) + " nats"
            + (": mirt's a is not the maximum of the likelihood both fits define, so it is not "
               "a reference for ours to match." if min(gaps) > 0 else "."))
    print("\n" + verdict)
    write_section("bench_irt", "2PL fit of analysis.irt against mirt", [
        f"Targets: the ImageNet fit under {FIT_SECONDS_MAX:g} s and at most {TIME_RATIO_MAX:g}x "
        f"mirt's time (medians of {REPEATS} alternated fits), marginal log-likelihood at least "
        f"mirt's on both quadratures, intercept and discrimination correlations at least "
        f"{CORR_MIN} on mirt's interior items. {verdict}",
        "", "```text", fits, "", heading, anchor_table, "```"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
