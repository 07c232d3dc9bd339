"""Coverage simulation, part 3: which interval to use when, and the promise each keeps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from .._validation import check_confidence
from .simulate import METHODS, available_methods

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
