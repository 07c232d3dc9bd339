"""Figures of the chain (analysis.plotting.risk): what they draw, and bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from analysis import risk
from analysis.plotting import chain_diagram, preset_comparison_plot, tornado_plot


def test_chain_diagram_lists_every_failure_mode_and_harm_once():
    ax = chain_diagram(risk.beliefs_table("default"),
                       link_probabilities={"understanding": 0.25, "mitigation": 0.5}, time_failure=0.4)
    texts = [t.get_text() for t in ax.texts]
    sections = [t.split()[0] for t in texts if t[:1] in "234" and "." in t.split()[0]]
    assert sorted(sections) == sorted(["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2",
                                       "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "4.5"])
    assert "25%" in texts and "50%" in texts and "40%" in texts  # the links' and 3.3's values
    assert "30%" in texts  # 2.1's default mean
    plt.close("all")


def test_tornado_plot_draws_one_pair_of_bars_per_belief():
    t = risk.tornado("default", np.random.default_rng(0), n=500)
    ax = tornado_plot(t, top=5)
    assert len(ax.patches) == 10
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels[-1].endswith(t.index[0])  # the largest swing at the top
    plt.close("all")


def test_preset_comparison_plot_draws_one_curve_per_preset_and_panel():
    axes = preset_comparison_plot(risk.compare_presets(np.random.default_rng(0), n=300))
    assert [len(ax.get_lines()) for ax in axes] == [3, 4]  # the right panel adds break-even
    plt.close("all")


def test_bad_input():
    with pytest.raises(KeyError, match="lacks columns"):
        chain_diagram(risk.beliefs_table("default").drop(columns=["mean"]))
    with pytest.raises(KeyError, match="lacks columns"):
        tornado_plot(risk.beliefs_table("default"))
