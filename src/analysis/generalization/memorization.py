"""The randomization test of Zhang et al. (2017): can a model fit labels that carry no signal?

Train one model on the true labels, on labels of which a fraction ``p`` were redrawn at
random, and on inputs that carry no signal (pixels shuffled by one permutation, pixels
shuffled independently per image, Gaussian noise); measure training and test accuracy and
how many passes over the data (epochs) the model needs to fit its training labels. A model
that reaches 100% training accuracy on random labels shows that training accuracy is no
evidence of generalization: only held-out data can tell.

Accuracies are fractions in ``[0, 1]``; fractions of corrupted labels are fractions too
(``0.2``, not ``20``). Every random step draws from an explicit ``numpy.random.Generator``.
scikit-learn is needed only by :func:`digits` and :func:`memorizing_mlp` (it is in the
``book`` extra) and is imported when they are called.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

__all__ = [
    "INPUT_SETTINGS",
    "RandomizationTest",
    "corrupt_labels",
    "digits",
    "gaussian_inputs",
    "memorizing_mlp",
    "randomization_test",
    "shuffle_pixels",
    "train_until_fit",
]

#: Input corruptions of Zhang et al. (2017), applied with the true labels.
INPUT_SETTINGS = ("shuffled pixels", "random pixels", "gaussian")


def _check_fraction(fraction: float, name: str = "fraction") -> float:
    value = float(fraction)
    if np.isnan(value):
        raise ValueError(f"{name} is NaN; give a fraction in [0, 1]")
    if 1 < value <= 100:
        raise ValueError(f"{name} = {fraction} is outside [0, 1] and looks like a percentage; "
                         f"give a fraction (e.g. {value / 100:g} for {value:g}%)")
    if not 0 <= value <= 1:
        raise ValueError(f"{name} = {fraction} is outside [0, 1]; give a fraction of the labels")
    return value


def _check_xy(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (examples x features), got shape {X.shape}; "
                         "flatten images first, e.g. X.reshape(len(X), -1)")
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (one label per example), got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels; they must match")
    if not np.isfinite(X).all():
        raise ValueError("X contains NaN or infinite values; impute or drop those examples")
    return X, y


def corrupt_labels(y: Any, fraction: float, rng: np.random.Generator, *,
                   classes: Sequence | None = None) -> np.ndarray:
    """Redraw a fraction of labels uniformly at random, as in Zhang et al.'s "partially
    corrupted labels".

    Each label is, independently with probability ``fraction``, replaced by a class drawn
    uniformly from ``classes``. A redrawn label can equal the old one by chance, so the
    expected share of labels that change is ``fraction * (K - 1) / K`` for K classes;
    ``fraction = 1`` gives labels independent of the inputs ("random labels").

    Parameters
    ----------
    y
        1-D array of labels (any comparable values).
    fraction
        Probability that a label is redrawn, a fraction in ``[0, 1]``.
    rng
        Generator for the draws.
    classes
        The classes to draw from (default: the distinct values of ``y``).

    Returns
    -------
    numpy.ndarray
        A new array of labels, same dtype and length as ``y``; ``y`` is not modified.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.repeat(np.arange(10), 100)
    >>> noisy = corrupt_labels(y, 0.5, np.random.default_rng(0))
    >>> bool(0.40 < (noisy != y).mean() < 0.50)  # about 0.5 * 9 / 10 change
    True
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (one label per example), got shape {y.shape}")
    fraction = _check_fraction(fraction)
    pool = np.unique(y) if classes is None else np.asarray(classes)
    if pool.size == 0:
        raise ValueError("no classes to draw from: y is empty and no classes were given")
    redraw = rng.random(len(y)) < fraction
    out = y.copy()
    out[redraw] = pool[rng.integers(0, len(pool), int(redraw.sum()))]
    return out


