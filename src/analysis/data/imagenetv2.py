"""ImageNetV2 per-item tables: which of 64 ImageNet models get which image right.

Upstream (modestyachts/ImageNetV2) publishes, per test set and model, the top-5 predicted
class ids of every image (``data/predictions/<testset>/<model>.npy``, int array
``(n_images, 5)``) and the ground truth (``data/datasets/<testset>.json``: its
``image_filenames`` list holds ``[image_id, wnid]`` in the order of the prediction rows).
This module derives the per-item tables from those raw files, verifies them by content
hash, and caches them as parquet files.

Test sets (upstream names are kept as the ``dataset`` values):

========================================  ================================  ========
upstream name                             display name                      images
========================================  ================================  ========
``imagenet-validation-original``          ImageNet val (original, 50k)      50,000
``imagenetv2-b-33``                       ImageNetV2 MatchedFrequency       10,000
``imagenetv2-a-44``                       ImageNetV2 Threshold0.7           10,000
``imagenetv2-c-12``                       ImageNetV2 TopImages              10,000
========================================  ================================  ========
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ._cache import fetch, local_path
from ._content import check_content, table_content_sha256
from ._registry import get_dataset

__all__ = [
    "IMAGENETV2_TESTSETS",
    "IMAGENETV2_DISPLAY_NAMES",
    "IMAGENETV2_SHORT_NAMES",
    "derive_imagenetv2_tables",
    "load_imagenetv2",
    "imagenetv2_matrix",
    "imagenetv2_accuracies",
]

DATASET = "imagenetv2"

#: Upstream test-set names, in the row order of the per-item tables.
IMAGENETV2_TESTSETS: tuple[str, ...] = (
    "imagenet-validation-original",
    "imagenetv2-b-33",
    "imagenetv2-a-44",
    "imagenetv2-c-12",
)
#: Upstream test-set name -> display name.
IMAGENETV2_DISPLAY_NAMES: dict[str, str] = {
    "imagenet-validation-original": "ImageNet val (original, 50k)",
    "imagenetv2-b-33": "ImageNetV2 MatchedFrequency",
    "imagenetv2-a-44": "ImageNetV2 Threshold0.7",
    "imagenetv2-c-12": "ImageNetV2 TopImages",
}
#: Upstream test-set name -> short name used in the ImageNetV2 paper.
IMAGENETV2_SHORT_NAMES: dict[str, str] = {
    "imagenet-validation-original": "val",
    "imagenetv2-b-33": "MatchedFrequency",
    "imagenetv2-a-44": "Threshold0.7",
    "imagenetv2-c-12": "TopImages",
}

KINDS = ("top1_correct", "top5_correct", "top1_pred")
KEY_COLUMNS = ("dataset", "item_index", "image_id", "wnid")
_PRED_KEY_COLUMNS = (*KEY_COLUMNS, "label_cid")
_EXCLUDED = re.compile(r"^fv_")  # Fisher-vector baselines: see derive_imagenetv2_tables
_RAW_PRED = re.compile(r"^raw/predictions/(?P<testset>[^/]+)/(?P<model>[^/]+)\.npy$")

# Per-process memo of verified derived tables: (path, size, mtime_ns, hash) -> frame.
_FRAMES: dict[tuple[str, int, int, str], pd.DataFrame] = {}


def derived_path(kind: str) -> str:
    """Registry path of the derived per-item table of ``kind``."""
    _check_kind(kind)
    return f"imagenetv2_per_item_{kind}.parquet"


def raw_ground_truth_path(testset: str) -> str:
    """Registry path of the ground-truth JSON of ``testset`` (``data/datasets/`` upstream)."""
    return f"raw/{testset}.json"


def raw_prediction_path(testset: str, model: str) -> str:
    """Registry path of the raw top-5 predictions of ``model`` on ``testset``."""
    return f"raw/predictions/{testset}/{model}.npy"


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")


def _key_columns(kind: str) -> tuple[str, ...]:
    return _PRED_KEY_COLUMNS if kind == "top1_pred" else KEY_COLUMNS


def derive_imagenetv2_tables(
    ground_truth: Mapping[str, Sequence[Sequence[str]] | Mapping],
    predictions: Mapping[str, Mapping[str, np.ndarray]],
    class_info: Sequence[Mapping],
) -> dict[str, pd.DataFrame]:
    """Derive the per-item tables from the raw upstream arrays (pure function).

    Parameters
    ----------
    ground_truth
        ``{testset: image_filenames}`` where ``image_filenames`` is the list of
        ``[image_id, wnid]`` pairs of the upstream ``data/datasets/<testset>.json`` (the
        whole parsed JSON object is accepted too).
    predictions
        ``{testset: {model: array}}``; each array is ``(n_images, 5)`` top-5 predicted
        class ids (0-999), rows in the order of ``image_filenames``.
    class_info
        The parsed upstream ``class_info.json``: a list of ``{"cid", "wnid", ...}``.

    Returns
    -------
    dict[str, pandas.DataFrame]
        ``"top1_correct"``, ``"top5_correct"`` (uint8, 1 = correct) and ``"top1_pred"``
        (int16 predicted class id; keys include ``label_cid``, the true class id). Rows:
        test sets in :data:`IMAGENETV2_TESTSETS` order, then upstream order
        (``item_index``); columns: ``dataset, item_index, image_id, wnid`` then one column
        per model, sorted by name.

    Notes
    -----
    The Fisher-vector baselines (``fv_*``) are dropped: upstream names them
    inconsistently across test sets (``fv_16k`` vs ``fv_16k_model``, ``fv_64k`` vs
    ``fv_64k_model``) and ``fv_16k`` scores ~3% top-1 on the V2 sets against 28% on val,
    which points to a label-index problem in the upstream files. Every remaining model
    must be present on every test set given.

    Example
    -------
    >>> import numpy as np
    >>> gt = {"imagenetv2-b-33": [["img0", "n01"], ["img1", "n02"]]}
    >>> preds = {"imagenetv2-b-33": {"m": np.array([[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]])}}
    >>> info = [{"cid": 0, "wnid": "n01"}, {"cid": 1, "wnid": "n02"}]
    >>> t = derive_imagenetv2_tables(gt, preds, info)
    >>> t["top1_correct"]["m"].tolist(), t["top5_correct"]["m"].tolist()
    ([1, 0], [1, 1])
    """
    info = sorted(class_info, key=lambda c: int(c["cid"]))
    if [int(c["cid"]) for c in info] != list(range(len(info))):
        raise ValueError("class_info must hold the class ids 0..K-1 exactly once each")
    wnid_index = pd.Index([c["wnid"] for c in info])
    order = [t for t in IMAGENETV2_TESTSETS if t in ground_truth]
    order += sorted(set(ground_truth) - set(order))
    if set(predictions) != set(order):
        raise ValueError(
            f"ground_truth and predictions must cover the same test sets; got "
            f"{sorted(ground_truth)} and {sorted(predictions)}"
        )
    models = sorted({m for t in order for m in predictions[t] if not _EXCLUDED.match(m)})
    missing = {t: sorted(set(models) - set(predictions[t])) for t in order}
    missing = {t: m for t, m in missing.items() if m}
    if missing:
        raise ValueError(f"models missing on some test sets: {missing}")

    parts: dict[str, list[pd.DataFrame]] = {k: [] for k in KINDS}
    for testset in order:
        gt = ground_truth[testset]
        if isinstance(gt, Mapping):
            gt = gt["image_filenames"]
        pairs = np.asarray(gt, dtype=object).reshape(-1, 2)
        n = len(pairs)
        label = wnid_index.get_indexer(pairs[:, 1])
        if (label < 0).any():
            raise ValueError(f"{testset}: ground-truth wnids not in class_info, e.g. "
                             f"{pairs[label < 0][0, 1]!r}")
        keys = pd.DataFrame({
            "dataset": np.full(n, testset, dtype=object),
            "item_index": np.arange(n, dtype=np.int64),
            "image_id": pairs[:, 0],
            "wnid": pairs[:, 1],
        })
        top1 = np.empty((n, len(models)), dtype=np.uint8)
        top5 = np.empty((n, len(models)), dtype=np.uint8)
        pred = np.empty((n, len(models)), dtype=np.int16)
        for j, model in enumerate(models):  # loop over models; items are vectorised
            p = np.asarray(predictions[testset][model])
            if p.ndim != 2 or p.shape[0] != n or p.shape[1] < 5:
                raise ValueError(f"{testset}/{model}: expected predictions of shape ({n}, 5), "
                                 f"got {p.shape}")
            pred[:, j] = p[:, 0]
            top1[:, j] = p[:, 0] == label
            top5[:, j] = (p[:, :5] == label[:, None]).any(axis=1)
        parts["top1_correct"].append(pd.concat([keys, pd.DataFrame(top1, columns=models)], axis=1))
        parts["top5_correct"].append(pd.concat([keys, pd.DataFrame(top5, columns=models)], axis=1))
        pred_keys = keys.assign(label_cid=label.astype(np.int16))
        parts["top1_pred"].append(pd.concat([pred_keys, pd.DataFrame(pred, columns=models)], axis=1))
    return {k: pd.concat(v, ignore_index=True) for k, v in parts.items()}


def normalise_table(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Bring a stored per-item table to the canonical layout the content hash covers.

    Drops ``fv_*`` columns, sorts the model columns by name, and stores predictions
    as int16 (correctness as uint8).
    """
    _check_kind(kind)
    keys = list(_key_columns(kind))
    models = sorted(c for c in frame.columns if c not in keys and not _EXCLUDED.match(str(c)))
    out = frame[keys + models].reset_index(drop=True)
    dtype = np.int16 if kind == "top1_pred" else np.uint8
    return out.astype({m: dtype for m in models})


