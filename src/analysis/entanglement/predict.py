"""How well one general-capability component predicts a benchmark it was not built from.

Leave one benchmark out: build PC1 from the other benchmarks, then predict the held-out
benchmark from PC1 with a line or a sigmoid, out of sample over models (K-fold
cross-validation, seeded). The out-of-sample R² says how much of the held-out benchmark's
variation across models one capability dimension already accounts for.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import curve_fit
from scipy.special import expit

from ..stats._checks import check_rng
from ._checks import as_table, check_fractions
from .components import impute_pca, pca

__all__ = ["cross_validated_prediction", "cross_validated_r2", "leave_one_benchmark_out",
           "sigmoid"]


def sigmoid(x: Any, slope: float, intercept: float, floor: float = 0.0) -> np.ndarray:
    """``floor + (1 - floor) / (1 + exp(-(slope x + intercept)))``: a score between a floor
    (e.g. chance) and 1 rising with ``x``.

    Examples
    --------
    >>> float(sigmoid(0.0, 1.0, 0.0, floor=0.5))
    0.75
    """
    return floor + (1.0 - floor) * expit(slope * np.asarray(x, dtype=np.float64) + intercept)


def _folds(n: int, n_folds: int | None, rng: np.random.Generator) -> np.ndarray:
    if n_folds is None:
        return np.arange(n)
    if isinstance(n_folds, bool) or not isinstance(n_folds, (int, np.integer)):
        raise TypeError(f"n_folds must be a whole number or None; got {n_folds!r}")
    if not 2 <= n_folds <= n:
        raise ValueError(f"n_folds must be between 2 and the number of models ({n}); got "
                         f"{n_folds}")
    return rng.permutation(np.arange(n) % n_folds)


def _fit_predict(x_train, y_train, x_test, link: str, floor: float) -> np.ndarray:
    if link == "linear":
        slope, intercept = np.polyfit(x_train, y_train, 1)
        return slope * x_test + intercept
    sd = x_train.std() or 1.0
    try:
        (a, b), _ = curve_fit(lambda x, a, b: sigmoid(x, a, b, floor), x_train / sd,
                              y_train, p0=(1.0, 0.0), maxfev=5000)
    except RuntimeError:  # no convergence: fall back to the line, and say so in the docs
        slope, intercept = np.polyfit(x_train, y_train, 1)
        return slope * x_test + intercept
    return sigmoid(x_test / sd, a, b, floor)


def cross_validated_prediction(predictors: pd.DataFrame, target: pd.Series, *,
                               rng: np.random.Generator, n_folds: int | None = 10,
                               link: str = "linear", standardize: bool = False,
                               floor: float = 0.0) -> pd.DataFrame:
    """Out-of-sample prediction of one benchmark from PC1 of other benchmarks.

    Models are split into ``n_folds`` folds (``None``: leave one model out). For each fold,
    PCA (:func:`pca`) is fitted on the training models' ``predictors``, the test models are
    projected on its PC1, and the link is fitted from the training models' PC1 to their
    ``target`` and applied to the test models. Nothing about the test models' target
    enters the fit.

    Parameters
    ----------
    predictors
        Models x benchmarks, complete (impute missing cells first).
    target
        The held-out benchmark's score per model (same index labels); models with a NaN
        target are left out.
    rng
        Seeded generator for the fold assignment.
    n_folds
        Folds (at least 2), or ``None`` for leave-one-model-out.
    link
        ``"linear"`` or ``"sigmoid"`` (:func:`sigmoid`, for fractions rising from
        ``floor`` to 1; if the fit fails to converge in a fold, the line is used there).
    standardize
        Whether PC1 is computed on z-scores (needed when units differ).
    floor
        Lower asymptote of the sigmoid (e.g. chance accuracy).

    Returns
    -------
    pandas.DataFrame
        One row per model with ``observed``, ``predicted``, ``fold``; ``attrs`` hold
        ``r2`` (``1 - Σ(y - ŷ)² / Σ(y - ȳ)²`` with ``ȳ`` the mean over all evaluated
        models: it can be negative) and ``mae`` (mean absolute error, in the target's
        units).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> g = np.linspace(-2, 2, 20)
    >>> X = pd.DataFrame({"a": g, "b": 2 * g + 1})
    >>> out = cross_validated_prediction(X, pd.Series(3 * g), rng=np.random.default_rng(0),
    ...                                  n_folds=5)
    >>> round(out.attrs["r2"], 6)
    1.0
    """
    table = as_table(predictors, "predictors", min_models=3, allow_missing=False)
    if not isinstance(target, pd.Series):
        raise TypeError(f"target must be a pandas Series indexed by model; got "
                        f"{type(target).__name__}")
    if not pd.api.types.is_numeric_dtype(target):
        raise TypeError("target must hold numbers")
    rng = check_rng(rng)
    if link not in ("linear", "sigmoid"):
        raise ValueError(f"link must be 'linear' or 'sigmoid'; got {link!r}")
    unknown = target.index.difference(table.index)
    if len(unknown):
        raise ValueError(f"target has models that predictors lack: {unknown[:3].tolist()}")
    y = target.astype(np.float64).dropna()
    if link == "sigmoid":
        check_fractions(y.to_frame(), "target")
    if len(y) < 4:
        raise ValueError(f"only {len(y)} models have the target: need at least 4")
    x = table.loc[y.index]
    fold = _folds(len(y), n_folds, rng)
    predicted = np.empty(len(y))
    values = y.to_numpy()
    for k in np.unique(fold):  # one PCA and one fit per fold
        test = fold == k
        fit = pca(x[~test], n_components=1, standardize=standardize)
        pc_train = fit.scores["PC1"].to_numpy()
        pc_test = fit.transform(x[test])["PC1"].to_numpy()
        predicted[test] = _fit_predict(pc_train, values[~test], pc_test, link, floor)
    out = pd.DataFrame({"observed": values, "predicted": predicted, "fold": fold},
                       index=y.index)
    residual = values - predicted
    out.attrs["r2"] = float(1 - (residual ** 2).sum() / ((values - values.mean()) ** 2).sum())
    out.attrs["mae"] = float(np.abs(residual).mean())
    return out


def leave_one_benchmark_out(scores: pd.DataFrame, *, rng: np.random.Generator,
                            n_folds: int | None = 10, link: str = "linear",
                            standardize: bool = False, impute: bool = True,
                            targets: Any = None, floor: float = 0.0) -> pd.DataFrame:
    """For each benchmark, how well PC1 of the *other* benchmarks predicts it out of sample.

    For held-out benchmark ``b``: the other benchmarks' missing cells are filled by
    :func:`impute_pca` (one component, standardized, clipped to [0, 1] when the scores are
    fractions) from the other benchmarks only, so ``b`` never informs its own predictors;
    then :func:`cross_validated_prediction` with the same folds for every benchmark.

    Parameters
    ----------
    scores
        Models x benchmarks (NaN allowed when ``impute``).
    rng
        Seeded generator; one fold assignment is drawn from it per benchmark.
    n_folds, link, standardize, floor
        As in :func:`cross_validated_prediction`.
    impute
        Impute the predictors' missing cells; if ``False``, models with a missing
        predictor are dropped.
    targets
        Benchmark(s) to hold out in turn: a name or a list (default: all).

    Returns
    -------
    pandas.DataFrame
        One row per held-out benchmark: ``r2``, ``mae``, ``n_models``, ``sd`` (the
        benchmark's standard deviation over those models, to read the MAE against).

    Notes
    -----
    The imputation is transductive (it uses every model's other scores, test models
    included) but never the held-out benchmark. R² over models depends on how spread out
    the models are: a set of very different models makes any capability summary look
    predictive.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> g = np.linspace(0.1, 0.9, 12)
    >>> s = pd.DataFrame({"a": g, "b": g ** 2, "c": np.sqrt(g)})
    >>> out = leave_one_benchmark_out(s, rng=np.random.default_rng(0), n_folds=4)
    >>> bool((out["r2"] > 0.8).all())
    True
    """
    table = as_table(scores, min_models=4)
    rng = check_rng(rng)
    if table.shape[1] < 3:
        raise ValueError("leave_one_benchmark_out needs at least three benchmarks (two to "
                         "build PC1 from, one to predict)")
    report = (list(table.columns) if targets is None
              else [targets] if isinstance(targets, str) else list(targets))
    unknown = [b for b in report if b not in table.columns]
    if unknown:
        raise ValueError(f"targets {unknown[:5]} are not columns of scores")
    fractions = bool(((table >= 0) & (table <= 1) | table.isna()).all().all())
    rows = {}
    for b in report:  # one held-out benchmark at a time: a handful of columns
        others = table.drop(columns=b)
        if impute and others.isna().any().any():
            others = impute_pca(others, clip=(0.0, 1.0) if fractions else None)
        else:
            others = others.dropna()
        cv = cross_validated_prediction(others, table[b].loc[others.index], rng=rng,
                                        n_folds=n_folds, link=link,
                                        standardize=standardize, floor=floor)
        rows[b] = {"r2": cv.attrs["r2"], "mae": cv.attrs["mae"], "n_models": len(cv),
                   "sd": float(cv["observed"].std(ddof=1))}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("benchmark")


def cross_validated_r2(predictors: pd.DataFrame, targets: pd.DataFrame, *,
                       rng: np.random.Generator, n_folds: int | None = None,
                       standardize: bool = True) -> pd.DataFrame:
    """Out-of-sample R² and MAE of many benchmarks, each predicted linearly from one PC1.

    The same procedure as :func:`cross_validated_prediction` with ``link="linear"``, for
    every column of ``targets`` at once: PC1 of ``predictors`` is fitted once per fold on
    the training models, and each target's line ``y = a + b PC1`` is fitted by least
    squares on the training models that have that target (closed form, all targets as
    arrays).

    Parameters
    ----------
    predictors
        Models x benchmarks, complete.
    targets
        Models x benchmarks to predict (NaN allowed: those cells are left out); same
        model labels as ``predictors`` (extra models in ``targets`` are ignored).
    rng, n_folds, standardize
        As in :func:`cross_validated_prediction` (default: leave one model out, z-scores).

    Returns
    -------
    pandas.DataFrame
        One row per target: ``r2``, ``mae``, ``n_models``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> g = np.linspace(-2, 2, 12)
    >>> X = pd.DataFrame({"a": g, "b": 2 * g})
    >>> Y = pd.DataFrame({"y": 1 - g, "noise": np.tile([1.0, -1.0], 6)})
    >>> out = cross_validated_r2(X, Y, rng=np.random.default_rng(0))
    >>> round(float(out.loc["y", "r2"]), 6), bool(out.loc["noise", "r2"] < 0)
    (1.0, True)
    """
    table = as_table(predictors, "predictors", min_models=4, allow_missing=False)
    target = as_table(targets, "targets", min_models=1, min_per_benchmark=0)
    rng = check_rng(rng)
    if not target.index.isin(table.index).any():
        raise ValueError(
            f"targets share no model label with predictors (e.g. {target.index[:2].tolist()} "
            f"against {table.index[:2].tolist()}); rows are matched by model label: index both "
            "by the same model names")
    target = target.reindex(table.index)
    y = target.to_numpy()
    fold = _folds(len(table), n_folds, rng)
    predicted = np.full(y.shape, np.nan)
    for k in np.unique(fold):  # one PCA per fold, every target at once
        test = fold == k
        fit = pca(table[~test], n_components=1, standardize=standardize)
        x_train = fit.scores["PC1"].to_numpy()[:, None]
        x_test = fit.transform(table[test])["PC1"].to_numpy()[:, None]
        seen = ~np.isnan(y[~test])
        n = seen.sum(axis=0)
        xs = np.where(seen, x_train, 0.0)
        ys = np.where(seen, y[~test], 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mx, my = xs.sum(axis=0) / n, ys.sum(axis=0) / n
            dx = np.where(seen, xs - mx, 0.0)
            slope = (dx * (ys - my)).sum(axis=0) / (dx ** 2).sum(axis=0)
        predicted[test] = my + slope * (x_test - mx)
    observed = ~np.isnan(y)
    residual = np.where(observed, y - predicted, 0.0)
    n_obs = observed.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(observed, y, 0.0).sum(axis=0) / n_obs
        total = (np.where(observed, y - mean, 0.0) ** 2).sum(axis=0)
        r2 = 1 - (residual ** 2).sum(axis=0) / total
        mae = np.abs(residual).sum(axis=0) / n_obs
    return pd.DataFrame({"r2": r2, "mae": mae, "n_models": n_obs},
                        index=pd.Index(target.columns, name="benchmark"))
