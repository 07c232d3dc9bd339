"""Adaptive overfitting: what re-using a holdout set does, and mechanisms that prevent it.

:func:`reuse_experiment` simulates the experiment of Dwork et al. (2015): an analyst who
selects features by looking at the holdout overfits it, and :func:`thresholdout` answers
the same queries so that the holdout stays valid. :func:`ladder` is the leaderboard
mechanism of Blum & Hardt (2015), and :func:`boosting_attack` the attack that a plain
leaderboard invites.
"""

from .ladder import boosting_attack, ladder
from .thresholdout import reuse_experiment, thresholdout

__all__ = ["boosting_attack", "ladder", "reuse_experiment", "thresholdout"]
