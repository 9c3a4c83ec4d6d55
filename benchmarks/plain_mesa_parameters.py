"""The plain-Mesa peer's vocabulary and parameter values.

Used by :mod:`plain_mesa_agents` and :mod:`plain_mesa_market` (see the latter's docstring for
what the peer mirrors of talentgap and how it differs).
"""

from __future__ import annotations

from dataclasses import dataclass

EMPLOYED, UNEMPLOYED, ADJACENT = 0, 1, 2
"""Worker statuses (talentgap's codes; departed workers are removed instead)."""
LOCAL_GRADUATE, NONLOCAL_GRADUATE, IMPORTED, FROM_ADJACENT = range(4)
"""Worker origins (talentgap's codes)."""
N_SPECIALISATIONS = 4  # research, engineering, data, infrastructure
NEVER = -(10**6)
"""A month number for 'never happened'."""
DAYS_PER_MONTH = 365.25 / 12
"""Days in a month: posting days and days to fill a vacancy count from the month's start."""


def month_number(year: int, month: int) -> int:
    """talentgap's month numbers (``abm.core.calendar``): ``year * 12 + month - 1``."""
    return year * 12 + month - 1


FIRST_RECORDED_MONTH = month_number(2023, 1)
"""talentgap's first recorded month; its burn-in ends here."""
BURN_IN_MONTHS = 60
"""talentgap's burn-in: its simulation, and the status-quo talent admission, start 60 months earlier (2018-01)."""
STATUS_QUO_START = FIRST_RECORDED_MONTH - BURN_IN_MONTHS
ADOPTION_BASE_MONTH = month_number(2023, 1)  # the AI-adoption index is 1 here
FIRM_COUNT_MONTH = month_number(2025, 1)  # the month market.firms_at_scale_1 describes
ENTRY_TREND_BASE_MONTH = month_number(2023, 1)  # pay level 1: the 2023 wage schedule
GRADUATION_MONTH = 7  # July


def monthly_probability(rate_per_year: float) -> float:
    """Monthly probability of an event whose yearly probability is ``rate_per_year``."""
    return 1.0 - (1.0 - rate_per_year) ** (1.0 / 12.0)


