"""Per-item responses of 18 transformer models (x 5 fine-tuning checkpoints) on 29 NLU
test sets.

Per-item 0/1 responses of 18 pretrained transformer models on 29
natural-language-understanding test sets, each model at 5 checkpoints of its fine-tuning
(labelled 1, 10, 25, 50 and best upstream; the pre-training data sizes, 1M to 1B, are part
of some model names): the response matrices behind an item-response-theory comparison of
test sets. The 90 rows are checkpoints, not 90 independent models.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .._readers import (
    check_columns,
    choose,
    parsed_file,
    registered_paths,
)
from .._registry import DatasetInfo, LoaderSpec, describe
from ..errors import DataError
from ..responses import ResponseMatrix

__all__ = ["INFO", "load_nlu_irt", "nlu_irt_matrix", "nlu_irt_test_sets",
           "nlu_irt_responses"]

_NLU = "nlu-irt"
_NLU_SUFFIX = "_irt_all_coded.csv"


# The long frame last assembled: ((test set, id of its parsed matrix), ...) -> frame.
_ASSEMBLED: dict[tuple[tuple[str, int], ...], pd.DataFrame] = {}


def nlu_irt_test_sets() -> list[str]:
    """Names of the 29 NLU test sets, sorted, read from the registry (no file is opened).

    Example
    -------
    >>> from analysis import data
    >>> data.nlu_irt_test_sets()[:3]
    ['abductive-nli', 'adversarial-nli', 'arc-challenge']
    """
    return [p.removesuffix(_NLU_SUFFIX) for p in registered_paths(_NLU, suffix=_NLU_SUFFIX)]


def _parse_binary_csv(raw: bytes) -> tuple[pd.Series, list[str], np.ndarray] | None:
    """Parse ``userid,item,...`` rows of single-digit 0/1 cells without pandas (82,000
    columns in all make pandas slow); None when the file is not in exactly that layout."""
    text = raw.decode("utf-8")
    lines = [line for line in text.splitlines() if line]
    header = lines[0].split(",")
    if header[0] != "userid" or '"' in text or len(lines) < 2:
        return None
    users, rests = zip(*(line.split(",", 1) for line in lines[1:]), strict=True)
    cells = np.frombuffer(",".join(rests).encode("ascii"), dtype=np.uint8)
    m, n = len(users), len(header) - 1
    if cells.size != 2 * m * n - 1 or (cells[1::2] != ord(",")).any():
        return None
    values = cells[0::2] - np.uint8(ord("0"))
    if (values > 1).any():
        return None
    return pd.Series(users, dtype=object), header[1:], values.reshape(m, n)


def _nlu_read(test_set: str) -> tuple[pd.Series, list[str], np.ndarray]:
    """One test set's user ids, item names and uint8 matrix (parsed once per process;
    the caller must not modify the array)."""
    choose("test_set", test_set, nlu_irt_test_sets())
    path = test_set + _NLU_SUFFIX

    def parse(target: Path) -> tuple[pd.Series, list[str], np.ndarray]:
        fast = _parse_binary_csv(target.read_bytes())
        if fast is not None:
            return fast
        try:
            raw = pd.read_csv(target)
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            raise DataError(f"{_NLU}/{path} could not be parsed ({exc})") from exc
        check_columns(raw, ["userid"], _NLU, path)
        items = [c for c in raw.columns if c != "userid"]
        values = raw[items].to_numpy(dtype="float64")
        if np.isnan(values).any() or not np.isin(values, (0.0, 1.0)).all():
            raise DataError(f"{_NLU}/{path}: responses must be 0/1 without gaps")
        return raw["userid"].astype(str), items, values.astype(np.uint8)

    return parsed_file(_NLU, path, "nlu-matrix", parse)


def load_nlu_irt(*, test_set: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Per-item 0/1 responses of 18 transformer models x 5 checkpoints on NLU test sets.

    Parameters
    ----------
    test_set
        One test-set name, a list of them, or None (default) for all 29 (about 7.4
        million rows; the first call reads 29 files in a few seconds, later calls in the
        same process reuse the parsed files). :func:`nlu_irt_test_sets` lists the names
        without reading any file. Names are the upstream
        file prefixes: ``"abductive-nli"``, ``"adversarial-nli"``, ``"arc-challenge"``,
        ``"arc-easy"``, ``"arct"``, ``"boolq"``, ``"cb"``, ``"commonsenseqa"``, ``"copa"``,
        ``"cosmosqa"``, ``"hellaswag"``, ``"mcscript"``, ``"mctaco"``, ``"mnli"``,
        ``"mrqa-nq"``, ``"mutual"``, ``"mutual-plus"``, ``"newsqa"``, ``"piqa"``,
        ``"qamr"``, ``"quail"``, ``"quoref"``, ``"rte"``, ``"snli"``, ``"socialiqa"``,
        ``"squad_v2"``, ``"wic"``, ``"winogrande"``, ``"wsc"``.

    Returns
    -------
    pandas.DataFrame
        One row per test set x response pattern row x item (90 rows per item):

        The text columns are ``category`` dtype (7.4 million rows for all test sets).

        - ``test_set`` (category).
        - ``model`` (category): upstream ``userid``, e.g. ``"roberta-base-10M-1_25"`` - a
          model run and a checkpoint; unique within a test set.
        - ``base_model`` (category): the part before the last ``_`` (``"roberta-base-10M-1"``:
          RoBERTa-base pre-trained on 10M tokens, run 1; ``"roberta-large"``, ...).
        - ``checkpoint`` (category): the part after it: ``"1"``, ``"10"``, ``"25"``, ``"50"``
          (percent of fine-tuning) or ``"best"``.
        - ``item`` (category): upstream item column name, e.g. ``"cb_0"``,
          ``"adversarial_nli_r10"``; unique within a test set.
        - ``item_index`` (int64): position of the item column in its file.
        - ``correct`` (uint8): 1 = answered correctly.

    Notes
    -----
    Vania et al. (2021) fit IRT models to exactly these matrices. The 90 "models" are not
    independent: each base model appears at 5 checkpoints. No license file upstream:
    cite and do not redistribute.
    """
    if test_set is None:
        names = nlu_irt_test_sets()
    elif isinstance(test_set, str):
        names = [test_set]
    else:
        names = list(test_set)
    parts = [_nlu_read(name) for name in names]  # at most 29 files, parsed once each
    memo = tuple((name, id(part[2])) for name, part in zip(names, parts, strict=True))
    if memo not in _ASSEMBLED:
        _ASSEMBLED.clear()  # keep one assembled frame (7.4 million rows for all test sets)
        _ASSEMBLED[memo] = _assemble(names, parts)
    return _ASSEMBLED[memo].copy()


