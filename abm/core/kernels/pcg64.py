"""NumPy's PCG64 inside kernels: a stream's uniforms at any position, computed where they are used.

A kernel that needs only some of a large block of uniforms (the matching uses about 15 of the 30
a seeker could need) can take the generator's position instead of the block: ``words(generator)``
gives its 128-bit state and increment as four unsigned 64-bit words, :func:`jump` and
:func:`advance` move a state any number of draws ahead in O(log draws), and :func:`next_uniform`
steps once and returns the uniform ``Generator.random`` would have returned there, bit for bit.
So parallel threads can each compute their own part of one stream, and the results do not depend
on the number of threads.

The arithmetic is NumPy's (``numpy/random/src/pcg64/pcg64.h``): the state is a 128-bit linear
congruential generator ``state <- state * MULTIPLIER + increment`` (mod 2**128), its output the
XSL-RR permutation of the new state, a uniform ``(output >> 11) * 2**-53``. 128-bit numbers are
``(high, low)`` pairs of ``uint64``; the high word of a 64 x 64-bit product is one LLVM 128-bit
multiplication compiled, and Python's integers when the kernels run as Python
(``NUMBA_DISABLE_JIT``), where NumPy warns of the intended wrap-around of ``uint64`` arithmetic
unless the caller ignores it (``np.errstate(over="ignore")``).
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic, overload

MULTIPLIER_HIGH = np.uint64(2549297995355413924)
MULTIPLIER_LOW = np.uint64(4865540595714422341)
"""PCG's default 128-bit multiplier, ``PCG_DEFAULT_MULTIPLIER_128``, as (high, low) words."""

_ZERO, _ONE = np.uint64(0), np.uint64(1)
_UNIFORM_SCALE = 1.0 / 9007199254740992.0  # 2**-53


def words(generator: np.random.Generator) -> tuple[np.uint64, np.uint64, np.uint64, np.uint64]:
    """``(state_high, state_low, increment_high, increment_low)`` of a PCG64 generator."""
    if not isinstance(generator.bit_generator, np.random.PCG64):
        raise ValueError(f"a PCG64 generator is needed, not {type(generator.bit_generator).__name__}")
    state, mask = generator.bit_generator.state["state"], (1 << 64) - 1
    value, increment = state["state"], state["inc"]
    return np.uint64(value >> 64), np.uint64(value & mask), np.uint64(increment >> 64), np.uint64(increment & mask)


def multiply_high(a, b):
    """The high 64 bits of the 128-bit product of two ``uint64`` (Python: when the JIT is off)."""
    return np.uint64((int(a) * int(b)) >> 64)


@intrinsic
def _multiply_high_llvm(typingctx, a, b):
    def codegen(context, builder, signature, args):
        wide = ir.IntType(128)
        product = builder.mul(builder.zext(args[0], wide), builder.zext(args[1], wide))
        return builder.trunc(builder.lshr(product, ir.Constant(wide, 64)), ir.IntType(64))

    return types.uint64(types.uint64, types.uint64), codegen


@overload(multiply_high, jit_options={"cache": True})
def _multiply_high_compiled(a, b):
    return lambda a, b: _multiply_high_llvm(a, b)


@njit(cache=True)
def multiply(a_high, a_low, b_high, b_low):
    """``a * b`` mod 2**128, as (high, low)."""
    return multiply_high(a_low, b_low) + a_low * b_high + a_high * b_low, a_low * b_low


@njit(cache=True)
def add(a_high, a_low, b_high, b_low):
    """``a + b`` mod 2**128, as (high, low)."""
    low = a_low + b_low
    return a_high + b_high + (_ONE if low < a_low else _ZERO), low


@njit(cache=True)
def next_uniform(state_high, state_low, increment_high, increment_low):
    """One step: ``(state_high, state_low, uniform)``, the uniform in [0, 1) that
    ``Generator.random`` draws from this state."""
    high, low = multiply(state_high, state_low, MULTIPLIER_HIGH, MULTIPLIER_LOW)
    high, low = add(high, low, increment_high, increment_low)
    bits = high ^ low
    rotation = high >> np.uint64(58)
    output = (bits >> rotation) | (bits << ((np.uint64(64) - rotation) & np.uint64(63)))
    return high, low, (output >> np.uint64(11)) * _UNIFORM_SCALE


@njit(cache=True)
def jump(draws, increment_high, increment_low):
    """``(multiplier_high, multiplier_low, shift_high, shift_low)``: ``draws`` steps (at least 0) at
    once, ``state * multiplier + shift`` (PCG's ``pcg_advance_lcg_128``)."""
    total_high, total_low, shift_high, shift_low = _ZERO, _ONE, _ZERO, _ZERO
    step_high, step_low, plus_high, plus_low = MULTIPLIER_HIGH, MULTIPLIER_LOW, increment_high, increment_low
    while draws > 0:
        if draws & 1:
            total_high, total_low = multiply(total_high, total_low, step_high, step_low)
            shift_high, shift_low = multiply(shift_high, shift_low, step_high, step_low)
            shift_high, shift_low = add(shift_high, shift_low, plus_high, plus_low)
        one_more_high, one_more_low = add(step_high, step_low, _ZERO, _ONE)
        plus_high, plus_low = multiply(one_more_high, one_more_low, plus_high, plus_low)
        step_high, step_low = multiply(step_high, step_low, step_high, step_low)
        draws >>= 1
    return total_high, total_low, shift_high, shift_low


@njit(cache=True)
def advance(state_high, state_low, jumped):
    """The state a :func:`jump` later, as (high, low)."""
    multiplier_high, multiplier_low, shift_high, shift_low = jumped
    high, low = multiply(state_high, state_low, multiplier_high, multiplier_low)
    return add(high, low, shift_high, shift_low)
