"""Coverage simulation, part 2: every interval on the replicate test sets, and exact
binomial coverage."""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from .. import _validation, bootstrap, clustered, intervals
from .._validation import check_confidence, check_rng
from .scenarios import Scenario, simulate_scores


@dataclass(frozen=True)
class IntervalMethod:
    """An interval of the library, wrapped to return ``(ci_low, ci_high)`` arrays.

    ``compute(scores, codes, rng, confidence, n_resamples)`` receives a replicates x items
    0/1 matrix and the items' cluster codes.
    """

    name: str
    label: str
    needs_clusters: bool
    resamples: bool
    compute: Callable[..., tuple[np.ndarray, np.ndarray]]


def _bounds(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return frame["ci_low"].to_numpy(dtype=float), frame["ci_high"].to_numpy(dtype=float)


def _by_count(func: Callable[[np.ndarray, int], pd.DataFrame], scores: np.ndarray):
    """Intervals that depend only on the number correct: compute once per distinct count."""
    counts = np.rint(scores.sum(axis=1)).astype(np.int64)
    unique, inverse = np.unique(counts, return_inverse=True)
    low, high = _bounds(func(unique, scores.shape[1]))
    return low[inverse], high[inverse]


def _normal(scores, codes, rng, confidence, n_resamples):
    return _bounds(intervals.mean_se(scores, confidence=confidence))


def _t(scores, codes, rng, confidence, n_resamples):
    return _bounds(intervals.mean_se(scores, confidence=confidence, method="t"))


def _clopper_pearson(scores, codes, rng, confidence, n_resamples):
    return _by_count(lambda k, n: intervals.clopper_pearson(k, n, confidence=confidence), scores)


def _wilson(scores, codes, rng, confidence, n_resamples):
    return _by_count(lambda k, n: intervals.wilson(k, n, confidence=confidence), scores)


def _agresti_coull(scores, codes, rng, confidence, n_resamples):
    return _by_count(lambda k, n: intervals.agresti_coull(k, n, confidence=confidence), scores)


def _bootstrap(scores, codes, rng, confidence, n_resamples):
    return _bounds(
        bootstrap.bootstrap_mean(scores, rng=rng, n_resamples=n_resamples, confidence=confidence)
    )


def _cr1(scores, codes, rng, confidence, n_resamples):
    return _bounds(clustered.clustered_se(scores, codes, confidence=confidence))


def _cr2(scores, codes, rng, confidence, n_resamples):
    return _bounds(clustered.clustered_se(scores, codes, confidence=confidence, method="CR2"))


def _cluster_bootstrap(scores, codes, rng, confidence, n_resamples):
    return _bounds(
        bootstrap.cluster_bootstrap_mean(
            scores, codes, rng=rng, n_resamples=n_resamples, confidence=confidence
        )
    )


def _silenced() -> tuple[type[Warning], ...]:
    """The library's warnings about degenerate intervals and transposed-looking input: in a
    simulation both fire by design (replicates x items matrices, all-correct replicates)."""
    return (_validation.DegenerateIntervalWarning, _validation.OrientationWarning)


_SILENCED = _silenced()

#: Every interval the simulation knows, by name, in the order tables list them.
METHODS: dict[str, IntervalMethod] = {
    m.name: m
    for m in [
        IntervalMethod("normal", "normal (CLT)", False, False, _normal),
        IntervalMethod("t", "Student t", False, False, _t),
        IntervalMethod("wilson", "Wilson", False, False, _wilson),
        IntervalMethod("agresti_coull", "Agresti–Coull", False, False, _agresti_coull),
        IntervalMethod("clopper_pearson", "Clopper–Pearson", False, False, _clopper_pearson),
        IntervalMethod("bootstrap", "bootstrap percentile", False, True, _bootstrap),
        IntervalMethod("cr1", "clustered (CR1, t)", True, False, _cr1),
        IntervalMethod("cr2", "clustered (CR2)", True, False, _cr2),
        IntervalMethod("cluster_bootstrap", "cluster bootstrap", True, True, _cluster_bootstrap),
    ]
}


def available_methods() -> list[str]:
    """Names of the intervals the simulation can run, in table order.

    Examples
    --------
    >>> available_methods()[:3]
    ['normal', 't', 'wilson']
    """
    return list(METHODS)


# --- the simulation --------------------------------------------------------------------------


def _stable_hash(*parts: Any) -> int:
    return zlib.crc32(repr(parts).encode())


def _default_methods(scenario: Scenario, available: Sequence[str]) -> list[str]:
    if scenario.clustered:
        wanted = ["normal", "cr1", "cr2", "cluster_bootstrap"]
    else:
        wanted = [m for m in METHODS if not METHODS[m].needs_clusters]
    return [m for m in wanted if m in available]


def simulate_coverage(
    scenarios: Iterable[Scenario],
    *,
    rng: np.random.Generator,
    methods: Sequence[str] | None = None,
    n_replicates: int = 4000,
    confidence: float = 0.95,
    n_resamples: int = 500,
) -> pd.DataFrame:
    """Simulated coverage, width and degeneracy of interval methods, one row per pair.

    For each scenario, ``n_replicates`` test sets are drawn at once
    (:func:`simulate_scores`); each method computes its interval for all of them in one
    call, and the share of intervals with ``ci_low <= accuracy <= ci_high`` is its
    coverage. All methods of a scenario see the same replicate test sets (common random
    numbers), so differences between methods are measured more precisely than each
    coverage on its own.

    Parameters
    ----------
    scenarios
        Designs from :func:`independent_scenarios` and :func:`clustered_scenarios`.
    rng
        A seeded :class:`numpy.random.Generator`. One number drawn from it seeds every
        scenario (mixed with a hash of the scenario, and of the method for resampling
        methods), so a scenario's results do not depend on which other scenarios or
        methods run with it.
    methods
        Names from :data:`METHODS`; default: every available method that suits the design
        (for clustered designs the naive normal interval, CR1, CR2 and the cluster
        bootstrap). Methods that need clusters are skipped for independent designs.
    n_replicates
        Replicate test sets per scenario; the Monte Carlo SE of a coverage near 0.95 is
        about ``0.22 / sqrt(n_replicates)`` (0.0034 for 4,000).
    confidence
        Nominal coverage of every interval.
    n_resamples
        Bootstrap replicates per interval for the resampling methods (kept modest: the
        percentile interval's coverage changes little beyond a few hundred).

    Returns
    -------
    pandas.DataFrame
        One row per (scenario, method): the scenario's columns (``design``, ``n_items``,
        ``accuracy``, ``n_clusters``, ``icc``, ``size_cv``, ``rarer`` = expected number of
        the rarer outcome), ``method``, ``label``, ``nominal``, ``coverage``, ``mc_se``
        (= ``sqrt(coverage (1 - coverage) / n_replicates)``), ``miss_low`` and
        ``miss_high`` (share of intervals entirely below / above the truth), ``width``
        (mean of ``ci_high - ci_low``), ``degenerate`` (share of zero-width intervals,
        e.g. the normal interval when every item is correct) and ``n_replicates``.

    Notes
    -----
    The library warns when an interval is degenerate; inside the simulation that happens by
    design, so warnings from the interval functions are silenced here and counted in
    ``degenerate`` instead. The bootstrap methods resample the same item (or cluster) draws
    for every replicate row, which correlates their coverage events slightly across rows;
    with a few hundred resamples the effect on the Monte Carlo SE is negligible.
    """
    check_rng(rng)
    level = check_confidence(confidence)
    if isinstance(n_replicates, bool) or int(n_replicates) < 2:
        raise ValueError(f"n_replicates must be an integer >= 2; got {n_replicates!r}")
    n_replicates = int(n_replicates)
    available = available_methods()
    if methods is not None:
        unknown = [m for m in methods if m not in METHODS]
        if unknown:
            raise ValueError(f"unknown interval method(s) {unknown}; choose from {list(METHODS)}")
        missing = [m for m in methods if m not in available]
        if missing:
            raise ValueError(
                f"this version of analysis.stats lacks {missing}; available: {available}"
            )
    base = int(rng.integers(2**63))
    rows = []
    for scenario in scenarios:
        key = scenario.key()
        seed = _stable_hash(scenario.design, scenario.accuracy, scenario.sizes, scenario.icc)
        scores, codes = simulate_scores(scenario, n_replicates, np.random.default_rng([base, seed]))
        chosen = _default_methods(scenario, available) if methods is None else list(methods)
        for name in chosen:
            method = METHODS[name]
            if method.needs_clusters and not scenario.clustered:
                continue
            method_rng = np.random.default_rng([base, seed, _stable_hash(name)])
            with warnings.catch_warnings():
                for category in _SILENCED:
                    warnings.simplefilter("ignore", category)
                low, high = method.compute(scores, codes, method_rng, level, n_resamples)
            truth = scenario.accuracy
            covered = (low <= truth) & (truth <= high)
            cov = float(covered.mean())
            width = high - low
            rows.append(
                key
                | {
                    "method": name,
                    "label": method.label,
                    "nominal": level,
                    "coverage": cov,
                    "mc_se": float(np.sqrt(cov * (1 - cov) / n_replicates)),
                    "miss_low": float((high < truth).mean()),
                    "miss_high": float((low > truth).mean()),
                    "width": float(width.mean()),
                    "degenerate": float((width <= 1e-12).mean()),
                    "n_replicates": n_replicates,
                }
            )
    return pd.DataFrame(rows)


def exact_binomial_coverage(
    method: str, n_items: int, accuracy: Any, *, confidence: float = 0.95
) -> np.ndarray | float:
    """Exact coverage of a count-based interval for ``n_items`` independent Bernoulli items.

    For intervals that depend on the data only through the number correct ``k`` (normal,
    t, Wilson, Agresti–Coull, Clopper–Pearson), coverage is a finite sum::

        coverage(p) = sum_{k=0}^{n} Binom(k; n, p) * [low_k <= p <= high_k]

    The intervals ``[low_k, high_k]`` come from the library itself, applied to a 0/1
    matrix with ``k`` ones in row ``k``, so this checks the implementation, not a
    re-derivation. ``accuracy`` may be an array (coverage as a function of ``p``).

    Examples
    --------
    >>> round(exact_binomial_coverage("clopper_pearson", 10, 0.5), 4)
    0.9785
    """
    if method not in {"normal", "t", "wilson", "agresti_coull", "clopper_pearson"}:
        raise ValueError(
            f"exact coverage needs an interval that depends only on the number correct; "
            f"{method!r} is not one (simulate it with simulate_coverage)"
        )
    if method not in available_methods():
        raise ValueError(f"this version of analysis.stats lacks {method!r}")
    n = int(n_items)
    if n < 2:
        raise ValueError(f"n_items must be at least 2; got {n_items!r}")
    level = check_confidence(confidence)
    p = np.asarray(accuracy, dtype=np.float64)
    if np.isnan(p).any() or ((p < 0) | (p > 1)).any():
        raise ValueError(f"accuracy must be a fraction in [0, 1]; got {accuracy!r}")
    k = np.arange(n + 1)
    scores = (np.arange(n)[None, :] < k[:, None]).astype(np.float64)  # row k has k ones
    with warnings.catch_warnings():
        for category in _SILENCED:
            warnings.simplefilter("ignore", category)
        low, high = METHODS[method].compute(scores, None, None, level, 0)
    pmf = sps.binom.pmf(k, n, p[..., None])
    inside = (low <= p[..., None]) & (p[..., None] <= high)
    result = (pmf * inside).sum(axis=-1)
    return float(result) if result.ndim == 0 else result


# --- which interval to use when --------------------------------------------------------------

#: What a recommended interval promises, as the lowest acceptable coverage for a nominal
#: level ``1 - alpha``: ``"exact"`` intervals keep the nominal level itself; ``"approximate"``
#: ones stay within Bradley's (1978) liberal band, ``1 - 1.5 alpha`` (92.5% for a 95%
#: interval), the usual standard for approximate intervals whose coverage oscillates with
#: ``n`` and the true value (Agresti & Coull 1998; Brown, Cai & DasGupta 2001).