def _assemble(names: list[str], parts: list[tuple[pd.Series, list[str], np.ndarray]]
              ) -> pd.DataFrame:
    users = pd.Index(pd.unique(np.concatenate([p[0].to_numpy(dtype=object) for p in parts])))
    item_names = pd.Index(np.concatenate([np.asarray(p[1], dtype=object) for p in parts]))
    split = users.to_series().str.rsplit("_", n=1, expand=True)
    base_cats = pd.Index(pd.unique(split[0].to_numpy(dtype=object)))
    ckpt_cats = pd.Index(pd.unique(split[1].to_numpy(dtype=object)))
    base_code = base_cats.get_indexer(split[0].to_numpy(dtype=object))
    ckpt_code = ckpt_cats.get_indexer(split[1].to_numpy(dtype=object))
    cols: dict[str, list[np.ndarray]] = {k: [] for k in
                                         ("set", "user", "item", "item_index", "correct")}
    offset = 0
    for k, (userid, _items, values) in enumerate(parts):
        n_models, n_items = values.shape
        user_code = users.get_indexer(userid.to_numpy(dtype=object))
        cols["set"].append(np.full(n_models * n_items, k, dtype=np.int16))
        cols["user"].append(np.repeat(user_code, n_items))
        cols["item"].append(np.tile(np.arange(offset, offset + n_items), n_models))
        cols["item_index"].append(np.tile(np.arange(n_items, dtype=np.int64), n_models))
        cols["correct"].append(values.ravel())
        offset += n_items
    user = np.concatenate(cols["user"])
    cat = pd.Categorical.from_codes
    return pd.DataFrame({
        "test_set": cat(np.concatenate(cols["set"]), categories=pd.Index(names)),
        "model": cat(user, categories=users),
        "base_model": cat(base_code[user], categories=base_cats),
        "checkpoint": cat(ckpt_code[user], categories=ckpt_cats),
        "item": cat(np.concatenate(cols["item"]), categories=item_names),
        "item_index": np.concatenate(cols["item_index"]),
        "correct": np.concatenate(cols["correct"]),
    })


