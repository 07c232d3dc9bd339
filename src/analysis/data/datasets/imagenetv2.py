"""Per-item predictions of 64 models on ImageNet val and the three ImageNetV2 test sets
(derived).

Per-image top-1 and top-5 correctness and top-1 predicted class of 64 ImageNet models on
the original ImageNet validation set (50,000 images) and the three ImageNetV2 test sets
(MatchedFrequency, Threshold0.7, TopImages; 10,000 images each), derived from the
upstream raw prediction arrays. The upstream Fisher-vector baselines (fv_*) are left
out: their names differ between test sets, and fv_16k's accuracy collapses to near
chance on the ImageNetV2 sets alone, which points to a label mismatch rather than a real
drop.

Upstream (modestyachts/ImageNetV2) publishes, per test set and model, the top-5 predicted
class ids of every image (``data/predictions/<testset>/<model>.npy``, int array
``(n_images, 5)``) and the ground truth (``data/datasets/<testset>.json``: its
``image_filenames`` list holds ``[image_id, wnid]`` in the order of the prediction rows).
This module derives the per-item tables from those raw files, verifies them by content
hash, and caches them as parquet files.

Test sets (``test_set=`` takes the name or the upstream name; the tables keep the
upstream names in their ``dataset`` column):

=====================  ================================  ======
name                   upstream name (paper's name)      images
=====================  ================================  ======
``val``                ``imagenet-validation-original``  50,000
``matched-frequency``  ``imagenetv2-b-33``               10,000
                       (MatchedFrequency)
``threshold-0.7``      ``imagenetv2-a-44``               10,000
                       (Threshold0.7)
``top-images``         ``imagenetv2-c-12`` (TopImages)   10,000
=====================  ================================  ======
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .._content import table_content_sha256
from .._derive import Derivation, derived_table, register
from .._readers import choose, read_json, read_npy, registered_paths
from .._registry import DatasetInfo, LoaderSpec, describe
from ..responses import ResponseMatrix

__all__ = [
    "INFO",
    "IMAGENETV2_TEST_SETS",
    "IMAGENETV2_TESTSETS",
    "IMAGENETV2_DISPLAY_NAMES",
    "IMAGENETV2_SHORT_NAMES",
    "derive_imagenetv2_tables",
    "load_imagenetv2",
    "imagenetv2_matrix",
    "imagenetv2_accuracies",
    "imagenetv2_items",
    "imagenetv2_responses",
]

DATASET = "imagenetv2"

#: Upstream test-set names, in the row order of the per-item tables.
IMAGENETV2_TESTSETS: tuple[str, ...] = (
    "imagenet-validation-original",
    "imagenetv2-b-33",
    "imagenetv2-a-44",
    "imagenetv2-c-12",
)
#: Test-set name (the value of ``test_set=``) -> upstream name.
IMAGENETV2_TEST_SETS: dict[str, str] = {
    "val": "imagenet-validation-original",
    "matched-frequency": "imagenetv2-b-33",
    "threshold-0.7": "imagenetv2-a-44",
    "top-images": "imagenetv2-c-12",
}
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

TABLES = ("top1_correct", "top5_correct", "top1_pred")
KEY_COLUMNS = ("dataset", "item_index", "image_id", "wnid")
_PRED_KEY_COLUMNS = (*KEY_COLUMNS, "label_cid")
_EXCLUDED = re.compile(r"^fv_")  # Fisher-vector baselines: see derive_imagenetv2_tables
_RAW_PRED = re.compile(r"^raw/predictions/(?P<testset>[^/]+)/(?P<model>[^/]+)\.npy$")


def derived_path(table: str) -> str:
    """Registry path of the derived per-item table ``table`` (one of :data:`TABLES`)."""
    choose("table", table, TABLES)
    return f"imagenetv2_per_item_{table}.parquet"


def raw_ground_truth_path(testset: str) -> str:
    """Registry path of the ground-truth JSON of ``testset`` (``data/datasets/`` upstream)."""
    return f"raw/{testset}.json"


def raw_prediction_path(testset: str, model: str) -> str:
    """Registry path of the raw top-5 predictions of ``model`` on ``testset``."""
    return f"raw/predictions/{testset}/{model}.npy"


def _key_columns(table: str) -> tuple[str, ...]:
    return _PRED_KEY_COLUMNS if table == "top1_pred" else KEY_COLUMNS


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

    parts: dict[str, list[pd.DataFrame]] = {k: [] for k in TABLES}
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


def normalise_table(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Bring a stored per-item table to the canonical layout the content hash covers.

    Drops ``fv_*`` columns, sorts the model columns by name, and stores predictions
    as int16 (correctness as uint8).
    """
    choose("table", table, TABLES)
    keys = list(_key_columns(table))
    models = sorted(c for c in frame.columns if c not in keys and not _EXCLUDED.match(str(c)))
    out = frame[keys + models].reset_index(drop=True)
    dtype = np.int16 if table == "top1_pred" else np.uint8
    return out.astype({m: dtype for m in models})