@dataclass(frozen=True)
class PeerParameters:
    """talentgap's default scenario: ``abm/core/parameters/*.py`` overlaid with ``abm/data/calibrated.toml``,
    the calibration of 2026-11-28 (stage 5, trial 316 of its second study), and the status-quo talent
    admission's defaults. Each field is named as in ``talentgap parameters`` (group in the comment).
    Money in HK$ a month, rates as stated, skills on talentgap's 0-1 scale."""

    # market
    firms_at_scale_1: float = 1000.0  # firms in 2025-01 at scale 1
    large_firm_share: float = 0.25
    technical_staff_per_sme: float = 14.98375536732403  # workers
    large_to_sme_staff_ratio: float = 10.0
    initial_unemployment_rate: float = 0.029
    initial_vacancy_rate: float = 0.05
    specialisation_mix: tuple[float, ...] = (0.15, 0.45, 0.25, 0.15)
    origin_mix: tuple[float, ...] = (0.55, 0.15, 0.20, 0.10)
    adjacent_pool_at_scale_1: float = 20000.0  # workers
    firm_net_growth_per_year: float = 0.103
    firm_entry_pay_elasticity: float = 2.5563514203660818
    firm_entry_max_multiple: float = 2.0
    entry_reference_pay_growth_per_year: float = 0.033
    firm_exit_rate_per_year_sme: float = 0.08
    firm_exit_rate_per_year_large: float = 0.02
    entrant_large_share: float = 0.05
    entrant_size_share: float = 0.5  # of the size class's mean headcount
    main_specialisation_vacancy_share: float = 0.6
    firm_size_dispersion: float = 0.5  # sd of log headcount
    skill_concentration: float = 6.0  # alpha + beta of the Beta distribution of skill
    initial_unemployed_skill_mean: float = 0.3
    adjacent_skill_mean: float = 0.15
    initial_tenure_months: int = 36
    # wages
    fresh_graduate_hkd_month: float = 20000.0
    top_skill_hkd_month: float = 60000.0
    wage_adjustment_per_month: float = 1.8021178906125779  # log points per point of vacancy rate
    pay_downward_flexibility: float = 1.0  # share of the upward speed
    reference_vacancy_rate: float = 0.03
    # flows
    tenure_years: float = 1.5
    job_to_job_share: float = 0.77
    local_emigration_rate_per_year: float = 0.015
    imported_departure_rate_per_year: float = 0.10
    retirement_rate_per_year: float = 0.01
    visa_term_months: int = 24
    visa_extension_months: int = 36
    renewal_apply_share_employed: float = 0.6539941905463916
    renewal_pay_elasticity: float = -1.8275747880832576  # log-odds per log point of pay
    renewal_reference_pay_hkd_month: float = 50000.0  # at pay level 1
    renewal_apply_share_not_in_ai: float = 0.2
    renewal_apply_share_later_terms: float = 0.9
    renewal_approval_share: float = 0.94
    exit_to_other_sectors_per_month: float = 0.026774899085555554
    adjacent_entry_rate_per_year: float = 0.05706888379313768
    adjacent_entry_pay_elasticity: float = 1.0
    # search
    vacancies_viewed_per_seeker: int = 12
    applications_per_seeker: int = 18
    screening_pass_rate: float = 0.2819217216658252
    own_specialisation_search_share: float = 0.75
    wage_elasticity_of_applications: float = 2.0
    on_the_job_search_rate_per_month: float = 0.2200695918099998
    job_switch_wage_premium: float = 0.10
    match_shock_rate_per_month: float = 0.21665689551360448
    offer_rounds_per_month: int = 4
    reservation_wage_ratio: float = 0.6763757983006571  # of market pay for the seeker's skill
    reservation_wage_decay_per_month: float = 0.02
    reservation_wage_floor_ratio: float = 0.70
    skill_slack: float = 0.42513672889624216
    cross_specialisation_penalty: float = 0.25
    skill_growth_per_year: float = 0.04
    # demand
    demand_shock_sd_per_month: float = 0.0020090990359701052
    demand_shock_persistence_per_month: float = 0.7755540578041449
    vacancy_wage_growth_per_month: float = 0.08193903434668404
    firm_pay_premium_sd: float = 0.15  # log points
    requirement_relaxation_per_month: float = 0.11438049502700515  # skill a month
    pay_ceiling_premium_large: float = 0.11845401451456807
    pay_ceiling_premium_sme: float = 0.7182111918095724
    required_skill_mean_large: float = 0.6490433210071571
    required_skill_mean_sme: float = 0.3395177573239218
    required_skill_concentration: float = 3.0
    requirement_follows_workforce: float = 0.5517253328061114
    labour_demand_pay_elasticity: float = 0.5
    # survey
    difficulty_threshold_months: int = 3
    vacancy_withdrawal_age_months: int = 6
    window_months: int = 12
    expansion_horizon_months: int = 12
    large_firm_weight: float = 0.25
    # drivers: AI adoption (the default scenario's only driver that is on)
    ai_adoption_growth_per_year: float = 0.026165400696730318
    # policies.talent_admission at its status-quo size: 90,000 x 15% x 5% arrivals a year at scale 1
    imported_per_month: float = 90000.0 * 0.15 * 0.05 / 12
    imported_skill_mean: float = 0.55
    processing_lag_months: int = 2
    # universities
    nonlocal_stay_share: float = 0.50
    graduate_skill_concentration: float = 8.0
    # (name, graduates a year at scale 1, AI share, length in years, skill mean, research share)
    programmes: tuple[tuple[str, float, float, int, float, float], ...] = (
        ("undergraduate", 22255.0, 0.03, 4, 0.15, 0.05),
        ("taught_postgraduate", 5621.0, 0.05, 1, 0.25, 0.10),
        ("research_postgraduate", 1800.0, 0.08, 4, 0.45, 0.60),
    )
    nonlocal_share_undergraduate: float = 0.20  # intakes before 2024
    nonlocal_share_from_2024: float = 0.40
    nonlocal_share_postgraduate: float = 0.60
