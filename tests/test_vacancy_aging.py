"""The vacancy-aging kernel against its reference, and its definitions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abm.core.kernels import reference
from abm.core.kernels.vacancy_aging import age_vacancies
from abm.core.state import NO_MONTH, VacancyState

pytestmark = pytest.mark.kernel
"""Kernel tests also run with NUMBA_DISABLE_JIT=1 (tests/run.sh), so coverage sees the kernel bodies."""


def vacancies(rng, n, n_firms):
    offer = rng.uniform(20000, 50000, n)
    return dict(
        firm=np.sort(rng.integers(0, n_firms, n)).astype(np.int32) if n_firms else np.zeros(0, np.int32),
        posted_month=rng.integers(100, 110, n).astype(np.int32), wage_offer=offer,
        wage_ceiling=offer * rng.uniform(1, 1.3, n), required_skill=rng.random(n),
        state=(rng.random(n) < 0.2).astype(np.int8) * 2,
        cut_per_firm=rng.integers(0, 3, n_firms), last_difficulty_month=np.full(n_firms, NO_MONTH, np.int32),
        last_withdrawal_month=np.full(n_firms, NO_MONTH, np.int32),
    )  # fmt: skip


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 60), n_firms=st.integers(1, 8), growth=st.floats(0, 0.2))
@settings(max_examples=100, deadline=None)
def test_kernel_equals_reference(seed, n, n_firms, growth):
    a = vacancies(np.random.default_rng(seed), n, n_firms)
    b = {k: v.copy() for k, v in a.items()}
    knobs = dict(month=110, wage_growth=growth, relaxation=growth / 2, difficulty_threshold=3, withdrawal_age=6)
    assert age_vacancies(**a, **knobs) == reference.age_vacancies(**b, **knobs)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])


def test_threshold_withdrawal_and_wage_rise():
    posted = np.array([100, 97, 96, 94], dtype=np.int32)  # ages 0, 3, 4, 6 in month 100
    inputs = dict(
        firm=np.array([0, 1, 2, 3], np.int32), posted_month=posted, wage_offer=np.full(4, 100.0),
        wage_ceiling=np.full(4, 101.0), required_skill=np.full(4, 0.5), state=np.zeros(4, np.int8),
        cut_per_firm=np.zeros(4, np.int64),
        last_difficulty_month=np.full(4, NO_MONTH, np.int32), last_withdrawal_month=np.full(4, NO_MONTH, np.int32),
    )  # fmt: skip
    cut, aged_out = age_vacancies(
        **inputs, month=100, wage_growth=0.05, relaxation=0.1, difficulty_threshold=3, withdrawal_age=6
    )
    assert (cut, aged_out) == (0, 1)
    assert list(inputs["state"]) == [VacancyState.OPEN, VacancyState.OPEN, VacancyState.OPEN, VacancyState.WITHDRAWN]
    # ages 3 and 4: open 3 and 4 full months and still unfilled, so open longer than 3 months
    assert list(inputs["last_difficulty_month"] == 100) == [False, True, True, True]
    assert list(inputs["wage_offer"]) == [100.0, 101.0, 101.0, 100.0]  # rises with age, capped at the ceiling
    assert list(inputs["required_skill"]) == [0.5, 0.4, 0.4, 0.5]  # requirements relax while open


def test_plan_cuts_withdraw_newest_first():
    inputs = dict(
        firm=np.zeros(3, np.int32), posted_month=np.array([98, 99, 100], np.int32), wage_offer=np.ones(3),
        wage_ceiling=np.ones(3), required_skill=np.ones(3), state=np.zeros(3, np.int8), cut_per_firm=np.array([2]),
        last_difficulty_month=np.full(1, NO_MONTH, np.int32), last_withdrawal_month=np.full(1, NO_MONTH, np.int32),
    )  # fmt: skip
    knobs = dict(month=100, wage_growth=0.0, relaxation=0.0, difficulty_threshold=3, withdrawal_age=6)
    assert age_vacancies(**inputs, **knobs) == (2, 0)
    assert list(inputs["state"]) == [VacancyState.OPEN, VacancyState.WITHDRAWN, VacancyState.WITHDRAWN]
    assert inputs["last_withdrawal_month"][0] == 100


def test_adapter_rejects_inconsistent_definitions():
    inputs = vacancies(np.random.default_rng(0), 5, 2)
    with pytest.raises(ValueError, match="exceed"):
        age_vacancies(**inputs, month=110, wage_growth=0.0, relaxation=0.0, difficulty_threshold=6, withdrawal_age=6)