def _registered_models() -> list[str]:
    paths = registered_paths(DATASET, prefix="raw/predictions/")
    return sorted({m["model"] for p in paths if (m := _RAW_PRED.match(p))})


def _derive_from_upstream() -> dict[str, pd.DataFrame]:
    """Fetch the raw upstream files and derive all three tables (verified by the hook)."""
    models = _registered_models()
    ground_truth = {t: read_json(DATASET, raw_ground_truth_path(t)) for t in IMAGENETV2_TESTSETS}
    class_info = read_json(DATASET, "class_info.json")
    predictions = {t: {m: read_npy(DATASET, raw_prediction_path(t, m)) for m in models}
                   for t in IMAGENETV2_TESTSETS}
    tables = derive_imagenetv2_tables(ground_truth, predictions, class_info)
    return {derived_path(k): frame for k, frame in tables.items()}


def _table(table: str) -> pd.DataFrame:
    return derived_table(DATASET, derived_path(table))


register(Derivation(
    dataset=DATASET,
    paths=tuple(f"imagenetv2_per_item_{t}.parquet" for t in TABLES),
    read=lambda path, target: normalise_table(
        pd.read_parquet(target), path.removeprefix("imagenetv2_per_item_").removesuffix(".parquet")),
    derive=lambda: _derive_from_upstream(),  # looked up at call time (tests replace it)
    write=lambda frame, target: frame.to_parquet(target, index=False),
    inputs=("raw/",),
    description="raw ImageNetV2 upstream files (4 ground-truth lists and 256 prediction "
                "arrays, about 214 MB)",
))


def load_imagenetv2(*, table: str = "top1_correct", include_keys: bool = True) -> pd.DataFrame:
    """Per-item results of 64 models on ImageNet val and the three ImageNetV2 test sets.

    Uses the derived parquet table in the cache when present (verified by content hash);
    otherwise downloads the raw upstream predictions (~214 MB), derives the three tables,
    verifies them and writes them into the cache.

    Parameters
    ----------
    table
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
        names (see :data:`IMAGENETV2_TEST_SETS`). For item metadata alone use
        :func:`imagenetv2_items`; for one test set's models x items matrix,
        :func:`imagenetv2_matrix`.

    Notes
    -----
    The Fisher-vector baselines (``fv_*``) are excluded (upstream label problem, see
    :func:`derive_imagenetv2_tables`). Accuracy of a model = mean of its column over
    a test set's rows, a fraction in [0, 1].

    Example
    -------
    >>> from analysis.data import load_imagenetv2
    >>> df = load_imagenetv2(table="top1_correct")  # doctest: +SKIP
    >>> df.groupby("dataset")["resnet50"].mean().round(4)["imagenetv2-b-33"]  # doctest: +SKIP
    0.6333
    """
    frame = _table(choose("table", table, TABLES))
    if not include_keys:
        frame = frame.set_index(["dataset", "item_index"]).drop(
            columns=[c for c in _key_columns(table) if c not in ("dataset", "item_index")])
    return frame


def _upstream_test_set(test_set: str) -> str:
    """Upstream name of ``test_set`` (a name, an upstream name or a paper short name)."""
    if test_set in IMAGENETV2_TEST_SETS:
        return IMAGENETV2_TEST_SETS[test_set]
    if test_set in IMAGENETV2_TESTSETS:
        return test_set
    short = {v: k for k, v in IMAGENETV2_SHORT_NAMES.items()}
    if test_set in short:
        return short[test_set]
    return IMAGENETV2_TEST_SETS[choose("test_set", test_set, IMAGENETV2_TEST_SETS)]


def _test_set_name(upstream: str) -> str:
    return {v: k for k, v in IMAGENETV2_TEST_SETS.items()}[upstream]


