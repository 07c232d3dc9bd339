"""Distribution shifts of the ImageNet testbed: catalogue, baseline models, every line at once.

The testbed of Taori et al. (2020) evaluates hundreds of models on one table of settings
(``analysis.data.load_imagenet_testbed(wide=True)``). This module says which settings are
natural and which synthetic shifts and which reference column each is compared with
(:data:`TESTBED_SHIFTS`, :func:`classify_settings`), averages the synthetic ones as the
testbed does (:func:`synthetic_averages`), applies the testbed's rule for the models that
define the baseline line (:func:`baseline_models`), and fits the line of every shift at
once with bootstrap intervals (:func:`fit_shifts`) or tabulates every model's effective
robustness on every shift (:func:`effective_robustness_table`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..stats._checks import check_confidence, check_fraction, check_rng
from .lines import _ols
from .transforms import DEFAULT_EPS, from_scale, to_scale

__all__ = [
    "TESTBED_SHIFTS",
    "classify_settings",
    "synthetic_averages",
    "baseline_models",
    "fit_shifts",
    "effective_robustness_table",
]

_ROWS = [
    # shift (y column), x column, kind, family, label
    ("imagenetv2-matched-frequency-format-val", "val", "natural", "dataset", "ImageNetV2 (matched frequency)"),
    ("imagenetv2-threshold-0.7-format-val", "val", "natural", "dataset", "ImageNetV2 (threshold 0.7)"),
    ("imagenetv2-top-images-format-val", "val", "natural", "dataset", "ImageNetV2 (top images)"),
    ("objectnet-1.0-beta", "val-on-objectnet-classes", "natural", "dataset", "ObjectNet"),
    ("imagenet-vid-robust_pm0", "val-on-vid-robust-classes", "natural", "dataset", "ImageNet-Vid-Robust (anchor frames)"),
    ("ytbb-robust_pm0", "val-on-ytbb-robust-classes", "natural", "dataset", "YTBB-Robust (anchor frames)"),
    ("imagenet-r", "val-on-imagenet-r-classes", "natural", "rendition", "ImageNet-R"),
    ("imagenet-sketch", "val", "natural", "rendition", "ImageNet-Sketch"),
    ("imagenet-vid-robust_pm10", "imagenet-vid-robust_pm0", "natural", "consistency", "ImageNet-Vid-Robust (pm-10)"),
    ("ytbb-robust_pm10", "ytbb-robust_pm0", "natural", "consistency", "YTBB-Robust (pm-10)"),
    ("imagenet-a", "val-on-imagenet-a-classes", "natural", "adversarially filtered", "ImageNet-A"),
    ("avg_corruptions", "val", "synthetic", "corruption", "Corruptions (average)"),
    ("greyscale", "val", "synthetic", "corruption", "Greyscale"),
    ("stylized_imagenet", "val", "synthetic", "corruption", "Stylized ImageNet"),
    ("avg_pgd", "val", "synthetic", "adversarial attack", "PGD attacks (average)"),
]

#: The shifts of the testbed the book fits, one row per shifted setting (index ``shift``,
#: a column of the testbed or of :func:`synthetic_averages`): ``x`` (the column it is
#: compared with: the class-restricted ``val-on-<shift>-classes`` for shifts with fewer
#: classes, the anchor frames for the video consistency shifts), ``kind`` (``natural`` or
#: ``synthetic``), ``family`` (Taori et al.'s dataset, consistency and adversarially
#: filtered shifts; renditions: ImageNet-R's art, cartoons and sculptures and
#: ImageNet-Sketch's drawings, natural images of another style; corruptions; adversarial
#: attacks) and ``label``.
TESTBED_SHIFTS: pd.DataFrame = pd.DataFrame(
    _ROWS, columns=["shift", "x", "kind", "family", "label"]).set_index("shift")

_REFERENCE = ("val", "val_subsampled_class_1_8", "imagenetv2-matched-frequency-format-val_subsampled_class_1_8")


def classify_settings(columns: Iterable[str]) -> pd.DataFrame:
    """Classify every setting (column) of the testbed's results table.

    Parameters
    ----------
    columns
        Setting names, e.g. ``load_imagenet_testbed(wide=True).columns``.

    Returns
    -------
    pandas.DataFrame
        Index ``setting``; ``role`` (``reference`` for ImageNet validation and its
        class-restricted or subsampled versions, ``natural`` or ``synthetic`` for a shift),
        ``family`` (as in :data:`TESTBED_SHIFTS`; ImageNet-C corruptions at every severity,
        greyscale and stylized images are ``corruption``, PGD attacks ``adversarial
        attack``, the original-encoding ImageNetV2 files ``dataset``).

    Raises
    ------
    ValueError
        For a setting that none of the rules knows, so a new upstream column is looked at
        rather than silently misfiled.

    Examples
    --------
    >>> classify_settings(["val", "imagenet-a", "pgd.l2.eps0.5"])["role"].tolist()
    ['reference', 'natural', 'synthetic']
    """
    rows = {}
    for name in columns:
        name = str(name)
        if name in _REFERENCE or name.startswith("val-on-"):
            rows[name] = ("reference", "reference")
        elif name in TESTBED_SHIFTS.index:
            rows[name] = tuple(TESTBED_SHIFTS.loc[name, ["kind", "family"]])
        elif name.startswith("imagenetv2-"):
            rows[name] = ("natural", "dataset")
        elif name.startswith("imagenet-c.") or name in ("greyscale", "stylized_imagenet"):
            rows[name] = ("synthetic", "corruption")
        elif name.startswith("pgd."):
            rows[name] = ("synthetic", "adversarial attack")
        else:
            raise ValueError(f"unknown testbed setting {name!r}: add it to the rules of "
                             "classify_settings (reference, natural or synthetic)")
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["role", "family"])
    return frame.rename_axis("setting")


def synthetic_averages(accuracies: pd.DataFrame) -> pd.DataFrame:
    """The testbed's averages of the synthetic shifts, per model.

    ``avg_corruptions``: the mean over every ImageNet-C corruption type and storage
    (``_in-memory`` and ``_on-disk`` separately) of its mean over severities, together with
    ``greyscale`` and ``stylized_imagenet``, each entering once; ``avg_pgd``: the mean of
    the ``pgd.*`` attacks. A model missing any part gets NaN (as upstream, ``skipna=False``).

    Parameters
    ----------
    accuracies
        Models x settings, fractions (``load_imagenet_testbed(wide=True)``).

    Returns
    -------
    pandas.DataFrame
        Columns ``avg_corruptions`` and ``avg_pgd``, indexed like ``accuracies``.

    Examples
    --------
    >>> acc = pd.DataFrame({"imagenet-c.fog.1_in-memory": [0.6], "imagenet-c.fog.2_in-memory":
    ...     [0.4], "greyscale": [0.8], "stylized_imagenet": [0.2], "pgd.l2.eps0.1": [0.3]})
    >>> synthetic_averages(acc).round(3).iloc[0].tolist()
    [0.5, 0.3]
    """
    if not isinstance(accuracies, pd.DataFrame):
        raise TypeError("accuracies must be a models x settings DataFrame")
    columns = pd.Index(accuracies.columns.astype(str))
    corr = columns[columns.str.startswith("imagenet-c.")]
    keys = corr.str.split(".").str[1] + "_" + corr.str.rsplit("_", n=1).str[-1]
    parts = [accuracies[corr[keys == k]].mean(axis=1, skipna=False) for k in sorted(set(keys))]
    parts += [accuracies[c] for c in ("greyscale", "stylized_imagenet") if c in columns]
    pgd = columns[columns.str.startswith("pgd.")]
    if not parts or pgd.empty:
        raise ValueError("accuracies hold no ImageNet-C/greyscale/stylized or no pgd.* "
                         "columns: pass the testbed's wide table")
    out = pd.DataFrame({
        "avg_corruptions": pd.concat(parts, axis=1).mean(axis=1, skipna=False),
        "avg_pgd": accuracies[pgd].mean(axis=1, skipna=False),
    })
    return out


def baseline_models(accuracies: pd.DataFrame, model_types: pd.Series, *, x: str = "val",
                    min_accuracy: float = 0.55, standard: str = "Standard training",
                    exclude: tuple[str, ...] = ("aws", "batch64", "subsample")) -> pd.Series:
    """The testbed's rule for the models that define a baseline line.

    A model is a baseline model when its type is ``standard``, its name (lower-cased)
    contains none of ``exclude`` (re-trainings on other infrastructure, small-batch
    re-runs, subsampled training sets), and its accuracy on the reference column ``x`` is
    at least ``min_accuracy`` (the testbed plots use 55%, on the class-restricted column
    for class-subset shifts).

    Parameters
    ----------
    accuracies
        Models x settings, fractions.
    model_types
        Model type by model name (e.g. ``load_imagenet_testbed_model_types()`` indexed by
        ``model``, column ``model_type``).
    x
        The reference column the threshold applies to.
    min_accuracy
        Fraction, not percent.

    Returns
    -------
    pandas.Series
        Boolean, indexed like ``accuracies``.

    Examples
    --------
    >>> acc = pd.DataFrame({"val": [0.76, 0.76, 0.5]}, index=["resnet50", "resnet50_aws", "alexnet"])
    >>> types = pd.Series("Standard training", index=acc.index)
    >>> baseline_models(acc, types).tolist()
    [True, False, False]
    """
    if x not in accuracies.columns:
        raise KeyError(f"x column {x!r} is not a setting of accuracies")
    check_fraction(min_accuracy, "min_accuracy", what="an accuracy as a fraction")
    missing = accuracies.index.difference(model_types.index)
    if len(missing):
        raise KeyError(f"{len(missing)} models have no model type (first: {missing[0]!r})")
    name = accuracies.index.astype(str).str.lower()
    keep = np.ones(len(name), dtype=bool)
    for word in exclude:
        keep &= ~name.str.contains(word, regex=False)
    keep &= (model_types.reindex(accuracies.index) == standard).to_numpy()
    keep &= (accuracies[x] >= min_accuracy).to_numpy()
    return pd.Series(keep, index=accuracies.index, name="baseline")


def _shift_pairs(shifts: Any) -> dict[str, str]:
    if isinstance(shifts, pd.DataFrame):
        return dict(zip(shifts.index.astype(str), shifts["x"].astype(str), strict=True))
    if isinstance(shifts, Mapping):
        return {str(k): str(v) for k, v in shifts.items()}
    raise TypeError("shifts must be a mapping shift -> x column or a frame like TESTBED_SHIFTS")


def _models_mask(models: Any, index: pd.Index) -> np.ndarray:
    if models is None:
        return np.ones(len(index), dtype=bool)
    if isinstance(models, pd.Series) and models.dtype == bool:
        return models.reindex(index, fill_value=False).to_numpy()
    names = pd.Index(list(models))
    unknown = names.difference(index)
    if len(unknown):
        raise KeyError(f"{len(unknown)} models are not rows of accuracies (first: {unknown[0]!r})")
    return index.isin(names)


def _fit_stats(tx: np.ndarray, ty: np.ndarray) -> np.ndarray:
    """Slope, intercept, R² and residual SD (n - 2 df) along the last axis."""
    slope, intercept = _ols(tx, ty)
    resid = ty - (intercept[..., None] + slope[..., None] * tx)
    ss_res = (resid ** 2).sum(axis=-1)
    ss_tot = ((ty - ty.mean(axis=-1, keepdims=True)) ** 2).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        r2 = 1 - ss_res / ss_tot
    return np.stack([slope, intercept, r2, np.sqrt(ss_res / (tx.shape[-1] - 2))], axis=-1)


def fit_shifts(accuracies: pd.DataFrame, shifts: Any = TESTBED_SHIFTS, *, models: Any = None,
               min_x: float = 0.55, scale: str = "probit", rng: np.random.Generator | None = None,
               n_boot: int = 1000, confidence: float = 0.95, eps: float = DEFAULT_EPS) -> pd.DataFrame:
    """Fit ``T(shift) = intercept + slope * T(x)`` for every shift at once, with bootstrap CIs.

    For each shift the line is fitted by OLS on the chosen ``models`` that have both
    accuracies and an ``x`` accuracy of at least ``min_x`` (the testbed's rule), as
    :func:`analysis.generalization.fit_line` would; the bootstrap resamples those models.

    Parameters
    ----------
    accuracies
        Models x settings, fractions; add :func:`synthetic_averages` columns to fit them.
    shifts
        Mapping shift column -> x column, or a frame with an ``x`` column indexed by shift
        (default :data:`TESTBED_SHIFTS`).
    models
        Boolean Series or list of model names allowed into the fits (e.g.
        :func:`baseline_models` with ``min_accuracy=0``); all models if None.
    min_x
        Models below this ``x`` accuracy are left out of a shift's fit.
    scale
        ``"linear"``, ``"logit"`` or ``"probit"``.
    rng, n_boot, confidence
        Percentile bootstrap over models (``n_boot=0``: intervals are NaN).
    eps
        Clipping before a logit or probit (ImageNet-A has accuracies of 0).

    Returns
    -------
    pandas.DataFrame
        Index ``shift``; ``x``, ``n_models``, and for each of ``slope``, ``intercept``,
        ``r2`` and ``resid_sd`` (residual standard deviation on the fitted scale, n - 2
        degrees of freedom) the estimate and its ``_low`` and ``_high`` interval ends.

    Notes
    -----
    R² on a transformed scale is not comparable with R² on another scale as a measure of
    fit in accuracy; it says how much of the transformed variance the line explains. The
    bootstrap treats models as independent draws; families of near-identical models make
    the intervals optimistic.

    Examples
    --------
    >>> acc = pd.DataFrame({"val": [0.6, 0.7, 0.8, 0.9], "v2": [0.5, 0.6, 0.7, 0.8]})
    >>> fit_shifts(acc, {"v2": "val"}, scale="linear", n_boot=0, min_x=0)["slope"].round(6).tolist()
    [1.0]
    """
    if not isinstance(accuracies, pd.DataFrame):
        raise TypeError("accuracies must be a models x settings DataFrame of fractions")
    pairs = _shift_pairs(shifts)
    if not pairs:
        raise ValueError("shifts is empty: pass at least one shift -> x column")
    unknown = sorted({c for kv in pairs.items() for c in kv} - set(accuracies.columns))
    if unknown:
        raise KeyError(f"columns not in accuracies: {unknown}; synthetic averages come from "
                       "synthetic_averages(accuracies), joined to the table")
    level = check_confidence(confidence)
    check_fraction(min_x, "min_x", what="an accuracy as a fraction")
    if int(n_boot) != n_boot or n_boot < 0:
        raise ValueError(f"n_boot must be a whole number >= 0, got {n_boot!r}")
    if n_boot:
        if rng is None:
            raise ValueError("pass rng=numpy.random.default_rng(seed) for the bootstrap (or n_boot=0)")
        rng = check_rng(rng)
    allowed = _models_mask(models, accuracies.index)
    names = ["slope", "intercept", "r2", "resid_sd"]
    alpha = (1 - level) / 2
    rows = {}
    for shift, x in pairs.items():
        xv, yv = accuracies[x].to_numpy(float), accuracies[shift].to_numpy(float)
        use = allowed & ~np.isnan(xv) & ~np.isnan(yv) & (np.nan_to_num(xv, nan=-1) >= min_x)
        if use.sum() < 3:
            raise ValueError(f"shift {shift!r}: only {int(use.sum())} models qualify; a line needs 3")
        tx, ty = to_scale(xv[use], scale, eps=eps), to_scale(yv[use], scale, eps=eps)
        row = {"x": x, "n_models": int(use.sum())}
        est = _fit_stats(tx, ty)
        if n_boot:
            idx = rng.integers(0, tx.size, size=(int(n_boot), tx.size))
            lo, hi = np.nanquantile(_fit_stats(tx[idx], ty[idx]), [alpha, 1 - alpha], axis=0)
        else:
            lo = hi = np.full(4, np.nan)
        for k, name in enumerate(names):
            row.update({name: float(est[k]), f"{name}_low": float(lo[k]), f"{name}_high": float(hi[k])})
        rows[shift] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("shift")


def effective_robustness_table(accuracies: pd.DataFrame, shifts: Any = TESTBED_SHIFTS, *,
                               baseline: Any, min_x: float = 0.55, scale: str = "logit",
                               eps: float = DEFAULT_EPS) -> pd.DataFrame:
    """Every model's effective robustness on every shift (Taori et al. 2020), in one table.

    For each shift the baseline line is fitted on the ``baseline`` models with both
    accuracies and ``x >= min_x``; every model with both accuracies then gets
    ``rho = acc_shift - T^{-1}(intercept + slope * T(acc_x))``. No bootstrap: for bands
    around one shift's line use :func:`analysis.generalization.effective_robustness`.

    Parameters
    ----------
    accuracies, shifts, min_x, eps
        As in :func:`fit_shifts`.
    baseline
        Boolean Series or list of model names (e.g. :func:`baseline_models` with
        ``min_accuracy=0``; the ``min_x`` rule is applied per shift here).
    scale
        ``"logit"`` (Taori et al.'s default), ``"probit"`` or ``"linear"``.

    Returns
    -------
    pandas.DataFrame
        Models x shifts, effective robustness as a fraction (positive: above the line),
        NaN where a model lacks one of the two accuracies.

    Examples
    --------
    >>> acc = pd.DataFrame({"val": [0.6, 0.7, 0.8, 0.9, 0.7], "v2": [0.5, 0.6, 0.7, 0.8, 0.75]},
    ...                    index=list("abcde"))
    >>> er = effective_robustness_table(acc, {"v2": "val"}, baseline=list("abcd"), scale="linear")
    >>> round(float(er.loc["e", "v2"]), 6)
    0.15
    """
    fits = fit_shifts(accuracies, shifts, models=baseline, min_x=min_x, scale=scale, n_boot=0, eps=eps)
    out = {}
    for shift, fit in fits.iterrows():
        xv, yv = accuracies[fit["x"]], accuracies[shift]
        both = xv.notna() & yv.notna()
        pred = pd.Series(np.nan, index=accuracies.index)
        tx = to_scale(xv[both].to_numpy(), scale, eps=eps)
        pred[both] = from_scale(fit["intercept"] + fit["slope"] * tx, scale)
        out[shift] = yv - pred
    return pd.DataFrame(out, index=accuracies.index).rename_axis(columns="shift")
