"""One scenario and seed into a results folder: what ``talentgap run`` does.

The run's time series is written as ``timeseries/<run_id>.parquet`` and the run is added to the
folder's manifest, so repeated runs with other seeds accumulate in one folder (a single run is a
sweep of one, DESIGN.md "Outputs").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from abm.core.scenario import Scenario
from abm.runs import output
from abm.runs.simulation import RunSpec, run


def run_single(
    scenario: Scenario, *, seed: int, scale: float, folder: Path, scenario_file: Path | None = None
) -> tuple[pd.DataFrame, Path]:
    """Run one scenario and seed; write its Parquet file and add it to the folder's manifest.

    ``talentgap run`` uses this: repeated runs with other seeds accumulate in one folder.
    """
    spec = RunSpec(scenario, seed=seed, scale=scale)
    frame = run(spec)
    path = output.write_timeseries(folder, frame)
    manifest = output.read_manifest(folder)
    experiment = {"name": scenario.name, "file": str(scenario_file) if scenario_file else None,
                  "baseline": scenario.name, "kind": "single run"}  # fmt: skip
    if manifest is None or manifest.get("experiment") != experiment:
        manifest = output.new_manifest(experiment, [scenario])
    manifest["runs"] = [r for r in manifest["runs"] if r["run_id"] != spec.run_id] + [output.run_entry(spec, "done")]
    manifest["finished"] = output.now()
    output.write_manifest(folder, manifest)
    return frame, path