def shuffle_pixels(X: Any, rng: np.random.Generator, *, per_example: bool = False) -> np.ndarray:
    """Permute the features (pixels) of every example.

    With ``per_example=False`` one permutation is drawn and applied to every row, so the
    images keep their information but lose their spatial layout (Zhang et al.'s "shuffled
    pixels"); a model trained on such inputs can still generalize if the same permutation
    is applied to the test set. With ``per_example=True`` each row gets its own permutation
    ("random pixels"): only each image's histogram of intensities survives.

    Parameters
    ----------
    X
        2-D array, examples x features.
    rng
        Generator for the permutations.
    per_example
        One permutation per row instead of one for all rows.

    Returns
    -------
    numpy.ndarray
        The permuted copy of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.arange(6.0).reshape(2, 3)
    >>> out = shuffle_pixels(X, np.random.default_rng(0))
    >>> bool((np.sort(out, axis=1) == X).all())
    True
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (examples x features), got shape {X.shape}")
    if per_example:
        order = np.argsort(rng.random(X.shape), axis=1)
        return np.take_along_axis(X, order, axis=1)
    return X[:, rng.permutation(X.shape[1])]


def gaussian_inputs(X_reference: Any, n: int, rng: np.random.Generator) -> np.ndarray:
    """Gaussian noise with the per-feature mean and standard deviation of a reference set.

    Zhang et al.'s "Gaussian" setting replaces every image by noise "with matching mean
    and variance"; here each feature (pixel) is drawn independently with the mean and
    the (population) standard deviation of that feature in ``X_reference``. Correlations
    between features are not kept.

    Parameters
    ----------
    X_reference
        2-D array whose column means and standard deviations are matched.
    n
        Number of rows to draw.
    rng
        Generator for the draws.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(n, X_reference.shape[1])``.

    Examples
    --------
    >>> import numpy as np
    >>> ref = np.random.default_rng(1).normal(3.0, 2.0, size=(500, 2))
    >>> noise = gaussian_inputs(ref, 20_000, np.random.default_rng(0))
    >>> bool(np.allclose(noise.mean(axis=0), ref.mean(axis=0), atol=0.05))
    True
    """
    X_reference = np.asarray(X_reference, dtype=float)
    if X_reference.ndim != 2 or len(X_reference) < 2:
        raise ValueError("X_reference must be 2-D with at least two rows, "
                         f"got shape {X_reference.shape}")
    if not np.isfinite(X_reference).all():
        raise ValueError("X_reference contains NaN or infinite values")
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive integer, got {n}")
    mean, sd = X_reference.mean(axis=0), X_reference.std(axis=0)
    return mean + sd * rng.standard_normal((int(n), X_reference.shape[1]))


def digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's bundled handwritten digits: 1,797 images of 8 x 8 pixels, 10 classes.

    The data ship inside scikit-learn (a copy of the UCI optical-recognition test set), so
    nothing is downloaded. Pixel intensities (0 to 16) are divided by 16.

    Returns
    -------
    X : numpy.ndarray
        Shape ``(1797, 64)``, pixel intensities as fractions in ``[0, 1]``.
    y : numpy.ndarray
        Shape ``(1797,)``, the digit 0–9 each image shows.

    Examples
    --------
    >>> X, y = digits()
    >>> X.shape, int(y.max())
    ((1797, 64), 9)
    """
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return X / 16.0, y


def memorizing_mlp(hidden: int = 512, *, learning_rate: float = 0.01, batch_size: int = 100,
                   alpha: float = 0.0) -> Callable[[np.random.RandomState], Any]:
    """A factory of one-hidden-layer perceptrons, by default with no regularization.

    Zhang et al.'s "MLP 1x512" in scikit-learn: ReLU units, Adam, no weight decay
    (``alpha=0``), no early stopping. :func:`randomization_test` calls the factory with a
    ``numpy.random.RandomState`` so that the initial weights and the order of the
    mini-batches are reproducible and the order changes from epoch to epoch.

    Parameters
    ----------
    hidden
        Units in the hidden layer.
    learning_rate
        Adam's initial step size.
    batch_size
        Examples per mini-batch (the number of steps per epoch is ``ceil(n / batch_size)``).
    alpha
        Weight decay (scikit-learn's L2 penalty on the weights); 0 for none.

    Returns
    -------
    collections.abc.Callable
        ``factory(random_state) -> sklearn.neural_network.MLPClassifier``.

    Examples
    --------
    >>> import numpy as np
    >>> model = memorizing_mlp(16)(np.random.RandomState(0))
    >>> model.alpha, model.hidden_layer_sizes
    (0.0, (16,))
    """
    from sklearn.neural_network import MLPClassifier

    if int(hidden) != hidden or hidden < 1:
        raise ValueError(f"hidden must be a positive number of units, got {hidden}")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    if not alpha >= 0:
        raise ValueError(f"alpha (weight decay) must be non-negative, got {alpha}")

    def factory(random_state: np.random.RandomState) -> MLPClassifier:
        return MLPClassifier(hidden_layer_sizes=(int(hidden),), alpha=float(alpha), solver="adam",
                             learning_rate_init=learning_rate, batch_size=batch_size,
                             random_state=random_state)

    return factory


