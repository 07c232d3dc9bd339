"""The easy/hard mixture model of a replication test set (Recht et al. 2018, section 6)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..stats._checks import check_fraction

__all__ = ["mixture_line"]


def mixture_line(p_easy_original: float, p_easy_new: float, kappa: float) -> tuple[float, float]:
    """Slope and intercept of new-set on original-set accuracy under the mixture model.

    Items are *easy* (a model answers them with accuracy ``a0``) or *hard* (error
    ``kappa`` times larger: accuracy ``1 - kappa (1 - a0)``). A test set with a share ``w``
    of easy items has accuracy ``w a0 + (1 - w)(1 - kappa (1 - a0))``, affine in ``a0``.
    Eliminating ``a0`` between the original set (share ``p``) and the new one (share
    ``q``) gives a line ``new = slope * original + intercept`` with::

        slope = (q + (1 - q) kappa) / (p + (1 - p) kappa)

    above 1 when the new set has fewer easy items (``q < p``) and hard items are harder
    (``kappa > 1``): models gain *more* on the new set than on the old, as observed.

    Parameters
    ----------
    p_easy_original, p_easy_new
        Shares of easy items, fractions in ``[0, 1]``.
    kappa
        Error multiplier of hard items, at least 0 (1: no difference).

    Returns
    -------
    tuple of float
        ``(slope, intercept)`` on the linear accuracy scale.

    Examples
    --------
    >>> mixture_line(0.8, 0.8, 3.0)
    (1.0, 0.0)
    >>> slope, intercept = mixture_line(0.9, 0.6, 3.0)
    >>> round(slope, 4), round(slope + intercept, 4)   # a perfect model stays perfect
    (1.5, 1.0)
    """
    p = float(check_fraction(p_easy_original, "p_easy_original"))
    q = float(check_fraction(p_easy_new, "p_easy_new"))
    kappa_arr: Any = np.asarray(kappa, dtype=float)
    if kappa_arr.ndim or not np.isfinite(kappa_arr) or kappa_arr < 0:
        raise ValueError(f"kappa must be a finite number >= 0, got {kappa!r}")
    k = float(kappa_arr)
    # accuracy on a set with easy share w: c(w) + d(w) a0
    d_old, d_new = p + (1 - p) * k, q + (1 - q) * k
    if d_old == 0:
        raise ValueError("with kappa = 0 and no easy items the original accuracy does not "
                         "depend on the model: no line exists")
    c_old, c_new = (1 - p) * (1 - k), (1 - q) * (1 - k)
    slope = d_new / d_old
    return float(slope), float(c_new - slope * c_old)
