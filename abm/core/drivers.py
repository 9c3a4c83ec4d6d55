"""Exogenous drivers of labour demand: the scenario's view of the world outside the market.

A driver is not a policy: nobody pays for it. Each maps a month to a multiplier of
firms' technical labour demand by AI specialisation (research, engineering, data,
infrastructure); the model multiplies the active drivers' multipliers together in
phase 1 of the monthly step. The entry-level driver instead shifts the skill that new
vacancies require (:meth:`Drivers.required_skill_shift`).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from abm.core.calendar import parse_month
from abm.core.parameters import SPECIALISATIONS, Group, quantity
from abm.core.state import Specialisation

N_SPECIALISATIONS = len(SPECIALISATIONS)
RESEARCH, ENGINEERING, DATA, INFRASTRUCTURE = Specialisation


class _Window(Group):
    """A driver that is on from ``start`` (``YYYY-MM``) to an optional ``end``."""

    enabled: bool = False
    start: str = "2026-01"
    end: str | None = None

    @model_validator(mode="after")
    def _months_parse(self) -> _Window:
        start = parse_month(self.start)
        if self.end is not None and parse_month(self.end) < start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def share_on(self, month: int, ramp_months: int) -> float:
        """0 before start, rising linearly to 1 over ``ramp_months``, 0 after ``end``."""
        start = parse_month(self.start)
        if not self.enabled or month < start:
            return 0.0
        if self.end is not None and month > parse_month(self.end):
            return 0.0
        return min(1.0, (month - start + 1) / max(ramp_months, 1))


ADOPTION_PATH_NAMES = {"steady": "Steady growth", "vendor_2030": "Vendor forecast to 2030"}
""":attr:`AIAdoption.path`'s values in words (the app's choices)."""


class AIAdoption(Group):
    """Growth of AI labour demand from adoption across the economy (always on)."""

    path: Literal["steady", "vendor_2030"] = quantity(
        "steady",
        label="AI adoption path",
        unit="-",
        source="assumption",
        role="assumption",
        doc="'steady': constant growth_per_year. 'vendor_2030': growth_per_year plus "
        "vendor_2030_extra_growth_per_year until 2030, a path in the spirit of the vendor "
        "projection of HK$287.4bn of AI benefits by 2030 (access_partnership_2030; a vendor "
        "figure, so a scenario input only).",
    )
    growth_per_year: float = quantity(
        0.08,
        label="Growth of AI labour demand",
        unit="1/year",
        source="assumption",
        role="free",
        ge=-0.3,
        le=0.5,
        doc="Annual growth of technical labour demand from AI adoption (indexed 1 at 2023-01).",
    )
    vendor_2030_extra_growth_per_year: float = quantity(
        0.10,
        label="Extra growth to 2030 on the vendor path",
        unit="1/year",
        source="access_partnership_2030",
        role="assumption",
        ge=0.0,
        le=0.5,
        doc="Extra growth until 2030-12 on the vendor_2030 path.",
    )

    def multiplier(self, month: int) -> np.ndarray:
        years = (month - parse_month("2023-01")) / 12.0
        level = (1.0 + self.growth_per_year) ** years
        if self.path == "vendor_2030":
            extra_years = min(years, (parse_month("2030-12") - parse_month("2023-01")) / 12.0)
            level *= (1.0 + self.vendor_2030_extra_growth_per_year) ** extra_years
        return np.full(N_SPECIALISATIONS, level)


class DataCentreBuildout(_Window):
    """Data-centre construction raises infrastructure (MLOps) demand."""

    infrastructure_demand_increase: float = quantity(
        0.30,
        label="Rise of infrastructure demand",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=5.0,
        doc="Rise of infrastructure demand once the build-out is complete. The article's "
        "6.04% regional growth figure has no source; published estimates run 8-13% a year.",
    )
    ramp_months: int = quantity(
        36,
        label="Months to full effect",
        unit="months",
        source="assumption",
        role="assumption",
        ge=1,
        le=240,
        doc="Months over which the build-out reaches its full effect.",
    )

    def multiplier(self, month: int) -> np.ndarray:
        out = np.ones(N_SPECIALISATIONS)
        out[INFRASTRUCTURE] += self.infrastructure_demand_increase * self.share_on(month, self.ramp_months)
        return out


class ChipSupplyShock(_Window):
    """A shortage of accelerators: compute-bound firms hire less while it lasts."""

    demand_fall: float = quantity(
        0.15,
        label="Fall in demand",
        unit="share",
        source="hkpc_compute_shortage_2023",
        role="assumption",
        ge=0.0,
        lt=1.0,
        doc="Fall in research, data and infrastructure demand (44% of firms already report "
        "short compute; the size of the fall is an assumption).",
    )

    def multiplier(self, month: int) -> np.ndarray:
        out = np.ones(N_SPECIALISATIONS)
        on = self.share_on(month, 1)
        out[[RESEARCH, DATA, INFRASTRUCTURE]] -= self.demand_fall * on
        return out


class EnergyConstraint(_Window):
    """Power limits cap data-centre growth, holding back infrastructure and research demand."""

    demand_fall: float = quantity(
        0.10,
        label="Fall in demand",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        lt=1.0,
        doc="Fall in infrastructure and research demand at full effect.",
    )
    ramp_months: int = quantity(
        24,
        label="Months to full effect",
        unit="months",
        source="assumption",
        role="assumption",
        ge=1,
        le=240,
        doc="Months over which the constraint comes to bind fully.",
    )

    def multiplier(self, month: int) -> np.ndarray:
        out = np.ones(N_SPECIALISATIONS)
        out[[RESEARCH, INFRASTRUCTURE]] -= self.demand_fall * self.share_on(month, self.ramp_months)
        return out


class MacroShock(_Window):
    """An economy-wide demand shock (negative for a recession)."""

    demand_change: float = quantity(
        -0.10,
        label="Change in demand",
        unit="share",
        source="assumption",
        role="assumption",
        gt=-1.0,
        le=5.0,
        doc="Change of all technical labour demand while the shock lasts.",
    )
    ramp_months: int = quantity(
        3,
        label="Months to full effect",
        unit="months",
        source="assumption",
        role="assumption",
        ge=1,
        le=240,
        doc="Months over which the shock builds up.",
    )

    def multiplier(self, month: int) -> np.ndarray:
        return np.full(N_SPECIALISATIONS, 1.0 + self.demand_change * self.share_on(month, self.ramp_months))


class EntryLevelShift(_Window):
    """AI adoption moves demand from junior to senior skill: new vacancies require more skill.

    ManpowerGroup's Q1 2026 outlook reports that AI adoption has reduced demand for some entry-level
    roles in Hong Kong (manpower_outlook_2026q1); its size here is an assumption, varied in the
    sensitivity analysis.
    """

    required_skill_increase: float = quantity(
        0.10,
        label="Rise of required skill",
        unit="skill",
        source="manpower_outlook_2026q1",
        role="assumption",
        ge=0.0,
        le=0.5,
        doc="Rise of the mean skill new vacancies require at full effect (skill runs from 0, a fresh graduate, to 1).",
    )
    ramp_months: int = quantity(
        36,
        label="Months to full effect",
        unit="months",
        source="assumption",
        role="assumption",
        ge=1,
        le=240,
        doc="Months over which the shift reaches its full effect.",
    )

    def multiplier(self, month: int) -> np.ndarray:
        return np.ones(N_SPECIALISATIONS)

    def skill_shift(self, month: int) -> float:
        return self.required_skill_increase * self.share_on(month, self.ramp_months)


class Drivers(Group):
    """The scenario's exogenous drivers (tables ``[drivers.<name>]``)."""

    ai_adoption: AIAdoption = Field(default_factory=AIAdoption)
    data_centre_buildout: DataCentreBuildout = Field(default_factory=DataCentreBuildout)
    chip_supply_shock: ChipSupplyShock = Field(default_factory=ChipSupplyShock)
    energy_constraint: EnergyConstraint = Field(default_factory=EnergyConstraint)
    macro_shock: MacroShock = Field(default_factory=MacroShock)
    entry_level_shift: EntryLevelShift = Field(default_factory=EntryLevelShift)

    def labour_demand_multiplier(self, month: int) -> np.ndarray:
        """Product of every driver's multiplier for ``month``, one per specialisation."""
        out = np.ones(N_SPECIALISATIONS)
        for name in type(self).model_fields:
            out *= getattr(self, name).multiplier(month)
        return out

    def required_skill_shift(self, month: int) -> float:
        """How much more skill new vacancies require in ``month`` (the entry-level driver; 0 when off)."""
        return self.entry_level_shift.skill_shift(month)