def _registered_models() -> list[str]:
    paths = get_dataset(DATASET).paths
    return sorted({m["model"] for p in paths if (m := _RAW_PRED.match(p))})


def _derive_from_upstream() -> dict[str, pd.DataFrame]:
    """Fetch the raw upstream files, derive all three tables and verify them."""
    models = _registered_models()
    ground_truth = {
        t: json.loads(fetch(DATASET, raw_ground_truth_path(t)).read_text("utf-8"))
        for t in IMAGENETV2_TESTSETS
    }
    class_info = json.loads(fetch(DATASET, "class_info.json").read_text("utf-8"))
    predictions = {
        t: {m: np.load(fetch(DATASET, raw_prediction_path(t, m)), allow_pickle=False)
            for m in models}
        for t in IMAGENETV2_TESTSETS
    }
    tables = derive_imagenetv2_tables(ground_truth, predictions, class_info)
    ds = get_dataset(DATASET)
    for kind, frame in tables.items():
        entry = ds.file(derived_path(kind))
        check_content(
            frame, entry.content_sha256,
            what=f"The {kind} table derived from the raw ImageNetV2 downloads",
            fix=(f"The raw predictions (registered without sha256) or their download are not "
                 f"what the registry expects: delete {local_path(DATASET, 'raw')} and retry, "
                 f"or set ANALYSIS_DATA_DIR to a folder holding verified derived tables."),
        )
        _write_parquet(frame, local_path(DATASET, entry.path))
    return tables


