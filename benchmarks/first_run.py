"""Benchmark: the first `talentgap run` after install (numba compiling the kernels) against the next.

Run on demand: ``.venv/bin/python benchmarks/first_run.py [--repeats 2]``. Each repeat times a
`talentgap run` process with an empty numba cache (a temporary ``NUMBA_CACHE_DIR``), then one
with the cache that run filled. Then, in this process with another empty cache, a run at scale
0.05 lists the compile time of each kernel, from numba's compile events (a kernel's time includes
the kernels it calls that were compiled with it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_run(cache: Path, out: Path) -> float:
    """Seconds of one `talentgap run` process (scale 1, the status quo) using numba cache ``cache``."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "abm.cli", "run", "--quiet", "--out", str(out)], check=True,
                   capture_output=True, env={**os.environ, "NUMBA_CACHE_DIR": str(cache)})  # fmt: skip
    return time.perf_counter() - started


def compile_times(cache: Path) -> list[tuple[float, str]]:
    """(seconds, kernel) of every compilation in a run at scale 0.05 in a fresh process, longest first."""
    code = (
        "from numba.core import event\n"
        "from abm.runs import RunSpec, default_scenario, run\n"
        "with event.install_recorder('numba:compile') as recorder:\n"
        "    run(RunSpec(default_scenario(), seed=0, scale=0.05))\n"
        "started = {}\n"
        "for stamp, item in recorder.buffer:\n"
        "    key = item.data['dispatcher'].py_func.__qualname__, str(item.data['args'])\n"
        "    if item.is_start:\n"
        "        started[key] = stamp\n"
        "    else:\n"
        "        print(f'{stamp - started[key]:.3f}', key[0])\n"
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
    lines = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout
    return sorted(((float(line.split()[0]), line.split()[1]) for line in lines.splitlines()), reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for repeat in range(args.repeats):
            cache = Path(folder) / f"cache{repeat}"
            first = timed_run(cache, Path(folder) / f"first{repeat}")
            warm = timed_run(cache, Path(folder) / f"warm{repeat}")
            print(f"`talentgap run`: first after install {first:.1f} s, the next {warm:.1f} s")
        times = compile_times(Path(folder) / "compile")
    print("compile time of each kernel (scale 0.05, a fresh cache; seconds, longest first):")
    for seconds, kernel in times:
        if seconds >= 0.1:
            print(f"  {seconds:5.2f}  {kernel}")


if __name__ == "__main__":
    main()
