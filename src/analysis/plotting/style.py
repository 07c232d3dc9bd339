"""The book's one figure style: palette, matplotlib style sheet, percent axes."""

from __future__ import annotations

from importlib import resources

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.ticker import PercentFormatter

__all__ = ["PALETTE", "use_book_style", "percent_axis"]

#: Okabe & Ito's colour-blind-safe palette, by name (also the style's colour cycle).
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#777777",
}


def use_book_style() -> None:
    """Apply the book's matplotlib style (``book.mplstyle``) to every later figure.

    Examples
    --------
    >>> from analysis.plotting import use_book_style
    >>> use_book_style()
    """
    style = resources.files("analysis.plotting").joinpath("book.mplstyle")
    with resources.as_file(style) as path:
        plt.style.use(str(path))
    # Fixed metadata makes saved files byte-identical across builds.
    mpl.rcParams["svg.hashsalt"] = "eval-science"


def percent_axis(ax: plt.Axes, axis: str = "x", decimals: int | None = None) -> plt.Axes:
    """Show fractions in [0, 1] on ``axis`` ("x" or "y") as percentages.

    The book plots accuracies as fractions and labels them in percent, the same scale in
    every figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = percent_axis(plt.subplots()[1], "y")
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    getattr(ax, f"{axis}axis").set_major_formatter(PercentFormatter(1.0, decimals=decimals))
    return ax