def _write_parquet(frame: pd.DataFrame, target: Path) -> None:
    tmp = target.with_name(target.name + ".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, target)
    except OSError as exc:  # a read-only cache still returns the verified table
        warnings.warn(f"could not cache the derived table at {target}: {exc}", stacklevel=3)


def _read_verified(target: Path, kind: str, expected: str) -> pd.DataFrame:
    st = target.stat()
    key = (str(target.resolve()), st.st_size, st.st_mtime_ns, expected)
    if key not in _FRAMES:
        frame = normalise_table(pd.read_parquet(target), kind)
        check_content(
            frame, expected, what=f"The cached table {target}",
            fix=(f"Delete {target} so that it is derived again from the upstream files, or "
                 f"check that ANALYSIS_DATA_DIR points at an unmodified copy."),
        )
        _FRAMES[key] = frame
    return _FRAMES[key].copy()


def load_imagenetv2(kind: str = "top1_correct", *, include_keys: bool = True) -> pd.DataFrame:
    """Per-item results of 64 models on ImageNet val and the three ImageNetV2 test sets.

    Uses the derived parquet table in the cache when present (verified by content hash);
    otherwise downloads the raw upstream predictions (~214 MB), derives the three tables,
    verifies them and writes them into the cache.

    Parameters
    ----------
    kind
        ``"top1_correct"`` (1 = top-1 prediction is the true class), ``"top5_correct"``
        (1 = true class among the top 5) or ``"top1_pred"`` (predicted class id 0-999,
        int16; keys then include ``label_cid``, the true class id).
    include_keys
        If True (default), one row per item with columns ``dataset, item_index,
        image_id, wnid`` (+ ``label_cid``) then one column per model. If False, only the
        model columns, indexed by ``(dataset, item_index)``.

    Returns
    -------
    pandas.DataFrame
        80,000 rows (50,000 val + 3 x 10,000 V2); ``dataset`` holds the upstream test-set
        names (see :data:`IMAGENETV2_DISPLAY_NAMES`).

    Notes
    -----
    The Fisher-vector baselines (``fv_*``) are excluded (upstream label problem, see
    :func:`derive_imagenetv2_tables`). Accuracy of a model = mean of its column over
    a test set's rows, a fraction in [0, 1].

    Example
    -------
    >>> from analysis.data import load_imagenetv2
    >>> df = load_imagenetv2("top1_correct")  # doctest: +SKIP
    >>> df.groupby("dataset")["resnet50"].mean().round(4)["imagenetv2-b-33"]  # doctest: +SKIP
    0.6333
    """
    _check_kind(kind)
    entry = get_dataset(DATASET).file(derived_path(kind))
    target = local_path(DATASET, entry.path)
    if target.is_file():
        frame = _read_verified(target, kind, entry.content_sha256)
    else:
        frame = _derive_from_upstream()[kind]
    if not include_keys:
        frame = frame.set_index(["dataset", "item_index"]).drop(
            columns=[c for c in _key_columns(kind) if c not in ("dataset", "item_index")])
    return frame


def _resolve_testset(dataset: str) -> str:
    if dataset in IMAGENETV2_TESTSETS:
        return dataset
    for names in (IMAGENETV2_SHORT_NAMES, IMAGENETV2_DISPLAY_NAMES):
        for upstream, name in names.items():
            if name == dataset:
                return upstream
    valid = list(IMAGENETV2_TESTSETS) + list(IMAGENETV2_SHORT_NAMES.values())
    raise ValueError(f"unknown ImageNetV2 test set {dataset!r}; valid: {valid}")


def imagenetv2_matrix(
    dataset: str = "imagenet-validation-original", kind: str = "top1_correct"
) -> pd.DataFrame:
    """The response matrix of one test set: models x items.

    Parameters
    ----------
    dataset
        Upstream test-set name (e.g. ``"imagenetv2-b-33"``) or its short name
        (``"val"``, ``"MatchedFrequency"``, ``"Threshold0.7"``, ``"TopImages"``).
    kind
        As in :func:`load_imagenetv2`.

    Returns
    -------
    pandas.DataFrame
        Index ``model`` (64 models), columns ``image_id`` in upstream order; uint8 0/1
        for the correctness kinds, int16 class ids for ``"top1_pred"``.

    Example
    -------
    >>> from analysis.data import imagenetv2_matrix
    >>> m = imagenetv2_matrix("MatchedFrequency")  # doctest: +SKIP
    >>> m.shape  # doctest: +SKIP
    (64, 10000)
    """
    testset = _resolve_testset(dataset)
    frame = load_imagenetv2(kind)
    rows = frame[frame["dataset"] == testset]
    models = [c for c in frame.columns if c not in _key_columns(kind)]
    return pd.DataFrame(
        rows[models].to_numpy().T,
        index=pd.Index(models, name="model"),
        columns=pd.Index(rows["image_id"].to_numpy(), name="image_id"),
    )


def imagenetv2_accuracies() -> pd.DataFrame:
    """Top-1 and top-5 accuracy of every model on every test set.

    Computed from the per-item tables (not read from a stored summary).

    Returns
    -------
    pandas.DataFrame
        Long table with columns ``dataset`` (upstream name), ``dataset_name`` (display
        name), ``model``, ``n_items``, ``top1_acc``, ``top5_acc`` (fractions in [0, 1]);
        test sets in :data:`IMAGENETV2_TESTSETS` order, models sorted.

    Example
    -------
    >>> from analysis.data import imagenetv2_accuracies
    >>> acc = imagenetv2_accuracies()  # doctest: +SKIP
    >>> acc.query("model == 'resnet50'")["top1_acc"].round(4).tolist()  # doctest: +SKIP
    [0.7613, 0.6333, 0.727, 0.7809]
    """
    out = []
    for kind, col in (("top1_correct", "top1_acc"), ("top5_correct", "top5_acc")):
        frame = load_imagenetv2(kind)
        models = [c for c in frame.columns if c not in KEY_COLUMNS]
        acc = frame.groupby("dataset", sort=False)[models].mean()
        out.append(acc.stack().rename(col))
    table = pd.concat(out, axis=1).rename_axis(["dataset", "model"]).reset_index()
    sizes = frame.groupby("dataset", sort=False).size()
    table.insert(1, "dataset_name", table["dataset"].map(IMAGENETV2_DISPLAY_NAMES))
    table.insert(3, "n_items", table["dataset"].map(sizes).astype(np.int64))
    order = {t: i for i, t in enumerate(IMAGENETV2_TESTSETS)}
    return table.sort_values(["dataset", "model"], key=lambda s: s.map(order)
                             if s.name == "dataset" else s).reset_index(drop=True)


def staged_content_hashes(folder: str | Path) -> dict[str, str]:
    """Content hashes of the per-item tables in ``folder`` (used by the registry build)."""
    return {
        derived_path(k): table_content_sha256(
            normalise_table(pd.read_parquet(Path(folder) / derived_path(k)), k))
        for k in KINDS
    }
