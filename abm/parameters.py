"""Model parameters: every number the model uses, with its unit, source and role.

Each field carries, besides its default and allowed range, three facts in its
metadata (read by :func:`parameter_table`, the CLI and reports):

- ``unit``: what the number is measured in;
- ``source``: a key of ``abm/data/sources.toml`` (``"assumption"`` where no figure exists);
- ``role``: ``"fixed"`` (pinned by a sourced figure), ``"definition"`` (enters a survey
  definition, never fitted), ``"assumption"`` (no figure exists: documented, varied in the
  sensitivity analysis) or ``"free"`` (behavioural, fitted by calibration within its bounds).

Parameters at scale 1.0 describe Hong Kong's AI talent market; counts of firms and
people are multiplied by the run's ``scale``.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Role = Literal["fixed", "definition", "assumption", "free"]
SPECIALISATIONS = ("research", "engineering", "data", "infrastructure")
"""AI specialisations of workers and vacancies, in the order of their integer codes."""


def quantity(default: Any, *, unit: str, source: str, role: Role, doc: str, **bounds: Any) -> Any:
    """A documented parameter field: default, unit, source key, role and bounds."""
    return Field(
        default,
        description=doc,
        json_schema_extra={"unit": unit, "source": source, "role": role},
        **bounds,
    )


class Group(BaseModel):
    """A table of a scenario file: unknown keys are errors; values are stored unchanged."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class Market(Group):
    """Firms and workers at the start of the simulation."""

    firms_at_scale_1: int = quantity(
        1000,
        unit="firms",
        source="policy_address_2025_ai_firms",
        role="fixed",
        ge=1,
        doc="AI firms in Hong Kong ('nearly 1,000'); multiplied by the run's scale.",
    )
    large_firm_share: float = quantity(
        0.25,
        unit="share",
        source="hkpc_ai_study_2023",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Share of large firms; the HKPC sample's 25%, assumed to hold for the population.",
    )
    technical_staff_per_large_firm: float = quantity(
        60.0,
        unit="workers",
        source="assumption",
        role="assumption",
        gt=0.0,
        doc="Mean technical AI headcount of a large firm at the start. No count of AI "
        "practitioners exists; with the SME figure this gives about 19,500 technical jobs, "
        "a third of the ~60,000 I&T workforce (legco_it_employment).",
    )
    technical_staff_per_sme: float = quantity(
        6.0,
        unit="workers",
        source="assumption",
        role="assumption",
        gt=0.0,
        doc="Mean technical AI headcount of an SME at the start (see the large-firm figure).",
    )
    initial_unemployment_rate: float = quantity(
        0.029,
        unit="share",
        source="csd_unemployment_2023",
        role="fixed",
        ge=0.0,
        lt=1.0,
        doc="Unemployed share of the AI labour force at the start: Hong Kong's 2.9% (Q4 2023).",
    )
    initial_vacancy_rate: float = quantity(
        0.05,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        lt=1.0,
        doc="Open vacancies over (vacancies + employed) at the start; the burn-in forgets it.",
    )
    specialisation_mix: tuple[float, float, float, float] = quantity(
        (0.15, 0.45, 0.25, 0.15),
        unit="shares (research, engineering, data, infrastructure)",
        source="assumption",
        role="assumption",
        doc="Mix of AI specialisations among jobs and workers; no role breakdown is published.",
    )
    origin_mix: tuple[float, float, float, float] = quantity(
        (0.55, 0.15, 0.20, 0.10),
        unit="shares (local graduate, non-local graduate, imported, adjacent sector)",
        source="assumption",
        role="assumption",
        doc="Origins of the initial workforce; no published breakdown exists.",
    )
    adjacent_pool_at_scale_1: int = quantity(
        20000,
        unit="workers",
        source="assumption",
        role="assumption",
        ge=0,
        doc="Workers in adjacent sectors (general IT, engineering) who could reskill into AI "
        "jobs; about a third of the ~60,000 I&T workforce (legco_it_employment).",
    )

    @model_validator(mode="after")
    def _mixes_sum_to_one(self) -> Market:
        for field in ("specialisation_mix", "origin_mix"):
            values = getattr(self, field)
            if min(values) < 0 or not math.isclose(sum(values), 1.0, abs_tol=1e-6):
                raise ValueError(f"{field} must be four non-negative shares summing to 1")
        return self