def train_until_fit(model: Any, X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray,
                    y_test: np.ndarray, *, classes: np.ndarray, max_epochs: int = 500,
                    target: float = 1.0, track_test: bool = True) -> pd.DataFrame:
    """Train ``model`` one epoch at a time until its training accuracy reaches ``target``.

    Parameters
    ----------
    model
        An estimator with ``partial_fit(X, y, classes=...)`` running one epoch and
        ``predict``; its ``loss_`` attribute (as scikit-learn's MLP has) is recorded if
        present.
    X_train, y_train, X_test, y_test
        Training data (with the labels the model should fit) and test data.
    classes
        All classes, passed to ``partial_fit``.
    max_epochs
        Stop after this many epochs even if the target is not reached.
    target
        Training accuracy (fraction) at which to stop.
    track_test
        Measure test accuracy after every epoch; if False, only after the last one
        (earlier rows are NaN), which saves about a tenth of the time.

    Returns
    -------
    pandas.DataFrame
        One row per epoch: ``epoch`` (1, 2, ...), ``train_loss`` (NaN without
        ``loss_``), ``train_accuracy``, ``test_accuracy``.

    Examples
    --------
    >>> import numpy as np
    >>> X, y = digits()
    >>> model = memorizing_mlp(64)(np.random.RandomState(0))
    >>> h = train_until_fit(model, X[:200], y[:200], X[200:400], y[200:400],
    ...                     classes=np.arange(10), max_epochs=300)
    >>> float(h["train_accuracy"].iloc[-1])
    1.0
    """
    target = _check_fraction(target, "target")
    if int(max_epochs) != max_epochs or max_epochs < 1:
        raise ValueError(f"max_epochs must be a positive integer, got {max_epochs}")
    rows = np.full((int(max_epochs), 3), np.nan)
    epoch = 0
    while epoch < max_epochs:
        model.partial_fit(X_train, y_train, classes=classes)
        train_acc = float(np.mean(model.predict(X_train) == y_train))
        epoch += 1
        done = train_acc >= target or epoch == max_epochs
        test_acc = np.mean(model.predict(X_test) == y_test) if track_test or done else np.nan
        rows[epoch - 1] = (getattr(model, "loss_", np.nan), train_acc, test_acc)
        if train_acc >= target:
            break
    out = pd.DataFrame(rows[:epoch], columns=["train_loss", "train_accuracy", "test_accuracy"])
    out.insert(0, "epoch", np.arange(1, epoch + 1))
    return out


@dataclass(frozen=True)
class RandomizationTest:
    """Result of :func:`randomization_test`.

    Attributes
    ----------
    summary
        One row per setting: ``setting`` (``"labels"`` or an input corruption), ``fraction``
        (share of labels redrawn; 0 for input corruptions), ``label`` (a readable name),
        ``train_accuracy`` and ``test_accuracy`` after the last epoch (training accuracy on
        the labels the model was trained on; test accuracy on true test labels),
        ``epochs`` trained, ``epochs_to_fit`` (NaN if ``target`` was not reached),
        ``steps_to_fit`` (mini-batch updates, if the model has ``batch_size``),
        ``chance`` (share of the most frequent test class), ``n_train``, ``n_test``.
    history
        One row per setting and epoch (columns of :func:`train_until_fit` plus
        ``setting``, ``fraction`` and ``label``): learning curves.
    """

    summary: pd.DataFrame
    history: pd.DataFrame


def _label(setting: str, fraction: float) -> str:
    if setting != "labels":
        return setting
    if fraction == 0:
        return "true labels"
    return "random labels" if fraction == 1 else f"{fraction:.0%} labels redrawn"


