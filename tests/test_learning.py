"""The learning kernel against its reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abm.core.kernels import reference
from abm.core.kernels.learning import learn

pytestmark = pytest.mark.kernel
"""Kernel tests also run with NUMBA_DISABLE_JIT=1 (tests/run.sh), so coverage sees the kernel bodies."""


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 80), decay=st.floats(0, 0.5))
@settings(max_examples=100, deadline=None)
def test_kernel_equals_reference(seed, n, decay):
    rng = np.random.default_rng(seed)
    a = dict(
        status=rng.integers(0, 5, n).astype(np.int8),
        skill=rng.random(n),
        wage=rng.uniform(0, 60000, n),
        reservation_wage=rng.uniform(10000, 60000, n),
        months_in_status=rng.integers(0, 30, n).astype(np.int32),
    )
    b = {k: v.copy() for k, v in a.items()}
    knobs = dict(skill_step=0.01, log_pay_gradient=np.log(3), fresh_pay=20000.0, decay=decay, floor_ratio=0.7)
    learn(**a, **knobs)
    reference.learn(**b, **knobs)
    for key in a:
        np.testing.assert_allclose(a[key], b[key], rtol=1e-13)


def test_employed_learn_and_earn_unemployed_lower_reservation_to_floor():
    status = np.array([0, 1, 4], np.int8)
    skill, wage = np.array([0.995, 0.0, 0.5]), np.array([50000.0, 0.0, 0.0])
    reservation, months = np.array([0.0, 14500.0, 0.0]), np.zeros(3, np.int32)
    learn(status, skill, wage, reservation, months, skill_step=0.01, log_pay_gradient=np.log(3),
          fresh_pay=20000.0, decay=0.1, floor_ratio=0.7)  # fmt: skip
    assert skill[0] == 1.0 and wage[0] > 50000.0  # capped at 1, pay follows skill
    assert reservation[1] == 14000.0  # 14,500 x 0.9 is below the floor of 0.7 x 20,000
    assert list(months) == [1, 1, 0]  # departed workers do not age
