"""How well do the library's confidence intervals cover? A seeded coverage simulation.

A 95% confidence interval promises that, over repeated draws of the items, it contains the
true value 95% of the time. This module checks that promise for every interval the library
offers, on SYNTHETIC data whose true value is known by construction: it draws many replicate
test sets at once (one row per replicate, so every interval function runs once per scenario
on the whole replicate matrix), computes each interval, and counts how often it contains the
truth. The results are the evidence behind the book's advice on which interval to use when
(:func:`recommendations`).

*Independent items*: ``n`` Bernoulli items, each correct with probability ``accuracy``.
*Clustered items*: ``C`` clusters (passages, task families); cluster ``c`` has its own
success probability ``pi_c ~ Beta(a, b)`` with mean ``accuracy`` and intra-cluster
correlation ``icc = 1 / (a + b + 1)``, and its items are independent Bernoulli(``pi_c``)
draws given ``pi_c``. Cluster sizes are fixed by the design (equal, or unequal: the
quantiles of a lognormal distribution), and every replicate draws new ``pi_c``.

In both cases the *true value* is the mean of the generating process, ``accuracy``: the
expected score of an item drawn from the population of items (for clustered designs, of an
item in a newly drawn cluster). Because the ``pi_c`` do not depend on the cluster sizes,
the item mean of a replicate is an unbiased estimate of it. Accuracies near 0 behave as
their mirror images near 1 (swap correct and incorrect): every interval here treats the two
outcomes symmetrically, so the grid only covers accuracies of at least 0.5.

Example
-------
>>> import numpy as np
>>> from analysis.stats import coverage
>>> grid = coverage.independent_scenarios(n_items=[20], accuracies=[0.95])
>>> table = coverage.simulate_coverage(
...     grid, methods=["normal", "clopper_pearson"], n_replicates=2000,
...     rng=np.random.default_rng(1))
>>> table["method"].tolist()
['normal', 'clopper_pearson']
"""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from . import _validation, bootstrap, clustered, intervals
from ._validation import check_confidence, check_rng

__all__ = [
    "Scenario",
    "IntervalMethod",
    "METHODS",
    "available_methods",
    "independent_scenarios",
    "clustered_scenarios",
    "cluster_sizes",
    "simulate_scores",
    "simulate_coverage",
    "exact_binomial_coverage",
    "PROMISES",
    "promised_floor",
    "recommendations",
    "recommended_results",
]


# --- scenarios -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One simulated test-set design.

    Attributes
    ----------
    design
        ``"independent"``, ``"equal clusters"`` or ``"unequal clusters"``.
    accuracy
        True mean score in ``[0, 1]`` (the value every interval should contain).
    sizes
        Items per cluster, one entry per cluster; for independent designs one entry per
        item, all 1 (every item its own cluster).
    icc
        Intra-cluster correlation of the item scores (0 for independent items).
    """

    design: str
    accuracy: float
    sizes: tuple[int, ...]
    icc: float = 0.0

    @property
    def n_items(self) -> int:
        return int(sum(self.sizes))

    @property
    def n_clusters(self) -> int:
        return len(self.sizes)

    @property
    def clustered(self) -> bool:
        return self.design != "independent"

    @property
    def rarer(self) -> float:
        """Expected number of the rarer outcome, ``n * min(p, 1 - p)``."""
        return self.n_items * min(self.accuracy, 1 - self.accuracy)

    def key(self) -> dict[str, Any]:
        """The scenario's columns in a results table."""
        sizes = np.asarray(self.sizes)
        return {
            "design": self.design,
            "n_items": self.n_items,
            "accuracy": self.accuracy,
            "n_clusters": self.n_clusters if self.clustered else np.nan,
            "icc": self.icc,
            "size_cv": float(sizes.std() / sizes.mean()) if self.clustered else np.nan,
            "rarer": self.rarer,
        }


def _check_accuracy(accuracy: float) -> float:
    if not 0 < accuracy < 1:
        raise ValueError(
            f"accuracy must be a fraction strictly between 0 and 1 (not a percentage); got {accuracy!r}"
        )
    return float(accuracy)


