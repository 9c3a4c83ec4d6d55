"""Scenarios against the status quo on the same seeds (``talentgap compare``): run them, pair them, read them.

A comparison is an experiment with a ``baseline`` (the default scenario: the calibrated status
quo) and ``scenarios`` (the files given), run by the sweep machinery
(:func:`experiments.sweep.run_experiment`) into a results folder that ``talentgap report`` reads.
The baseline takes the scenarios' calendar when they share one that is not the default, so that a
short scenario is compared with the status quo over the same months. Every scenario runs on the
same seeds, so each of its runs pairs with the status quo's run of that seed (common random
numbers); :func:`headline_differences` gives the paired differences of the report's measures with
their 90% intervals, the numbers of the report's summary table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from abm.core.errors import InputError
from abm.core.scenario import Calendar
from abm.runs.scenarios import load_scenario
from experiments.experiment import Experiment, validate_experiment
from experiments.report.effects import MEASURES, effects_table, paired_effects, report_years
from experiments.report.numbers import interval, number
from experiments.report.results import load_results
from experiments.sweep import SweepSummary, run_experiment

NAME_LENGTH = 60
"""Longest default name of a comparison (it names its results folder)."""
COMPARE_PREFIX = "compare-"
"""A comparison's experiment name: this, then its scenarios' names."""


@dataclass(frozen=True)
class Comparison:
    """What :func:`run_comparison` did and found.

    Attributes:
        folder: the results folder (``talentgap report`` reads it).
        sweep: the sweep's summary (runs made, skipped, failed).
        differences: ``measure, arm, label, year, mean, low, high, pairs``: each scenario's paired
            difference from the status quo, in the measures' shown units.
    """

    folder: Path
    sweep: SweepSummary
    differences: pd.DataFrame


def comparison_experiment(files: list[Path], seeds: int, scale: float) -> Experiment:
    """The experiment that compares scenario ``files`` with the status quo on seeds ``0..seeds-1``.

    Raises:
        InputError: a file is missing or invalid, the scenarios have different calendars, or the
            seeds or scale are out of range.
    """
    if not files:
        raise InputError("give at least one scenario file to compare with the status quo")
    scenarios = [load_scenario(path) for path in files]
    calendars = {scenario.calendar for scenario in scenarios}
    if len(calendars) > 1:
        raise InputError(
            f"{', '.join(map(str, files))}: the scenarios have different calendars; compare scenarios that "
            "simulate the same months (or compare them one at a time)"
        )
    baseline: dict = {"name": "baseline"}
    calendar = calendars.pop()
    if calendar != Calendar():
        baseline["calendar"] = calendar.model_dump()
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", COMPARE_PREFIX + "-".join(s.name for s in scenarios))[:NAME_LENGTH]
    table = {
        "name": name,
        "description": "Scenarios against the status quo on the same seeds (talentgap compare).",
        "baseline": baseline,
        "scenarios": [str(Path(path).resolve()) for path in files],
        "seeds": seeds,
        "scale": scale,
    }
    return validate_experiment(table, "talentgap compare")


def run_comparison(
    files: list[Path],
    seeds: int = 10,
    scale: float = 1.0,
    workers: int = 1,
    out: Path | None = None,
    show_progress: bool = True,
) -> Comparison:
    """Run each scenario and the status quo on the same seeds, then pair them.

    Args:
        files: scenario files.
        seeds: seeds per scenario (``0..seeds-1``), the same for all.
        scale: market scale (1.0 = Hong Kong).
        workers: local worker processes.
        out: the results folder (default ``results/<the comparison's name>``); a folder made by the
            same comparison is resumed, so repeating the command reuses its runs.
        show_progress: a progress bar on stderr.

    Raises:
        InputError: bad files or options (before anything runs), or a folder that holds something else.
    """
    experiment = comparison_experiment(files, seeds, scale)
    folder = Path(out) if out is not None else Path("results") / experiment.name
    sweep = run_experiment(experiment, folder, workers=workers, resume=True, show_progress=show_progress)
    if sweep.failed:
        raise InputError(f"{folder}: {sweep.failed} runs failed; their errors are in {folder / 'manifest.json'}")
    return Comparison(folder, sweep, headline_differences(folder))


def headline_differences(folder: Path) -> pd.DataFrame:
    """Each arm's paired difference from the baseline in every report measure, at the report's years.

    Returns:
        ``measure, arm, label, year, mean, low, high, pairs`` (shown units: percentage points for shares).
    """
    results = load_results(folder)
    table = effects_table(paired_effects(results, report_years(results.frame)))
    return table.assign(label=table["arm"].map(results.label))[
        ["measure", "arm", "label", "year", "mean", "low", "high", "pairs"]
    ]


def difference_lines(differences: pd.DataFrame) -> list[str]:
    """The differences as text: per scenario a heading, then one line per measure with each year's mean and
    90% interval, numbers as in the report."""
    years = sorted(differences["year"].unique())
    width = max(len(f"{m.label} ({m.unit})") for m in MEASURES)
    lines = []
    for _, rows in differences.groupby("arm", sort=False):
        pairs = int(rows["pairs"].max())
        lines.append(f"{rows['label'].iloc[0]} minus the status quo ({pairs} paired seeds; mean [90% interval]):")
        lines.append(("  " + " " * width + "".join(f"  {year:<28}" for year in years)).rstrip())
        for measure in MEASURES:
            cells = rows[rows["measure"] == measure.column].set_index("year")
            fixed = partial(number, digits=measure.digits)
            shown = [
                f"{fixed(row['mean'])} {interval(row['low'], row['high'], fixed)}".strip()
                for row in (cells.loc[year] for year in years)
            ]
            lines.append(
                (f"  {f'{measure.label} ({measure.unit})':<{width}}" + "".join(f"  {s:<28}" for s in shown)).rstrip()
            )
    return lines
