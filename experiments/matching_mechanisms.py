"""What screening and requirements that follow the workforce change, before any recalibration.

    .venv/bin/python experiments/matching_mechanisms.py [--seeds 3] [--fit-seeds 16] [--scale 1.0]
        [--candidate results/reference/calibration/probe_requirements_screening.toml]

This runs the installed calibration with both mechanisms set explicitly, so that the rows mean the
same whatever calibration is installed: both off (``search.screening_pass_rate`` = 1,
``demand.requirement_follows_workforce`` = 0), each on alone, both on (0.3 and 1, the values the
stage-4 calibration chose), and (``--candidate``) a calibrated parameter file; it prints one markdown
table:

- the matching function (:func:`experiments.validation.matching_function`): OLS of log hires from
  unemployment on log unemployed (the previous month's stock, and the month's pool of stock plus
  entrants) and log vacancies, calendar-month dummies, over the baseline and six demand shocks from
  2023-02 to 2035-12 on ``--seeds`` seeds (100 onwards);
- the baseline's unemployment rate in 2023, 2030 and 2035, and its job-ending rate in 2023;
- the calibration loss over ``abm/data/targets.toml`` on the first ``--fit-seeds`` calibration seeds
  (10,000 onwards), which is what calibration compares.

docs/validation.md ("Matching") shows its output.
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

import pandas as pd

from abm.calibration import CALIBRATION_SEED_BASE
from abm.calibration.evaluate import ensemble, loss
from abm.calibration.targets import load_targets
from abm.core.scenario import merge_tables, table_from_dotted
from abm.runs import RunSpec, build_scenario, run
from experiments.free_entry import markdown
from experiments.validation import SHOCKS, matching_function

SCREENING = "search.screening_pass_rate"
FOLLOWING = "demand.requirement_follows_workforce"
VARIANTS = {
    "both off": {SCREENING: 1.0, FOLLOWING: 0.0},
    "screening 0.3": {SCREENING: 0.3, FOLLOWING: 0.0},
    "requirements follow the workforce (1)": {SCREENING: 1.0, FOLLOWING: 1.0},
    "both": {SCREENING: 0.3, FOLLOWING: 1.0},
}
"""Overlays on the installed calibration, by name: each sets both mechanisms."""
CASES = [case for case in SHOCKS if case != "entry-level driver"]
"""The baseline and the six demand shocks of the validation."""


def dotted(table: dict, prefix: str = "") -> dict[str, object]:
    """A calibrated file's nested parameter tables as dotted names (the inverse of ``table_from_dotted``
    for tables): ``{"search": {"skill_slack": 0.3}}`` -> ``{"search.skill_slack": 0.3}``."""
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat |= dotted(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def shock_runs(overlay: dict[str, object], seeds: list[int], scale: float) -> pd.DataFrame:
    """Every case of :data:`CASES` with ``overlay`` on every seed, with a ``case`` column."""
    parameters = table_from_dotted(overlay)
    frames = []
    for number, case in enumerate(CASES):
        scenario = build_scenario(merge_tables(parameters, {"name": f"case{number}", "drivers": SHOCKS[case]}))
        frames += [run(RunSpec(scenario, seed=seed, scale=scale)).assign(case=case) for seed in seeds]
    return pd.concat(frames, ignore_index=True)


def row(name: str, overlay: dict[str, object], seeds: list[int], fit_seeds: list[int], scale: float) -> dict[str, str]:
    """One variant's markdown cells."""
    runs = shock_runs(overlay, seeds, scale)
    found = matching_function(runs, CASES)
    baseline = runs[runs["case"] == "baseline"]
    year = baseline["date"].dt.year
    in_2023 = baseline[year == 2023]
    metrics = ensemble(overlay, fit_seeds, scale)
    return {
        "variant": name,
        "on unemployed (s.e.)": f"{found['elasticity_unemployed']:.2f} ({found['elasticity_unemployed_se']:.3f})",
        "on pool": f"{found['on_month_pool']['elasticity_pool']:.2f}",
        "on vacancies": f"{found['elasticity_vacancies']:.2f}",
        "returns to scale (pool)": f"{found['on_month_pool']['returns_to_scale']:.2f}",
        "unemployment 2023 / 2030 / 2035": " / ".join(
            f"{baseline.loc[year == y, 'unemployment_rate'].mean():.1%}" for y in (2023, 2030, 2035)
        ),
        "jobs ending a month, 2023": f"{(in_2023['separations'] / in_2023['employed']).mean():.2%}",
        "calibration loss": f"{loss(metrics, load_targets()):.2f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--fit-seeds", type=int, default=16)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--candidate", type=Path, help="A calibrated parameter file (talentgap calibrate --out).")
    args = parser.parse_args()
    variants = dict(VARIANTS)
    if args.candidate:
        variants[f"candidate: {args.candidate.name}"] = dotted(tomllib.loads(args.candidate.read_text())["parameters"])
    seeds = list(range(100, 100 + args.seeds))
    fit_seeds = list(range(CALIBRATION_SEED_BASE, CALIBRATION_SEED_BASE + args.fit_seeds))
    rows = [row(name, overlay, seeds, fit_seeds, args.scale) for name, overlay in variants.items()]
    print(markdown(rows))


if __name__ == "__main__":
    main()
