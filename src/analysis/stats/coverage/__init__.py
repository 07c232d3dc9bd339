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


from .advice import PROMISES, promised_floor, recommendations, recommended_results
from .scenarios import (
    Scenario,
    cluster_sizes,
    clustered_scenarios,
    independent_scenarios,
    simulate_scores,
)
from .simulate import (
    METHODS,
    IntervalMethod,
    available_methods,
    exact_binomial_coverage,
    simulate_coverage,
)

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
