"""Principal components of a models x benchmarks matrix, with missing cells imputed.

Ruan et al. (2024) impute missing scores by iterative low-rank PCA in standardized space
and then run PCA on the (unstandardized) scores; Ren et al. (2024) take the first
eigenvector of a rank-correlation matrix of capability benchmarks. Both are here, computed
with numpy's SVD and symmetric eigendecomposition (no iterative solver: the matrices are
small, and the SVD is exact and fast).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._checks import as_table, check_fractions

__all__ = ["PCAResult", "impute_pca", "pca", "correlation_pca"]


@dataclass(frozen=True)
class PCAResult:
    """Principal components of a complete models x benchmarks matrix.

    Attributes
    ----------
    explained_variance_ratio : pandas.Series
        Share of the total variance per component (``PC1``, ``PC2``...); over all
        components it sums to 1.
    explained_variance : pandas.Series
        Variance per component (sample variance, divisor ``n - 1``, as scikit-learn).
    loadings : pandas.DataFrame
        Benchmarks x components: the unit-length principal axes (``components_.T`` in
        scikit-learn), signed so that PC1's loadings sum to a positive number and every
        other component's largest-magnitude loading is positive.
    scores : pandas.DataFrame
        Models x components: the centred (and, if standardized, scaled) data projected on
        the loadings.
    mean, scale : pandas.Series
        Per-benchmark centre and scale used (scale is 1 when not standardized).
    """

    explained_variance_ratio: pd.Series
    explained_variance: pd.Series
    loadings: pd.DataFrame
    scores: pd.DataFrame
    mean: pd.Series
    scale: pd.Series

    def transform(self, new: pd.DataFrame) -> pd.DataFrame:
        """Project other models (same benchmark columns, complete) on the components."""
        table = as_table(new, "new", min_models=1, allow_missing=False,
                         min_per_benchmark=1)
        missing = self.loadings.index.difference(table.columns)
        if len(missing):
            raise ValueError(f"new lacks the benchmarks {missing[:5].tolist()}")
        z = (table[self.loadings.index] - self.mean) / self.scale
        return pd.DataFrame(z.to_numpy() @ self.loadings.to_numpy(), index=table.index,
                            columns=self.loadings.columns)


def _fix_signs(axes: np.ndarray) -> np.ndarray:
    """Sign convention: column 0 sums positive; other columns' largest |entry| positive.

    ``axes`` has benchmarks in rows and components in columns (the last axis), and may be
    stacked (leading axes); returns a copy.
    """
    axes = np.array(axes, dtype=np.float64, copy=True)
    first = axes[..., :, 0]
    flip = np.where(first.sum(axis=-1) < 0, -1.0, 1.0)
    axes[..., :, 0] = first * flip[..., None]
    if axes.shape[-1] > 1:
        rest = axes[..., :, 1:]
        pick = np.take_along_axis(rest, np.abs(rest).argmax(axis=-2)[..., None, :], axis=-2)
        axes[..., :, 1:] = rest * np.where(pick < 0, -1.0, 1.0)
    return axes


def impute_pca(scores: pd.DataFrame, *, n_components: int = 1, standardize: bool = True,
               clip: tuple[float, float] | None = (0.0, 1.0), max_iter: int = 500,
               tol: float = 1e-8) -> pd.DataFrame:
    """Fill the missing cells of a models x benchmarks matrix by iterative low-rank PCA.

    Each benchmark is centred (and, with ``standardize``, divided by its sample standard
    deviation) over the models that have it; missing cells start at the benchmark's mean
    (0 in standardized space). Then, until the filled cells change by less than ``tol``
    (root-mean-square, in standardized units): centre the filled matrix, take its best
    rank-``n_components`` approximation by SVD, and replace the missing cells by it.
    Observed cells are never changed. This is the expectation-maximisation view of PCA with
    missing data; with one component in standardized space and clipping to [0, 1] it is
    the imputation of Ruan et al. (2024).

    Parameters
    ----------
    scores
        Models x benchmarks, NaN where a model was not scored. With ``clip`` set, scores
        must be fractions in ``[0, 1]`` (percentages are refused: divide by 100).
    n_components
        Rank of the approximation (at least 1, fewer than the number of benchmarks).
    standardize
        Work in z-scores (recommended when benchmarks have different spreads).
    clip
        Interval the imputed cells are clipped to, or ``None`` for no clipping.
    max_iter, tol
        Stopping rule: stop when the root-mean-square change of the filled cells falls
        below ``tol`` (standardized units), or after ``max_iter`` iterations (then the last
        iterate is returned; with one component on benchmark data it converges in a few
        dozen iterations).

    Returns
    -------
    pandas.DataFrame
        Same shape and labels, no NaN.

    Notes
    -----
    Imputation borrows strength from the other benchmarks: an imputed cell is a
    prediction, not a measurement, and analyses downstream understate their uncertainty
    if they treat it as data. A benchmark must be observed for at least two models; a
    model scored on no benchmark is refused.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> s = pd.DataFrame({"a": [0.2, 0.4, 0.6, 0.8], "b": [0.1, 0.3, np.nan, 0.7],
    ...                   "c": [0.3, 0.5, 0.7, 0.9]})
    >>> round(float(impute_pca(s).loc[2, "b"]), 3)
    0.5
    """
    table = as_table(scores, min_models=2)
    if clip is not None:
        check_fractions(table)
    if isinstance(n_components, bool) or not isinstance(n_components, (int, np.integer)):
        raise TypeError(f"n_components must be a whole number; got {n_components!r}")
    if not 1 <= n_components < table.shape[1]:
        raise ValueError(f"n_components must be between 1 and {table.shape[1] - 1} (fewer "
                         f"than the {table.shape[1]} benchmarks); got {n_components}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a whole number >= 1; got {max_iter!r}")
    values = table.to_numpy()
    missing = np.isnan(values)
    empty = table.index[missing.all(axis=1)].tolist()
    if empty:
        raise ValueError(f"models {empty[:5]} have no score at all: drop them")
    mean = np.nanmean(values, axis=0)
    scale = np.nanstd(values, axis=0, ddof=1) if standardize else np.ones(values.shape[1])
    if (scale == 0).any():
        raise ValueError(f"benchmarks {table.columns[scale == 0].tolist()[:5]} have the same "
                         "score for every model: they cannot be standardized; drop them")
    z = np.where(missing, 0.0, (values - mean) / scale)
    if missing.any():
        for _ in range(max_iter):
            centre = z.mean(axis=0)
            u, s, vt = np.linalg.svd(z - centre, full_matrices=False)
            low_rank = centre + (u[:, :n_components] * s[:n_components]) @ vt[:n_components]
            change = np.sqrt(np.mean((low_rank[missing] - z[missing]) ** 2))
            z[missing] = low_rank[missing]
            if change < tol:
                break
    filled = z * scale + mean
    if clip is not None:
        filled[missing] = np.clip(filled[missing], *clip)
    filled[~missing] = values[~missing]
    return pd.DataFrame(filled, index=table.index, columns=table.columns)


def pca(scores: pd.DataFrame, *, n_components: int | None = None,
        standardize: bool = False) -> PCAResult:
    """Principal component analysis of a complete models x benchmarks matrix.

    Centres each benchmark (and, with ``standardize``, divides by its sample standard
    deviation, i.e. PCA of the correlation matrix), then takes the SVD
    ``X = U S Vᵀ``. Component ``k`` has variance ``s_k² / (n - 1)`` and loadings
    ``V[:, k]``; the explained-variance ratio is ``s_k² / Σ s_j²``, the same as
    scikit-learn's ``PCA`` (which this function is tested against).

    Parameters
    ----------
    scores
        Models x benchmarks without NaN (fill missing cells with :func:`impute_pca`
        first). At least two models and two benchmarks.
    n_components
        Components kept (default: all, ``min(n_models, n_benchmarks)``). The ratios are
        always relative to the total variance, so they sum to less than 1 when fewer are
        kept.
    standardize
        ``False`` (default) runs PCA on the scores as they are, as Ruan et al. (2024) do;
        benchmarks with a larger spread then weigh more. ``True`` gives every benchmark
        unit variance.

    Returns
    -------
    PCAResult

    Notes
    -----
    Signs of principal axes are arbitrary; here PC1's loadings sum to a positive number
    (so a higher PC1 means higher scores), and each other axis has its largest-magnitude
    loading positive.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [0.2, 0.4, 0.6, 0.8], "b": [0.1, 0.3, 0.6, 0.7]})
    >>> res = pca(s)
    >>> round(float(res.explained_variance_ratio["PC1"]), 3)
    0.992
    """
    table = as_table(scores, min_models=2, allow_missing=False)
    if table.shape[1] < 2:
        raise ValueError("pca needs at least two benchmarks (columns)")
    values = table.to_numpy()
    n, p = values.shape
    k_max = min(n, p)
    if n_components is None:
        n_components = k_max
    if isinstance(n_components, bool) or not isinstance(n_components, (int, np.integer)):
        raise TypeError(f"n_components must be a whole number or None; got {n_components!r}")
    if not 1 <= n_components <= k_max:
        raise ValueError(f"n_components must be between 1 and {k_max}; got {n_components}")
    mean = values.mean(axis=0)
    scale = values.std(axis=0, ddof=1) if standardize else np.ones(p)
    if (scale == 0).any():
        raise ValueError(f"benchmarks {table.columns[scale == 0].tolist()[:5]} have the same "
                         "score for every model: drop them")
    centred = (values - mean) / scale
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    total = float((s ** 2).sum())
    if total == 0:
        raise ValueError("every model has the same scores: there is no variance to explain")
    axes = _fix_signs(vt[:n_components].T)
    names = [f"PC{i + 1}" for i in range(n_components)]
    ratio = pd.Series((s[:n_components] ** 2) / total, index=names)
    return PCAResult(
        explained_variance_ratio=ratio,
        explained_variance=pd.Series(s[:n_components] ** 2 / (n - 1), index=names),
        loadings=pd.DataFrame(axes, index=table.columns, columns=names),
        scores=pd.DataFrame(centred @ axes, index=table.index, columns=names),
        mean=pd.Series(mean, index=table.columns),
        scale=pd.Series(scale, index=table.columns),
    )


def correlation_pca(scores: pd.DataFrame, *, method: str = "spearman") -> pd.DataFrame:
    """Eigendecomposition of the benchmarks' correlation matrix over models.

    The correlation matrix ``R`` (Spearman by default, as Ren et al. 2024; or Pearson) is
    computed over the models scored on every benchmark (rows with a NaN are dropped, as in
    the authors' code), and ``R = V Λ Vᵀ`` with eigenvalues in decreasing order. The
    share of PC ``k`` is ``λ_k / Σ λ = λ_k / p`` (the trace of a correlation matrix is the
    number of benchmarks ``p``).

    Parameters
    ----------
    scores
        Models x benchmarks; any units (a rank correlation ignores them).
    method
        ``"spearman"`` or ``"pearson"``.

    Returns
    -------
    pandas.DataFrame
        One row per benchmark, then a row ``share`` with the eigenvalue shares; columns
        ``PC1``... . The PC1 column holds the weights of the capability score
        (:func:`analysis.entanglement.capability_score`), signed so that they sum to a
        positive number. ``attrs["n_models"]`` is the number of complete models used.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 1, 4, 3], "c": [1, 3, 2, 4]})
    >>> out = correlation_pca(s)
    >>> round(float(out.loc["share", "PC1"]), 3)
    0.667
    """
    table = as_table(scores, min_models=3)
    if method not in ("spearman", "pearson"):
        raise ValueError(f"method must be 'spearman' or 'pearson'; got {method!r}")
    complete = table.dropna()
    if len(complete) < 3:
        raise ValueError(f"only {len(complete)} models are scored on every benchmark; a "
                         "correlation matrix needs at least 3")
    constant = complete.columns[complete.nunique() < 2].tolist()
    if constant:
        raise ValueError(f"benchmarks {constant[:5]} are constant over the complete models: "
                         "no correlation can be computed; drop them")
    corr = complete.corr(method=method).to_numpy()
    eigval, eigvec = np.linalg.eigh(corr)
    order = np.argsort(eigval)[::-1]
    eigval, eigvec = eigval[order], _fix_signs(eigvec[:, order])
    names = [f"PC{i + 1}" for i in range(len(eigval))]
    out = pd.DataFrame(eigvec, index=table.columns, columns=names)
    out.loc["share"] = eigval / eigval.sum()
    out.attrs["n_models"] = len(complete)
    return out
