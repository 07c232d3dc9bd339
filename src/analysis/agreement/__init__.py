"""Correlated errors: how often models fail on the same items, and what checking can gain.

Per model pair, all pairs at once: the agreement metrics of Kim et al. (2025) from
predicted answers (:func:`pairwise_agreement`), accuracies, joint correctness and the
correlation of errors from 0/1 correctness (:func:`pair_rates`, :func:`error_correlation`),
with bootstrap intervals over items (:func:`bootstrap_pairs`) and a bootstrap over models
for trends across pairs (:func:`correlation_over_pairs`). What checking can gain: the
oracle ceiling and realistic schemes for every pair (:func:`checking_schemes`), plurality
votes of groups (:func:`majority_vote`), the ceiling for one model and several checkers
(:func:`checking_ceiling`), and synthetic pairs with a known error correlation
(:func:`simulate_pair`, :func:`gain_vs_correlation`). A checker can only help on items
where it is right and the checked model is wrong; correlated errors make those rare.
"""

from .bootstrap import bootstrap_pairs, correlation_over_pairs
from .checking import checking_schemes, majority_vote
from .families import VISION_FAMILY_RULES, vision_family
from .metrics import (
    checking_ceiling,
    error_correlation,
    pair_rates,
    pairs_to_matrix,
    pairwise_agreement,
)
from .simulate import correlation_range, gain_vs_correlation, simulate_pair

__all__ = [
    "pairwise_agreement",
    "pair_rates",
    "error_correlation",
    "pairs_to_matrix",
    "checking_ceiling",
    "checking_schemes",
    "majority_vote",
    "bootstrap_pairs",
    "correlation_over_pairs",
    "correlation_range",
    "simulate_pair",
    "gain_vs_correlation",
    "VISION_FAMILY_RULES",
    "vision_family",
]
