"""Item response theory: 1PL and 2PL fits, abilities, information, item fit and anchor items.

Conventions (as in :mod:`analysis.stats`): the input is a **models x items** 0/1 matrix
(array, DataFrame or response matrix); NaN means "not scored" only with
``missing="omit"``; items every model got right (or wrong), then models with every
remaining item right (or wrong), are dropped with a report (``on_constant="drop"``, the
default) or refused (``"raise"``); random steps take an explicit
:class:`numpy.random.Generator`.

**Model.** ``P(x_ij = 1) = sigmoid(a_j (theta_i - b_j))``: 2PL with a discrimination
``a_j`` per item, 1PL with one ``a`` shared by all items (equivalently a Rasch model with
a = 1 and ability SD = a). **Identifiability**: abilities are N(0, 1) over the fitted
models (location and scale) and the prior mean of ``a`` is positive (sign).

**Fitter: our own, not a dependency.** :func:`fit_irt` is marginal maximum likelihood by
EM (Bock and Aitkin 1981) on a fixed 41-node grid (N(0, 1) weights on [-6, 6]), fully
vectorised: the E-step is two matrix-vector products plus one (items x nodes) pass, the
M-step one Newton step per item on the expected counts, all items at once, in the
slope-intercept form where it is concave. Weak Bayes-modal priors ``a ~ N(1, 2^2)`` and
``d ~ N(0, 10^2)`` (d = -a b) keep items that separate the models perfectly finite.
We wrote it because it is faster here and because the candidates lack what the
chapters need: ``girth`` cannot finish one 2PL EM iteration on ImageNet's 64 x 30,500
matrix in minutes (and its 1PL underflows); ``mirt`` (PyPI, Rust) is fast, but boxes the
parameters into a in [0.1, 5] and b in [-6, 6] (so it cannot report the negative
discriminations that flag wrong answer keys, and stops short of the maximum likelihood on
these matrices), its standard errors need an (items x items) matrix (146 GB at 30,000
items), and it has no anchor-item workflow. On ImageNet validation and nlu-irt our fit
takes about half to a third of mirt's time and reaches a higher marginal log-likelihood on
common quadratures (``benchmarks/bench_irt.py``). ``mirt`` is the independent reference
in the tests and the benchmark.

**Errors.** Item standard errors from the observed (Louis) information item by item;
bootstrap over models (:func:`bootstrap_items`); abilities are MAP with posterior SD
(:func:`estimate_abilities`); anchor estimators are judged by their error on held-out
models (:func:`anchor_cross_validation`, :func:`summarise_anchor_errors`,
:func:`compare_anchor_methods`), not by their nominal SE, and against the exact error of a
random subset of the same size (:func:`random_subset_mae`).

Example
-------
>>> import numpy as np
>>> from analysis import irt
>>> x, truth = irt.simulate_responses(300, 20, rng=np.random.default_rng(0))
>>> fit = irt.fit_irt(x)
>>> fit.converged
True
"""

from ._estep import Quadrature, gauss_hermite, normal_grid
from .anchor_cv import (
    anchor_cross_validation,
    compare_anchor_methods,
    random_subset_mae,
    summarise_anchor_errors,
)
from .anchors import choose_anchors, predict_scores
from .bootstrap import bootstrap_items
from .fit import ConvergenceWarning, IRTFit, fit_irt, marginal_log_likelihood
from .information import item_fit, item_information, test_information
from .scoring import estimate_abilities, simulate_responses

__all__ = [
    "ConvergenceWarning",
    "IRTFit",
    "Quadrature",
    "anchor_cross_validation",
    "bootstrap_items",
    "choose_anchors",
    "compare_anchor_methods",
    "estimate_abilities",
    "fit_irt",
    "gauss_hermite",
    "item_fit",
    "item_information",
    "marginal_log_likelihood",
    "normal_grid",
    "predict_scores",
    "random_subset_mae",
    "simulate_responses",
    "summarise_anchor_errors",
    "test_information",
]
