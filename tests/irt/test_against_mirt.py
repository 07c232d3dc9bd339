"""fit_irt against an independent fit: the PyPI package ``mirt`` (Rust EM)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.data import response_matrix
from analysis.irt import fit_irt, marginal_log_likelihood, simulate_responses

mirt = pytest.importorskip("mirt")


def _mirt_2pl(values):
    ref = mirt.fit_mirt(values.astype(np.int64), model="2PL", compute_standard_errors=True)
    return ref, np.ravel(ref.model.discrimination), np.ravel(ref.model.difficulty)


def test_agrees_with_mirt_on_synthetic_data():
    """Independent fit (PyPI ``mirt``, Rust EM, 21 Gauss-Hermite nodes, no priors)."""
    x, _ = simulate_responses(500, 20, rng=np.random.default_rng(3))
    ref, ma, mb = _mirt_2pl(x.to_numpy())
    ours = fit_irt(x, quadrature="gauss-hermite", n_nodes=21, prior_a=None, prior_d_sd=None,
                   tol=1e-6)
    assert np.corrcoef(ours.a, ma)[0, 1] > 0.999
    assert np.corrcoef(ours.items["difficulty"], mb)[0, 1] > 0.999
    for quad, n in (("gauss-hermite", 21), ("grid", 61)):
        mine = marginal_log_likelihood(x, ours.a, ours.items["difficulty"], n_nodes=n,
                                       quadrature=quad)
        theirs = marginal_log_likelihood(x, ma, mb, n_nodes=n, quadrature=quad)
        assert mine >= theirs - 1e-3 if quad == "gauss-hermite" else abs(mine - theirs) < 1
    # standard errors agree with mirt's (Oakes) observed information
    np.testing.assert_allclose(ours.items["se_discrimination"],
                               np.ravel(ref.standard_errors["discrimination"]), rtol=0.1)
    # the default (weakly penalised) fit is the same fit
    default = fit_irt(x)
    assert np.corrcoef(default.a, ma)[0, 1] > 0.99


def test_agrees_with_mirt_on_a_real_matrix():
    """nlu-irt CommitmentBank (90 models x 28 items): mirt boxes a into [0.1, 5] and b into
    [-6, 6]; compare where it is inside the box (on mirt's quadrature), and the likelihood of
    the default fit everywhere."""
    m = response_matrix("nlu-irt", test_set="cb")
    fit = fit_irt(m)
    x = m.scores.loc[fit.abilities.index, fit.items.index].to_numpy()
    _, ma, mb = _mirt_2pl(x)
    inner = (ma > 0.1001) & (ma < 4.999) & (np.abs(mb) < 5.999)
    assert inner.sum() >= 15
    same_quadrature = fit_irt(m, quadrature="gauss-hermite", n_nodes=21)
    assert np.corrcoef(same_quadrature.d[inner], -(ma * mb)[inner])[0, 1] > 0.98
    assert np.corrcoef(same_quadrature.a[inner], ma[inner])[0, 1] > 0.98
    assert np.corrcoef(fit.items["difficulty"][inner], mb[inner])[0, 1] > 0.98
    # mirt's boxed items are the negatively discriminating ones here
    assert (fit.a[ma <= 0.1001] < 0).all()
    for quad, n in (("gauss-hermite", 21), ("grid", 61)):
        mine = marginal_log_likelihood(x, fit.a, fit.items["difficulty"], n_nodes=n, quadrature=quad)
        assert mine >= marginal_log_likelihood(x, ma, mb, n_nodes=n, quadrature=quad)


def test_1pl_agrees_with_mirts_rasch_fit():
    """mirt's "1PL" fixes a = 1 with a N(0, 1) ability (a Rasch model with unit ability SD);
    ours frees the common a, so it nests mirt's: same ordering of difficulties, and a
    likelihood at least as high on mirt's quadrature."""
    x, _ = simulate_responses(500, 15, rng=np.random.default_rng(3), model="1PL",
                              discrimination=1.3)
    ref = mirt.fit_mirt(x.to_numpy().astype(np.int64), model="1PL", compute_standard_errors=False)
    ma, mb = np.ravel(ref.model.discrimination), np.ravel(ref.model.difficulty)
    assert (ma == 1).all()
    ours = fit_irt(x, model="1PL", quadrature="gauss-hermite", n_nodes=21, prior_a=None,
                   prior_d_sd=None, tol=1e-6)
    assert np.corrcoef(ours.items["difficulty"], mb)[0, 1] > 0.999
    assert abs(ours.a[0] - 1.3) < 3 * ours.items["se_discrimination"].iloc[0]
    mine = marginal_log_likelihood(x, ours.a, ours.items["difficulty"], n_nodes=21,
                                   quadrature="gauss-hermite")
    assert mine >= marginal_log_likelihood(x, ma, mb, n_nodes=21, quadrature="gauss-hermite")