class Wages(Group):
    """The wage schedule: market pay by skill level (skill runs from 0 to 1)."""

    fresh_graduate_hkd_month: float = quantity(
        20000.0,
        unit="HK$/month",
        source="hkcs_ict_pay_2023",
        role="fixed",
        gt=0.0,
        doc="Market pay at skill 0: ICT fresh graduates (80% of firms pay > 18,000, 36% > 22,000).",
    )
    top_skill_hkd_month: float = quantity(
        60000.0,
        unit="HK$/month",
        source="assumption",
        role="assumption",
        gt=0.0,
        doc="Market pay at skill 1; chosen so that TTPS arrivals' median pay of about "
        "HK$50,000 (ttps_outcomes_2024) sits near skill 0.85.",
    )


class Flows(Group):
    """Exits from jobs and from Hong Kong."""

    tenure_years: float = quantity(
        1.5,
        unit="years",
        source="robert_walters_tenure_2024",
        role="fixed",
        gt=0.0,
        doc="Mean IT job tenure (1.4 to 1.6 years); sets the total job-ending hazard.",
    )
    job_to_job_share: float = quantity(
        0.5,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        lt=1.0,
        doc="Share of job endings that are moves to another job (made by on-the-job search); "
        "the rest are separations into unemployment at 1/tenure x (1 - this share) a month.",
    )
    local_emigration_rate_per_year: float = quantity(
        0.015,
        unit="1/year",
        source="net_movement_residents",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Emigration hazard of resident workers; about the 2021-22 net outflow of 113,200 "
        "residents over a population of about 7.4 million (population: assumption).",
    )
    imported_departure_rate_per_year: float = quantity(
        0.10,
        unit="1/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Hazard that imported talent leaves Hong Kong before its visa term ends.",
    )
    retirement_rate_per_year: float = quantity(
        0.01,
        unit="1/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Hazard of leaving the labour force for age; the AI workforce is young.",
    )
    visa_term_months: int = quantity(
        24,
        unit="months",
        source="assumption",
        role="assumption",
        ge=1,
        doc="Initial stay of imported talent (TTPS grants 24 months); renewed if employed.",
    )
    exit_to_other_sectors_per_month: float = quantity(
        0.03,
        unit="1/month",
        source="assumption",
        role="free",
        ge=0.0,
        le=0.5,
        doc="Hazard that an unemployed AI job seeker takes a job outside the AI market.",
    )


class Search(Group):
    """Job search, applications, offers and acceptance (the matching kernel's inputs)."""

    applications_per_seeker: int = quantity(
        5,
        unit="applications/month",
        source="assumption",
        role="free",
        ge=1,
        le=20,
        doc="Applications a seeker sends in a month (search intensity).",
    )
    own_specialisation_search_share: float = quantity(
        0.75,
        unit="share",
        source="assumption",
        role="free",
        ge=0.0,
        le=1.0,
        doc="Probability that an application goes to a vacancy in the seeker's specialisation.",
    )
    wage_elasticity_of_applications: float = quantity(
        2.0,
        unit="elasticity",
        source="assumption",
        role="free",
        ge=0.0,
        le=10.0,
        doc="Vacancies are drawn with probability proportional to (wage offer)^elasticity.",
    )
    on_the_job_search_rate_per_month: float = quantity(
        0.10,
        unit="1/month",
        source="assumption",
        role="free",
        ge=0.0,
        le=1.0,
        doc="Probability that an employed worker searches in a month.",
    )
    job_switch_wage_premium: float = quantity(
        0.10,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Raise an employed searcher needs to accept another job.",
    )
    reservation_wage_ratio: float = quantity(
        0.90,
        unit="share of market pay",
        source="assumption",
        role="free",
        ge=0.3,
        le=1.5,
        doc="A new seeker's reservation wage over the market pay for its skill.",
    )
    reservation_wage_decay_per_month: float = quantity(
        0.02,
        unit="1/month",
        source="assumption",
        role="free",
        ge=0.0,
        le=0.5,
        doc="Monthly fall of an unemployed seeker's reservation wage.",
    )
    reservation_wage_floor_ratio: float = quantity(
        0.70,
        unit="share of market pay",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Floor of the reservation wage over market pay.",
    )
    skill_slack: float = quantity(
        0.10,
        unit="skill",
        source="assumption",
        role="free",
        ge=0.0,
        le=1.0,
        doc="A firm offers only to applicants whose fit score is at least -slack "
        "(fit = skill - required skill - cross-specialisation penalty).",
    )
    cross_specialisation_penalty: float = quantity(
        0.25,
        unit="skill",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Fit lost by an applicant of another specialisation than the vacancy's.",
    )
    skill_growth_per_year: float = quantity(
        0.04,
        unit="skill/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=0.5,
        doc="On-the-job learning of employed workers (skill is capped at 1).",
    )


