"""The worker-flows kernel against its reference, and visa renewal."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abm.core.kernels import reference, worker_flows
from abm.core.state import WorkerEvent

pytestmark = pytest.mark.kernel
"""Kernel tests also run with NUMBA_DISABLE_JIT=1 (tests/run.sh), so coverage sees the kernel bodies."""


def workers(rng, n, month):
    return dict(
        status=rng.integers(0, 5, n).astype(np.int8), origin=rng.integers(0, 4, n).astype(np.int8),
        visa_expiry_month=np.where(rng.random(n) < 0.3, month, -1).astype(np.int32), u=rng.random(n),
    )  # fmt: skip


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 80), p=st.floats(0, 0.2))
@settings(max_examples=100, deadline=None)
def test_kernel_equals_reference(seed, n, p):
    a = workers(np.random.default_rng(seed), n, 500)
    b = {k: v.copy() for k, v in a.items()}
    knobs = dict(month=500, visa_term=24, emigration_probability=np.array([p, p, 2 * p, p]),
                 retirement_probability=p / 2, separation_probability=p, exit_probability=3 * p)  # fmt: skip
    np.testing.assert_array_equal(
        worker_flows.draw_worker_events(**a, **knobs), reference.draw_worker_events(**b, **knobs)
    )
    np.testing.assert_array_equal(a["visa_expiry_month"], b["visa_expiry_month"])


def test_visa_renewed_if_employed_else_departure():
    events = worker_flows.draw_worker_events(
        np.array([0, 1], np.int8), np.array([2, 2], np.int8), np.array([500, 500], np.int32), np.array([0.99, 0.99]),
        month=500, visa_term=24, emigration_probability=np.zeros(4), retirement_probability=0.0,
        separation_probability=0.0, exit_probability=0.0,
    )  # fmt: skip
    assert list(events) == [WorkerEvent.NONE, WorkerEvent.VISA_DEPARTURE]


def test_monthly_probability_compounds_to_the_yearly_one():
    assert abs(1 - (1 - worker_flows.monthly_probability(0.1)) ** 12 - 0.1) < 1e-12
