"""The measures of experiments/validation.py on data whose answer is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from experiments.validation import matching_function, unemployed_against_hired


def months_of(hires_from, seed: int) -> pd.DataFrame:
    """Five years of monthly stocks and flows with hires from unemployment given by ``hires_from(pool, vacancies)``,
    the pool being last month's unemployed plus this month's entrants."""
    rng = np.random.default_rng(seed)
    n = 60
    frame = pd.DataFrame({
        "case": "baseline", "seed": seed, "month": np.arange(n),
        "date": pd.date_range("2023-01-01", periods=n, freq="MS"),
        "unemployed": rng.uniform(500, 2000, n), "vacancies": rng.uniform(1000, 4000, n),
        "entrants": rng.uniform(100, 600, n),
    })  # fmt: skip
    pool = frame["unemployed"].shift(1) + frame["entrants"]
    frame["hires_from_unemployment"] = hires_from(pool, frame["vacancies"].shift(1)).fillna(1.0)
    return frame


def test_the_matching_function_recovers_known_elasticities_on_the_stock_and_on_the_pool():
    cobb_douglas = lambda pool, vacancies: 0.3 * pool**0.6 * vacancies**0.4  # noqa: E731
    runs = pd.concat([months_of(cobb_douglas, seed) for seed in range(3)], ignore_index=True)
    found = matching_function(runs, ["baseline"])
    pooled = found["on_month_pool"]
    assert pooled["elasticity_pool"] == pytest.approx(0.6, abs=1e-9)
    assert pooled["elasticity_vacancies"] == pytest.approx(0.4, abs=1e-9)
    assert pooled["r2"] == pytest.approx(1.0)
    assert found["observations"] == 3 * 59
    assert 0 < found["elasticity_unemployed"] < 0.6  # the stock misses the entrants' share of the pool


def test_unemployed_against_hired_reports_who_stays_unemployed():
    found = unemployed_against_hired(seed=3, scale=0.1, dates=("2023-06", "2024-06"))
    assert list(found) == ["2023-06", "2024-06"]
    for month in found.values():
        assert month["unemployed_searching"] > 0
        assert 0 <= month["unemployed_open_vacancies_paying_enough"] <= 1
        assert month["unemployed_mean_months"] >= 1
        assert all(0 <= month[k] <= 1 for k in ("unemployed_mean_skill", "hired_mean_skill", "employed_mean_skill"))
