"""Coverage simulation, part 1: the designs (scenarios) and their synthetic scores."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats as sps

from .._validation import check_rng

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
