"""Benchmark: wall time of the reference policy comparison (390 runs at scale 1) on 2 workers.

Run on demand, on an otherwise idle machine:
``.venv/bin/python benchmarks/policy_comparison_time.py [--compare-with results/policy_comparison]``.
Sweeps ``experiments/policy_comparison.toml`` into a temporary folder through the same code path
as ``talentgap sweep`` (shared burn-ins: each seed's status quo runs once and every arm carries on
from a copy of it). With ``--compare-with`` a folder made by the same code and calibration, it
also checks that every run's Parquet file is byte-identical to that folder's.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from experiments.experiment import load_experiment
from experiments.sweep import run_experiment

EXPERIMENT = Path(__file__).resolve().parent.parent / "experiments" / "policy_comparison.toml"


def identical_runs(made: Path, reference: Path) -> tuple[int, int]:
    """(runs compared, runs whose Parquet bytes differ) between two results folders."""
    files = sorted((made / "timeseries").glob("*.parquet"))
    differ = sum((reference / "timeseries" / f.name).read_bytes() != f.read_bytes() for f in files)
    return len(files), differ


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
            print(f"byte-identical to {args.compare_with}: {compared - differ} of {compared} runs")


if __name__ == "__main__":
    main()
