"""Correlated errors: how often models fail on the same items, in the same way.

Per model pair, the agreement metrics of Kim et al. (2025) from predicted answers
(:func:`pairwise_agreement`), the correlation of errors from 0/1 correctness
(:func:`error_correlation`), and the ceiling on what one model can gain by having others
check it (:func:`checking_ceiling`): a checker can only help on items where it is right
and the checked model is wrong, and correlated errors make those rare.
"""

from .metrics import checking_ceiling, error_correlation, pairwise_agreement

__all__ = ["checking_ceiling", "error_correlation", "pairwise_agreement"]
