"""The allocator setting: taken on this project's platform (Linux, glibc), and results unchanged."""

import sys

import numpy as np
import pandas as pd

from abm.runs import RunSpec, default_scenario, run
from abm.runs.allocator import keep_freed_memory


def test_glibc_takes_the_thresholds():
    assert sys.platform.startswith("linux")  # CI and the project's machine: the setting must apply there
    assert keep_freed_memory() is True
    assert keep_freed_memory() is True  # once per process, then the same answer


def test_a_run_is_the_same_before_and_after_memory_is_reused():
    """Arrays from reused heap memory start with old contents: a kernel that read before writing
    would differ between the first run in a process and a later one."""
    spec = RunSpec(default_scenario(), seed=3, scale=0.05)
    first = run(spec)
    np.random.default_rng(0).random(2**22)  # churn the heap with other contents
    pd.testing.assert_frame_equal(run(spec), first)