class Demand(Group):
    """Firms' labour demand and wage offers."""

    demand_shock_sd_per_month: float = quantity(
        0.03,
        unit="log points/month",
        source="assumption",
        role="free",
        ge=0.0,
        le=0.5,
        doc="Standard deviation of a firm's monthly idiosyncratic demand shock (AR(1) in logs).",
    )
    demand_shock_persistence_per_month: float = quantity(
        0.95,
        unit="AR(1) coefficient",
        source="assumption",
        role="free",
        ge=0.0,
        lt=1.0,
        doc="Monthly persistence of a firm's log demand shock.",
    )
    vacancy_wage_growth_per_month: float = quantity(
        0.02,
        unit="1/month",
        source="assumption",
        role="free",
        ge=0.0,
        le=0.5,
        doc="Rise of an open vacancy's wage offer for each month it stays open (wage adjustment).",
    )
    pay_ceiling_premium_large: float = quantity(
        0.30,
        unit="share over market pay",
        source="assumption",
        role="free",
        ge=0.0,
        le=2.0,
        doc="Most a large firm will pay above market pay for the required skill.",
    )
    pay_ceiling_premium_sme: float = quantity(
        0.15,
        unit="share over market pay",
        source="assumption",
        role="free",
        ge=0.0,
        le=2.0,
        doc="Most an SME will pay above market pay for the required skill.",
    )
    required_skill_mean_large: float = quantity(
        0.50,
        unit="skill",
        source="assumption",
        role="free",
        gt=0.0,
        lt=1.0,
        doc="Mean required skill of a large firm's vacancies (Beta distribution, concentration 6).",
    )
    required_skill_mean_sme: float = quantity(
        0.40,
        unit="skill",
        source="assumption",
        role="free",
        gt=0.0,
        lt=1.0,
        doc="Mean required skill of an SME's vacancies (Beta distribution, concentration 6).",
    )


class Survey(Group):
    """Operational definitions of the HKPC survey questions (never fitted)."""

    difficulty_threshold_months: int = quantity(
        3,
        unit="months",
        source="robert_half_time_to_hire",
        role="definition",
        ge=1,
        doc="A vacancy still open after this many months (the usual IT time to hire) is one "
        "the firm has difficulty filling.",
    )
    vacancy_withdrawal_age_months: int = quantity(
        6,
        unit="months",
        source="robert_half_time_to_hire",
        role="definition",
        ge=2,
        doc="An unfilled vacancy is withdrawn at this age: twice the usual IT time to hire.",
    )
    window_months: int = quantity(
        12,
        unit="months",
        source="hkpc_ai_study_2023",
        role="definition",
        ge=1,
        doc="Trailing window the survey questions look back over (the past year).",
    )
    expansion_horizon_months: int = quantity(
        12,
        unit="months",
        source="hkpc_expansion_2023",
        role="definition",
        ge=1,
        doc="Horizon of the hiring plan behind the expansion question.",
    )
    sample_size: int = quantity(
        216,
        unit="firms",
        source="hkpc_ai_study_2023",
        role="fixed",
        ge=1,
        doc="Firms in the HKPC sample; the sample216 column redraws a sample of this size.",
    )
    large_firm_weight: float = quantity(
        0.25,
        unit="share",
        source="hkpc_ai_study_2023",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Weight of large firms in the survey shares (25% large, 75% SMEs in the sample).",
    )

    @model_validator(mode="after")
    def _withdrawal_after_threshold(self) -> Survey:
        if self.vacancy_withdrawal_age_months <= self.difficulty_threshold_months:
            raise ValueError("vacancy_withdrawal_age_months must exceed difficulty_threshold_months")
        return self


