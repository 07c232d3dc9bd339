"""Item and test information curves, and item fit (which items misbehave)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit

from .scoring import align_to_fit, estimate_abilities

__all__ = ["item_information", "test_information", "item_fit"]


def _theta_grid(theta: Any) -> np.ndarray:
    grid = np.atleast_1d(np.asarray(theta, dtype=np.float64))
    if grid.ndim != 1 or not np.isfinite(grid).all():
        raise ValueError("theta must be a finite number or 1-D array of abilities")
    return grid


def item_information(fit: Any, theta: Any = None) -> pd.DataFrame:
    """Fisher information of each item about the ability: ``I_j(theta) = a_j^2 P_j (1 - P_j)``.

    Parameters
    ----------
    fit
        An :class:`~analysis.irt.IRTFit`.
    theta
        Abilities (ability units); default 121 points on [-6, 6].

    Returns
    -------
    pandas.DataFrame
        Index ``theta``, one column per item. An item is most informative at its difficulty,
        where it gives ``a^2 / 4``.

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import fit_irt, item_information, simulate_responses
    >>> fit = fit_irt(simulate_responses(100, 10, rng=np.random.default_rng(0))[0])
    >>> info = item_information(fit, [0.0])
    >>> bool((info.to_numpy() <= fit.items["discrimination"].to_numpy() ** 2 / 4 + 1e-12).all())
    True
    """
    grid = np.linspace(-6, 6, 121) if theta is None else _theta_grid(theta)
    p = expit(np.outer(grid, fit.a) + fit.d[None, :])
    info = fit.a[None, :] ** 2 * p * (1 - p)
    return pd.DataFrame(info, index=pd.Index(grid, name="theta"), columns=fit.items.index)


def test_information(fit: Any, theta: Any = None, *, items: Any = None) -> pd.DataFrame:
    """Test information ``I(theta) = sum_j I_j(theta)`` and the standard error it implies.

    Parameters
    ----------
    fit
        An :class:`~analysis.irt.IRTFit`.
    theta
        Abilities (ability units); default 121 points on [-6, 6].
    items
        Item labels to sum over (default: all fitted items); unknown labels raise a
        ValueError naming them.

    Returns
    -------
    pandas.DataFrame
        Index ``theta``; columns ``information`` and ``se = 1 / sqrt(information)`` (the
        asymptotic standard error of the maximum-likelihood ability at ``theta``).

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import fit_irt, simulate_responses, test_information
    >>> fit = fit_irt(simulate_responses(100, 10, rng=np.random.default_rng(0))[0])
    >>> test_information(fit, [0.0]).columns.tolist()
    ['information', 'se']
    """
    info = item_information(fit, theta)
    if items is not None:
        labels = pd.Index(items)
        unknown = labels[~labels.isin(info.columns)]
        if len(unknown):
            raise ValueError(f"items has {len(unknown)} label(s) that are not fitted items, "
                             f"e.g. {unknown[0]!r}")
        info = info[labels]
    total = info.sum(axis=1)
    return pd.DataFrame({"information": total, "se": 1 / np.sqrt(total)})


def item_fit(fit: Any, scores: Any, *, infit_max: float = 1.5, outfit_max: float = 2.0,
             missing: str = "omit") -> pd.DataFrame:
    """Infit and outfit mean-squares of each item, with a flag for misbehaving items.

    With ``P_ij`` the fitted probability at model ``i``'s MAP ability and standardised
    residuals ``z_ij = (x_ij - P_ij) / sqrt(P_ij (1 - P_ij))``:
    ``outfit_j = mean_i z_ij^2`` (sensitive to surprising responses far from the item's
    difficulty) and ``infit_j = sum_i (x_ij - P_ij)^2 / sum_i P_ij (1 - P_ij)``
    (information-weighted). Both have expectation about 1 when the model holds.

    Parameters
    ----------
    fit
        An :class:`~analysis.irt.IRTFit`.
    scores
        The models x items 0/1 responses (usually those the model was fitted to; matched to
        the fitted items as in :func:`~analysis.irt.estimate_abilities`).
    infit_max, outfit_max
        Flag thresholds: an item is flagged ``misfit`` when its infit exceeds ``infit_max``,
        its outfit exceeds ``outfit_max`` (Linacre's rules of thumb: above 1.5 unproductive,
        above 2 degrading) or its discrimination is negative (stronger models get it wrong
        more often: often a wrong answer key).

    Returns
    -------
    pandas.DataFrame
        One row per fitted item: ``infit``, ``outfit``, ``n``, ``discrimination``,
        ``misfit`` (bool), sorted like the fit's items.

    Notes
    -----
    Abilities are plugged in as if known, so the mean-squares are slightly below 1 on
    average for short tests; the thresholds are conventions, not tests with a stated error
    rate. With few models (tens), an item's outfit rests on a handful of surprising
    responses.

    Example
    -------
    >>> import numpy as np
    >>> from analysis.irt import fit_irt, item_fit, simulate_responses
    >>> x, _ = simulate_responses(300, 20, rng=np.random.default_rng(0))
    >>> table = item_fit(fit_irt(x), x)
    >>> bool(table["infit"].between(0.7, 1.3).all())
    True
    """
    values, _ = align_to_fit(fit, scores, missing=missing)
    theta = estimate_abilities(fit, scores, missing=missing)["theta"].to_numpy()
    p = expit(np.outer(theta, fit.a) + fit.d[None, :])
    obs = ~np.isnan(values)
    var = np.where(obs, p * (1 - p), 0.0)
    sq = np.where(obs, (np.nan_to_num(values) - p) ** 2, 0.0)
    n = obs.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        outfit = np.where(obs, sq / np.where(obs, var, 1.0), 0.0).sum(axis=0) / n
        infit = sq.sum(axis=0) / var.sum(axis=0)
    a = fit.a
    misfit = (infit > infit_max) | (outfit > outfit_max) | (a < 0)
    return pd.DataFrame({"infit": infit, "outfit": outfit, "n": n, "discrimination": a,
                         "misfit": misfit}, index=fit.items.index)
