"""The book's one figure style and its standard figures.

Every figure in the book is drawn after :func:`use_book_style` and, where one fits, with a
function from this module, so that the same quantity looks the same in every chapter:
estimates are dots, confidence intervals are horizontal bars, a reference value is a thin
grey line. Colours come from Okabe & Ito's palette, which stays distinguishable for readers
with colour-vision deficiencies.

Captions and alt text are not set here: a notebook gives them through the cell's
``mystnb.figure`` and ``mystnb.image`` metadata, so that the book numbers and indexes them.
"""

from .agreement import gain_curves, pair_scatter, pairwise_heatmap
from .anchors import anchor_error_curves
from .elicitation import ceg_diagram, change_scatter, exceedance_curves
from .entanglement import entanglement_strips, scree_plot
from .evidence import detection_plot, posterior_curves
from .generalization import accuracy_line_plot
from .gtheory import reliability_curves
from .holdout import reuse_curves
from .horizons import horizon_trend_plot, success_curves_plot
from .incidents import coverage_plot, incident_counts_plot
from .intervals import forest_plot
from .irt import information_curves, item_characteristic_curves
from .power import power_curves
from .ranking import rank_interval_plot
from .risk import chain_diagram, preset_comparison_plot, tornado_plot
from .saturation import frontier_fit_plot, progress_curves
from .shifts import effective_robustness_strips, shift_scatter
from .style import PALETTE, percent_axis, use_book_style

__all__ = [
    "change_scatter",
    "ceg_diagram",
    "exceedance_curves",
    "gain_curves",
    "pair_scatter",
    "pairwise_heatmap",
    "anchor_error_curves",
    "posterior_curves",
    "detection_plot",
    "PALETTE",
    "use_book_style",
    "percent_axis",
    "forest_plot",
    "accuracy_line_plot",
    "power_curves",
    "item_characteristic_curves",
    "information_curves",
    "reliability_curves",
    "reuse_curves",
    "success_curves_plot",
    "horizon_trend_plot",
    "rank_interval_plot",
    "chain_diagram",
    "tornado_plot",
    "preset_comparison_plot",
    "progress_curves",
    "frontier_fit_plot",
    "shift_scatter",
    "effective_robustness_strips",
    "incident_counts_plot",
    "coverage_plot",
    "scree_plot",
    "entanglement_strips",
]
