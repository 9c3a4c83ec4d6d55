"""Simulating an ensemble over the calibration window, and the calibration loss.

Each seed runs the model from its first simulated month (2018-01 by default) to the end of
:data:`WINDOW_END`, recording from :data:`WINDOW_START` (the simulation itself is the default
scenario's: only which months are written changes). The model's figure for each target
(``abm/data/targets.toml``):

- the survey shares and ``market_pay_level``: the survey month's values;
- ``unemployment_rate``, ``job_ending_rate`` (separations / employed): means over the 12 months
  of 2023 (the seasonally adjusted figures they meet have no July peak); ``time_to_fill_days``
  likewise, reported but not a target (the model counts search time only, see docs/validation.md);
- ``employment_growth_2019_2024``: mean employment in 2024 over mean employment in 2019;
- ``wage_growth_2019_2024``: yearly growth of the median monthly wage of the employed from 2019
  to 2024, ``(mean over 2024 / mean over 2019) ** (1 / 5) - 1``;
- ``employed``: mean employment in 2024, per unit of scale;
- ``firm_count_2025``: active firms at the window's last month (2024-12, the eve of the 2025
  count), per unit of scale;
- ``visa_cohort_retention``: first-term visa extensions in 2021-2024 over imported arrivals one
  visa term earlier;
- ``extender_pay_ratio``: over 2021-2024, the mean monthly median pay of employed workers whose
  first term was extended, over that of employed imported workers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from abm.calibration.targets import Target
from abm.core.calendar import parse_month
from abm.core.scenario import merge_tables, table_from_dotted
from abm.runs import build_model
from abm.runs.scenarios import build_scenario

WINDOW_START, WINDOW_END = "2019-01", "2024-12"
"""The months a calibration run records: the I&T employment path runs from 2019 to 2024."""


def calibration_table(values: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The scenario table of a calibration run: ``base``, the free parameters ``values``, and a
    calendar recording the calibration window (the first simulated month is the default's)."""
    default_first = build_scenario({}, source="calibration").calendar.first_simulated
    calendar = {
        "first_recorded_month": WINDOW_START,
        "survey_month": "2023-06",
        "horizon_month": WINDOW_END,
        "burn_in_months": parse_month(WINDOW_START) - default_first,
    }
    return merge_tables(merge_tables(base or {}, table_from_dotted(values)), {"calendar": calendar})


def survey_metrics(values: dict[str, Any], seed: int, scale: float, base: dict[str, Any] | None = None) -> dict:
    """One seed's figures for every target, with the free parameters set to ``values``."""
    scenario = build_scenario(calibration_table(values, base), source="calibration")
    model = build_model(scenario, seed=seed, scale=scale)
    model.run_to(scenario.calendar.horizon)
    frame = model.results()
    return {"seed": seed} | target_figures(frame, scale, scenario.flows.visa_term_months)


def target_figures(frame: pd.DataFrame, scale: float, visa_term_months: int) -> dict[str, float]:
    """The model's figure for every target from a run's time series over the calibration window."""
    year = pd.to_datetime(frame["date"]).dt.year
    survey = frame[pd.to_datetime(frame["date"]) == pd.Timestamp("2023-06-01")].iloc[0]
    in_2023 = frame[year == 2023]
    late = year >= 2021
    arrivals_a_term_earlier = frame["imported"].shift(visa_term_months)
    cohorts = late & arrivals_a_term_earlier.notna()
    late_frame = frame[late]
    wage_2019, wage_2024 = (float(frame.loc[year == y, "median_wage_hkd"].mean()) for y in (2019, 2024))
    return {
        "difficulty_share": survey["difficulty_share"],
        "reduced_hiring_share": survey["reduced_hiring_share"],
        "expansion_share": survey["expansion_share"],
        "market_pay_level": survey["market_pay_level"],
        "unemployment_rate": float(in_2023["unemployment_rate"].mean()),
        "time_to_fill_days": float(np.nanmean(in_2023["time_to_fill_days"])),
        "job_ending_rate": float((in_2023["separations"] / in_2023["employed"]).mean()),
        "employment_growth_2019_2024": float(frame.loc[year == 2024, "employed"].mean())
        / float(frame.loc[year == 2019, "employed"].mean()),
        "wage_growth_2019_2024": (wage_2024 / wage_2019) ** (1 / 5) - 1,
        "employed": float(frame.loc[year == 2024, "employed"].mean()) / scale,
        "firm_count_2025": float(frame["firms_active"].iloc[-1]) / scale,
        "visa_cohort_retention": float(
            frame.loc[cohorts, "visa_first_extensions"].sum() / max(arrivals_a_term_earlier[cohorts].sum(), 1)
        ),
        "extender_pay_ratio": float(np.nanmean(late_frame["visa_extender_median_wage_hkd"]))
        / float(np.nanmean(late_frame["imported_employed_median_wage_hkd"])),
    }


def ensemble(
    values: dict[str, Any], seeds: list[int], scale: float, base: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Target figures for every seed (one row each)."""
    return pd.DataFrame([survey_metrics(values, seed, scale, base) for seed in seeds])


def loss(metrics: pd.DataFrame, targets: list[Target]) -> float:
    """Weighted squared distance of the ensemble means from the targets."""
    means = metrics.mean(numeric_only=True)
    return float(sum(t.weight * (means[t.name] - t.value) ** 2 for t in targets))
