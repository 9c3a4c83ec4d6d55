"""Benchmark: sweep throughput at scale 1 with 1 and 2 local workers, and memory per worker.

Run on demand: ``.venv/bin/python benchmarks/sweep_throughput.py [--runs 24]``. Sweeps the
baseline for ``--runs`` seeds (full horizon, scale 1) into a temporary folder, once serially
and once with 2 worker processes, through the same code path as ``talentgap sweep``. Prints
runs per minute (including the start of the worker processes) and the peak resident memory of
a worker (``ru_maxrss`` of the children, or of this process when serial).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time

SCRIPT = """
import sys, resource
from pathlib import Path
from experiments.experiment import validate_experiment
from experiments.sweep import run_experiment
experiment = validate_experiment({{"name": "throughput", "seeds": {runs}, "scale": 1.0}}, "benchmark")
summary = run_experiment(experiment, Path(sys.argv[1]), workers={workers}, show_progress=False)
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(summary.seconds, own, children)
"""


def measure(runs: int, workers: int) -> tuple[float, float]:
    """(runs per minute, peak MiB of one worker) for a sweep of ``runs`` baseline seeds."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", SCRIPT.format(runs=runs, workers=workers), folder],
                                check=True, capture_output=True, text=True)  # fmt: skip
        wall = time.perf_counter() - started
    seconds, own, children = (float(x) for x in result.stdout.split())
    peak_kib = own if workers == 1 else children
    print(f"  {workers} worker(s): {runs} runs in {seconds:.1f} s of sweep ({wall:.1f} s with start-up) "
          f"= {60 * runs / seconds:.1f} runs/min; peak worker memory {peak_kib / 1024:.0f} MiB")  # fmt: skip
    return 60 * runs / seconds, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="Baseline seeds per measurement.")
    args = parser.parse_args()
    print(f"scale 1, baseline, {args.runs} runs to 2035-12 (2 cores):")
    one, _ = measure(args.runs, 1)
    two, _ = measure(args.runs, 2)
    print(f"  speed-up with 2 workers: {two / one:.2f}x")
    print(f"  this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