def imagenetv2_matrix(*, test_set: str = "val", value: str = "top1_correct") -> pd.DataFrame:
    """The response matrix of one test set: models x items.

    Parameters
    ----------
    test_set
        ``"val"``, ``"matched-frequency"``, ``"threshold-0.7"`` or ``"top-images"`` (the
        upstream names, e.g. ``"imagenetv2-b-33"``, and the paper's short names, e.g.
        ``"MatchedFrequency"``, are accepted too).
    value
        What the cells hold: the table of :func:`load_imagenetv2` (``"top1_correct"``,
        ``"top5_correct"`` or ``"top1_pred"``).

    Returns
    -------
    pandas.DataFrame
        Index ``model`` (64 models), columns ``item`` (the upstream image ids, in upstream
        order); int8 0/1 for the correctness tables (signed, so that subtracting two rows
        gives -1, 0, 1 rather than wrapping around), int16 class ids for ``"top1_pred"``.

    Example
    -------
    >>> from analysis.data import imagenetv2_matrix
    >>> m = imagenetv2_matrix(test_set="matched-frequency")  # doctest: +SKIP
    >>> m.shape  # doctest: +SKIP
    (64, 10000)
    """
    upstream = _upstream_test_set(test_set)
    frame = _table(choose("value", value, TABLES))
    rows = frame[frame["dataset"] == upstream]
    models = [c for c in frame.columns if c not in _key_columns(value)]
    values = rows[models].to_numpy().T
    if value != "top1_pred":
        values = values.astype(np.int8)  # signed: a difference of two rows is -1, 0 or 1
    return pd.DataFrame(
        values,
        index=pd.Index(models, name="model"),
        columns=pd.Index(rows["image_id"].to_numpy(), name="item"),
    )


def imagenetv2_items(*, test_set: str | None = None) -> pd.DataFrame:
    """Item metadata (class of every image) without the per-model columns.

    Parameters
    ----------
    test_set
        One test set (as in :func:`imagenetv2_matrix`), or None (default) for all four.

    Returns
    -------
    pandas.DataFrame
        One row per image, in upstream order: ``test_set`` (name, e.g.
        ``"matched-frequency"``), ``item`` (upstream image id, unique within a test set),
        ``item_index`` (int64, position upstream), ``wnid`` (WordNet id of the true class)
        and ``class_id`` (int16, 0-999).

    Example
    -------
    >>> from analysis import data
    >>> data.imagenetv2_items(test_set="matched-frequency")["wnid"].nunique()  # doctest: +SKIP
    1000
    """
    keys = _table("top1_pred")[list(_PRED_KEY_COLUMNS)]
    if test_set is not None:
        keys = keys[keys["dataset"] == _upstream_test_set(test_set)]
    names = keys["dataset"].map({v: k for k, v in IMAGENETV2_TEST_SETS.items()})
    return pd.DataFrame({
        "test_set": names.astype(object).to_numpy(),
        "item": keys["image_id"].to_numpy(),
        "item_index": keys["item_index"].to_numpy(dtype=np.int64),
        "wnid": keys["wnid"].to_numpy(),
        "class_id": keys["label_cid"].to_numpy(dtype=np.int16),
    })


def imagenetv2_responses(*, test_set: str = "matched-frequency",
                         value: str = "top1_correct") -> ResponseMatrix:
    """The :class:`~analysis.data.ResponseMatrix` of one ImageNet(V2) test set.

    Scores are 0/1 (``value="top1_correct"`` or ``"top5_correct"``) of 64 models; item
    metadata ``cluster`` (the true class's WordNet id: images of one class share a
    difficulty), ``wnid``, ``class_id`` and ``item_index``.

    Example
    -------
    >>> from analysis import data
    >>> data.imagenetv2_responses(test_set="matched-frequency").scores.shape  # doctest: +SKIP
    (64, 10000)
    """
    choose("value", value, ("top1_correct", "top5_correct"))
    scores = imagenetv2_matrix(test_set=test_set, value=value)
    items = imagenetv2_items(test_set=test_set).set_index("item")
    items = items.drop(columns="test_set").assign(cluster=items["wnid"])
    return ResponseMatrix.from_wide(
        scores, items=items,
        name=f"imagenetv2/{_test_set_name(_upstream_test_set(test_set))}")


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
    for table, col in (("top1_correct", "top1_acc"), ("top5_correct", "top5_acc")):
        frame = load_imagenetv2(table=table)
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
        for k in TABLES
    }


INFO = DatasetInfo(
    name=DATASET,
    **describe(__doc__),
    license="MIT",
    license_note=("MIT covers the repository's code and model predictions; the README says it "
                  "does not cover the image data (no images are used here)."),
    citation=("B. Recht, R. Roelofs, L. Schmidt, V. Shankar. Do ImageNet Classifiers "
              "Generalize to ImageNet? ICML 2019, PMLR 97:5389-5400. arXiv:1902.10811."),
    bibkey="recht2019imagenet",
    loader="load_imagenetv2",
    responses="imagenetv2_responses",
    loaders=(
        LoaderSpec("load_imagenetv2", "table", {t: ("dataset", "item_index") for t in TABLES},
                   wide=True),
        LoaderSpec("imagenetv2_items", "test_set",
                   {None: ("test_set", "item"), **{t: ("item",) for t in IMAGENETV2_TEST_SETS}}),
        LoaderSpec("imagenetv2_accuracies", None, {None: ("dataset", "model")}),
    ),
)
