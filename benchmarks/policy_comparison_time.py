"""Benchmark: wall time of the reference policy comparison (390 runs at scale 1) on 2 workers.

Run on demand, on an otherwise idle machine:
``.venv/bin/python benchmarks/policy_comparison_time.py [--compare-with results/policy_comparison]``.
Sweeps ``experiments/policy_comparison.toml`` into a temporary folder through the same code path
as ``talentgap sweep`` (shared burn-ins: each seed's status quo runs once and every arm carries on
from a copy of it). With ``--compare-with`` a folder of the same experiment and calibration, it
also checks the results: every run's Parquet file byte-identical to that folder's run of the same
id, or, for a folder made before a change of the scenario schema (new parameters change every run
id), the same values in every column but ``run_id`` for the run of the same scenario, seed and scale.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import pandas as pd

from experiments.experiment import load_experiment
from experiments.sweep import run_experiment

EXPERIMENT = Path(__file__).resolve().parent.parent / "experiments" / "policy_comparison.toml"


def identical_runs(made: Path, reference: Path) -> tuple[int, int]:
    """(runs compared, runs whose results differ) between two results folders: by bytes for the
    same run id, else by every column but ``run_id`` for the same scenario, seed and scale."""
    keyed = {}
    for folder in (made, reference):
        runs = json.loads((folder / "manifest.json").read_text())["runs"]
        keyed[folder] = {(run["scenario"], run["seed"], run["scale"]): run["run_id"] for run in runs}
    differ = 0
    for key, run_id in keyed[made].items():
        theirs = keyed[reference][key]
        ours_file, their_file = (f / "timeseries" / f"{i}.parquet" for f, i in ((made, run_id), (reference, theirs)))
        if run_id == theirs:
            differ += ours_file.read_bytes() != their_file.read_bytes()
        else:
            ours, their = (pd.read_parquet(f).drop(columns="run_id") for f in (ours_file, their_file))
            differ += not ours.equals(their)
    return len(keyed[made]), differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="Local worker processes.")
    parser.add_argument("--compare-with", type=Path, help="A folder of the same experiment to compare bytes with.")
    args = parser.parse_args()
    experiment, path = load_experiment(EXPERIMENT)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        summary = run_experiment(experiment, Path(folder), source=path, workers=args.workers, show_progress=False)
        wall = time.perf_counter() - started
        print(f"policy comparison: {summary.total} runs on {args.workers} workers in {wall:.1f} s "
              f"({60 * summary.total / wall:.0f} runs/min)")  # fmt: skip
        if args.compare_with:
            compared, differ = identical_runs(Path(folder), args.compare_with)
            print(f"identical to {args.compare_with}: {compared - differ} of {compared} runs")


if __name__ == "__main__":
    main()
