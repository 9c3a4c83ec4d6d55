"""Effects against the baseline, paired by seed, with 90% intervals.

Definitions (also in docs/report.md):

- **Annual value** of a run in a calendar year: the mean of the year's twelve monthly values,
  except **unfilled vacancy-months**, the sum of the twelve month-end stocks of open vacancies
  (a vacancy open for a whole year counts 12). Only years the runs cover in full count.
- **Paired effect**: a policy run's annual value minus the annual value of the baseline run
  with the same seed (and the same calibration set and baseline-swept parameters, when the
  folder has them). Both runs draw the same random numbers for everything the policy does
  not touch (common random numbers), so the difference is mostly the policy's doing.
- **Interval**: the 90% Student-t confidence interval of the mean paired effect over seeds,
  ``mean ± t(0.95, n-1) × sd / sqrt(n)`` for ``n`` pairs; it is undefined for one pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from abm.core.columns import COLUMNS
from abm.core.errors import InputError
from experiments.intervals import t_interval

if TYPE_CHECKING:  # results.py reads MEASURES from here
    from experiments.report.results import Results

YEARS = (2026, 2030, 2035)
"""The years at which the summary reports effects (those the runs cover in full)."""


@dataclass(frozen=True)
class Measure:
    """An outcome the summary compares.

    Attributes:
        column: the time-series column.
        label: the name shown in the report.
        unit: the unit of the shown change, in words (after ``factor``).
        annual: how months make the annual value: ``"mean"`` or ``"sum"``.
        factor: shown value = annual value x factor (100 turns shares into percentage points).
        digits: decimals shown.
        per_bn: the unit of the effect per HK$1bn, for measures where cost-effectiveness means
            something (the gap: the difficulty share, unfilled vacancy-months); empty for the others.
        level_unit: the unit of the annual value itself (the status quo's level), in words.
    """

    column: str
    label: str
    unit: str
    annual: str
    factor: float
    digits: int
    per_bn: str = ""
    level_unit: str = ""


MEASURES = (
    Measure(
        "difficulty_share",
        COLUMNS["difficulty_share"].label,
        "percentage points",
        "mean",
        100.0,
        2,
        per_bn="points per HK$1bn",
        level_unit="% of firms",
    ),
    Measure("employed", COLUMNS["employed"].label, "workers", "mean", 1.0, 0, level_unit="workers"),
    Measure(
        "vacancies",
        "Unfilled vacancy-months",
        "vacancy-months",
        "sum",
        1.0,
        0,
        per_bn="vacancy-months per HK$1bn",
        level_unit="vacancy-months",
    ),
    Measure(
        "local_graduate_unemployment_rate",
        COLUMNS["local_graduate_unemployment_rate"].label,
        "percentage points",
        "mean",
        100.0,
        2,
        level_unit="%",
    ),
    Measure(
        "local_graduate_median_wage_hkd",
        COLUMNS["local_graduate_median_wage_hkd"].label,
        "HK$ a month",
        "mean",
        1.0,
        0,
        level_unit="HK$ a month",
    ),
)
HEADLINE = MEASURES[0]
"""The measure that ranks the policies: the survey's difficulty share (lower is better)."""
BY_COLUMN = {measure.column: measure for measure in MEASURES}
"""The measures by column name."""


def full_years(frame: pd.DataFrame) -> list[int]:
    """Calendar years in which every run has all twelve months."""
    months = frame.groupby(["run_id", "year"])["month"].nunique().unstack("year")
    return [int(year) for year in months.columns if (months[year] == 12).all()]


def report_years(frame: pd.DataFrame) -> tuple[int, ...]:
    """The years of :data:`YEARS` the runs cover in full; if none, the last full year.

    Raises:
        InputError: the runs cover no calendar year in full.
    """
    covered = full_years(frame)
    if not covered:
        raise InputError("the runs cover no calendar year in full; a report needs at least one")
    chosen = tuple(year for year in YEARS if year in covered)
    return chosen or (covered[-1],)


def annual_values(frame: pd.DataFrame, measure: Measure, years: tuple[int, ...]) -> pd.DataFrame:
    """One row per run and year: ``run_id``, ``year``, ``value`` (the annual value, unscaled by ``factor``)."""
    rows = frame[frame["year"].isin(years)]
    grouped = rows.groupby(["run_id", "year"])[measure.column]
    values = grouped.sum(min_count=1) if measure.annual == "sum" else grouped.mean()
    return values.rename("value").reset_index()


def pair(results: Results, values: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Policy-minus-baseline differences, run by run.

    Args:
        results: the results folder.
        values: one row per run (and per value of the ``by`` columns) with ``run_id`` and ``value``.
        by: further columns a pair must share (for example ``("year",)``).

    Returns:
        One row per policy run with a baseline partner (and ``by`` value): ``arm``, the strata,
        ``by``, ``value``, ``baseline`` and ``difference`` (= value - baseline).

    Raises:
        InputError: two baseline runs share the pairing keys, so a pair is ambiguous.
    """
    keys = results.frame.drop_duplicates("run_id")[["run_id", "scenario", "arm", *results.strata]]
    table = values.merge(keys, on="run_id")
    is_baseline = table["scenario"] == results.baseline
    on = [*results.strata, *by]
    base = table.loc[is_baseline, [*on, "value"]].rename(columns={"value": "baseline"})
    try:
        paired = table[~is_baseline].merge(base, on=on, validate="many_to_one")
    except pd.errors.MergeError:
        raise InputError(
            f"{results.folder}: more than one baseline run shares {', '.join(results.strata)}; cannot pair runs"
        ) from None
    paired["difference"] = paired["value"] - paired["baseline"]
    return paired


def excludes_zero(low: float, high: float) -> bool:
    """True when the interval [low, high] lies wholly above or wholly below zero."""
    return bool(low > 0 or high < 0)


def paired_effects(results: Results, years: tuple[int, ...]) -> pd.DataFrame:
    """Every measure's paired differences by run and year, in shown units (``value x factor``).

    Returns:
        Columns ``measure`` (the column name), ``arm``, the strata, ``year``, ``run_id`` and ``difference``.
    """
    tables = []
    for measure in MEASURES:
        paired = pair(results, annual_values(results.frame, measure, years), by=("year",))
        paired["difference"] *= measure.factor
        tables.append(paired.assign(measure=measure.column))
    return pd.concat(tables, ignore_index=True)[["measure", "arm", *results.strata, "year", "run_id", "difference"]]


def effects_table(differences: pd.DataFrame) -> pd.DataFrame:
    """Mean paired effect and its interval by measure, arm and year.

    Args:
        differences: the output of :func:`paired_effects`.

    Returns:
        Columns ``measure, arm, year, mean, low, high, pairs`` (``pairs``: finite differences used).
    """
    rows = []
    for (measure, arm, year), group in differences.groupby(["measure", "arm", "year"], sort=False):
        mean, low, high = t_interval(group["difference"])
        pairs = int(np.isfinite(group["difference"]).sum())
        rows.append(
            {"measure": measure, "arm": arm, "year": year, "mean": mean, "low": low, "high": high, "pairs": pairs}
        )
    return pd.DataFrame(rows, columns=["measure", "arm", "year", "mean", "low", "high", "pairs"])
