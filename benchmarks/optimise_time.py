"""Benchmark: wall time of one reference optimisation (experiments/reproduce_optimisations.py's settings).

Run on demand, on an otherwise idle machine:
``.venv/bin/python benchmarks/optimise_time.py [--budget 600] [--compare-with results/reference/optimise_600m]``.
Runs `talentgap optimise` for one annual budget (HK$ millions) with the reference settings (36
futures, 2 search seeds, 20 trials, 5 check seeds, half scale, 43% by 2030) on 2 local workers
into a temporary folder, and prints its wall time and the most disk its checkpoints took (each
package's runs carry on from the status quo's checkpoint at the package's first start,
:mod:`abm.runs.checkpoints`; the search deletes them when it ends).
With ``--compare-with`` a reference folder of the same budget, it checks that ``front.csv`` is
byte-identical and that ``result.json`` gives the same trials, front and closest packages.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path

from experiments.futures import load_futures
from experiments.optimise.result import CHECKPOINTS, FRONT, RESULT
from experiments.optimise.run import optimise
from experiments.optimise.settings import Settings
from experiments.reproduce_optimisations import SETTINGS


def same_result(made: Path, reference: Path) -> bool:
    """Whether two result.json files give the same trials, front and closest packages."""
    ours, theirs = (json.loads((folder / RESULT).read_text()) for folder in (made, reference))
    return all(ours[key] == theirs[key] for key in ("trials", "front", "closest"))


def watch_size(folder: Path, stop: threading.Event, peak: list[int]) -> None:
    """Record in ``peak[0]`` the most bytes ``folder`` held, looking every second until ``stop``."""
    while not stop.wait(1.0):
        sizes = [path.stat().st_size for path in folder.glob("*") if path.is_file()] if folder.is_dir() else []
        peak[0] = max(peak[0], sum(sizes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=600, help="Annual budget, HK$ millions.")
    parser.add_argument("--workers", type=int, default=2, help="Local worker processes.")
    parser.add_argument("--compare-with", type=Path, help="A reference optimisation folder of the same budget.")
    args = parser.parse_args()
    settings = Settings(budget_hkd_per_year=args.budget * 1e6, **SETTINGS)
    with tempfile.TemporaryDirectory() as folder:
        stop, peak = threading.Event(), [0]
        watcher = threading.Thread(target=watch_size, args=(Path(folder) / CHECKPOINTS, stop, peak), daemon=True)
        watcher.start()
        started = time.perf_counter()
        optimise(settings, load_futures(), Path(folder), workers=args.workers, show_progress=False)
        wall = time.perf_counter() - started
        stop.set()
        watcher.join()
        print(f"optimisation HK${args.budget:,.0f}m a year: {wall / 60:.1f} min on {args.workers} workers; "
              f"checkpoints took at most {peak[0] / 2**20:,.0f} MiB")  # fmt: skip
        if args.compare_with:
            front = (Path(folder) / FRONT).read_bytes() == (args.compare_with / FRONT).read_bytes()
            print(
                f"  front.csv byte-identical to {args.compare_with}: {front}; "
                f"result.json's trials, front and closest the same: {same_result(Path(folder), args.compare_with)}"
            )


if __name__ == "__main__":
    main()
