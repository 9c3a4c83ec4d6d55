"""Firms entering and leaving the AI market, at the start of the firm-demand phase each month.

- Exit: each active firm exits with the monthly hazard of its size class
  (``market.firm_exit_rate_per_year_sme`` / ``_large``, assumptions). An exiting firm's open
  vacancies are withdrawn (counted as plan cuts) and its staff are laid off into unemployment
  (counted as separations and as ``layoffs``); its row stays, marked inactive, so row numbers stay
  stable. Inactive firms take no part in the survey.
- Entry: a Poisson number of firms enters with mean ``(net growth x active firms + expected exits)
  / 12 x deterrence``, so that at trend pay the number of firms grows at
  ``market.firm_net_growth_per_year`` (Hong Kong's startups grew 10.3% in 2024) net of exits. Free
  entry: ``deterrence = (pay level / trend pay level) ^ -market.firm_entry_pay_elasticity``, the
  trend growing from the 2023 schedule (pay level 1) at the economy's wage growth
  (``market.entry_reference_pay_growth_per_year``), so AI pay that outgrows the economy's wages
  deters entrants and pay cannot outgrow them for ever; pay below the trend draws entrants in, at
  most ``market.firm_entry_max_multiple`` times the rate at trend pay. Entrants are mostly SMEs
  (``market.entrant_large_share``), start at ``market.entrant_size_share`` of their class's mean
  headcount with no staff, post vacancies for their demand like any firm, and answer the survey.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from abm.core import population
from abm.core.calendar import monthly_probability, parse_month
from abm.core.state import SizeClass, VacancyState

if TYPE_CHECKING:
    from abm.core.model import TalentModel

SCHEDULE_MONTH = parse_month("2023-01")
"""The month whose pay the wage schedule gives (pay level 1: ``wages.fresh_graduate_hkd_month`` is 2023's)."""


def exit_rates_per_year(model: TalentModel) -> np.ndarray:
    """Each firm's yearly exit hazard, by its size class."""
    market = model.settings.market
    large = model.firms.size_class == SizeClass.LARGE
    return np.where(large, market.firm_exit_rate_per_year_large, market.firm_exit_rate_per_year_sme)


def exit_firms(model: TalentModel, rng: np.random.Generator) -> None:
    """Active firms exit at their hazard: vacancies withdrawn, staff laid off, row marked inactive."""
    firms, vacancies = model.firms, model.vacancies
    exiting = firms.active & (rng.random(len(firms)) < monthly_probability(exit_rates_per_year(model)))
    if not exiting.any():
        return
    firms.active[exiting] = False
    firms.base_headcount[exiting] = 0.0
    closing = (vacancies.state == VacancyState.OPEN) & exiting[vacancies.firm]
    vacancies.state[closing] = VacancyState.WITHDRAWN
    model.flows["vacancies_cut"] += int(closing.sum())
    staff = np.flatnonzero((model.workers.employer >= 0) & exiting[np.maximum(model.workers.employer, 0)])
    model.separate(staff)
    model.flows["layoffs"] += len(staff)
    model.flows["firm_exits"] += int(exiting.sum())


def entry_deterrence(model: TalentModel) -> float:
    """The factor on firm entry: (pay level / trend pay level) ^ -elasticity (1 at trend pay), at most
    ``market.firm_entry_max_multiple``."""
    market = model.settings.market
    years = (model.month - SCHEDULE_MONTH) / 12
    trend = (1 + market.entry_reference_pay_growth_per_year) ** years
    return min(market.firm_entry_max_multiple, (model.pay_level / trend) ** -market.firm_entry_pay_elasticity)


def enter_firms(model: TalentModel, rng: np.random.Generator) -> None:
    """New firms enter so that, at trend pay, the number of firms grows at the net growth rate net of exits."""
    market = model.settings.market
    active = model.firms.active
    expected_exits = float(exit_rates_per_year(model)[active].sum())
    expected = (market.firm_net_growth_per_year * int(active.sum()) + expected_exits) / 12 * entry_deterrence(model)
    count = int(rng.poisson(max(expected, 0.0)))
    if count:
        population.add_firms(model, rng, count, market.entrant_large_share, market.entrant_size_share)
        model.flows["firm_entries"] += count
