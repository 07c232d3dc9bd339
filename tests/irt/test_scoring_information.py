"""Abilities, information curves and item fit, pinned to their formulas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, optimize
from scipy.special import expit

from analysis import irt
from analysis.irt import (
    estimate_abilities,
    fit_irt,
    item_fit,
    item_information,
    simulate_responses,
)

test_information = irt.test_information
test_information.__test__ = False  # a library function, not a test


@pytest.fixture(scope="module")
def fitted():
    x, truth = simulate_responses(400, 25, rng=np.random.default_rng(21))
    return x, truth, fit_irt(x)


def _log_post(theta, y, a, d, prior=True):
    p = expit(a * theta + d)
    keep = ~np.isnan(y)
    ll = np.sum(np.where(y[keep] == 1, np.log(p[keep]), np.log1p(-p[keep])))
    return ll - (0.5 * theta**2 if prior else 0.0)


def test_map_and_eap_are_pinned_to_direct_computation(fitted):
    x, _, fit = fitted
    y = x.iloc[:3].to_numpy().copy()
    y[1, :5] = np.nan
    frame = pd.DataFrame(y, index=x.index[:3], columns=x.columns)
    a, d = fit.a, fit.d
    got = estimate_abilities(fit, frame)
    eap = estimate_abilities(fit, frame, method="eap")
    for i in range(3):
        best = optimize.minimize_scalar(lambda t, i=i: -_log_post(t, y[i], a, d),
                                        bounds=(-6, 6), method="bounded",
                                        options={"xatol": 1e-10})
        assert got["theta"].iloc[i] == pytest.approx(best.x, abs=1e-5)
        keep = ~np.isnan(y[i])
        p = expit(a[keep] * best.x + d[keep])
        info = (a[keep] ** 2 * p * (1 - p)).sum() + 1
        assert got["se"].iloc[i] == pytest.approx(1 / np.sqrt(info), rel=1e-4)
        norm = integrate.quad(lambda t, i=i: np.exp(_log_post(t, y[i], a, d)), -6, 6)[0]
        mean = integrate.quad(lambda t, i=i: t * np.exp(_log_post(t, y[i], a, d)), -6, 6)[0]
        assert eap["theta"].iloc[i] == pytest.approx(mean / norm, abs=1e-3)
    assert got["n"].tolist() == [25, 20, 25]


def test_mle_is_infinite_for_perfect_scores(fitted):
    x, _, fit = fitted
    y = pd.DataFrame([np.ones(25), np.zeros(25), x.iloc[0].to_numpy()], columns=x.columns)
    mle = estimate_abilities(fit, y, method="mle")
    assert mle["theta"].iloc[0] == np.inf and mle["theta"].iloc[1] == -np.inf
    assert np.isfinite(mle["theta"].iloc[2])
    best = optimize.minimize_scalar(lambda t: -_log_post(t, y.iloc[2].to_numpy(), fit.a, fit.d,
                                                         prior=False), bounds=(-8, 8),
                                    method="bounded", options={"xatol": 1e-10})
    assert mle["theta"].iloc[2] == pytest.approx(best.x, abs=1e-5)


def test_abilities_of_unknown_or_misshaped_items_are_refused(fitted):
    x, _, fit = fitted
    with pytest.raises(ValueError, match="does not know"):
        estimate_abilities(fit, x.rename(columns={"q0": "new item"}))
    with pytest.raises(ValueError, match="columns"):
        estimate_abilities(fit, x.to_numpy()[:, :5])
    with pytest.raises(ValueError, match="method"):
        estimate_abilities(fit, x, method="wle")
    # a subset of the items, by label
    sub = estimate_abilities(fit, x[["q1", "q3"]])
    assert (sub["n"] == 2).all()


def test_information_is_a_squared_p_one_minus_p(fitted):
    _, _, fit = fitted
    theta = np.array([-1.0, 0.0, 2.5])
    info = item_information(fit, theta)
    p = expit(np.outer(theta, fit.a) + fit.d)
    np.testing.assert_allclose(info.to_numpy(), fit.a**2 * p * (1 - p))
    # maximal at the item's difficulty, where it is a^2 / 4
    b0 = fit.items["difficulty"].iloc[0]
    assert item_information(fit, [b0]).iloc[0, 0] == pytest.approx(fit.a[0] ** 2 / 4)
    total = test_information(fit, theta)
    np.testing.assert_allclose(total["information"], info.sum(axis=1))
    np.testing.assert_allclose(total["se"], 1 / np.sqrt(info.sum(axis=1)))
    two = test_information(fit, theta, items=["q0", "q1"])
    np.testing.assert_allclose(two["information"], info[["q0", "q1"]].sum(axis=1))
    with pytest.raises(ValueError, match="not fitted items"):
        test_information(fit, theta, items=["q0", "nope"])
    with pytest.raises(ValueError, match="finite"):
        item_information(fit, [np.nan])
    assert len(item_information(fit)) == 121


def test_item_fit_is_pinned_and_flags_a_reversed_key():
    x, _ = simulate_responses(500, 20, rng=np.random.default_rng(3))
    x["q7"] = 1 - x["q7"]  # a wrong answer key: stronger models "fail" it
    fit = fit_irt(x)
    table = item_fit(fit, x)
    assert table.loc["q7", "misfit"] and table.loc["q7", "discrimination"] < 0
    assert table["misfit"].sum() <= 2
    theta = estimate_abilities(fit, x)["theta"].to_numpy()
    p = expit(np.outer(theta, fit.a) + fit.d)
    resid = x.to_numpy() - p
    np.testing.assert_allclose(table["outfit"], (resid**2 / (p * (1 - p))).mean(axis=0))
    np.testing.assert_allclose(table["infit"], (resid**2).sum(axis=0) / (p * (1 - p)).sum(axis=0))
