"""The worker-flows kernel against its reference, and visa renewal as Hong Kong runs it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abm.core.calendar import monthly_probability
from abm.core.kernels import reference, worker_flows
from abm.core.state import Status, VisaOutcome, WorkerEvent

pytestmark = pytest.mark.kernel
"""Kernel tests also run with NUMBA_DISABLE_JIT=1 (tests/run.sh), so coverage sees the kernel bodies."""

MONTH = 500
RENEWAL = dict(extension_months=36, apply_employed=0.6, pay_elasticity=-1.0, reference_pay=50000.0,
               apply_later_terms=0.9, apply_not_in_ai=0.2, approval=0.94)  # fmt: skip
NO_HAZARDS = dict(emigration_probability=np.zeros(4), retirement_probability=0.0, separation_probability=0.0,
                  exit_probability=0.0)  # fmt: skip


def workers(rng, n):
    status = rng.integers(0, 5, n).astype(np.int8)
    expiry = np.where(rng.random(n) < 0.3, MONTH, -1).astype(np.int32)
    return dict(
        status=status, origin=rng.integers(0, 4, n).astype(np.int8), visa_expiry_month=expiry,
        visa_terms=rng.integers(1, 4, n).astype(np.int8),
        wage=np.where(status == Status.EMPLOYED, rng.uniform(20000, 90000, n), 0.0),
        u=rng.random(int(np.isin(status, (Status.EMPLOYED, Status.UNEMPLOYED)).sum())),
        u_visa=rng.random(int((expiry == MONTH).sum())),
    )  # fmt: skip


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 80), p=st.floats(0, 0.2), elasticity=st.floats(-4, 4))
@settings(max_examples=150, deadline=None)
def test_kernel_equals_reference(seed, n, p, elasticity):
    a = workers(np.random.default_rng(seed), n)
    b = {k: v.copy() for k, v in a.items()}
    knobs = RENEWAL | dict(month=MONTH, pay_elasticity=elasticity, emigration_probability=np.array([p, p, 2 * p, p]),
                           retirement_probability=p / 2, separation_probability=p, exit_probability=3 * p)  # fmt: skip
    for got, want in zip(worker_flows.draw_worker_events(**a, **knobs), reference.draw_worker_events(**b, **knobs)):
        np.testing.assert_array_equal(got, want)
    for column in ("visa_expiry_month", "visa_terms"):
        np.testing.assert_array_equal(a[column], b[column])


def renewal_outcomes(status, wage, terms, n=20000, seed=1):
    rng = np.random.default_rng(seed)
    events, visas = worker_flows.draw_worker_events(
        np.full(n, status, np.int8), np.full(n, 2, np.int8), np.full(n, MONTH, np.int32), np.full(n, terms, np.int8),
        np.full(n, wage), rng.random(n if status in (Status.EMPLOYED, Status.UNEMPLOYED) else 0), rng.random(n),
        month=MONTH, **RENEWAL, **NO_HAZARDS,
    )  # fmt: skip
    return events, visas


def test_an_employed_worker_at_the_reference_pay_applies_at_the_stated_share_and_most_are_approved():
    events, visas = renewal_outcomes(Status.EMPLOYED, 50000.0, 1)
    extended = (visas == VisaOutcome.EXTENDED).mean()
    applied = extended + (visas == VisaOutcome.REFUSED).mean()
    assert abs(applied - 0.6) < 0.015 and abs(extended - 0.6 * 0.94) < 0.015
    assert ((events == WorkerEvent.VISA_DEPARTURE) == (visas != VisaOutcome.EXTENDED)).all()


def test_the_better_paid_apply_less_often_with_a_negative_pay_elasticity():
    low = (renewal_outcomes(Status.EMPLOYED, 30000.0, 1)[1] == VisaOutcome.EXTENDED).mean()
    high = (renewal_outcomes(Status.EMPLOYED, 90000.0, 1)[1] == VisaOutcome.EXTENDED).mean()
    assert low > 0.6 * 0.94 > high


@pytest.mark.parametrize(("status", "share"), [(Status.UNEMPLOYED, 0.2), (Status.ADJACENT, 0.2),
                                               (Status.TRAINING, 0.2)])  # fmt: skip
def test_imported_workers_outside_ai_jobs_are_checked_at_expiry_too(status, share):
    _, visas = renewal_outcomes(status, 0.0, 1)
    assert abs((visas == VisaOutcome.EXTENDED).mean() - share * 0.94) < 0.015


def test_later_terms_use_the_later_share_and_extend_by_the_extension():
    n = 5
    expiry = np.full(n, MONTH, np.int32)
    terms = np.full(n, 2, np.int8)
    _, visas = worker_flows.draw_worker_events(
        np.zeros(n, np.int8), np.full(n, 2, np.int8), expiry, terms, np.full(n, 50000.0), np.zeros(n),
        np.array([0.0, 0.5, 0.84, 0.86, 0.95]), month=MONTH, **RENEWAL, **NO_HAZARDS,
    )  # fmt: skip
    assert list(visas) == [VisaOutcome.EXTENDED] * 3 + [VisaOutcome.REFUSED, VisaOutcome.NOT_APPLIED]
    assert list(expiry[:3]) == [MONTH + 36] * 3 and list(terms[:3]) == [3] * 3


def test_hazards_apply_to_the_labour_force_only():
    n = 5
    events, _ = worker_flows.draw_worker_events(
        np.array([0, 1, 2, 3, 4], np.int8), np.zeros(n, np.int8), np.full(n, -1, np.int32), np.ones(n, np.int8),
        np.full(n, 30000.0), np.zeros(2), np.zeros(0), month=MONTH, **RENEWAL,
        emigration_probability=np.ones(4), retirement_probability=0.0, separation_probability=0.0,
        exit_probability=0.0,
    )  # fmt: skip
    assert list(events) == [WorkerEvent.EMIGRATION] * 2 + [WorkerEvent.NONE] * 3


def test_monthly_probability_compounds_to_the_yearly_one():
    assert abs(1 - (1 - monthly_probability(0.1)) ** 12 - 0.1) < 1e-12
