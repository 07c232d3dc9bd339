"""Benchmark audits: BenchRisk scores recomputed from the failure-mode and mitigation registries.

BenchRisk (McGregor et al. 2025) lists ways a benchmark can lead its users to unsupported
conclusions (*failure modes*, each with a severity and one of five dimensions) and measures
that reduce them (*mitigations*, each cutting a mode's likelihood and severity by a
percentage). A benchmark's score in a dimension is the share of that dimension's severity its
adopted mitigations remove. :mod:`analysis.audit.scoring` recomputes these scores from the
registries (as tidy frames from :func:`analysis.data.load_benchrisk`) and checks them
against the values the scoring sheets record; :mod:`analysis.audit.sensitivity` asks how much
the ranking of benchmarks depends on how the five dimensions are weighted.

Example
-------
>>> from analysis import audit
>>> audit.DIMENSIONS[0]
'Comprehensiveness'
"""

from .scoring import (
    DIMENSIONS,
    adopted_mitigations,
    compare_with_recorded,
    dimension_scores,
    residual_risk,
    score_benchmarks,
    severity_weights,
)
from .sensitivity import (
    dirichlet_weights,
    one_at_a_time,
    rank_distribution,
    rank_sensitivity,
    risk_ranks,
    weighted_scores,
)

__all__ = [
    "DIMENSIONS",
    "adopted_mitigations",
    "residual_risk",
    "dimension_scores",
    "severity_weights",
    "score_benchmarks",
    "compare_with_recorded",
    "weighted_scores",
    "risk_ranks",
    "dirichlet_weights",
    "rank_distribution",
    "rank_sensitivity",
    "one_at_a_time",
]
