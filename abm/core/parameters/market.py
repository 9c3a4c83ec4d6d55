"""Starting firms and workers, and the wage schedule."""

from __future__ import annotations

import math

from pydantic import model_validator

from abm.core.parameters.base import Group, quantity


class Market(Group):
    """Firms and workers at the start of the simulation."""

    firms_at_scale_1: int = quantity(
        1000,
        label="AI firms in 2025",
        unit="firms",
        source="policy_address_2025_ai_firms",
        role="fixed",
        ge=1,
        le=50000,
        doc="AI firms in Hong Kong in 2025 ('nearly 1,000'); the model starts with this count discounted to its "
        "first simulated month at firm_net_growth_per_year; multiplied by the run's scale.",
    )
    large_firm_share: float = quantity(
        0.25,
        label="Share of large firms",
        unit="share",
        source="hkpc_ai_study_2023",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Share of large firms; the HKPC sample's 25%, assumed to hold for the population.",
    )
    technical_staff_per_sme: float = quantity(
        8.0,
        label="Technical staff of an SME",
        unit="workers",
        source="legco_it_employment",
        role="free",
        ge=0.5,
        le=100.0,
        doc="Mean technical AI headcount of an SME at AI-demand index 1 (2023-01). No count of AI practitioners "
        "exists: it is fitted so that the technical AI workforce is about a third of the I&T workforce "
        "(~60,000 in 2024).",
    )
    large_to_sme_staff_ratio: float = quantity(
        10.0,
        label="Large firm's staff over an SME's",
        unit="ratio",
        source="assumption",
        role="assumption",
        ge=1.0,
        le=100.0,
        doc="A large firm's mean technical headcount over an SME's.",
    )
    initial_unemployment_rate: float = quantity(
        0.029,
        label="Unemployment rate at the start",
        unit="share",
        source="csd_unemployment_2023",
        role="fixed",
        ge=0.0,
        le=0.5,
        doc="Unemployed share of the AI labour force at the start: Hong Kong's 2.9% (Q4 2023).",
    )
    initial_vacancy_rate: float = quantity(
        0.05,
        label="Vacancy rate at the start",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=0.5,
        doc="Open vacancies over (vacancies + employed) at the start; the burn-in forgets it.",
    )
    specialisation_mix: tuple[float, float, float, float] = quantity(
        (0.15, 0.45, 0.25, 0.15),
        label="Mix of AI specialisations",
        unit="shares (research, engineering, data, infrastructure)",
        source="assumption",
        role="assumption",
        doc="Mix of AI specialisations among jobs and workers; no role breakdown is published.",
    )
    origin_mix: tuple[float, float, float, float] = quantity(
        (0.55, 0.15, 0.20, 0.10),
        label="Origins of the starting workforce",
        unit="shares (local graduate, non-local graduate, imported, adjacent sector)",
        source="assumption",
        role="assumption",
        doc="Origins of the initial workforce; no published breakdown exists.",
    )
    adjacent_pool_at_scale_1: int = quantity(
        20000,
        label="Workers in adjacent sectors",
        unit="workers",
        source="assumption",
        role="assumption",
        ge=0,
        le=1000000,
        doc="Workers in adjacent sectors (general IT, engineering) who could reskill into AI "
        "jobs; about a third of the ~60,000 I&T workforce (legco_it_employment).",
    )

    firm_net_growth_per_year: float = quantity(
        0.103,
        label="Net growth of the number of AI firms",
        unit="1/year",
        source="investhk_startups_2024",
        role="assumption",
        ge=-0.2,
        le=0.3,
        doc="Net growth of the number of AI firms a year: Hong Kong's startups grew from 4,257 (2023) to 4,694 "
        "(2024), taken to hold for AI firms. firms_at_scale_1 is the count in 2025; the model starts with it "
        "discounted at this rate, and firms enter at this rate plus the exit rates.",
    )
    firm_entry_pay_elasticity: float = quantity(
        0.0,
        label="Response of firm entry to pay",
        unit="elasticity",
        source="assumption",
        role="free",
        ge=0.0,
        le=8.0,
        doc="Free entry: the entry of firms is multiplied by (market pay level / its trend) ^ -elasticity, the "
        "trend growing from the 2023 schedule at entry_reference_pay_growth_per_year, so that AI pay outgrowing "
        "the economy's wages deters entrants. Calibrated (abm/data/calibration_space.toml); 0: firms enter at "
        "the startup growth rate whatever pay does.",
    )
    firm_entry_max_multiple: float = quantity(
        2.0,
        label="Most that low pay multiplies firm entry",
        unit="multiple",
        source="assumption",
        role="assumption",
        ge=1.0,
        le=10.0,
        doc="Cap on the free-entry factor when pay runs below its trend: entry is at most this multiple of its "
        "rate at trend pay. Not sourced; it keeps a collapse of pay (at the schema's extreme values) from "
        "drawing unbounded entry. In the calibrated status quo the factor stays below 1.6, so the cap does not "
        "bind there.",
    )
    entry_reference_pay_growth_per_year: float = quantity(
        0.033,
        label="Growth of the economy's wages",
        unit="1/year",
        source="csd_wages_2014_2024",
        role="fixed",
        ge=0.0,
        le=0.2,
        doc="Trend growth of pay against which entrants judge AI pay: Hong Kong's median hourly wage rose 3.3% a "
        "year from 2014 to 2024 (C&SD).",
    )
    firm_exit_rate_per_year_sme: float = quantity(
        0.08,
        label="Exit rate of SMEs",
        unit="1/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=0.5,
        doc="Yearly hazard that an SME exits (closes or leaves the AI market); its staff become unemployed.",
    )
    firm_exit_rate_per_year_large: float = quantity(
        0.02,
        label="Exit rate of large firms",
        unit="1/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=0.5,
        doc="Yearly hazard that a large firm exits.",
    )
    entrant_large_share: float = quantity(
        0.05,
        label="Share of entering firms that are large",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of entering firms that are large (entrants are mostly startups).",
    )
    entrant_size_share: float = quantity(
        0.5,
        label="Size of an entering firm",
        unit="share of the size class's mean",
        source="assumption",
        role="assumption",
        gt=0.0,
        le=2.0,
        doc="An entering firm's technical headcount at demand index 1, as a share of its size class's mean.",
    )
    main_specialisation_vacancy_share: float = quantity(
        0.6,
        label="Share of a firm's jobs in its main specialisation",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of a firm's jobs in its main specialisation; the rest follow the market mix.",
    )
    firm_size_dispersion: float = quantity(
        0.5,
        label="Spread of firm sizes",
        unit="log points (sd)",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=2.0,
        doc="Standard deviation of the log of a firm's starting headcount around its size class's mean "
        "(a lognormal factor with mean 1).",
    )
    skill_concentration: float = quantity(
        6.0,
        label="Concentration of workers' skill",
        unit="alpha + beta",
        source="assumption",
        role="assumption",
        gt=0.5,
        le=50.0,
        doc="Concentration of the Beta distributions of workers' skill around their group's mean "
        "(graduates: universities.graduate_skill_concentration).",
    )
    initial_unemployed_skill_mean: float = quantity(
        0.3,
        label="Mean skill of the unemployed at the start",
        unit="skill",
        source="assumption",
        role="assumption",
        gt=0.0,
        lt=1.0,
        doc="Mean skill of the job seekers unemployed at the start.",
    )
    adjacent_skill_mean: float = quantity(
        0.15,
        label="Mean AI skill of adjacent-sector workers",
        unit="skill",
        source="assumption",
        role="assumption",
        gt=0.0,
        lt=1.0,
        doc="Mean AI skill of adjacent-sector workers (before any reskilling).",
    )
    initial_tenure_months: int = quantity(
        36,
        label="Longest starting tenure",
        unit="months",
        source="assumption",
        role="assumption",
        ge=1,
        le=240,
        doc="The starting workforce has been in its jobs a uniform 0 to this many months.",
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
        label="Market pay of a fresh graduate",
        unit="HK$/month",
        source="hkcs_ict_pay_2023",
        role="fixed",
        ge=1000.0,
        le=500000.0,
        doc="Market pay at skill 0: ICT fresh graduates (80% of firms pay > 18,000, 36% > 22,000).",
    )
    top_skill_hkd_month: float = quantity(
        60000.0,
        label="Market pay at the top skill",
        unit="HK$/month",
        source="assumption",
        role="assumption",
        ge=1000.0,
        le=2000000.0,
        doc="Market pay at skill 1; chosen so that TTPS arrivals' median pay of about "
        "HK$50,000 (ttps_outcomes_2024) sits near skill 0.85.",
    )

    wage_adjustment_per_month: float = quantity(
        0.5,
        label="Speed of the market pay level",
        unit="log points per point of vacancy rate per month",
        source="assumption",
        role="free",
        ge=0.0,
        le=5.0,
        doc="Speed of the market pay level: each month it moves by exp(speed x (vacancy rate - reference "
        "vacancy rate)) when the vacancy rate is above the reference, and by exp(speed x downward flexibility x "
        "(vacancy rate - reference)) below it; market pay, offers and reservation wages follow it, and "
        "incumbents' wages follow its running peak (no nominal pay cuts for stayers, and a recovery after a fall "
        "raises them only once the level passes its old peak).",
    )
    pay_downward_flexibility: float = quantity(
        1.0,
        label="Downward flexibility of market pay",
        unit="share of the upward speed",
        source="pissarides_2009_new_hire_wages",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="How fast the market pay level (the pay of new hires) falls in a slack market, as a share of how fast "
        "it rises in a tight one. New hires' pay moves with the market in both directions (Pissarides 2009); the "
        "stickiness is in stayers' pay, which is never cut (downward nominal wage rigidity: Dickens et al. 2007). "
        "Below 1, every boom would leave pay higher for good; varied in the sensitivity analysis.",
    )
    reference_vacancy_rate: float = quantity(
        0.03,
        label="Vacancy rate above which pay rises",
        unit="share",
        source="csd_vacancies_2023",
        role="assumption",
        ge=0.0,
        lt=1.0,
        doc="Vacancy rate above which the market pay level rises: about Hong Kong's economy-wide "
        "rate (80,650 private-sector vacancies in September 2023 over roughly 2.8 million "
        "private-sector jobs; the job count is an assumption).",
    )

    @model_validator(mode="after")
    def _pay_rises_with_skill(self) -> Wages:
        if self.top_skill_hkd_month < self.fresh_graduate_hkd_month:
            raise ValueError(
                f"top_skill_hkd_month ({self.top_skill_hkd_month:g}) must be at least fresh_graduate_hkd_month "
                f"({self.fresh_graduate_hkd_month:g}): pay does not fall with skill"
            )
        return self
