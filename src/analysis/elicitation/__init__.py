"""Elicitation gaps: how much scores move when the same model is prompted, tuned or run differently.

An evaluation measures a model under one elicitation (a prompt, a scaffold, a reasoning
budget); deployment may use a better one. ``gaps`` measures paired score changes with
intervals, ``ceg`` converts a change into a compute-equivalent gain (Davidson et al.
2023) with bounds where the family's scaling line cannot be inverted, ``threshold``
says what a distribution of gaps means for a threshold evaluation, and ``tables``
builds the book's table of gaps from the staged data (prompting and instruction tuning in
Ruan et al. 2024's tables, reasoning effort in Epoch AI's runs). For example:

>>> from analysis import elicitation
>>> round(elicitation.score_change([0.4], [0.5], n_items=500)["change"].item(), 2)
0.1
"""

from . import ceg, gaps, tables, threshold
from .ceg import *  # noqa: F403
from .gaps import *  # noqa: F403
from .tables import *  # noqa: F403
from .threshold import *  # noqa: F403

__all__ = [*gaps.__all__, *ceg.__all__, *threshold.__all__, *tables.__all__]
