"""The firm-demand kernel against its reference, and the plan it makes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abm.core.kernels import reference
from abm.core.kernels.firm_demand import update_demand

pytestmark = pytest.mark.kernel
"""Kernel tests also run with NUMBA_DISABLE_JIT=1 (tests/run.sh), so coverage sees the kernel bodies."""


def firms(rng, n):
    return dict(
        main_specialisation=rng.integers(0, 4, n), base_headcount=rng.uniform(1, 80, n),
        demand_shock=rng.normal(0, 0.1, n), demand_boost=rng.uniform(0, 3, n) * (rng.random(n) < 0.3),
        employed=rng.integers(0, 80, n), open_vacancies=rng.integers(0, 10, n),
        multiplier_now=rng.uniform(0.8, 1.3, 4), multiplier_ahead=rng.uniform(0.8, 1.5, 4),
        normal_draws=rng.standard_normal(n),
    )  # fmt: skip


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 50), rho=st.floats(0, 0.99), sd=st.floats(0, 0.3))
@settings(max_examples=100, deadline=None)
def test_kernel_equals_reference(seed, n, rho, sd):
    a = firms(np.random.default_rng(seed), n)
    b = {k: v.copy() for k, v in a.items()}
    knobs = dict(persistence=rho, shock_sd=sd, horizon_months=12)
    got, want = update_demand(**a, **knobs), reference.update_demand(**b, **knobs)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
    np.testing.assert_allclose(a["demand_shock"], b["demand_shock"], rtol=1e-15)


def test_posts_gap_and_cuts_only_open_vacancies():
    inputs = dict(
        main_specialisation=np.array([0, 0, 0]), base_headcount=np.array([10.0, 10.0, 10.0]),
        demand_shock=np.zeros(3), demand_boost=np.zeros(3), employed=np.array([5, 12, 9]),
        open_vacancies=np.array([1, 1, 3]), multiplier_now=np.ones(4), multiplier_ahead=np.full(4, 1.5),
        normal_draws=np.zeros(3),
    )  # fmt: skip
    target, planned, post, cut = update_demand(**inputs, persistence=0.9, shock_sd=0.0, horizon_months=12)
    assert list(target) == [10, 10, 10] and list(planned) == [15, 15, 15]
    assert list(post) == [4, 0, 0]
    assert list(cut) == [0, 1, 2]  # a firm above target withdraws open vacancies, never fires


def test_adapter_rejects_bad_inputs():
    inputs = firms(np.random.default_rng(0), 5)
    with pytest.raises(ValueError, match="one entry per firm"):
        update_demand(**(inputs | {"normal_draws": np.zeros(4)}), persistence=0.9, shock_sd=0.1, horizon_months=12)