class Universities(Group):
    """The eight public universities' AI-relevant graduate output."""

    universities: int = quantity(
        8,
        unit="universities",
        source="ugc_graduates_2024",
        role="fixed",
        ge=1,
        doc="Public (UGC-funded) universities; their capacity is split evenly.",
    )
    undergraduates_per_year: float = quantity(
        22255.0,
        unit="graduates/year",
        source="ugc_graduates_2024",
        role="fixed",
        ge=0.0,
        doc="Undergraduate graduates a year, all subjects (2024/25).",
    )
    taught_postgraduates_per_year: float = quantity(
        5621.0,
        unit="graduates/year",
        source="ugc_graduates_2024",
        role="assumption",
        ge=0.0,
        doc="Taught postgraduates a year: the 29,676 graduates less 22,255 undergraduates less "
        "the research postgraduates (7,200 places over 4 years, ugc_rpg_places_2022).",
    )
    research_postgraduates_per_year: float = quantity(
        1800.0,
        unit="graduates/year",
        source="ugc_rpg_places_2022",
        role="fixed",
        ge=0.0,
        doc="Research postgraduates a year: 7,200 places over a 4-year programme.",
    )
    ai_share_undergraduate: float = quantity(
        0.06,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of undergraduates in AI-relevant programmes (CS, data science, EE, "
        "statistics) who enter the AI market; UGC subject counts were not found.",
    )
    ai_share_taught_postgraduate: float = quantity(
        0.10,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of taught postgraduates in AI-relevant programmes.",
    )
    ai_share_research_postgraduate: float = quantity(
        0.12,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of research postgraduates in AI-relevant fields.",
    )
    nonlocal_share_undergraduate: float = quantity(
        0.20,
        unit="share",
        source="policy_address_2023_nonlocal",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Non-local share of undergraduate cohorts admitted before 2024 (the quota that the "
        "2023 Policy Address doubled to 40% from 2024/25).",
    )
    nonlocal_share_from_2024: float = quantity(
        0.40,
        unit="share",
        source="policy_address_2023_nonlocal",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Non-local share of undergraduate cohorts admitted from 2024/25.",
    )
    nonlocal_share_postgraduate: float = quantity(
        0.60,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Non-local share of postgraduate cohorts.",
    )
    nonlocal_stay_share: float = quantity(
        0.50,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of non-local graduates who stay to work (IANG counts were not found).",
    )


class Parameters(Group):
    """All model parameters, grouped as the tables of a scenario file."""

    market: Market = Market()
    wages: Wages = Wages()
    flows: Flows = Flows()
    search: Search = Search()
    demand: Demand = Demand()
    survey: Survey = Survey()
    universities: Universities = Universities()


def parameter_table(parameters: Parameters) -> list[dict[str, Any]]:
    """One row per parameter: ``name`` (``group.field``), value, unit, source, role, doc."""
    rows = []
    for group_name in type(parameters).model_fields:
        group = getattr(parameters, group_name)
        for name, field in type(group).model_fields.items():
            extra = field.json_schema_extra or {}
            rows.append(
                {
                    "name": f"{group_name}.{name}",
                    "value": getattr(group, name),
                    "unit": extra.get("unit", ""),
                    "source": extra.get("source", ""),
                    "role": extra.get("role", ""),
                    "doc": field.description or "",
                }
            )
    return rows
