"""Holdout reuse, Thresholdout and the Ladder: the fast simulation against brute force, the
mechanisms against their definitions, and the published qualitative results."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.holdout import boosting_attack, ladder, reuse_experiment, thresholdout


def brute_force(rng, n, d, k, n_runs, signal=0.0, n_signal=0):
    """The experiment drawn in full: n x d feature matrices, correlations, sign classifier."""
    cutoff = 1 / np.sqrt(n)
    out = {name: np.empty((n_runs, len(k))) for name in ("train", "holdout", "fresh")}
    for run in range(n_runs):
        sets = {}
        for name in out:
            y = rng.choice([-1.0, 1.0], n)
            x = rng.standard_normal((n, d))
            x[:, :n_signal] += signal * y[:, None]
            sets[name] = (x, y)
        c_train = sets["train"][0].T @ sets["train"][1] / n
        c_hold = sets["holdout"][0].T @ sets["holdout"][1] / n
        keep = (np.abs(c_train) > cutoff) & (np.abs(c_hold) > cutoff) & (np.sign(c_train) == np.sign(c_hold))
        ranked = np.flatnonzero(keep)[np.argsort(-np.abs(c_train[keep]), kind="stable")]
        for g, top in enumerate(k):
            chosen = ranked[:top]
            for name, (x, y) in sets.items():
                score = x[:, chosen] @ np.sign(c_train[chosen])
                out[name][run, g] = np.mean(np.where(score == 0, 0.5, score * y > 0))
    return out


def test_fast_simulation_matches_the_brute_force_experiment():
    k = np.array([0, 5, 20, 60])
    n_runs = 150
    fast = reuse_experiment(np.random.default_rng(1), n=300, d=300, k=k, n_runs=n_runs,
                            signal=0.25, n_signal=5)
    slow = brute_force(np.random.default_rng(2), 300, 300, k, n_runs, signal=0.25, n_signal=5)
    for name, values in slow.items():
        ours = fast[fast["set"] == name].pivot(index="run", columns="k", values="accuracy")
        se = np.sqrt(ours.var().to_numpy() / n_runs + values.var(axis=0) / n_runs)
        diff = ours.mean().to_numpy() - values.mean(axis=0)
        assert (np.abs(diff) <= 4 * se + 1e-9).all(), (name, diff, se)


def test_standard_holdout_overfits_as_dwork_et_al_report():
    # Dwork et al. 2015: n = d = 10,000, no signal: at k = 500 the reused holdout reads
    # about 63% like the training set, while fresh data stays at 50%.
    out = reuse_experiment(np.random.default_rng(0), k=[0, 500], n_runs=20)
    at = out[out["k"] == 500].groupby("set")["accuracy"].mean()
    assert at["holdout"] > 0.6 and at["train"] > 0.6
    assert abs(at["fresh"] - 0.5) < 0.01
    assert (out.loc[out["k"] == 0, "accuracy"] == 0.5).all()


def test_thresholdout_keeps_the_holdout_honest():
    out = reuse_experiment(np.random.default_rng(0), k=[500], n_runs=20, mechanism="thresholdout")
    at = out.groupby("set")["accuracy"].mean()
    assert at["holdout"] < 0.53 and at["train"] > 0.6 and abs(at["fresh"] - 0.5) < 0.01


def test_thresholdout_follows_its_definition():
    rng = np.random.default_rng(0)
    train = np.full(20_000, 0.5)
    hold = np.r_[np.full(10_000, 0.5), np.full(10_000, 0.7)]
    answers = thresholdout(train, hold, rng, threshold=0.04, tau=0.01)
    assert (answers[:10_000] == 0.5).mean() > 0.99           # agree: the training value
    far = answers[10_000:]
    assert abs(far.mean() - 0.7) < 1e-3 and abs(far.std() - 0.01) < 1e-3  # holdout + N(0, tau)
    lap = thresholdout(train, hold, np.random.default_rng(1), threshold=0.04, tau=0.01, noise="laplace")
    assert abs(lap[10_000:].std() - 0.01 * np.sqrt(2)) < 1e-3   # Laplace(tau) has SD tau * sqrt(2)


def test_ladder_releases_only_improvements_larger_than_eta():
    losses = np.array([0.40, 0.395, 0.37, 0.371, 0.30, 0.305])
    assert ladder(losses, eta=0.01).tolist() == pytest.approx([0.40, 0.40, 0.37, 0.37, 0.30, 0.30])
    boards = np.vstack([losses, losses[::-1]])
    np.testing.assert_allclose(ladder(boards, eta=0.01)[1], ladder(losses[::-1], eta=0.01))


def test_parameter_free_ladder_uses_the_paired_standard_error():
    rng = np.random.default_rng(0)
    n = 2_000
    base = rng.integers(0, 2, n).astype(float)
    ones, zeros = np.flatnonzero(base == 1), np.flatnonzero(base == 0)
    noisy = base.copy()                          # 101 items better, 99 worse: within noise
    noisy[ones[:101]] = 0
    noisy[zeros[:99]] = 1
    clear = base.copy()                          # 200 items better: beyond noise
    clear[ones[:200]] = 0
    released = ladder(None, per_item=np.vstack([base, noisy, clear]))
    assert released[0] == released[1] == pytest.approx(base.mean())
    assert released[2] == pytest.approx(clear.mean())


def test_boosting_attack_fools_a_plain_board_but_not_the_ladder():
    plain = boosting_attack(np.random.default_rng(0), n_holdout=2_000, k=[1000], n_runs=10)
    lad = boosting_attack(np.random.default_rng(0), n_holdout=2_000, k=[1000], n_runs=10,
                          mechanism="ladder")
    # Blum & Hardt: the plain board's score rises about sqrt(k / n) above chance
    assert plain["reported"].mean() > 0.5 + 0.5 * np.sqrt(1000 / 2000) * 0.2
    assert lad["reported"].mean() < plain["reported"].mean() - 0.04
    assert abs(plain["fresh"].mean() - 0.5) < 0.01 and abs(lad["fresh"].mean() - 0.5) < 0.01


def test_results_are_reproducible():
    a = reuse_experiment(np.random.default_rng(5), n=500, d=500, k=[10, 50], n_runs=3)
    b = reuse_experiment(np.random.default_rng(5), n=500, d=500, k=[10, 50], n_runs=3)
    assert a.equals(b)


@pytest.mark.parametrize("call, match", [
    (lambda: reuse_experiment(np.random.default_rng(0), n=100, d=50, k=[10, 60]), "k must be"),
    (lambda: reuse_experiment(np.random.default_rng(0), mechanism="ladder"), "mechanism"),
    (lambda: reuse_experiment(np.random.default_rng(0), n=0), "n must be"),
    (lambda: thresholdout([0.5], [0.6], np.random.default_rng(0), threshold=0, tau=0.01), "> 0"),
    (lambda: thresholdout([0.5], [0.6], np.random.default_rng(0), threshold=0.1, tau=0.1, noise="x"), "noise"),
    (lambda: ladder([0.3, 0.2]), "eta"),
    (lambda: ladder([0.3, np.nan], eta=0.01), "finite"),
    (lambda: ladder(None, eta=0.1, per_item=np.ones((2, 5))), "not both"),
    (lambda: boosting_attack(np.random.default_rng(0), k=[5, 3]), "increasing"),
])
def test_bad_input_gets_a_clear_error(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_an_explicit_generator_is_required():
    with pytest.raises((TypeError, ValueError)):
        reuse_experiment(42)
