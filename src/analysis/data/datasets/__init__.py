"""One module per registered dataset: its loaders, beside its description, license and
citation (the module's ``INFO``).

:data:`MODULES` maps every registry name to its module; the registry
(:mod:`analysis.data._registry`), the command line and the tests discover datasets from it.
Adding a dataset: see the book's page "Adding a dataset".
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from .._readers import choose
from ..responses import ResponseMatrix
from . import (
    aiid,
    benchbench_ibm,
    benchbench_zhang_hardt,
    benchrisk,
    chembench_irt,
    cifar10_1,
    correlated_errors,
    epoch_benchmarks,
    gsm1k,
    imagenet_testbed,
    imagenetv2,
    metr_time_horizon,
    nlu_irt,
    obsscaling,
    safetywashing,
)

__all__ = ["MODULES", "response_matrix"]

#: Registry name -> dataset module (each has ``INFO`` and ``__all__``).
MODULES: dict[str, ModuleType] = {
    module.INFO.name: module
    for module in (
        aiid,
        benchbench_ibm,
        benchbench_zhang_hardt,
        benchrisk,
        chembench_irt,
        cifar10_1,
        correlated_errors,
        epoch_benchmarks,
        gsm1k,
        imagenet_testbed,
        imagenetv2,
        metr_time_horizon,
        nlu_irt,
        obsscaling,
        safetywashing,
    )
}


def response_matrix(dataset: str, **options: Any) -> ResponseMatrix:
    """The :class:`~analysis.data.ResponseMatrix` of a dataset with per-item results.

    Parameters
    ----------
    dataset
        ``"imagenetv2"``, ``"cifar10.1"``, ``"nlu-irt"``, ``"chembench-irt"`` or
        ``"metr-time-horizon"``.
    **options
        Keyword options of the dataset's own function (``test_set=`` for the first
        three, ``value=`` for ImageNetV2, ``include_human=`` for METR): see
        :func:`~analysis.data.imagenetv2_responses`,
        :func:`~analysis.data.cifar10_1_responses`, :func:`~analysis.data.nlu_irt_responses`,
        :func:`~analysis.data.chembench_irt_responses` and
        :func:`~analysis.data.metr_time_horizon_responses`.

    Example
    -------
    >>> from analysis import data
    >>> m = data.response_matrix("imagenetv2", test_set="matched-frequency")  # doctest: +SKIP
    >>> m.scores.shape  # doctest: +SKIP
    (64, 10000)
    """
    with_responses = {name: m for name, m in MODULES.items() if m.INFO.responses}
    module = with_responses[choose("dataset", dataset, sorted(with_responses))]
    return getattr(module, module.INFO.responses)(**options)
