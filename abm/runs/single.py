"""One scenario and seed into a results folder: what ``talentgap run`` does.

The run's time series is written as ``timeseries/<run_id>.parquet`` and the run is added to the
folder's manifest, so runs of any scenario and seed accumulate in one folder (a single run is a
sweep of one, DESIGN.md "Outputs"): the manifest lists every run whose file the folder holds.
The folder is checked before the run (:func:`abm.runs.folders.single_run_manifest`: not a
sweep's folder, no foreign files, no damaged manifest) and again under the folder's lock, which
is held while the file and the manifest entry are written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from abm.core.scenario import Scenario
from abm.runs import folders, output, provenance
from abm.runs.simulation import RunSpec, run


def run_single(
    scenario: Scenario,
    *,
    seed: int,
    scale: float,
    folder: Path,
    scenario_file: Path | None = None,
    after_month: Callable[[], None] | None = None,
) -> tuple[pd.DataFrame, Path]:
    """Run one scenario and seed (calling ``after_month``, if given, after each simulated month);
    write its Parquet file and add it to the folder's manifest.

    Raises:
        InputError: the folder is not one ``talentgap run`` may write (see the module docstring);
            checked before the run, so nothing is written then.
    """
    folder = Path(folder)
    spec = RunSpec(scenario, seed=seed, scale=scale)
    folders.single_run_manifest(folder)
    frame = run(spec, after_month)
    with folders.locked(folder):
        manifest = folders.single_run_manifest(folder)  # again: another command may have written meanwhile
        output.remove_temporary_files(folder, {spec.run_id})
        path = output.write_timeseries(folder, frame)
        output.write_manifest(folder, with_run(manifest, spec, scenario_file))
    return frame, path


def with_run(manifest: dict[str, Any] | None, spec: RunSpec, scenario_file: Path | None) -> dict[str, Any]:
    """``manifest`` (a new one if None) with ``spec``'s run added, replacing an entry with its run id,
    and its scenario's name and assumptions merged into the experiment's and the provenance."""
    name = spec.scenario.name
    if manifest is None:
        experiment = {"name": name, "file": str(scenario_file) if scenario_file else None, "baseline": name,
                      "kind": output.SINGLE_RUN, "scenarios": [name]}  # fmt: skip
        manifest = output.new_manifest(experiment, [spec.scenario])
    else:
        scenarios = manifest["experiment"].setdefault("scenarios", [])
        if name not in scenarios:
            scenarios.append(name)
        manifest.setdefault("display_names", {})[name] = spec.scenario.display_name
        rows = provenance.merge_assumptions(manifest.get("assumptions") or [], spec.scenario)
        manifest["assumptions"], manifest["sources"] = rows, provenance.sources_cited(rows)
    kept = [entry for entry in manifest["runs"] if entry["run_id"] != spec.run_id]
    manifest["runs"] = [*kept, output.run_entry(spec, "done")]
    manifest["finished"] = output.now()
    return manifest
