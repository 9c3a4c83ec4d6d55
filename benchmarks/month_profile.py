"""Benchmark: where a month's time goes, phase by phase, after the burn-in.

Run on demand: ``.venv/bin/python benchmarks/month_profile.py [--scale 1] [--months 48]``. Builds
the calibrated status quo, runs the burn-in, then times each phase of the next months (policy
hooks included) and prints the median milliseconds per phase and per month.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict

from abm.runs import build_model, default_scenario


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--months", type=int, default=48)
    args = parser.parse_args()
    scenario = default_scenario()
    build_model(scenario, seed=0, scale=0.05).step()  # warm the JIT cache
    model = build_model(scenario, seed=0, scale=args.scale)
    model.run_to(scenario.calendar.first_month_recorded - 1)
    phases: dict[str, list[float]] = defaultdict(list)
    run_phase = model._run_phase

    def timed(phase, action):
        started = time.perf_counter()
        run_phase(phase, action)
        phases[phase].append(time.perf_counter() - started)

    model._run_phase = timed
    months = []
    for _ in range(args.months):
        started = time.perf_counter()
        model.step()
        months.append(time.perf_counter() - started)
    print(f"scale {args.scale}: {len(model.workers):,} worker rows, {len(model.firms):,} firm rows")
    for phase, seconds in phases.items():
        print(f"  {phase:<12} {1000 * statistics.median(seconds):7.2f} ms")
    print(f"  {'month':<12} {1000 * statistics.median(months):7.2f} ms (median of {args.months})")


if __name__ == "__main__":
    main()
