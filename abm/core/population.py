"""Creating agents' rows: the starting firms and workers, new entrants, new vacancies.

All counts are at the model's scale (scale 1.0 = Hong Kong). The distributions, each with
its parameters in :mod:`abm.core.parameters` (assumptions where no figure pins them):

- a firm's base headcount is its size class's mean times a lognormal factor with mean 1
  (``market.firm_size_dispersion``);
- skills are Beta-distributed around their group's mean with ``market.skill_concentration``
  (graduates: ``universities.graduate_skill_concentration``), required skills with
  ``demand.required_skill_concentration``;
- a firm's main specialisation follows the market mix; a share
  ``market.main_specialisation_vacancy_share`` of its jobs are in its main specialisation,
  the rest follow the market mix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from abm.core.calendar import DAYS_PER_MONTH, parse_month
from abm.core.parameters import SPECIALISATIONS
from abm.core.state import SECTORS, Origin, SizeClass, Status

if TYPE_CHECKING:
    from abm.core.model import TalentModel


def beta_with_mean(rng: np.random.Generator, mean: np.ndarray | float, size: int, concentration: float) -> np.ndarray:
    """Beta draws with the given mean(s) and concentration, clipped into (0, 1)."""
    mean = np.clip(np.broadcast_to(mean, (size,)), 0.01, 0.99)
    return rng.beta(mean * concentration, (1 - mean) * concentration)


FIRM_COUNT_MONTH = "2025-01"
"""The month ``market.firms_at_scale_1`` describes (the 2025 Policy Address's 'nearly 1,000')."""


def starting_firm_count(model: TalentModel) -> int:
    """Firms at the first simulated month: the 2025 count discounted at the net growth of firms."""
    p = model.settings.market
    years = (parse_month(FIRM_COUNT_MONTH) - model.month) / 12
    return max(1, round(p.firms_at_scale_1 * model.scale * (1 + p.firm_net_growth_per_year) ** -years))


def build_firms(model: TalentModel, rng: np.random.Generator) -> None:
    """Create the starting firms (see :func:`add_firms`)."""
    add_firms(model, rng, starting_firm_count(model), model.settings.market.large_firm_share, 1.0)


def add_firms(model: TalentModel, rng: np.random.Generator, n: int, large_share: float, size_share: float) -> slice:
    """Append ``n`` firms: size class (large with ``large_share``), sector, main specialisation, base
    headcount (``size_share`` of the size class's mean, lognormal), pay premium and ceiling, required
    skill, and a demand shock drawn from its long-run distribution; their entry month is this month.
    Returns their rows."""
    p = model.settings
    firms = model.firms
    rows = firms.append(n)
    large = rng.random(n) < large_share
    firms.size_class[rows] = np.where(large, SizeClass.LARGE, SizeClass.SME)
    firms.sector[rows] = rng.integers(0, len(SECTORS), n)
    firms.main_specialisation[rows] = rng.choice(len(SPECIALISATIONS), n, p=p.market.specialisation_mix)
    mean_staff = p.market.technical_staff_per_sme * np.where(large, p.market.large_to_sme_staff_ratio, 1.0)
    dispersion = p.market.firm_size_dispersion
    firms.base_headcount[rows] = size_share * mean_staff * rng.lognormal(-(dispersion**2) / 2, dispersion, n)
    firms.log_pay_premium[rows] = rng.normal(0.0, p.demand.firm_pay_premium_sd, n)
    firms.pay_ceiling_premium[rows] = np.where(
        large, p.demand.pay_ceiling_premium_large, p.demand.pay_ceiling_premium_sme
    )
    firms.required_skill_mean[rows] = np.where(
        large, p.demand.required_skill_mean_large, p.demand.required_skill_mean_sme
    )
    rho, sd = p.demand.demand_shock_persistence_per_month, p.demand.demand_shock_sd_per_month
    firms.demand_shock[rows] = rng.normal(0.0, sd / np.sqrt(1 - rho**2), n)
    firms.entry_month[rows] = model.month
    return rows


def build_workers(model: TalentModel, rng: np.random.Generator) -> None:
    """Create the starting workers: employed at the firms, unemployed seekers, the adjacent pool."""
    p = model.settings
    firms = model.firms
    multiplier = model.drivers.labour_demand_multiplier(model.month)[firms.main_specialisation]
    demand = firms.base_headcount * multiplier * np.exp(firms.demand_shock)
    staffed = np.floor(demand * (1 - p.market.initial_vacancy_rate) + rng.random(len(demand))).astype(np.int64)
    employer = np.repeat(np.arange(len(firms)), staffed)
    n_employed = len(employer)
    n_unemployed = round(n_employed * p.market.initial_unemployment_rate / (1 - p.market.initial_unemployment_rate))
    n_adjacent = round(p.market.adjacent_pool_at_scale_1 * model.scale)

    rows = add_workers(
        model, rng, n_employed, origin=rng.choice(4, n_employed, p=p.market.origin_mix),
        status=Status.EMPLOYED, skill_mean=firms.required_skill_mean[employer],
        specialisation=vacancy_specialisations(model, rng, employer),
    )  # fmt: skip
    workers = model.workers
    workers.employer[rows] = employer
    workers.wage[rows] = model.market_pay(workers.skill[rows]) * np.exp(firms.log_pay_premium[employer])
    workers.months_in_status[rows] = rng.integers(0, p.market.initial_tenure_months, n_employed)
    add_workers(
        model,
        rng,
        n_unemployed,
        origin=rng.choice(4, n_unemployed, p=p.market.origin_mix),
        status=Status.UNEMPLOYED,
        skill_mean=p.market.initial_unemployed_skill_mean,
    )
    add_workers(
        model, rng, n_adjacent, origin=Origin.ADJACENT, status=Status.ADJACENT, skill_mean=p.market.adjacent_skill_mean
    )
    imported = workers.origin == Origin.IMPORTED
    workers.visa_expiry_month[imported] = model.month + rng.integers(
        1, p.flows.visa_term_months + 1, int(imported.sum())
    )
    workers.visa_terms[imported] = 1


def add_workers(
    model: TalentModel,
    rng: np.random.Generator,
    count: int,
    *,
    origin: np.ndarray | int,
    status: Status,
    skill_mean: np.ndarray | float,
    specialisation: np.ndarray | None = None,
    research_share: float | None = None,
    visa_months: int | None = None,
    concentration: float | None = None,
) -> slice:
    """Append ``count`` workers; return their rows.

    Unset specialisations follow the market mix (or put ``research_share`` in research); skills
    are Beta draws around ``skill_mean`` with ``concentration`` (default ``market.skill_concentration``).
    Seekers get a reservation wage of ``reservation_wage_ratio`` times the market pay
    for their skill; ``visa_months`` sets a visa expiry for imported talent.
    """
    p = model.settings
    workers = model.workers
    rows = workers.append(count)
    workers.status[rows] = status
    workers.origin[rows] = origin
    concentration = p.market.skill_concentration if concentration is None else concentration
    workers.skill[rows] = beta_with_mean(rng, skill_mean, count, concentration)
    if specialisation is None:
        mix = np.asarray(p.market.specialisation_mix, dtype=float)
        if research_share is not None and mix[1:].sum() > 0:  # a market of research jobs only: all research
            mix = np.concatenate([[research_share], mix[1:] / mix[1:].sum() * (1 - research_share)])
        specialisation = rng.choice(len(SPECIALISATIONS), count, p=mix)
    workers.specialisation[rows] = specialisation
    workers.reservation_wage[rows] = p.search.reservation_wage_ratio * model.market_pay(workers.skill[rows])
    workers.entry_month[rows] = model.month
    workers.months_in_status[rows] = 0
    if visa_months is not None:
        workers.visa_expiry_month[rows] = model.month + visa_months
        workers.visa_terms[rows] = 1
    return rows


def vacancy_specialisations(model: TalentModel, rng: np.random.Generator, firm: np.ndarray) -> np.ndarray:
    """Specialisation of new jobs at ``firm``: the firm's main one with probability
    ``market.main_specialisation_vacancy_share``, else the market mix."""
    n = len(firm)
    main = model.firms.main_specialisation[firm]
    other = rng.choice(len(SPECIALISATIONS), n, p=model.settings.market.specialisation_mix)
    return np.where(rng.random(n) < model.settings.market.main_specialisation_vacancy_share, main, other)


def requirement_upgrade(model: TalentModel) -> float:
    """The skill new vacancies ask for above the firm's mean: ``demand.requirement_follows_workforce``
    times the change in the employed workforce's mean skill since the run started (0 when off)."""
    share = model.settings.demand.requirement_follows_workforce
    if share == 0:
        return 0.0
    employed = model.workers.status == Status.EMPLOYED
    if not employed.any():
        return 0.0
    return share * (float(model.workers.skill[employed].mean()) - model.starting_employed_skill)


def post_vacancies(model: TalentModel, rng: np.random.Generator, count_per_firm: np.ndarray) -> int:
    """Post new vacancies: ``count_per_firm[f]`` at firm ``f``, on a uniform day of the month, requiring
    a skill around the firm's mean (moved with the workforce's skill, :func:`requirement_upgrade`),
    offering market pay for the required skill times the firm's pay
    premium, with a ceiling of the firm's ceiling premium above that. The entry-level driver raises
    the skill asked but not the pay offered: the same budget now asks for more experience, so it
    closes junior openings rather than creating senior ones. Returns the count."""
    firm = np.repeat(np.arange(len(count_per_firm)), count_per_firm)
    n = len(firm)
    if n == 0:
        return 0
    vacancies = model.vacancies
    rows = vacancies.append(n)
    vacancies.firm[rows] = firm
    vacancies.specialisation[rows] = vacancy_specialisations(model, rng, firm)
    concentration = model.settings.demand.required_skill_concentration
    shift = model.drivers.required_skill_shift(model.month)
    mean = model.firms.required_skill_mean[firm] + requirement_upgrade(model)
    required = beta_with_mean(rng, mean + shift, n, concentration)
    vacancies.required_skill[rows] = required
    pay = model.market_pay(np.maximum(required - shift, 0.0)) * np.exp(model.firms.log_pay_premium[firm])
    vacancies.wage_offer[rows] = pay
    vacancies.wage_ceiling[rows] = pay * (1 + model.firms.pay_ceiling_premium[firm])
    vacancies.posted_month[rows] = model.month
    vacancies.posted_day[rows] = rng.random(n) * DAYS_PER_MONTH
    return n
