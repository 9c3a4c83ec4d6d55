"""Random streams: every draw in a run comes from the run's one seed, keyed by name.

``stream(seed, name, month)`` is a fresh NumPy generator seeded by
``SeedSequence(seed, spawn_key=(stable_hash(name), month))``. Keying by name (not by
creation order) means adding a policy or a driver never shifts anybody else's random
numbers; keying by month as well means that the i-th number a component draws in a
month is the same across scenarios run with the same seed (common random numbers), so
a policy's effect is measured against the baseline paired by seed.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np


@functools.cache  # a run asks for the same dozen names every month
def stable_hash(name: str) -> int:
    """A 32-bit integer from ``name`` that is the same on every machine and Python run."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "little")


def stream(seed: int, name: str, month: int) -> np.random.Generator:
    """The generator of component ``name`` for ``month`` of the run seeded ``seed``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stable_hash(name), month)))
