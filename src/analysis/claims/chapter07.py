"""Our values for the claims of Chapter 7 (memorization), from one randomization test.

Zhang et al. (2017) trained convolutional networks and multilayer perceptrons on CIFAR-10
and ImageNet; the book runs the same test with a one-hidden-layer perceptron of 512 units
(their "MLP 1x512") on scikit-learn's bundled 8 x 8 digits, which trains in seconds and
needs no download. The comparison is of the pattern, not of the datasets.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ..generalization import RandomizationTest, digits, memorizing_mlp, randomization_test

#: Seed of the chapter's experiment (the chapter and the claims share the run).
SEED = 20170424

#: Shares of training labels redrawn at random in the chapter's experiment.
FRACTIONS = (0.0, 0.25, 0.5, 0.75, 1.0)


@cache
def experiment() -> RandomizationTest:
    """The chapter's randomization test: MLP 1x512 (Adam, step 0.01, batches of 100, no
    regularization) on the digits, half of them held out, trained until every training
    label is fitted (at most 500 epochs); test accuracy after the last epoch only."""
    X, y = digits()
    return randomization_test(X, y, memorizing_mlp(512, learning_rate=0.01, batch_size=100),
                              FRACTIONS, np.random.default_rng(SEED), test_fraction=0.5,
                              max_epochs=500, track_test=False)


def _row(label: str):
    summary = experiment().summary
    return summary.loc[summary["label"] == label].iloc[0]


def random_labels_train() -> float:
    """Training accuracy on fully random labels."""
    return float(_row("random labels")["train_accuracy"])


def random_labels_test() -> float:
    """Test accuracy (true test labels) of the model trained on fully random labels."""
    return float(_row("random labels")["test_accuracy"])


def random_labels_slowdown() -> float:
    """Epochs to fit random labels divided by epochs to fit the true labels (the same
    ratio in optimisation steps: both runs use the same batch size and training set)."""
    return float(_row("random labels")["epochs_to_fit"] / _row("true labels")["epochs_to_fit"])
