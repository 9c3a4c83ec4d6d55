"""What policies cost the public purse: the programme and the net fiscal cost accounts of runs.

Pure functions over a results frame: the runs' time series (one row per run and month, with
``run_id``, ``date`` and the money columns below), as :func:`experiments.sweep.read_results`
returns them. Money is in HK$ at Hong Kong's size: a run at scale 0.1 spends a tenth of what Hong
Kong would, so divide its money columns by its scale first (:func:`at_hong_kong_size`, with the
scale each run's manifest entry records).

Two views of a run's cost (:data:`COST_VIEWS`), month by month:

- ``programme``: what the government pays for its programmes, ``government_spend_hkd`` (every
  policy, the status-quo instruments included);
- ``fiscal``: the net fiscal cost, the programme cost plus the public services used by the
  residents policies can add less the salaries tax they pay
  (``government_spend_hkd + fiscal_services_hkd - fiscal_salaries_tax_hkd``; the residents and
  the tax are defined in :mod:`abm.core.fiscal`).

A run's account in a view is the present value at January :data:`DISCOUNT_BASE_YEAR` of its
monthly cost from 2023-01 to the end of a given year: the cost of month ``m``, ``y`` years after
January 2023 (in twelfths), is weighed by ``(1 + rate) ** -y``. A policy arm's cost is its run's
account minus that of its paired baseline run (same seed, same future or calibration set:
:func:`paired`); the status quo's own services and tax then cancel, and only the residents the
policy adds count. Budgets are checked on undiscounted programme spending by calendar year
(:func:`annual_programme_spending`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

COST_VIEWS = ("programme", "fiscal")
"""The cost views: the programme cost, and the net fiscal cost (programme + services - tax)."""

DEFAULT_DISCOUNT_RATE = 0.04
"""Real discount rate a year: an assumption (no sourced figure gives one)."""

DISCOUNT_BASE_YEAR = 2023
"""Costs are discounted to January of this year, the first recorded month."""

MONEY_COLUMNS = ("government_spend_hkd", "fiscal_services_hkd", "fiscal_salaries_tax_hkd")
"""The columns the accounts read (HK$ a month, at the run's scale in a run's file)."""


def check_view(view: str) -> None:
    """Raise ValueError unless ``view`` is one of :data:`COST_VIEWS`."""
    if view not in COST_VIEWS:
        raise ValueError(f"unknown cost view {view!r}; one of: {', '.join(COST_VIEWS)}")


def discount_factors(dates: pd.Series, rate: float) -> pd.Series:
    """``(1 + rate) ** -y`` with ``y`` the years (in twelfths) from January :data:`DISCOUNT_BASE_YEAR` to each date."""
    dates = pd.to_datetime(dates)
    years = (dates.dt.year - DISCOUNT_BASE_YEAR) + (dates.dt.month - 1) / 12
    return (1.0 + rate) ** -years


def at_hong_kong_size(frame: pd.DataFrame, scale: float | Mapping[str, float]) -> pd.DataFrame:
    """``frame`` with its money columns (:data:`MONEY_COLUMNS`, ``spend_*``, ``refused_*``) divided by the scale.

    Args:
        frame: runs' time series as written (money at each run's scale).
        scale: the runs' scale, or each run's by ``run_id`` (a manifest's ``runs[].scale``).
    """
    divisor = frame["run_id"].map(scale).astype(float) if isinstance(scale, Mapping) else float(scale)
    money = [c for c in frame.columns if c in MONEY_COLUMNS or c.startswith(("spend_", "refused_"))]
    out = frame.copy()
    out[money] = out[money].astype(float).div(divisor, axis=0)
    return out


def monthly_cost(frame: pd.DataFrame, view: str) -> pd.Series:
    """Each row's cost in ``view`` (HK$ that month): programme spending, plus services less tax for ``fiscal``."""
    check_view(view)
    cost = frame["government_spend_hkd"].astype(float)
    if view == "fiscal":
        cost = cost + frame["fiscal_services_hkd"] - frame["fiscal_salaries_tax_hkd"]
    return cost


def present_cost(frame: pd.DataFrame, view: str, rate: float, through_year: int) -> pd.Series:
    """Each run's account in ``view``: the present value (HK$, January 2023) of its costs to ``through_year``.

    Args:
        frame: runs' time series at Hong Kong's size (:func:`at_hong_kong_size`).
        view: ``"programme"`` or ``"fiscal"`` (:data:`COST_VIEWS`).
        rate: real discount rate a year (0.04 = 4%).
        through_year: the last calendar year counted.

    Returns:
        HK$ by ``run_id`` (every run of ``frame``, 0.0 for one with no month in the period).
    """
    years = pd.to_datetime(frame["date"]).dt.year
    period = frame[(years >= DISCOUNT_BASE_YEAR) & (years <= through_year)]
    present = monthly_cost(period, view) * discount_factors(period["date"], rate)
    runs = pd.Index(frame["run_id"].unique(), name="run_id")
    return present.groupby(period["run_id"]).sum().reindex(runs, fill_value=0.0).rename(f"{view}_hkd")


def annual_programme_spending(frame: pd.DataFrame, through_year: int | None = None) -> pd.DataFrame:
    """Undiscounted programme spending (``government_spend_hkd``, HK$) by run and calendar year.

    Returns:
        One row per ``run_id``, one column per calendar year from 2023 (to ``through_year`` if given).
    """
    years = pd.to_datetime(frame["date"]).dt.year.rename("year")
    keep = (years >= DISCOUNT_BASE_YEAR) & (years <= (through_year if through_year is not None else years.max()))
    spend = frame.loc[keep, "government_spend_hkd"].astype(float)
    return spend.groupby([frame.loc[keep, "run_id"], years[keep]]).sum().unstack("year", fill_value=0.0)


def paired(values: pd.DataFrame, keys: Sequence[str], baseline: str, scenario: str = "scenario") -> pd.DataFrame:
    """Each policy run's values minus its paired baseline run's.

    Args:
        values: one row per run: ``run_id``, the ``scenario`` column, the pairing ``keys`` and
            numeric value columns (every other column).
        keys: the columns a run and its baseline partner share (``["future", "seed"]``).
        baseline: the baseline scenario's name.
        scenario: the column naming each run's scenario.

    Returns:
        One row per run not of ``baseline`` that has a partner: ``run_id``, ``scenario``, the keys,
        and for each value column its difference from the partner's.

    Raises:
        ValueError: two baseline runs share the same keys.
    """
    keys = list(keys)
    value_columns = [c for c in values.columns if c not in ("run_id", scenario, *keys)]
    base = values[values[scenario] == baseline]
    if base.duplicated(keys).any():
        raise ValueError(f"two baseline runs share the same {', '.join(keys)}")
    arms = values[values[scenario] != baseline]
    merged = arms.merge(base[[*keys, *value_columns]], on=keys, suffixes=("", "_baseline"))
    differences = merged[["run_id", scenario, *keys]].copy()
    for column in value_columns:
        differences[column] = merged[column] - merged[f"{column}_baseline"]
    return differences.reset_index(drop=True)