def randomization_test(X: Any, y: Any, model_factory: Callable[[np.random.RandomState], Any],
                       fractions: Sequence[float], rng: np.random.Generator, *,
                       inputs: Sequence[str] = INPUT_SETTINGS, test_fraction: float = 0.4,
                       max_epochs: int = 500, target: float = 1.0,
                       track_test: bool = True) -> RandomizationTest:
    """Zhang et al.'s randomization test: one model, fitted to true and randomized data.

    The data are split once at random into training and test sets. For each label-noise
    ``fraction`` the training labels are corrupted with :func:`corrupt_labels` (test labels
    stay true); for each input corruption in ``inputs`` the training *and* test inputs are
    replaced (``"shuffled pixels"``: one permutation for all images; ``"random pixels"``: a
    permutation per image; ``"gaussian"``: Gaussian noise matching the training set's
    per-pixel mean and standard deviation) and the labels stay true. A fresh model from
    ``model_factory`` is trained on each setting with :func:`train_until_fit`.

    Parameters
    ----------
    X, y
        Inputs (examples x features) and class labels.
    model_factory
        ``factory(random_state) -> estimator`` with ``partial_fit`` and ``predict``, e.g.
        :func:`memorizing_mlp`.
    fractions
        Shares of training labels to redraw, fractions in ``[0, 1]``; include 0 (true
        labels) and 1 (random labels) for the full test.
    rng
        Generator for the split and, through independent children (``rng.spawn``), for
        each setting's corruption and model seed.
    inputs
        Input corruptions to run, a subset of :data:`INPUT_SETTINGS` (may be empty).
    test_fraction
        Share of examples held out for testing.
    max_epochs, target, track_test
        Passed to :func:`train_until_fit`.

    Returns
    -------
    RandomizationTest
        ``summary`` (one row per setting) and ``history`` (learning curves).

    Notes
    -----
    Training runs with one BLAS thread (small matrices are faster that way, and timings do
    not depend on the machine's other load). Epochs to fit depend on the optimiser and its
    step size: compare them between settings of one run, not across models.

    Examples
    --------
    >>> import numpy as np
    >>> X, y = digits()
    >>> out = randomization_test(X[:300], y[:300], memorizing_mlp(64), [0.0, 1.0],
    ...                          np.random.default_rng(0), inputs=[], max_epochs=400)
    >>> out.summary["train_accuracy"].tolist()
    [1.0, 1.0]
    """
    X, y = _check_xy(X, y)
    fractions = [_check_fraction(f) for f in np.atleast_1d(np.asarray(fractions, dtype=float))]
    unknown = sorted(set(inputs) - set(INPUT_SETTINGS))
    if unknown:
        raise ValueError(f"unknown input settings {unknown}; choose from {list(INPUT_SETTINGS)}")
    if not fractions and not inputs:
        raise ValueError("nothing to run: give at least one fraction or one input setting")
    test_fraction = _check_fraction(test_fraction, "test_fraction")
    n_test = int(round(test_fraction * len(y)))
    if n_test < 1 or n_test >= len(y):
        raise ValueError(f"test_fraction = {test_fraction} leaves {n_test} test and "
                         f"{len(y) - n_test} training examples; both must be at least one")
    order = rng.permutation(len(y))
    test, train = order[:n_test], order[n_test:]
    classes = np.unique(y)
    settings = [("labels", f) for f in fractions] + [(s, 0.0) for s in inputs]
    children = rng.spawn(len(settings))
    summary, history = [], []
    with threadpool_limits(limits=1):
        for (setting, fraction), child in zip(settings, children, strict=True):
            X_train, X_test, y_train = X[train], X[test], y[train]
            if setting == "labels":
                y_train = corrupt_labels(y_train, fraction, child, classes=classes)
            elif setting == "gaussian":
                X_train = gaussian_inputs(X[train], len(train), child)
                X_test = gaussian_inputs(X[train], len(test), child)
            else:
                both = shuffle_pixels(np.vstack([X_train, X_test]), child,
                                      per_example=setting == "random pixels")
                X_train, X_test = both[:len(train)], both[len(train):]
            model = model_factory(np.random.RandomState(child.integers(2**32)))
            h = train_until_fit(model, X_train, y_train, X_test, y[test], classes=classes,
                                max_epochs=max_epochs, target=target, track_test=track_test)
            label = _label(setting, fraction)
            h.insert(0, "label", label)
            h.insert(0, "fraction", fraction)
            h.insert(0, "setting", setting)
            history.append(h)
            last = h.iloc[-1]
            fitted = bool(last["train_accuracy"] >= target)
            batch = getattr(model, "batch_size", None)
            steps = int(np.ceil(len(train) / min(batch, len(train)))) if isinstance(batch, int) else np.nan
            epochs_to_fit = float(last["epoch"]) if fitted else np.nan
            summary.append({"setting": setting, "fraction": fraction, "label": label,
                            "train_accuracy": float(last["train_accuracy"]),
                            "test_accuracy": float(last["test_accuracy"]),
                            "epochs": int(last["epoch"]), "epochs_to_fit": epochs_to_fit,
                            "steps_to_fit": epochs_to_fit * steps})
    counts = np.unique(y[test], return_counts=True)[1]
    out = pd.DataFrame(summary)
    out["chance"] = counts.max() / n_test
    out["n_train"], out["n_test"] = len(train), n_test
    return RandomizationTest(summary=out, history=pd.concat(history, ignore_index=True))
