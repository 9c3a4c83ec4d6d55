"""The census kernel against its reference: counts by status and origin, and the pay of groups."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abm.core.kernels import reference
from abm.core.kernels.census import take_census

pytestmark = pytest.mark.kernel
"""Kernel tests also run with NUMBA_DISABLE_JIT=1 (tests/run.sh), so coverage sees the kernel bodies."""


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 200))
@settings(max_examples=100, deadline=None)
def test_kernel_equals_reference(seed, n):
    rng = np.random.default_rng(seed)
    status = rng.integers(0, 5, n).astype(np.int8)
    origin = rng.integers(0, 4, n).astype(np.int8)
    wage = np.where(status == 0, rng.uniform(20000, 90000, n), 0.0)
    census = take_census(status, origin, wage)
    counts, wages = reference.take_census(status, origin, wage)
    np.testing.assert_array_equal(census.counts, counts)
    for got, want in zip(
        (census.employed_wages, census.local_wages, census.imported_wages, census.nonlocal_wages), wages
    ):
        np.testing.assert_array_equal(got, want)


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="one entry per worker"):
        take_census(np.zeros(3, np.int8), np.zeros(2, np.int8), np.zeros(3))
