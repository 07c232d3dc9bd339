"""Accuracy of 338 ImageNet models on ~200 distribution shifts.

Top-1 accuracy (percent) of 338 ImageNet models on 213 evaluation settings: ImageNet
val, ImageNetV2, ObjectNet, ImageNet-A/R/Sketch, video robustness sets, ImageNet-C
corruptions and adversarial attacks; plus the model categories used in the paper's
plots.

The ImageNet robustness testbed of Taori et al. (2020). ``robustness_top1s.csv`` (upstream, verbatim) holds top-1 accuracy **in percent**; the
loaders here return fractions in [0, 1]. ``model_types.csv`` is derived by parsing, never
executing, the upstream ``plotting/model_types.py`` (the model categories of the paper's
plots).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._cache import fetch
from .._derive import Derivation, derived_table, register
from .._readers import read_csv
from .._registry import DatasetInfo, LoaderSpec, describe

__all__ = [
    "INFO",
    "parse_model_types",
    "derive_model_types_table",
    "load_imagenet_testbed",
    "load_imagenet_testbed_model_types",
]

DATASET = "imagenet-testbed"
RESULTS = "robustness_top1s.csv"
MODEL_TYPES_SOURCE = "plotting/model_types.py"
MODEL_TYPES_TABLE = "model_types.csv"
_MAP_NAME = "model_types_map"


class _Parser:
    """Evaluates the few statement forms of ``model_types.py`` without executing it."""

    def __init__(self) -> None:
        self.enums: dict[str, dict[str, str]] = {}  # class -> member -> label
        self.entries: dict[str, tuple[str, str]] = {}  # model -> (enum class, member)
        self.mapper: dict[tuple[str, str], tuple[str, str]] = {}
        self.seen_map = False

    def fail(self, node: ast.AST, what: str) -> ValueError:
        return ValueError(f"model_types.py line {getattr(node, 'lineno', '?')}: unsupported "
                          f"{what}: {ast.unparse(node)[:80]!r}")

    def member(self, node: ast.expr) -> tuple[str, str]:
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in self.enums and node.attr in self.enums[node.value.id]):
            return node.value.id, node.attr
        raise self.fail(node, "enum member")

    def string(self, node: ast.expr, env: dict[str, int]) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name) and node.id in env:
            return str(env[node.id])
        if isinstance(node, ast.JoinedStr):  # f-string with plain {var} fields
            parts = []
            for v in node.values:
                if isinstance(v, ast.FormattedValue) and v.format_spec is None:
                    parts.append(self.string(v.value, env))
                else:
                    parts.append(self.string(v, env))
            return "".join(parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.string(node.left, env) + self.string(node.right, env)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str":
            return self.string(node.args[0], env)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "format" and not node.keywords):
            fmt = self.string(node.func.value, env)
            return fmt.format(*[self.string(a, env) for a in node.args])
        raise self.fail(node, "model-name expression")

    def enum_class(self, node: ast.ClassDef) -> None:
        members = {}
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                value = stmt.value
                if isinstance(value, ast.Tuple) and value.elts:
                    value = value.elts[0]
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    members[stmt.targets[0].id] = value.value
        self.enums[node.name] = members

    def add_dict(self, node: ast.Dict, env: dict[str, int]) -> None:
        for k, v in zip(node.keys, node.values, strict=True):
            if k is None:
                raise self.fail(node, "dict unpacking")
            self.entries[self.string(k, env)] = self.member(v)

    def statement(self, stmt: ast.stmt, env: dict[str, int]) -> None:
        if isinstance(stmt, ast.ClassDef):
            self.enum_class(stmt)
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
            if isinstance(target, ast.Name) and target.id == _MAP_NAME:
                if not isinstance(value, ast.Dict):
                    raise self.fail(value, f"{_MAP_NAME} value")
                self.entries, self.seen_map = {}, True
                self.add_dict(value, env)
            elif (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                  and target.value.id == _MAP_NAME):
                self.entries[self.string(target.slice, env)] = self.member(value)
            elif isinstance(target, ast.Name) and isinstance(value, ast.Dict) and value.keys:
                # e.g. mapper = {ModelTypes.STANDARD: NatModelTypes.STANDARD, ...}
                try:
                    pairs = {self.member(k): self.member(v)
                             for k, v in zip(value.keys, value.values, strict=True)}
                except ValueError:
                    return  # some other dict: not ours
                self.mapper.update(pairs)
        elif (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
              and isinstance(stmt.value.func, ast.Attribute) and stmt.value.func.attr == "update"
              and isinstance(stmt.value.func.value, ast.Name)
              and stmt.value.func.value.id == _MAP_NAME):
            arg = stmt.value.args[0] if stmt.value.args else None
            if not isinstance(arg, ast.Dict):
                raise self.fail(stmt, f"{_MAP_NAME}.update argument")
            self.add_dict(arg, env)
        elif isinstance(stmt, ast.For):
            if not (isinstance(stmt.target, ast.Name) and isinstance(stmt.iter, ast.Call)
                    and isinstance(stmt.iter.func, ast.Name) and stmt.iter.func.id == "range"):
                raise self.fail(stmt, "loop (only `for name in range(...)`)")
            bounds = [ast.literal_eval(a) for a in stmt.iter.args]
            for i in range(*bounds):
                for inner in stmt.body:
                    self.statement(inner, {**env, stmt.target.id: i})


def parse_model_types(source_text: str) -> pd.DataFrame:
    """Parse the model categories of upstream ``plotting/model_types.py`` without running it.

    Understands the forms the upstream file uses: ``Enum`` classes whose members are
    ``(label, colour)`` tuples, the ``model_types_map`` dict literal, later
    ``model_types_map[<name>] = ModelTypes.X`` assignments (also inside
    ``for i in range(...)`` loops, with f-string, ``str.format`` or ``+`` names),
    ``model_types_map.update({...})``, and the dict mapping ``ModelTypes`` members to
    the coarser ``NatModelTypes`` members used for natural-shift plots. Anything else
    that touches the map raises :class:`ValueError` rather than being guessed.

    Parameters
    ----------
    source_text
        The Python source.

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``model_type_key`` (enum member, e.g. ``MORE_DATA``),
        ``model_type`` (label in the paper's plots), ``nat_shift_model_type`` (label of
        the natural-shift category; equal to ``model_type`` when the file has no such
        mapping); one row per model, sorted by model name.

    Example
    -------
    >>> src = '''
    ... from enum import Enum
    ... class ModelTypes(Enum):
    ...     STANDARD = ('Standard training', 'tab:blue')
    ... model_types_map = {'alexnet': ModelTypes.STANDARD}
    ... for i in range(2):
    ...     model_types_map[f'resnet_{i}_epochs'] = ModelTypes.STANDARD
    ... '''
    >>> parse_model_types(src)["model"].tolist()
    ['alexnet', 'resnet_0_epochs', 'resnet_1_epochs']
    """
    parser = _Parser()
    for stmt in ast.parse(source_text).body:
        parser.statement(stmt, {})
    if not parser.seen_map:
        raise ValueError(f"model_types.py defines no {_MAP_NAME} dict literal")
    models = sorted(parser.entries)
    kinds = [parser.entries[m] for m in models]
    missing = sorted({k[1] for k in kinds if parser.mapper and k not in parser.mapper})
    if missing:
        raise ValueError(f"model_types.py: no natural-shift category for {missing}")
    nat = [parser.mapper.get(k, k) for k in kinds]
    return pd.DataFrame({
        "model": models,
        "model_type_key": [k[1] for k in kinds],
        "model_type": [parser.enums[c][m] for c, m in kinds],
        "nat_shift_model_type": [parser.enums[c][m] for c, m in nat],
    })


def derive_model_types_table(source_text: str, result_models: Iterable[str]) -> pd.DataFrame:
    """The derived ``model_types.csv`` table: :func:`parse_model_types` plus a column
    ``in_robustness_top1s`` (int64; 1 if the model has a row in ``robustness_top1s.csv``,
    whose model names are given as ``result_models``)."""
    table = parse_model_types(source_text)
    table["in_robustness_top1s"] = table["model"].isin(set(result_models)).astype(np.int64)
    return table


def _read_results() -> pd.DataFrame:
    return read_csv(DATASET, RESULTS, ["model"])


def load_imagenet_testbed(*, wide: bool = False) -> pd.DataFrame:
    """Top-1 accuracy of 338 ImageNet models on 213 evaluation settings.

    Parameters
    ----------
    wide
        If False (default), a tidy long frame with one row per evaluated
        (model, setting) pair. If True, a models x settings frame (index ``model``),
        with NaN where a model was not evaluated.

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``setting``, ``top1_acc``: top-1 accuracy as a **fraction in
        [0, 1]** (the upstream CSV stores percent; it is divided by 100 here).

    Notes
    -----
    ``setting`` names are the testbed's: ``val``, ``imagenetv2-matched-frequency``,
    ``objectnet-1.0-beta``, ``imagenet-c.<corruption>.<severity>_in-memory``, ... The
    ``-format-val`` ImageNetV2 columns are re-encoded images and differ slightly from
    the 2019 paper's tables. Class-restricted shifts (ObjectNet, ImageNet-A/R) must be
    compared with the matching ``val-on-<shift>-classes`` setting.

    Example
    -------
    >>> from analysis.data import load_imagenet_testbed
    >>> df = load_imagenet_testbed()  # doctest: +SKIP
    >>> df.query("model == 'resnet50' and setting == 'val'")["top1_acc"]  # doctest: +SKIP
    """
    results = _read_results().set_index("model").rename_axis(columns="setting") / 100.0
    if wide:
        return results
    long = results.stack().dropna().rename("top1_acc").reset_index()
    return long[["model", "setting", "top1_acc"]]


def load_imagenet_testbed_model_types() -> pd.DataFrame:
    """Model categories of the testbed (Standard training, Trained with more data, ...).

    Uses ``model_types.csv`` in the cache when present (verified by content hash); else
    fetches the upstream ``plotting/model_types.py``, parses it (:func:`parse_model_types`),
    verifies the result by content hash and writes ``model_types.csv`` into the cache.

    Returns
    -------
    pandas.DataFrame
        ``model, model_type_key, model_type, nat_shift_model_type, in_robustness_top1s``.
        Covers every model of :func:`load_imagenet_testbed` plus 50 training-epoch
        snapshots with no results row.

    Example
    -------
    >>> from analysis.data import load_imagenet_testbed_model_types
    >>> t = load_imagenet_testbed_model_types()  # doctest: +SKIP
    >>> t.set_index("model").loc["resnet50", "model_type"]  # doctest: +SKIP
    'Standard training'
    """
    return derived_table(DATASET, MODEL_TYPES_TABLE)


def _derive_model_types() -> dict[str, pd.DataFrame]:
    source = fetch(DATASET, MODEL_TYPES_SOURCE).read_text("utf-8")
    return {MODEL_TYPES_TABLE: derive_model_types_table(source, _read_results()["model"])}


register(Derivation(
    dataset=DATASET,
    paths=(MODEL_TYPES_TABLE,),
    read=lambda path, target: pd.read_csv(target, dtype={"in_robustness_top1s": np.int64},
                                          keep_default_na=False),
    derive=lambda: _derive_model_types(),
    write=lambda frame, target: frame.to_csv(target, index=False),
    inputs=(MODEL_TYPES_SOURCE,),
    description=f"upstream {MODEL_TYPES_SOURCE} and {RESULTS}",
))


INFO = DatasetInfo(
    name=DATASET,
    **describe(__doc__),
    license="MIT",
    license_note=(
        "Repository LICENSE is MIT (Copyright 2020 Taori, Dave, Shankar, Carlini, Recht, "
        "Schmidt). The image datasets have their own terms; only accuracy numbers are used. "
        "model_types.csv is derived here by parsing plotting/model_types.py."
    ),
    citation=(
        "R. Taori, A. Dave, V. Shankar, N. Carlini, B. Recht, L. Schmidt. Measuring Robustness "
        "to Natural Distribution Shifts in Image Classification. NeurIPS 2020. "
        "arXiv:2007.00644."
    ),
    bibkey="taori2020measuring",
    loader="load_imagenet_testbed",
    loaders=(
        LoaderSpec("load_imagenet_testbed", None, {None: ("model", "setting")}),
        LoaderSpec("load_imagenet_testbed_model_types", None, {None: ("model",)}),
    ),
)
