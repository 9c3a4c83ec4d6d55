"""A package's outcomes: each run summarised, then paired with the status quo run of the same
future and seed, then averaged into the objectives and the budget constraint.

A run's **summary** (:func:`summarise_runs`; HK$ at Hong Kong's size):

- ``pv_programme_hkd``, ``pv_fiscal_hkd``: its accounts in both cost views
  (:func:`experiments.accounts.present_cost`), 2023-01 to the end of the target year;
- ``difficulty_share``, ``graduate_unemployment_rate``, ``graduate_median_wage_hkd``: the means
  over the target year's months of ``difficulty_share`` (survey-weighted),
  ``local_graduate_unemployment_rate`` and ``local_graduate_median_wage_hkd``;
- ``programme_<year>_hkd``: its programme spending in each calendar year from 2023 to the target
  year, undiscounted (the ledger's ``government_spend_hkd`` summed).

A package's **metrics** (:func:`package_metrics`), over every future and seed:

- ``cost_hkd``: the mean paired present-value cost in the chosen view (``cost_programme_hkd``,
  ``cost_fiscal_hkd``: both views);
- ``share_met``: the share of futures in which the target is met: the mean over seeds of the
  package's ``difficulty_share`` at the target year is at most the target;
- ``difficulty_share``: its mean over futures and seeds, and ``gap``: that less the target;
- ``harm``: the harm to local graduates, in points: ``harm_unemployment_pp`` (the rise of their
  unemployment rate against the paired status quo, in percentage points) plus ``harm_wage_pct``
  (the fall of their median wage, in % of the status quo's), means over futures and seeds;
  negative when they gain;
- ``max_added_spending_hkd``: the largest added programme spending (package less status quo) of
  any calendar year in any future and seed; the budget constraint is this less the budget.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from experiments import accounts
from experiments.optimise.settings import Settings

FUTURE = "future"
"""The label column naming a run's future."""
PAIR_KEYS = (FUTURE, "seed")
"""A package run and its status-quo partner share these."""
OUTCOMES = {
    "difficulty_share": "difficulty_share",
    "graduate_unemployment_rate": "local_graduate_unemployment_rate",
    "graduate_median_wage_hkd": "local_graduate_median_wage_hkd",
}
"""Summary columns read at the target year (mean over its months), from these time-series columns."""
OBJECTIVES = ("cost_hkd", "share_met", "harm")
"""The study's objectives, in order."""
DIRECTIONS = ("minimize", "maximize", "minimize")
"""Their directions."""


def summarise_runs(frame: pd.DataFrame, scale: float, settings: Settings) -> pd.DataFrame:
    """One summary row per run of ``frame`` (see the module docstring).

    Args:
        frame: runs' time series as written (money at ``scale``), with the ``future`` label.
        scale: the runs' market scale.
        settings: the optimisation's settings (target year, discount rate).
    """
    money = accounts.at_hong_kong_size(frame, scale)
    by, rate = settings.by, settings.discount_rate
    runs = frame.drop_duplicates("run_id").set_index("run_id")[["scenario", FUTURE, "seed"]]
    present = [accounts.present_cost(money, view, rate, by).rename(f"pv_{view}_hkd") for view in accounts.COST_VIEWS]
    at_date = frame[pd.to_datetime(frame["date"]).dt.year == by]
    outcomes = at_date.groupby("run_id")[list(OUTCOMES.values())].mean().set_axis(list(OUTCOMES), axis=1)
    annual = accounts.annual_programme_spending(money, by)
    annual.columns = [f"programme_{year}_hkd" for year in annual.columns]
    return pd.concat([runs, *present, outcomes, annual], axis=1).rename_axis("run_id").reset_index()


def paired_runs(package: pd.DataFrame, status_quo: pd.DataFrame) -> pd.DataFrame:
    """Each package run's summary beside its differences from its status-quo partner's.

    Returns:
        One row per package run: ``run_id, future, seed``, the package's ``difficulty_share``,
        and ``d_<column>`` for every numeric summary column (package less status quo), plus
        ``status_quo_wage_hkd`` (the partner's graduate median wage).
    """
    arms = package.assign(scenario="package")
    base = status_quo.assign(scenario="base")
    values = pd.concat([arms, base], ignore_index=True)
    differences = accounts.paired(values, PAIR_KEYS, baseline="base")
    differences = differences.drop(columns="scenario").rename(
        columns={c: f"d_{c}" for c in differences.columns if c not in ("run_id", *PAIR_KEYS)}
    )
    wages = base.set_index(list(PAIR_KEYS))["graduate_median_wage_hkd"].rename("status_quo_wage_hkd")
    levels = arms[["run_id", "difficulty_share"]]
    return differences.merge(levels, on="run_id").join(wages, on=list(PAIR_KEYS))


def harm_points(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per pair: ``harm_unemployment_pp``, ``harm_wage_pct`` and their sum ``harm``, in points."""
    unemployment = 100.0 * pairs["d_graduate_unemployment_rate"]
    wage = -100.0 * pairs["d_graduate_median_wage_hkd"] / pairs["status_quo_wage_hkd"]
    return pd.DataFrame({"harm_unemployment_pp": unemployment, "harm_wage_pct": wage, "harm": unemployment + wage})


def package_metrics(package: pd.DataFrame, status_quo: pd.DataFrame, settings: Settings) -> dict[str, float]:
    """A package's metrics over every future and seed (see the module docstring).

    Args:
        package: the summaries of the package's runs (every future and search seed).
        status_quo: the summaries of the status quo's runs in the same futures and seeds.
        settings: the optimisation's settings.

    Raises:
        ValueError: a package run has no status-quo partner.
    """
    pairs = paired_runs(package, status_quo)
    if len(pairs) != len(package):
        raise ValueError("every package run needs a status-quo run of the same future and seed")
    harm = harm_points(pairs)
    met = pairs.groupby(FUTURE)["difficulty_share"].mean() <= settings.target
    spending = pairs[[c for c in pairs.columns if c.startswith("d_programme_")]].to_numpy()
    added = float(np.max(spending)) if spending.size else 0.0
    metrics = {
        "cost_programme_hkd": float(pairs["d_pv_programme_hkd"].mean()),
        "cost_fiscal_hkd": float(pairs["d_pv_fiscal_hkd"].mean()),
        "share_met": float(met.mean()),
        "difficulty_share": float(pairs["difficulty_share"].mean()),
        "harm_unemployment_pp": float(harm["harm_unemployment_pp"].mean()),
        "harm_wage_pct": float(harm["harm_wage_pct"].mean()),
        "harm": float(harm["harm"].mean()),
        "max_added_spending_hkd": added,
    }
    metrics["cost_hkd"] = metrics[f"cost_{settings.cost_view}_hkd"]
    metrics["gap"] = metrics["difficulty_share"] - settings.target
    metrics["budget_excess_hkd"] = added - settings.budget_hkd_per_year
    return metrics
