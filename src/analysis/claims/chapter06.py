"""Our values for the claims of Chapter 6 (benchmark audits), computed from the data.

McGregor et al. (2025) describe BenchRisk as 57 failure modes, 196 mitigations and five
dimensions, applied to 26 benchmarks, and state that every benchmark has significant risk in
at least one dimension. The staged registries (v0.5.2, pinned to a 2026 commit) are counted
as they are:

* **Score sheets**: the files of per-benchmark scores (one per benchmark version).
* **Failure modes**: rows of the failure-mode registry with a failure-mode text (the
  registry's empty placeholder ids are not modes).
* **Mitigations**: rows of the mitigation registry.
* **Dimensions**: distinct dimensions ("Category") of the failure modes.
* **Significant risk**: the paper gives no threshold. The book fixes one before computing:
  a dimension has *significant risk* when its score is below :data:`SIGNIFICANT` = 0.5, that
  is, when the adopted mitigations remove less than half of the dimension's
  severity-weighted risk. The claim's value is the share of score sheets whose lowest
  dimension score (the site's ``minScore``) is below 0.5, with the site's scoring rule
  (mitigations count against the failure mode the mitigation registry names).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .. import audit, data

__all__ = [
    "SIGNIFICANT",
    "registries",
    "benchmark_scores",
    "n_score_sheets",
    "n_failure_modes",
    "n_mitigations",
    "n_dimensions",
    "share_with_significant_risk",
]

SIGNIFICANT = 0.5
"""A dimension score below this is "significant risk" (less than half the risk mitigated)."""


@cache
def registries() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The score sheets, the failure-mode registry and the mitigation registry (cached; do
    not modify)."""
    return (data.load_benchrisk(), data.load_benchrisk(table="failure_modes"),
            data.load_benchrisk(table="mitigations"))


@cache
def benchmark_scores() -> pd.DataFrame:
    """Every sheet's scores by the site's rule (:func:`analysis.audit.score_benchmarks`)."""
    sheets, modes, mitigations = registries()
    return audit.score_benchmarks(modes, mitigations, audit.adopted_mitigations(sheets),
                                  benchmarks=list(pd.unique(sheets["benchmark"])))


def n_score_sheets() -> float:
    return float(registries()[0]["benchmark"].nunique())


def n_failure_modes() -> float:
    return float(len(registries()[1]))


def n_mitigations() -> float:
    return float(len(registries()[2]))


def n_dimensions() -> float:
    return float(registries()[1]["category"].nunique())


def share_with_significant_risk() -> float:
    return float((benchmark_scores()["minimum"] < SIGNIFICANT).mean())
