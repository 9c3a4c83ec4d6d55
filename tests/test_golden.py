"""Golden runs: the same scenario and seed give the same time series as the recorded runs.

``tests/golden/<name>.parquet`` holds runs made before a change that must not alter results (last
made with the stage-5 calibration, on 2026-11-28: the commit that installed it, after incumbents'
pay came to follow the pay level's running peak, seekers stopped applying to their own employer,
a worker hired earlier in the month stopped searching again and firm entry was capped). A change
that alters results on purpose replaces these files in the same commit and says why. ``run_id`` is
left out of the comparison: it hashes the scenario's content, which grows when a fixed number
becomes a named parameter.
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
    pd.testing.assert_frame_equal(stored, golden, check_exact=True)
