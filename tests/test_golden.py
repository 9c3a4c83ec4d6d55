"""Golden runs: the same scenario and seed give the same time series as the recorded runs.

``tests/golden/<name>.parquet`` holds runs made before a change that must not alter results (last
made with the stage-5 calibration, on 2026-11-28: the commit that installed it, after incumbents'
pay came to follow the pay level's running peak, seekers stopped applying to their own employer,
a worker hired earlier in the month stopped searching again and firm entry was capped). A change
that alters results on purpose replaces these files in the same commit and says why. ``run_id`` is
left out of the comparison: it hashes the scenario's content, which grows when a fixed number
becomes a named parameter.

Counts must be equal; amounts may differ by a relative 1e-12, no more: NumPy computes ``power``,
``exp`` and ``log`` with different vectorised code on CPUs with and without AVX-512, which can
change the last bit of a wage (these files were made with AVX-512; on a CPU without it the median
wages of some months differ in the 16th digit). On one machine a run is bit for bit the same
every time (``tests/test_forking.py``, ``tests/test_sweep.py``); a change in results moves
amounts far more than this.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from abm.runs import RunSpec, load_scenario, run

GOLDEN = Path(__file__).parent / "golden"
REPOSITORY = Path(__file__).resolve().parent.parent
CASES = {"baseline": None, "balanced": REPOSITORY / "experiments" / "scenarios" / "balanced.toml"}
SEED, SCALE = 3, 0.3


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_run_equals_its_golden_record(name, tmp_path):
    frame = run(RunSpec(load_scenario(CASES[name]), seed=SEED, scale=SCALE))
    frame.to_parquet(tmp_path / "run.parquet", index=False)  # compare what Parquet stores
    stored = pd.read_parquet(tmp_path / "run.parquet").drop(columns="run_id")
    golden = pd.read_parquet(GOLDEN / f"{name}.parquet").drop(columns="run_id")
    pd.testing.assert_frame_equal(stored, golden, check_exact=False, rtol=1e-12, atol=0)
    counts = stored.select_dtypes("integer").columns
    pd.testing.assert_frame_equal(stored[counts], golden[counts], check_exact=True)
