"""The randomization test: label corruption pinned to its definition (each label redrawn
with probability p from K classes changes with probability p(K-1)/K), input corruptions
that keep what they should keep, a small network that memorises random labels, and the
bad inputs a researcher will try."""

import numpy as np
import pandas as pd
import pytest

from analysis.generalization import (
    INPUT_SETTINGS,
    corrupt_labels,
    digits,
    gaussian_inputs,
    memorizing_mlp,
    randomization_test,
    shuffle_pixels,
    train_until_fit,
)


@pytest.fixture(scope="module")
def data():
    return digits()


# --- corrupt_labels -----------------------------------------------------------------------

@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_share_of_changed_labels_is_p_times_k_minus_one_over_k(p):
    y = np.repeat(np.arange(10), 5_000)
    noisy = corrupt_labels(y, p, np.random.default_rng(1))
    expected = p * 9 / 10
    se = np.sqrt(expected * (1 - expected) / len(y))
    assert abs((noisy != y).mean() - expected) < 4 * se


def test_random_labels_are_uniform_and_independent_of_the_truth():
    y = np.repeat(np.arange(10), 5_000)
    noisy = corrupt_labels(y, 1.0, np.random.default_rng(2))
    table = pd.crosstab(y, noisy).to_numpy()
    from scipy.stats import chi2_contingency

    assert chi2_contingency(table).pvalue > 0.001
    assert abs((noisy == y).mean() - 0.1) < 4 * np.sqrt(0.09 / len(y))


def test_no_corruption_and_reproducibility():
    y = np.arange(100) % 7
    assert np.array_equal(corrupt_labels(y, 0.0, np.random.default_rng(0)), y)
    a = corrupt_labels(y, 0.4, np.random.default_rng(5))
    b = corrupt_labels(y, 0.4, np.random.default_rng(5))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, corrupt_labels(y, 0.4, np.random.default_rng(6)))
    assert np.array_equal(y, np.arange(100) % 7)  # input untouched


def test_draws_only_from_the_given_classes():
    y = np.zeros(1_000, dtype=int)
    noisy = corrupt_labels(y, 1.0, np.random.default_rng(0), classes=[3, 4])
    assert set(np.unique(noisy)) == {3, 4}


@pytest.mark.parametrize("bad, match", [(20, "percentage"), (1.5, "outside"), (-0.1, "outside"),
                                        (float("nan"), "NaN")])
def test_bad_fractions_are_explained(bad, match):
    with pytest.raises(ValueError, match=match):
        corrupt_labels(np.arange(10), bad, np.random.default_rng(0))


def test_labels_must_be_one_dimensional():
    with pytest.raises(ValueError, match="1-D"):
        corrupt_labels(np.zeros((3, 2)), 0.5, np.random.default_rng(0))


# --- input corruptions --------------------------------------------------------------------

def test_shuffled_pixels_use_one_permutation_for_every_image():
    X = np.random.default_rng(0).random((50, 8))
    out = shuffle_pixels(X, np.random.default_rng(1))
    perm = [int(np.flatnonzero(np.isclose(X[0], v))[0]) for v in out[0]]
    assert np.array_equal(out, X[:, perm])
    assert sorted(perm) == list(range(8)) and perm != list(range(8))


def test_random_pixels_permute_each_image_on_its_own():
    X = np.tile(np.arange(16.0), (200, 1))
    out = shuffle_pixels(X, np.random.default_rng(1), per_example=True)
    assert np.array_equal(np.sort(out, axis=1), X)  # each image keeps its intensities
    assert len({tuple(row) for row in out}) > 190  # ... in its own order


def test_gaussian_inputs_match_the_reference_moments():
    ref = np.random.default_rng(3).normal([0.0, 5.0], [1.0, 0.2], size=(1_000, 2))
    noise = gaussian_inputs(ref, 50_000, np.random.default_rng(4))
    se = ref.std(axis=0) / np.sqrt(50_000)
    assert (np.abs(noise.mean(axis=0) - ref.mean(axis=0)) < 4 * se).all()
    np.testing.assert_allclose(noise.std(axis=0), ref.std(axis=0), rtol=0.02)
    assert abs(np.corrcoef(noise.T)[0, 1]) < 0.02


def test_gaussian_inputs_reject_nan_and_bad_sizes():
    with pytest.raises(ValueError, match="NaN"):
        gaussian_inputs(np.array([[0.0, np.nan], [1.0, 2.0]]), 3, np.random.default_rng(0))
    with pytest.raises(ValueError, match="positive integer"):
        gaussian_inputs(np.ones((3, 2)), 0, np.random.default_rng(0))