def nlu_irt_matrix(*, test_set: str) -> pd.DataFrame:
    """The response matrix of one NLU test set: models x items (int8 0/1).

    Parameters
    ----------
    test_set
        One of :func:`nlu_irt_test_sets`.

    Returns
    -------
    pandas.DataFrame
        Index ``model`` (the 90 upstream ``userid`` values, file order), columns
        ``item`` (upstream item names, file order), values int8 (1 = correct; signed, so that
        subtracting two rows cannot wrap around), like
        :func:`analysis.data.imagenetv2_matrix`.
    """
    userid, items, values = _nlu_read(test_set)
    return pd.DataFrame(values.astype(np.int8), index=pd.Index(userid.to_numpy(dtype=object), name="model"),
                        columns=pd.Index(items, name="item"))


def nlu_irt_responses(*, test_set: str) -> ResponseMatrix:
    """The :class:`~analysis.data.ResponseMatrix` of one NLU test set.

    Scores are 0/1 correctness of the 90 model checkpoints; item metadata ``test_set``
    and ``item_index`` (column position upstream); model metadata ``base_model`` (18
    models, each at 5 checkpoints) and ``checkpoint`` (``"1"``, ``"10"``, ``"25"``, ``"50"``
    percent of fine-tuning, or ``"best"``).

    Example
    -------
    >>> from analysis import data
    >>> data.nlu_irt_responses(test_set="cb").scores.shape  # doctest: +SKIP
    (90, 28)
    """
    scores = nlu_irt_matrix(test_set=test_set)
    items = pd.DataFrame({"test_set": test_set,
                          "item_index": np.arange(scores.shape[1], dtype=np.int64)},
                         index=scores.columns)
    split = scores.index.to_series().str.rsplit("_", n=1, expand=True)
    models = pd.DataFrame({"base_model": split[0].to_numpy(), "checkpoint": split[1].to_numpy()},
                          index=scores.index)
    return ResponseMatrix.from_wide(scores, items=items, models=models,
                                    name=f"nlu-irt/{test_set}")


INFO = DatasetInfo(
    name="nlu-irt",
    **describe(__doc__),
    license="none (cite, never redistribute)",
    license_note=(
        "The repository has no LICENSE file and its README states no license: the data are "
        "downloaded from upstream, used with citation, and never redistributed."
    ),
    citation=(
        "C. Vania, P. M. Htut, W. Huang, D. Mungra, R. Y. Pang, J. Phang, H. Liu, K. Cho, S. "
        "R. Bowman. Comparing Test Sets with Item Response Theory. ACL-IJCNLP 2021, pp. "
        "1141-1158. arXiv:2106.00840."
    ),
    bibkey="vania2021comparing",
    related_bibkeys=(),
    loader="load_nlu_irt",
    responses="nlu_irt_responses",
    loaders=(
        LoaderSpec("load_nlu_irt", "test_set", {None: ("test_set", "model", "item")}),
    ),
)
