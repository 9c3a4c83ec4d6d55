"""NumPy's PCG64 inside kernels: the same uniforms as ``Generator.random``, anywhere in the stream."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from abm.core.kernels import pcg64

pytestmark = pytest.mark.kernel


@njit
def _uniforms(stream, skipped, count):
    """``count`` uniforms after the first ``skipped`` of the stream whose words are ``stream``."""
    high, low = pcg64.advance(stream[0], stream[1], pcg64.jump(skipped, stream[2], stream[3]))
    out = np.empty(count)
    for i in range(count):
        high, low, out[i] = pcg64.next_uniform(high, low, stream[2], stream[3])
    return out


def uniforms(generator, skipped, count):
    with np.errstate(over="ignore"):  # the intended wrap-around, reported when the JIT is off
        return _uniforms(np.array(pcg64.words(generator), dtype=np.uint64), skipped, count)


@given(seed=st.integers(0, 2**64 - 1), skipped=st.integers(0, 2**40), count=st.integers(0, 50))
@settings(max_examples=100, deadline=None)
def test_uniforms_anywhere_in_the_stream_are_numpys(seed, skipped, count):
    generator = np.random.default_rng(seed)
    got = uniforms(generator, skipped, count)
    generator.bit_generator.advance(skipped)
    np.testing.assert_array_equal(got, generator.random(count))


def test_a_long_run_of_uniforms_is_numpys():
    generator = np.random.default_rng(2026)
    np.testing.assert_array_equal(uniforms(generator, 0, 5000), np.random.default_rng(2026).random(5000))


@njit
def _multiply_high(a, b):
    return pcg64.multiply_high(a, b)


def test_multiply_high_is_the_high_word_of_the_product():
    """Compiled (LLVM's 128-bit product) and as Python (when the JIT is off)."""
    for a, b in [(0, 0), (2**64 - 1, 2**64 - 1), (int(pcg64.MULTIPLIER_LOW), 12345), (2**63, 2)]:
        for high in (_multiply_high, pcg64.multiply_high):
            assert int(high(np.uint64(a), np.uint64(b))) == (a * b) >> 64


def test_only_a_pcg64_generator_has_words():
    with pytest.raises(ValueError, match="PCG64"):
        pcg64.words(np.random.Generator(np.random.Philox(0)))
