"""Random streams: keyed by name and month, identical across processes."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from abm.core.streams import stable_hash, stream


def test_streams_depend_on_seed_name_and_month_only():
    first = stream(7, "matching", 300).random(5)
    np.testing.assert_array_equal(first, stream(7, "matching", 300).random(5))
    for other in (stream(8, "matching", 300), stream(7, "firm_demand", 300), stream(7, "matching", 301)):
        assert not np.array_equal(first, other.random(5))


def test_drawing_more_keeps_the_first_numbers():
    np.testing.assert_array_equal(stream(1, "x", 5).random(10)[:4], stream(1, "x", 5).random(4))


def test_stable_hash_is_the_same_in_another_process():
    code = "from abm.core.streams import stable_hash; print(stable_hash('policy.talent_admission'))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert int(other) == stable_hash("policy.talent_admission")
