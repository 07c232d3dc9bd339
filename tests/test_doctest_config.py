"""The docstring examples' configuration (src/analysis/conftest.py): every example's pyplot
figures are closed after it, so the examples never pile up open figures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run_plotting_examples(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    # matplotlib warns when a figure opens while `figure.max_open_warning` others are open;
    # with the limit at 2 and that warning made an error, an example fails as soon as the
    # figures of earlier examples are still open (no example opens more than one).
    (tmp_path / "matplotlibrc").write_text("backend: agg\nfigure.max_open_warning: 2\n")
    env = {**os.environ, "MATPLOTLIBRC": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules",
         "-W", "error:More than:RuntimeWarning", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


def test_plotting_examples_leave_no_figure_open(tmp_path):
    result = _run_plotting_examples(tmp_path, "src/analysis/plotting")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "More than" not in result.stdout + result.stderr


def test_without_the_configuration_the_figures_pile_up(tmp_path):
    # The control: the same run without the conftest fails on the open-figure warning, so
    # the test above checks the configuration and not an accident of the examples (one
    # module's examples open more than two figures).
    result = _run_plotting_examples(tmp_path, "--noconftest", "src/analysis/plotting/risk.py")
    assert result.returncode != 0
    assert "More than 2 figures have been opened" in result.stdout
