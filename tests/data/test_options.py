"""One set of loader conventions: keyword-only options, one name per idea, one error wording
for a wrong value. Driven by the ``LoaderSpec`` of every dataset module."""

from __future__ import annotations

import inspect

import pytest

import analysis.data as data
from analysis.data import get_dataset, list_datasets
from analysis.data.datasets import MODULES

# The option names a loader may use, one per idea.
OPTION_NAMES = {"table", "subset", "test_set", "value"}
SPECS = [(name, spec) for name in list_datasets() for spec in get_dataset(name).loaders]


def test_every_registered_dataset_has_a_module_and_back():
    assert sorted(MODULES) == list_datasets()


@pytest.mark.parametrize(("dataset", "spec"), SPECS, ids=[s.function for _, s in SPECS])
def test_loader_is_public_and_its_options_are_keyword_only(dataset, spec):
    assert spec.function in data.__all__, (
        f"{spec.function} is declared in the {dataset} module's INFO but not exported: add it "
        f"to the explicit imports and __all__ of analysis/data/__init__.py")
    params = inspect.signature(getattr(data, spec.function)).parameters.values()
    assert all(p.kind is p.KEYWORD_ONLY for p in params), spec.function
    if spec.option is not None:
        assert spec.option in OPTION_NAMES and spec.option in {p.name for p in params}


def test_every_public_function_of_a_module_is_exported():
    for name, module in MODULES.items():
        missing = [n for n in module.__all__ if n != "INFO" and n not in data.__all__]
        assert not missing, f"{name}: {missing} not exported by analysis.data"


def test_matrix_functions_take_keyword_options():
    for fn in (data.imagenetv2_matrix, data.cifar10_1_matrix, data.nlu_irt_matrix,
               data.imagenetv2_responses, data.cifar10_1_responses, data.nlu_irt_responses):
        params = inspect.signature(fn).parameters.values()
        assert all(p.kind is p.KEYWORD_ONLY for p in params), fn.__name__
        assert {p.name for p in params} <= OPTION_NAMES, fn.__name__


OPTIONED = [pytest.param(s, id=s.function) for _, s in SPECS if s.option is not None]


@pytest.mark.parametrize("spec", OPTIONED)
def test_every_option_refuses_an_unknown_value_listing_the_valid_ones(spec):
    with pytest.raises(ValueError, match=f"unknown {spec.option}='no-such-value'; "
                                         f"valid values: \\["):
        getattr(data, spec.function)(**{spec.option: "no-such-value"})


@pytest.mark.parametrize(("call", "option"), [
    (lambda: data.cifar10_1_matrix(test_set="v5"), "test_set"),
    (lambda: data.cifar10_1_matrix(test_set="v6", value="top5"), "value"),
    (lambda: data.nlu_irt_matrix(test_set="squad"), "test_set"),
    (lambda: data.load_nlu_irt(test_set=["cb", "squad"]), "test_set"),
    (lambda: data.imagenetv2_matrix(test_set="V3"), "test_set"),
    (lambda: data.imagenetv2_matrix(value="top1"), "value"),
    (lambda: data.imagenetv2_responses(value="top1_pred"), "value"),
    (lambda: data.response_matrix("imagenet-testbed"), "dataset"),
])
def test_matrix_options_refuse_unknown_values(call, option):
    with pytest.raises(ValueError, match=f"unknown {option}=.*; valid values: \\["):
        call()


def test_close_values_are_suggested():
    with pytest.raises(ValueError, match="Did you mean 'mit'"):
        data.load_aiid(table="mitt")


def test_nlu_bad_test_set_names_the_valid_ones():
    with pytest.raises(ValueError, match="'mnli'.*'winogrande'"):
        data.nlu_irt_matrix(test_set="nope")


def test_cifar_original_has_no_correctness_matrix():
    with pytest.raises(ValueError, match="prediction"):
        data.cifar10_1_matrix(test_set="original", value="correct")


def test_nlu_test_sets_come_from_the_registry_without_reading_files(monkeypatch):
    from analysis.data import _readers
    monkeypatch.setattr(_readers, "fetch", lambda *a: pytest.fail("a file was read"))
    names = data.nlu_irt_test_sets()
    assert len(names) == 29 and names[0] == "abductive-nli" and "winogrande" in names
