"""One self-contained HTML page for a report: inline CSS, figures as base64 PNG, no
scripts and nothing fetched from the network."""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .summary import pct

if TYPE_CHECKING:
    from .analyse import Report

__all__ = ["render", "figures"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1000px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
th,td{padding:.2em .6em;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
.wide{overflow-x:auto}
th:first-child,td:first-child{text-align:left}
.summary{background:#f5f8fb;border-left:4px solid #0072B2;padding:.6em 1.2em}
.note{color:#555;font-size:.9em}figure{margin:1em 0}img{max-width:100%}
details summary{cursor:pointer;color:#0072B2}
"""

_PERCENT = {"mean", "se", "ci_low", "ci_high", "se_naive", "difference",
            "se_with_runs", "se_infinite_runs", "p_correct"}


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight",
                metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def figures(report: Report) -> dict[str, str]:
    """The report's figures as base64 PNG strings: ``scores`` (forest plot of the
    intervals, :func:`analysis.plotting.forest_plot`), ``ranks`` (bootstrap rank intervals)
    and ``items`` (distribution of item p-values)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plotting import PALETTE, forest_plot, use_book_style

    use_book_style()
    out = {}
    models = report.models
    shown = models.head(60)
    ax = forest_plot(shown, xlabel=f"mean score ({round(100 * report.meta['confidence'])}% interval)")
    out["scores"] = _png(ax.figure)
    if "rank_low" in models.columns:
        fig, ax = plt.subplots(figsize=(7.0, min(1.2 + 0.28 * len(shown), 14)))
        rows = np.arange(len(shown))[::-1]
        rank = shown["rank"].to_numpy(float)
        ax.errorbar(rank, rows, xerr=[rank - shown["rank_low"], shown["rank_high"] - rank],
                    fmt="o", color=PALETTE["blue"], markersize=4)
        ax.set_yticks(rows, [str(m) for m in shown.index])
        ax.set_xlabel("rank (1 = best), with bootstrap interval")
        ax.grid(axis="y", visible=False)
        out["ranks"] = _png(fig)
    fig, ax = plt.subplots(figsize=(7.0, 2.8))
    ax.hist(report.items["p_value"], bins=np.linspace(0, 1, 21), color=PALETTE["sky"],
            edgecolor="white")
    ax.set_xlabel("item p-value (mean score over models)")
    ax.set_ylabel("items")
    out["items"] = _png(fig)
    return out


def _pairs_section(report) -> str:
    """Every pair's paired comparison (the first 1,000 pairs shown; the JSON has all)."""
    n_pairs = len(report.pairs)
    return _section(
        "Paired comparisons",
        f"Every pair of models, compared on the same items (paired t-test"
        f"{', CR2 clustered' if report.meta['n_clusters'] else ''}); p-values Holm-adjusted "
        f"over all {n_pairs:,} pairs. Pairs are ordered by the data's own ranking"
        + (" (the first 1,000 shown; the JSON output has all)." if n_pairs > 1000 else "."),
        f"<details{' open' if n_pairs <= 45 else ''}><summary>{n_pairs:,} pairs</summary>"
        + _fmt(report.pairs, percent=_PERCENT | {"se"}, limit=1000) + "</details>")


def _tiers_section(report, figure: str = "") -> str:
    """The tiers table, after ``figure`` (HTML, optional), with how the rank intervals were
    resampled (multinomial or Poisson bootstrap, as ``report.meta["resampling"]`` says)."""
    meta = report.meta
    level = f"{round(100 * meta['confidence'])}%"
    resamples = ("Poisson-bootstrap replicates" if meta.get("resampling") == "poisson"
                 else "bootstrap resamples")
    return _section(
        "Tiers and rank intervals",
        "A model starts a new tier when it differs significantly from the current tier's "
        f"leader. Rank intervals: {level} of {meta['n_resamples']:,} {resamples} of the items "
        "(of whole clusters when there are clusters) rank the model in this range.",
        figure + _fmt(report.tiers))


def _closest_section(report) -> str:
    """Items a paired test needs to separate each pair of neighbours in the ranking."""
    return _section(
        "How many items would separate the closest models",
        "For each pair of neighbours in the ranking, the number of items a paired test needs "
        "to detect their observed difference with 80% power at α = "
        f"{report.meta.get('alpha', 0.05):g} (ω² = per-item variance of the paired difference, "
        "times the clustered design effect).",
        _fmt(report.closest, limit=15))


def _fmt(frame: pd.DataFrame, *, percent: set[str] = _PERCENT, limit: int | None = None) -> str:
    frame = frame if limit is None else frame.head(limit)
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if column in percent and pd.api.types.is_float_dtype(values):
            shown[column] = [pct(v, 2) if pd.notna(v) else "" for v in values]
        elif pd.api.types.is_float_dtype(values):
            shown[column] = [f"{v:.4g}" if pd.notna(v) else "" for v in values]
    # A wide table scrolls sideways inside the page instead of running past its edge.
    return '<div class="wide">' + shown.to_html(escape=True, border=0, na_rep="") + "</div>"


def _img(data: str, alt: str) -> str:
    return (f'<figure><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'
            "</figure>")


def _section(title: str, intro: str, body: str) -> str:
    return f"<h2>{html.escape(title)}</h2>\n<p>{intro}</p>\n{body}\n"


def render(report: Report) -> str:
    """The report as one HTML document (a string)."""
    meta = report.meta
    level = f"{round(100 * meta['confidence'])}%"
    figs = figures(report)
    title = html.escape(meta.get("title") or f"Reliability report: {meta.get('source', 'results')}")
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>{title}</title><style>{_CSS}</style></head><body>",
             f"<h1>{title}</h1>",
             '<div class="summary"><p>' + "</p><p>".join(html.escape(s) for s in report.summary)
             + "</p></div>"]
    columns = ", ".join(f"{role}: <code>{html.escape(str(col))}</code>"
                        for role, col in meta.get("columns", {}).items() if col)
    parts.append(f'<p class="note">Input: {html.escape(str(meta.get("source", "")))} '
                 f'({html.escape(str(meta.get("kind", "")))}; {columns}). Seed {meta["seed"]}, '
                 f'{meta["n_resamples"]:,} bootstrap resamples, eval-science '
                 f'{html.escape(str(meta.get("version", "")))}.</p>')
    cols = ["mean", "se", "ci_low", "ci_high", "n", "method"]
    if meta["n_clusters"]:
        cols += ["n_clusters", "se_naive", "design_effect"]
    cols += [c for c in ("rank", "rank_low", "rank_high", "p_first", "tier") if c in report.models]
    parts.append(_section(
        "Scores with intervals",
        f"Mean score of each model with its {level} interval. The interval follows the book's "
        "coverage study: CR2 clustered errors when items share clusters; for independent 0/1 "
        "items the normal interval with at least 50 right and 50 wrong, Wilson with at least 5, "
        "exact Clopper–Pearson below; t intervals for other scores.",
        _img(figs["scores"], "Forest plot of each model's mean score and interval")
        + _fmt(report.models[cols])))
    if meta["n_models"] >= 2:
        parts.append(_pairs_section(report))
        parts.append(_tiers_section(
            report, _img(figs["ranks"], "Rank of each model with its bootstrap interval")))
        parts.append(_closest_section(report))
    if report.runs is not None:
        parts.append(_section(
            "Variance from repeated runs",
            "Per-run score variance split into between-item and within-item (run-to-run) parts, "
            "and the standard error with the runs made against infinitely many runs.",
            _fmt(report.runs)))
    flagged = report.items[report.items["flag"] != ""]
    counts = report.items["flag"].value_counts()
    listing = ", ".join(f"{html.escape(str(k))}: {int(v):,}" for k, v in counts.items() if k)
    parts.append(_section(
        "Items",
        "Classical item statistics: p-value (share of models correct) and item–rest "
        f"point-biserial correlation over models. Flagged: {listing or 'none'}.",
        _img(figs["items"], "Histogram of item p-values")
        + (f"<details><summary>{len(flagged):,} flagged items (first 200)</summary>"
           + _fmt(flagged, limit=200) + "</details>" if len(flagged) else "")))
    if report.irt is not None:
        irt_flagged = report.irt[report.irt["flag"] != ""]
        parts.append(_section(
            "Item response theory (2PL)",
            "Difficulty and discrimination from a 2PL fit (analysis.irt); flagged too easy / "
            "too hard when the difficulty lies beyond every model's ability, non-discriminating "
            "below a discrimination of 0.25, misfitting by infit/outfit or a negative "
            "discrimination.",
            f"<details><summary>{len(irt_flagged):,} flagged items (first 200)</summary>"
            + _fmt(irt_flagged, limit=200) + "</details>"))
    elif meta["n_models"] < meta["irt_min_models"] or not meta["binary"]:
        parts.append('<p class="note">No IRT section: it needs 0/1 scores and at least '
                     f'{meta["irt_min_models"]} models.</p>')
    if report.notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>"
                                                     for n in report.notes) + "</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
