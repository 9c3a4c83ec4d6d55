"""Firms' labour demand and wage offers."""

from __future__ import annotations

from pydantic import model_validator

from abm.core.parameters.base import Group, quantity

MAX_STATIONARY_SHOCK_SD = 1.0
"""Largest long-run standard deviation of a firm's log demand shock the schema accepts: at 1.0 a
firm four deviations up wants e^4 (55) times its base headcount."""


class Demand(Group):
    """Firms' labour demand and wage offers."""

    demand_shock_sd_per_month: float = quantity(
        0.03,
        label="Size of firms' demand shocks",
        unit="log points/month",
        source="assumption",
        role="free",
        ge=0.0,
        le=0.5,
        doc="Standard deviation of a firm's monthly idiosyncratic demand shock (AR(1) in logs).",
    )
    demand_shock_persistence_per_month: float = quantity(
        0.95,
        label="Persistence of firms' demand shocks",
        unit="AR(1) coefficient",
        source="assumption",
        role="free",
        ge=0.0,
        le=0.99,
        doc="Monthly persistence of a firm's log demand shock.",
    )
    vacancy_wage_growth_per_month: float = quantity(
        0.02,
        label="Rise of an open vacancy's offer",
        unit="1/month",
        source="assumption",
        role="free",
        ge=0.0,
        le=0.5,
        doc="Rise of an open vacancy's wage offer for each month it stays open (wage adjustment).",
    )
    firm_pay_premium_sd: float = quantity(
        0.15,
        label="Spread of firms' pay premia",
        unit="log points",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Standard deviation of firms' pay premia (log pay above market pay, fixed per firm); "
        "firm effects are a large part of wage dispersion in matched employer-employee data.",
    )
    requirement_relaxation_per_month: float = quantity(
        0.02,
        label="Relaxation of an open vacancy's requirement",
        unit="skill/month",
        source="assumption",
        role="free",
        ge=0.0,
        le=0.2,
        doc="Fall of an open vacancy's required skill for each month it stays open (firms relax "
        "requirements for roles they cannot fill).",
    )
    pay_ceiling_premium_large: float = quantity(
        0.30,
        label="Most a large firm pays above market",
        unit="share over market pay",
        source="assumption",
        role="free",
        ge=0.0,
        le=2.0,
        doc="Most a large firm will pay above market pay for the required skill.",
    )
    pay_ceiling_premium_sme: float = quantity(
        0.15,
        label="Most an SME pays above market",
        unit="share over market pay",
        source="assumption",
        role="free",
        ge=0.0,
        le=2.0,
        doc="Most an SME will pay above market pay for the required skill.",
    )
    required_skill_mean_large: float = quantity(
        0.50,
        label="Mean skill large firms require",
        unit="skill",
        source="assumption",
        role="free",
        gt=0.0,
        lt=1.0,
        doc="Mean required skill of a large firm's vacancies (Beta distribution).",
    )
    required_skill_mean_sme: float = quantity(
        0.40,
        label="Mean skill SMEs require",
        unit="skill",
        source="assumption",
        role="free",
        gt=0.0,
        lt=1.0,
        doc="Mean required skill of an SME's vacancies (Beta distribution).",
    )

    required_skill_concentration: float = quantity(
        3.0,
        label="Concentration of required skill",
        unit="alpha + beta",
        source="assumption",
        role="assumption",
        gt=0.5,
        le=50.0,
        doc="Concentration of the Beta distribution of required skill: low values mix entry-level "
        "and senior vacancies at every firm.",
    )
    requirement_follows_workforce: float = quantity(
        0.0,
        label="Share of the workforce's skill growth that vacancies ask for",
        unit="share",
        source="assumption",
        role="free",
        ge=0.0,
        le=1.0,
        doc="Firms ask for skill relative to the workforce they hire from: as the employed workforce's mean "
        "skill moves from its level at the run's start, the skill new vacancies ask for (and the pay they "
        "offer for it) moves by this share of the change; senior roles open as the workforce matures. 0: firms "
        "ask for the same skill mix throughout.",
    )
    labour_demand_pay_elasticity: float = quantity(
        0.5,
        label="Pay elasticity of labour demand",
        unit="elasticity",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=5.0,
        doc="Firms' technical labour demand falls with the market pay level to this power "
        "(a mid value of the labour-demand elasticities in the literature).",
    )

    @model_validator(mode="after")
    def _shocks_stay_in_range(self) -> Demand:
        rho, sd = self.demand_shock_persistence_per_month, self.demand_shock_sd_per_month
        stationary = sd / (1 - rho**2) ** 0.5
        if stationary > MAX_STATIONARY_SHOCK_SD:
            raise ValueError(
                f"demand_shock_sd_per_month / sqrt(1 - demand_shock_persistence_per_month^2) = {stationary:.2f}: "
                f"the long-run spread of firms' log demand must be at most {MAX_STATIONARY_SHOCK_SD:g} "
                "(lower the standard deviation or the persistence)"
            )
        return self
