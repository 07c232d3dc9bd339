"""The Evaluation -> Understanding -> Mitigation chain as an explicit probabilistic model.

Beliefs about each failure mode named by Mukobi (2024) enter as distributions
(``beliefs``, presets in ``presets``); Monte Carlo gives the probability that an
evaluation leads to a mitigation and its net value after harms (``chain``), and
sensitivity analysis says which failure mode matters most (``sensitivity``).
``evidence`` gives what passing or failing an evaluation says about a capability,
given the evaluation's sensitivity (bounded by elicitation), its false-alarm rate and a
prior.
"""

from . import beliefs, chain, evidence, sensitivity
from .beliefs import *  # noqa: F403
from .chain import *  # noqa: F403
from .evidence import *  # noqa: F403
from .sensitivity import *  # noqa: F403

__all__ = [*beliefs.__all__, *chain.__all__, *sensitivity.__all__, *evidence.__all__]
