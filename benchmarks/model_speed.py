"""Benchmark: one Hong Kong (scale 1) run, in-process with a warm JIT cache, and the whole CLI.

Run on demand: ``.venv/bin/python benchmarks/model_speed.py [--scale 1]``. Prints the median of 5
runs of model build + all months + data collection at ``--scale`` (a small scale shows what a run
costs whatever the market's size), and the wall time of a `talentgap run` process (scale 1).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from abm.runs import RunSpec, default_scenario, run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    scenario = default_scenario()
    run(RunSpec(scenario, seed=0, scale=args.scale))  # warm the JIT cache
    times = []
    for seed in range(5):
        started = time.perf_counter()
        frame = run(RunSpec(scenario, seed=seed, scale=args.scale))
        times.append(time.perf_counter() - started)
    print(f"scale {args.scale:g}, {len(frame)} recorded months (+{scenario.calendar.burn_in_months} burn-in):")
    print(f"  build + simulate + collect: median {statistics.median(times):.3f} s over 5 seeds")
    cli = Path(sys.executable).with_name("talentgap")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        subprocess.run([str(cli), "run", "--out", folder], check=True, capture_output=True)
        print(f"  whole `talentgap run` process: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