# --- training -----------------------------------------------------------------------------

def test_digits_are_fractions(data):
    X, y = data
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0 and X.max() == 1
    assert set(np.unique(y)) == set(range(10))


def test_small_mlp_memorises_random_labels(data):
    X, y = data
    rng = np.random.default_rng(0)
    noisy = corrupt_labels(y[:200], 1.0, rng)
    model = memorizing_mlp(128)(np.random.RandomState(0))
    h = train_until_fit(model, X[:200], noisy, X[200:400], y[200:400], classes=np.arange(10),
                        max_epochs=500)
    assert h["train_accuracy"].iloc[-1] == 1.0
    assert (h["train_accuracy"].iloc[:-1] < 1.0).all()  # stopped at the first epoch that fits
    assert h["epoch"].tolist() == list(range(1, len(h) + 1))
    # the recorded accuracy is the model's accuracy on the labels it was trained on
    assert np.mean(model.predict(X[:200]) == noisy) == 1.0
    assert np.mean(model.predict(X[200:400]) == y[200:400]) == h["test_accuracy"].iloc[-1]


def test_training_stops_at_max_epochs(data):
    X, y = data
    model = memorizing_mlp(8)(np.random.RandomState(0))
    h = train_until_fit(model, X[:300], corrupt_labels(y[:300], 1.0, np.random.default_rng(0)),
                        X[300:400], y[300:400], classes=np.arange(10), max_epochs=3)
    assert len(h) == 3 and h["train_accuracy"].iloc[-1] < 1.0


def test_test_accuracy_only_at_the_end_when_not_tracked(data):
    X, y = data
    kwargs = dict(classes=np.arange(10), max_epochs=40)
    tracked = train_until_fit(memorizing_mlp(32)(np.random.RandomState(1)), X[:200], y[:200],
                              X[200:400], y[200:400], **kwargs)
    untracked = train_until_fit(memorizing_mlp(32)(np.random.RandomState(1)), X[:200], y[:200],
                                X[200:400], y[200:400], track_test=False, **kwargs)
    assert untracked["test_accuracy"].iloc[:-1].isna().all()
    pd.testing.assert_frame_equal(untracked.iloc[-1:], tracked.iloc[-1:])


def test_randomization_test_on_a_small_sample(data):
    X, y = data
    args = (X[:400], y[:400], memorizing_mlp(128), [0.0, 1.0])
    out = randomization_test(*args, np.random.default_rng(7), inputs=["gaussian"], test_fraction=0.5)
    s = out.summary
    assert s["label"].tolist() == ["true labels", "random labels", "gaussian"]
    assert (s["train_accuracy"] == 1.0).all()
    assert s.loc[0, "test_accuracy"] > 0.8  # true labels generalise
    assert s.loc[1, "test_accuracy"] < 0.3  # random labels do not (chance is about 0.1)
    assert (s["steps_to_fit"] == s["epochs_to_fit"] * np.ceil(200 / 100)).all()
    assert (s["n_train"] == 200).all() and (s["n_test"] == 200).all()
    last = out.history.groupby("label", sort=False).tail(1)
    np.testing.assert_array_equal(last["test_accuracy"], s["test_accuracy"])
    again = randomization_test(*args, np.random.default_rng(7), inputs=["gaussian"], test_fraction=0.5)
    pd.testing.assert_frame_equal(out.summary, again.summary)


def test_randomization_test_bad_input(data):
    X, y = data
    f = memorizing_mlp(8)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="200 labels"):
        randomization_test(X[:100], y[:200], f, [0.0], rng)
    with pytest.raises(ValueError, match="percentage"):
        randomization_test(X[:100], y[:100], f, [0, 50], rng)
    with pytest.raises(ValueError, match="unknown input"):
        randomization_test(X[:100], y[:100], f, [0.0], rng, inputs=["noise"])
    with pytest.raises(ValueError, match="NaN"):
        randomization_test(np.full((4, 2), np.nan), np.arange(4), f, [0.0], rng)
    with pytest.raises(ValueError, match="2-D"):
        randomization_test(X[:10].reshape(10, 8, 8), y[:10], f, [0.0], rng)
    with pytest.raises(ValueError, match="nothing to run"):
        randomization_test(X[:10], y[:10], f, [], rng, inputs=[])
    assert set(INPUT_SETTINGS) == {"shuffled pixels", "random pixels", "gaussian"}
