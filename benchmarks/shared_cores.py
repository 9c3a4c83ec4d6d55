"""Benchmark: scale-1 runs in processes that share the cores, with OpenMP's idle threads spinning or
waiting passively.

Run on demand: ``.venv/bin/python benchmarks/shared_cores.py [--processes 2] [--seeds 2]``. For
each ``OMP_WAIT_POLICY`` (ACTIVE, libgomp's spinning, as with the variable unset; then PASSIVE) it
starts one process alone, then ``--processes`` side by side, each building and running the
calibrated status quo at scale 1 for ``--seeds`` seeds after a warm-up; it prints each process's
wall-clock and user CPU seconds. numba's parallel matching kernel runs on GNU OpenMP here
(``numba.threading_layer()``), whose threads spin after each parallel region.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

ONE_PROCESS = """
import resource, time
from abm.runs import build_model, default_scenario
scenario = default_scenario()
build_model(scenario, seed=0, scale=0.05).step()  # warm the JIT cache
started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_utime
for seed in range({seeds}):
    build_model(scenario, seed=seed, scale=1.0).run_to(scenario.calendar.horizon)
print(f"{{time.perf_counter() - started:.2f}} {{resource.getrusage(resource.RUSAGE_SELF).ru_utime - before:.2f}}")
"""


def side_by_side(processes: int, seeds: int, policy: str) -> list[tuple[float, float]]:
    """(wall, user CPU) seconds of each of ``processes`` processes started together."""
    environment = os.environ | {"OMP_WAIT_POLICY": policy}
    code = ONE_PROCESS.format(seeds=seeds)
    started = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=environment)
        for _ in range(processes)
    ]
    times = []
    for process in started:
        out, _ = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"a run failed (exit {process.returncode})")
        wall, user = out.split()
        times.append((float(wall), float(user)))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seeds", type=int, default=2)
    args = parser.parse_args()
    print(f"{args.seeds} scale-1 runs a process; wall and user CPU seconds of each process")
    for policy in ("ACTIVE", "PASSIVE"):
        for count in (1, args.processes):
            times = side_by_side(count, args.seeds, policy)
            shown = ", ".join(f"{wall:.2f} / {user:.2f}" for wall, user in times)
            print(f"OMP_WAIT_POLICY={policy:<7} {count} process{'es' * (count > 1)}: {shown}")


if __name__ == "__main__":
    main()