def independent_scenarios(
    n_items: Iterable[int] = (10, 20, 50, 100, 500, 2000),
    accuracies: Iterable[float] = (0.5, 0.8, 0.95, 0.99),
) -> list[Scenario]:
    """Every combination of a number of independent Bernoulli items and a true accuracy.

    Examples
    --------
    >>> [s.n_items for s in independent_scenarios(n_items=[10, 20], accuracies=[0.9])]
    [10, 20]
    """
    out = []
    for n in n_items:
        if int(n) < 2:
            raise ValueError(f"every scenario needs at least 2 items; got {n!r}")
        for p in accuracies:
            out.append(Scenario("independent", _check_accuracy(p), (1,) * int(n)))
    return out


def cluster_sizes(n_clusters: int, mean_size: float, *, spread: float = 0.0) -> tuple[int, ...]:
    """Deterministic cluster sizes: equal (``spread=0``) or the quantiles of a lognormal.

    With ``spread > 0`` cluster ``c`` (of ``C``) has size
    ``exp(mu + spread * z_{(c + 1/2) / C})``, rounded and at least 1, where ``mu`` makes the
    lognormal's mean ``mean_size``. ``spread`` is the lognormal's sigma; 1 gives sizes whose
    coefficient of variation is about 1, as in benchmarks where a few passages or task
    families hold many of the items. The sizes are a fixed design, not a random draw.

    Examples
    --------
    >>> cluster_sizes(5, 10, spread=1.0)
    (2, 4, 6, 10, 22)
    """
    if int(n_clusters) < 2:
        raise ValueError(f"a clustered design needs at least 2 clusters; got {n_clusters!r}")
    if mean_size < 1:
        raise ValueError(f"mean_size must be at least 1 item per cluster; got {mean_size!r}")
    if spread == 0:
        return (int(round(mean_size)),) * int(n_clusters)
    quantiles = sps.norm.ppf((np.arange(n_clusters) + 0.5) / n_clusters)
    mu = np.log(mean_size) - spread**2 / 2
    return tuple(int(s) for s in np.maximum(1, np.round(np.exp(mu + spread * quantiles))))


def clustered_scenarios(
    n_clusters: Iterable[int] = (5, 10, 30, 100),
    accuracies: Iterable[float] = (0.5, 0.7, 0.9),
    *,
    icc: float = 0.1,
    mean_size: int = 10,
    spread: float = 1.0,
) -> list[Scenario]:
    """Equal and unequal cluster designs for each number of clusters and accuracy.

    Equal clusters hold ``mean_size`` items each; unequal ones follow
    :func:`cluster_sizes` with ``spread`` (about the same total number of items).

    Examples
    --------
    >>> [s.design for s in clustered_scenarios(n_clusters=[5], accuracies=[0.5])]
    ['equal clusters', 'unequal clusters']
    """
    if not 0 <= icc < 1:
        raise ValueError(f"icc must lie in [0, 1); got {icc!r}")
    out = []
    for c in n_clusters:
        for p in accuracies:
            p = _check_accuracy(p)
            out.append(Scenario("equal clusters", p, cluster_sizes(c, mean_size), icc))
            out.append(
                Scenario("unequal clusters", p, cluster_sizes(c, mean_size, spread=spread), icc)
            )
    return out


