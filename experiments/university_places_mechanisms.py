"""Which matching mechanism makes university places lower the difficulty share: their effect with each off.

    .venv/bin/python experiments/university_places_mechanisms.py [--seeds 6] [--scale 1.0] [--workers 2]

Under stage 3's calibration (both mechanisms off) 1,000 extra university places a year lowered the
share by 0.7 points in 2030 and 0.6 in 2035; under stage 4's (screening passes 30% of applicants,
requirements follow the workforce fully) by 2.8 and 2.2 (docs/findings.md). This runs the status
quo and ``experiments/scenarios/university_places.toml`` on the same seeds (0 onwards) under each
setting of the two mechanisms of :data:`experiments.matching_mechanisms.VARIANTS`, every other
parameter as installed, and prints one markdown table: the status quo's difficulty share (annual
mean) in 2030 and 2035, and the paired effect of the places (percentage points, mean and standard
deviation over seeds). docs/findings.md quotes it.
"""

from __future__ import annotations

import argparse
import statistics
import tomllib
from pathlib import Path

from abm.core.scenario import merge_tables, table_from_dotted
from abm.runs import RunSpec, build_scenario, run
from abm.runs.processes import process_pool
from experiments.free_entry import markdown
from experiments.matching_mechanisms import VARIANTS

PLACES = Path(__file__).resolve().parent / "scenarios" / "university_places.toml"
YEARS = (2030, 2035)


def difficulty(variant: str, with_places: bool, seed: int, scale: float) -> dict[int, float]:
    """The difficulty share's annual mean in :data:`YEARS` of one run."""
    table = tomllib.loads(PLACES.read_text()) if with_places else {"name": "baseline"}
    scenario = build_scenario(merge_tables(table_from_dotted(VARIANTS[variant]), table))
    frame = run(RunSpec(scenario, seed=seed, scale=scale))
    annual = frame.groupby(frame["date"].dt.year)["difficulty_share"].mean()
    return {year: float(annual[year]) for year in YEARS}


def rows(seeds: int, scale: float, workers: int) -> list[dict[str, str]]:
    """One markdown row per variant."""
    jobs = [(variant, places, seed, scale) for variant in VARIANTS for places in (False, True) for seed in range(seeds)]
    with process_pool(workers) as pool:
        shares = dict(zip(jobs, pool.map(difficulty, *zip(*jobs))))
    table = []
    for variant in VARIANTS:
        row = {"variant": variant}
        for year in YEARS:
            status_quo = [shares[(variant, False, seed, scale)][year] for seed in range(seeds)]
            row[f"status quo {year}"] = f"{statistics.fmean(status_quo):.1%}"
        for year in YEARS:
            effects = [
                100 * (shares[(variant, True, seed, scale)][year] - shares[(variant, False, seed, scale)][year])
                for seed in range(seeds)
            ]
            spread = statistics.stdev(effects) if seeds > 1 else float("nan")
            row[f"effect {year}, points (sd)"] = f"{statistics.fmean(effects):+.2f} ({spread:.2f})"
        table.append(row)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=6)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(markdown(rows(args.seeds, args.scale, args.workers)))


if __name__ == "__main__":
    main()
