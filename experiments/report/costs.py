"""What policies cost the government, discounted, and their effect per HK$1bn.

Definitions (also in docs/report.md):

- **Cost** of a policy run: the present value, at the start of 2023 (the first recorded
  month), of its government money minus that of its paired baseline run, from 2023-01 to the
  end of the headline year, in one of two views (:data:`experiments.accounts.COST_VIEWS`): the **programme** cost is
  government spending on the instruments (``government_spend_hkd``, every policy including the
  status-quo instruments); the **net fiscal** cost adds the public services that added
  residents use and subtracts the salaries tax they pay (``fiscal_services_hkd`` -
  ``fiscal_salaries_tax_hkd``). The money of month ``m`` (``y`` years after 2023-01, in
  twelfths) is weighed by ``(1 + rate) ** -y``. No sourced figure gives a discount rate: the
  default 4% a year (real) is an assumption, set with ``--discount-rate``.
- **Effect per HK$1bn**: the ratio of the mean paired effect to the mean paired cost, times
  10^9. Its 90% interval is the delta-method interval of a ratio of means:
  ``r ± t(0.95, n-1) × sd(effect - r × cost) / (sqrt(n) × mean cost)``, which accounts for the
  cost's spread across seeds and its correlation with the effect. The report shows the ratio
  only where the effect's own interval excludes zero and the mean cost is positive.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from abm.core.errors import InputError
from experiments.accounts import COST_VIEWS, MONEY_COLUMNS, discount_factors, monthly_cost
from experiments.accounts import DEFAULT_DISCOUNT_RATE as DEFAULT_DISCOUNT_RATE  # re-exported
from experiments.accounts import DISCOUNT_BASE_YEAR as DISCOUNT_BASE_YEAR  # re-exported
from experiments.intervals import LEVEL
from experiments.report.effects import excludes_zero, pair
from experiments.report.results import Results

VIEW_LABELS = {"programme": "programme cost", "fiscal": "net fiscal cost"}
"""Each cost view (:data:`experiments.accounts.COST_VIEWS`) in words."""

PER = 1e9
"""Effects are shown per HK$1bn of discounted cost."""


def available_views(results: Results) -> tuple[str, ...]:
    """The cost views the folder's runs support: the programme cost always, the net fiscal cost when
    every run has the fiscal account's columns."""
    frame = results.frame
    has_fiscal = all(c in frame.columns and frame[c].notna().all() for c in MONEY_COLUMNS)
    return COST_VIEWS if has_fiscal else COST_VIEWS[:1]


def paired_costs(results: Results, rate: float, through_year: int, view: str = "programme") -> pd.DataFrame:
    """Each policy run's discounted cost against its baseline partner, in HK$.

    Args:
        results: the results folder.
        rate: the real discount rate a year.
        through_year: the last year counted.
        view: ``"programme"`` or ``"fiscal"`` (:data:`experiments.accounts.COST_VIEWS`).

    Returns:
        The columns of :func:`experiments.report.effects.pair`, ``difference`` being the cost.

    Raises:
        InputError: the view is unknown, or ``"fiscal"`` for runs without the fiscal account's columns.
    """
    if view not in available_views(results):
        known = view in COST_VIEWS
        raise InputError(
            f"option --cost-view: {view!r} "
            + (
                f"needs runs with the fiscal account's columns ({', '.join(MONEY_COLUMNS[1:])}); these runs lack them"
                if known
                else f"is not one of {', '.join(COST_VIEWS)}"
            )
        )
    frame = results.frame[results.frame["year"] <= through_year]
    present = monthly_cost(frame, view) * discount_factors(frame["date"], rate)
    values = present.groupby(frame["run_id"]).sum().rename("value").reset_index()
    return pair(results, values)


def ratio_interval(effect: np.ndarray, cost: np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """Ratio of means ``mean(effect) / mean(cost)`` and its delta-method ``level`` interval.

    Args:
        effect: paired effects, one per pair.
        cost: paired costs of the same pairs (HK$).
        level: confidence level.

    Returns:
        ``(ratio, low, high)`` per HK$1; all NaN if the mean cost is not positive, bounds NaN with one pair.
    """
    effect, cost = np.asarray(effect, dtype=float), np.asarray(cost, dtype=float)
    keep = np.isfinite(effect) & np.isfinite(cost)
    effect, cost = effect[keep], cost[keep]
    if len(cost) == 0 or cost.mean() <= 0:
        return math.nan, math.nan, math.nan
    ratio = float(effect.mean() / cost.mean())
    if len(cost) < 2:
        return ratio, math.nan, math.nan
    residual = effect - ratio * cost
    half = float(
        stats.t.ppf(0.5 + level / 2, len(cost) - 1) * residual.std(ddof=1) / (math.sqrt(len(cost)) * cost.mean())
    )
    return ratio, ratio - half, ratio + half


def value_for_money(differences: pd.DataFrame, costs: pd.DataFrame, effects: pd.DataFrame, year: int) -> pd.DataFrame:
    """Effect per HK$1bn of every measure and arm at ``year`` (the caller keeps the measures where it means
    something).

    Args:
        differences: paired effects by run (:func:`experiments.report.effects.paired_effects`).
        costs: paired costs by run (:func:`paired_costs`).
        effects: the effects table (:func:`experiments.report.effects.effects_table`), for the
            effect's own interval.
        year: the year of the effect.

    Returns:
        Columns ``measure, arm, per_bn, low, high, shown`` (``shown``: the effect's interval
        excludes zero and the mean cost is positive).
    """
    at_year = differences[differences["year"] == year]
    merged = at_year.merge(costs[["run_id", "difference"]].rename(columns={"difference": "cost"}), on="run_id")
    rows = []
    for (measure, arm), group in merged.groupby(["measure", "arm"], sort=False):
        ratio, low, high = ratio_interval(group["difference"].to_numpy(), group["cost"].to_numpy())
        effect = effects[(effects["measure"] == measure) & (effects["arm"] == arm) & (effects["year"] == year)]
        clear = bool(len(effect)) and excludes_zero(effect["low"].iloc[0], effect["high"].iloc[0])
        rows.append(
            {
                "measure": measure,
                "arm": arm,
                "per_bn": ratio * PER,
                "low": low * PER,
                "high": high * PER,
                "shown": clear and math.isfinite(ratio),
            }
        )
    return pd.DataFrame(rows, columns=["measure", "arm", "per_bn", "low", "high", "shown"])
