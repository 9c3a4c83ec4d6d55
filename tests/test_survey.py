"""The survey kernel and the survey-weighted shares."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abm.core.kernels import reference
from abm.core.kernels.survey import answer_survey
from abm.core.metrics import sample_share, weighted_share

pytestmark = pytest.mark.kernel
"""Kernel tests also run with NUMBA_DISABLE_JIT=1 (tests/run.sh), so coverage sees the kernel bodies."""


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 80))
@settings(max_examples=100, deadline=None)
def test_kernel_equals_reference(seed, n):
    rng = np.random.default_rng(seed)
    args = (rng.integers(480, 501, n), rng.integers(480, 501, n), rng.integers(0, 20, n), rng.integers(0, 20, n))
    for g, w in zip(answer_survey(*args, month=500, window=12), reference.answer_survey(*args, month=500, window=12)):
        np.testing.assert_array_equal(g, w)


def test_trailing_window_includes_the_current_month_and_eleven_before():
    difficulty, _, _ = answer_survey(np.array([500, 489, 488]), np.zeros(3, int), np.zeros(3, int), np.zeros(3, int),
                                     month=500, window=12)  # fmt: skip
    assert list(difficulty) == [True, True, False]


def test_weighted_share_weighs_large_firms_a_quarter():
    large = np.array([True, False, False, False, False])
    answers = np.array([True, False, False, False, True])
    assert weighted_share(answers, large, 0.25) == 0.25 * 1.0 + 0.75 * 0.25


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 600))
@settings(max_examples=50, deadline=None)
def test_shares_lie_in_unit_interval(seed, n):
    rng = np.random.default_rng(seed)
    answers, large = rng.random(n) < 0.5, rng.random(n) < 0.25
    for share in (weighted_share(answers, large, 0.25), sample_share(answers, large, 0.25, 216, rng)):
        assert 0.0 <= share <= 1.0


def test_sample_spread_matches_binomial_error():
    rng = np.random.default_rng(0)
    n = 20000
    large = np.arange(n) < n // 4
    answers = rng.random(n) < 0.49
    draws = [sample_share(answers, large, 0.25, 216, rng) for _ in range(400)]
    # standard error of a share of 0.49 in 216 draws is about 3.4 points
    assert 0.028 < np.std(draws) < 0.041