def simulate_scores(
    scenario: Scenario, n_replicates: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n_replicates`` test sets of ``scenario`` at once.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        0/1 scores of shape ``(n_replicates, n_items)`` (one row per replicate test set,
        float64) and the cluster code of every item (``0..C-1``; ``0..n-1`` for
        independent items).
    """
    check_rng(rng)
    codes = np.repeat(np.arange(scenario.n_clusters), scenario.sizes)
    p, rho = scenario.accuracy, scenario.icc
    if scenario.clustered and rho > 0:
        concentration = 1 / rho - 1  # a + b, so that icc = 1 / (a + b + 1)
        pi = rng.beta(p * concentration, (1 - p) * concentration, size=(n_replicates, scenario.n_clusters))
        probs = pi[:, codes]
    else:
        probs = p
    scores = (rng.random((n_replicates, scenario.n_items)) < probs).astype(np.float64)
    return scores, codes


# --- interval methods ------------------------------------------------------------------------


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
PROMISES = {
    "exact": "at least the nominal level",
    "approximate": "within Bradley's band (at least 92.5% for 95%)",
}


def promised_floor(promise: str | None, nominal: float) -> float:
    """Lowest coverage a recommendation of kind ``promise`` allows at level ``nominal``.

    Examples
    --------
    >>> promised_floor("exact", 0.95), round(promised_floor("approximate", 0.95), 3)
    (0.95, 0.925)
    """
    level = check_confidence(float(nominal))
    if promise == "exact":
        return level
    if promise == "approximate":
        return 1 - 1.5 * (1 - level)
    if promise is None or (isinstance(promise, float) and np.isnan(promise)):
        return float("nan")
    raise ValueError(f"promise must be 'exact', 'approximate' or None; got {promise!r}")


@dataclass(frozen=True)
class _Rule:
    situation: str
    use: tuple[str, ...]
    promise: str | None
    why: str
    design: tuple[str, ...]
    min_rarer: float = 0.0
    min_clusters: int = 0
    max_clusters: int = 10**9
    min_minority: float = 0.0
    max_minority: float = 0.5


_INDEPENDENT = ("independent",)
_CLUSTERED = ("equal clusters", "unequal clusters")

# The book's advice. Each rule names a situation (conditions on the design; accuracy enters
# through the true value, which is what a simulation knows: read it as the observed accuracy),
# the intervals it recommends there and what they promise. tests/stats/test_coverage.py
# checks that every recommended (scenario, interval) pair of the book's simulation keeps the
# promise within Monte Carlo error, and that the warning rows (promise None) do fall short.
_RULES: list[_Rule] = [
    _Rule(
        "Independent 0/1 items, any number and any accuracy",
        ("clopper_pearson",),
        "exact",
        "Never covers less than promised, even with a handful of items or accuracy at 0% or "
        "100%; the price is a slightly wider interval. The choice for small test sets and "
        "for claims that must hold, such as safety thresholds.",
        _INDEPENDENT,
    ),
    _Rule(
        "Independent 0/1 items, at least 5 right and 5 wrong",
        ("wilson", "agresti_coull"),
        "approximate",
        "Narrower than Clopper–Pearson and close to 95% on average; at particular sizes and "
        "accuracies coverage dips to about 93%.",
        _INDEPENDENT,
        min_rarer=5,
    ),
    _Rule(
        "Independent items, at least 50 right and 50 wrong",
        ("normal", "t", "bootstrap"),
        "approximate",
        "The central-limit interval (mean_se) is accurate here and all intervals agree to a "
        "fraction of a point. With fewer right or wrong answers it collapses: zero width "
        "when every item is right.",
        _INDEPENDENT,
        min_rarer=50,
    ),
    _Rule(
        "Clustered items, accuracy 30–70%, 5 or more clusters",
        ("cr2",),
        "approximate",
        "Bias-reduced clustered SE with Bell–McCaffrey degrees of freedom: holds up with few "
        "clusters and with clusters of very unequal size. Never use an interval that ignores "
        "the clusters: it covers far less than promised.",
        _CLUSTERED,
        min_clusters=5,
        min_minority=0.3,
    ),
    _Rule(
        "Clustered items of equal size, accuracy 30–70%",
        ("cr1",),
        "approximate",
        "With equal clusters CR1 (the default of clustered_se, t with C − 1 degrees of "
        "freedom) equals CR2. With unequal clusters it undercovers unless there are about "
        "100 clusters.",
        ("equal clusters",),
        min_clusters=5,
        min_minority=0.3,
    ),
    _Rule(
        "Clustered items, any accuracy, 100 or more clusters",
        ("cr2",),
        "approximate",
        "Enough clusters make the skewed cluster means of a high (or low) accuracy "
        "approximately normal.",
        _CLUSTERED,
        min_clusters=100,
    ),
    _Rule(
        "Clustered items, accuracy beyond 30–70%, fewer than 100 clusters",
        ("cr2",),
        None,
        "No interval in the library keeps its promise here: cluster means near 0% or 100% "
        "are skewed and symmetric intervals miss on one side. CR2 comes closest; report it "
        "as optimistic, and add clusters rather than items per cluster.",
        _CLUSTERED,
        max_clusters=100,
        max_minority=0.3,
    ),
]


def recommendations(methods: Iterable[str] | None = None) -> pd.DataFrame:
    """The book's advice on which interval to use when, as a table.

    Parameters
    ----------
    methods
        Restrict the recommended intervals to these names (default: those available in
        this version of the library); a rule left with no interval is dropped.

    Returns
    -------
    pandas.DataFrame
        One row per situation: ``situation`` (in words), ``use`` (interval labels),
        ``methods`` (their names in :data:`METHODS`), ``promise`` (``"exact"``,
        ``"approximate"`` or None for a warning: no interval keeps its promise there; see
        :data:`PROMISES`), ``why``, and the conditions under which the rule applies:
        ``design`` (tuple of designs), ``min_rarer`` (expected number of the rarer
        outcome, ``n * min(p, 1 - p)``, at least), ``min_clusters`` and ``max_clusters``
        (number of clusters in ``[min, max)``), ``min_minority`` and ``max_minority``
        (``min(p, 1 - p)`` in ``[min, max]``, or ``[min, max)`` when ``max < 0.5``).

    Examples
    --------
    >>> recommendations()["methods"].iloc[0]
    ('clopper_pearson',)
    """
    allowed = set(available_methods() if methods is None else methods)
    rows = []
    for rule in _RULES:
        use = tuple(m for m in rule.use if m in allowed)
        if not use:
            continue
        row = asdict(rule)
        row["methods"] = use
        row["use"] = ", ".join(METHODS[m].label for m in use)
        rows.append(row)
    columns = ["situation", "use", "methods", "promise", "why", "design", "min_rarer",
               "min_clusters", "max_clusters", "min_minority", "max_minority"]
    return pd.DataFrame(rows, columns=columns)


def recommended_results(results: pd.DataFrame, recs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of a :func:`simulate_coverage` table that a recommendation covers.

    Adds the rule's ``situation`` and ``promise``, ``floor`` (the lowest coverage the
    promise allows, :func:`promised_floor`), ``threshold`` (``floor - 3 * mc_se``) and
    ``ok`` (coverage at least the threshold: the promise holds within Monte Carlo error;
    always False for warning rules, whose promise is None). A (scenario, interval) pair
    appears once per rule that covers it.
    """
    recs = recommendations() if recs is None else recs
    minority = np.minimum(results["accuracy"], 1 - results["accuracy"])
    clusters = results["n_clusters"].fillna(results["n_items"])
    parts = []
    for rule in recs.itertuples(index=False):
        upper = minority <= rule.max_minority if rule.max_minority >= 0.5 else minority < rule.max_minority
        mask = (
            results["design"].isin(rule.design)
            & results["method"].isin(rule.methods)
            & (results["rarer"] >= rule.min_rarer)
            & (clusters >= rule.min_clusters)
            & (clusters < rule.max_clusters)
            & (minority >= rule.min_minority)
            & upper
        )
        part = results[mask].assign(situation=rule.situation, promise=rule.promise)
        part["floor"] = [promised_floor(rule.promise, level) for level in part["nominal"]]
        parts.append(part)
    if not parts:
        return results.iloc[:0].assign(situation="", promise=None, floor=np.nan, threshold=np.nan, ok=False)
    out = pd.concat(parts, ignore_index=True)
    out["threshold"] = out["floor"] - 3 * out["mc_se"]
    out["ok"] = out["coverage"] >= out["threshold"]
    return out
