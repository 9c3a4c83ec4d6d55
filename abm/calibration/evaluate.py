"""Simulating an ensemble to the survey month, and the calibration loss.

For each seed the model runs from the burn-in to the survey month; the metrics compared
with the targets are the survey month's values, except ``time_to_fill_months`` (the mean
over the 12 recorded months to the survey of each month's median), ``job_ending_rate``
(the mean over those months of separations / employed) and ``employed`` (per unit of
scale, so that any scale is compared with Hong Kong's figure).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from abm.calibration.targets import Target
from abm.core.scenario import merge_tables, table_from_dotted
from abm.runs import build_model
from abm.runs.scenarios import build_scenario


def survey_metrics(values: dict[str, Any], seed: int, scale: float, base: dict[str, Any] | None = None) -> dict:
    """One seed's target metrics with the free parameters set to ``values``."""
    scenario = build_scenario(merge_tables(base or {}, table_from_dotted(values)), source="calibration")
    model = build_model(scenario, seed=seed, scale=scale)
    model.run_to(scenario.calendar.survey)
    frame = model.results()
    last = frame.iloc[-1]
    return {
        "seed": seed,
        "difficulty_share": last["difficulty_share"],
        "reduced_hiring_share": last["reduced_hiring_share"],
        "expansion_share": last["expansion_share"],
        "unemployment_rate": last["unemployment_rate"],
        "time_to_fill_months": float(np.nanmean(frame["time_to_fill_months"].tail(12))),
        "employed": last["employed"] / scale,
        "job_ending_rate": float((frame["separations"] / frame["employed"]).tail(12).mean()),
        "market_pay_level": last["market_pay_level"],
    }


def ensemble(
    values: dict[str, Any], seeds: list[int], scale: float, base: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Target metrics for every seed (one row each)."""
    return pd.DataFrame([survey_metrics(values, seed, scale, base) for seed in seeds])


def loss(metrics: pd.DataFrame, targets: list[Target]) -> float:
    """Weighted squared distance of the ensemble means from the targets."""
    means = metrics.mean(numeric_only=True)
    return float(sum(t.weight * (means[t.name] - t.value) ** 2 for t in targets))
