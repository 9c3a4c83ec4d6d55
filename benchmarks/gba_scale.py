"""Benchmark: Greater Bay Area scale (at least 1,000,000 workers): time per month and peak memory.

Run on demand: ``.venv/bin/python benchmarks/gba_scale.py [--scale 25] [--months 36]``.
Builds the model and times each of its first months (from 2018-01, the start of the burn-in,
when the market is smallest); prints the median and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from abm.core.state import Status
from abm.runs import build_model, default_scenario


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=29.0)  # about 1,020,000 workers at the start
    parser.add_argument("--months", type=int, default=36)
    args = parser.parse_args()
    build_model(default_scenario(), seed=0, scale=0.05).step()  # warm the JIT cache
    started = time.perf_counter()
    model = build_model(default_scenario(), seed=0, scale=args.scale)
    build = time.perf_counter() - started
    in_market = int((model.workers.status != Status.DEPARTED).sum())
    timings = []
    for _ in range(args.months):
        started = time.perf_counter()
        model.step()
        timings.append(time.perf_counter() - started)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"scale {args.scale}: {len(model.firms):,} firms, {in_market:,} workers at the start "
        f"({len(model.workers):,} worker rows after {args.months} months); build {build:.1f} s"
    )
    print(f"  per month: median {1000 * statistics.median(timings):.1f} ms, max {1000 * max(timings):.1f} ms")
    print(f"  peak memory: {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
