"""Research talent subsidy (Research Talent Hub-style): wage support for new hires.

Each month while accepting, up to ``hires_per_year / 12`` (times the scale) open research
and engineering vacancies, drawn at random, carry a subsidy: the offer a seeker sees rises
by ``offer_raise_share`` of the monthly cap for the degree the vacancy needs (required
skill below 1/3: bachelor; below 2/3: master; else PhD). A vacancy filled this way is a
subsidised hire: the government pays min(wage, cap) a month for up to
``subsidy_months`` while the worker stays with that employer.
"""

from __future__ import annotations

import numpy as np

from abm.core.parameters import Group, quantity
from abm.core.state import Specialisation, Status, VacancyState
from policies.base import Lever, Policy, scaled_count


class ResearchTalentSubsidyParams(Group):
    hires_per_year: float = quantity(
        300.0,
        label="Subsidised hires",
        unit="hires/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=50000.0,
        doc="Subsidised AI hires a year (Research Talent Hub counts are not in the sourced figures).",
    )
    cap_bachelor_hkd_month: float = quantity(
        20000.0,
        label="Cap for a bachelor's hire",
        unit="HK$/month",
        source="research_talent_hub",
        role="fixed",
        ge=0.0,
        le=500000.0,
        doc="Monthly cap for a bachelor's-level hire.",
    )
    cap_master_hkd_month: float = quantity(
        23000.0,
        label="Cap for a master's hire",
        unit="HK$/month",
        source="research_talent_hub",
        role="fixed",
        ge=0.0,
        le=500000.0,
        doc="Monthly cap for a master's-level hire.",
    )
    cap_phd_hkd_month: float = quantity(
        35000.0,
        label="Cap for a PhD hire",
        unit="HK$/month",
        source="research_talent_hub",
        role="fixed",
        ge=0.0,
        le=500000.0,
        doc="Monthly cap for a PhD-level hire.",
    )
    subsidy_months: int = quantity(
        36,
        label="Longest subsidy",
        unit="months",
        source="research_talent_hub",
        role="fixed",
        ge=1,
        le=120,
        doc="Longest a hire is subsidised.",
    )
    offer_raise_share: float = quantity(
        0.25,
        label="Share passed on as higher offers",
        unit="share of the cap",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of the subsidy the firm passes on as a higher wage offer.",
    )


class ResearchTalentSubsidy(Policy):
    """Wage support for research and engineering hires, capped by degree."""

    name = "research_talent_subsidy"
    title = "Research talent subsidy"
    summary = "Research Talent Hub-style monthly wage support for hires, capped by degree."
    Params = ResearchTalentSubsidyParams
    levers = (Lever("hires_per_year", "subsidised hires a year", 0.0, 3_000.0, 50.0),)
    flows = ("subsidised_hires", "subsidised_workers")
    size_parameter = "hires_per_year"

    def setup(self, model) -> None:
        self.columns = {name: f"{self.key}_{name}" for name in ("months_left", "employer", "cap_hkd")}
        model.workers.add_column(self.columns["months_left"], np.int16, 0)
        model.workers.add_column(self.columns["employer"], np.int32, -1)
        model.workers.add_column(self.columns["cap_hkd"], np.float64, 0.0)
        self.offered = np.zeros(0, dtype=np.int64)
        self.caps = np.zeros(0)

    def _cap(self, required_skill: np.ndarray) -> np.ndarray:
        p = self.params
        return np.select(
            [required_skill < 1 / 3, required_skill < 2 / 3],
            [p.cap_bachelor_hkd_month, p.cap_master_hkd_month], p.cap_phd_hkd_month,
        )  # fmt: skip

    def before_matching(self, model) -> None:
        self.offered = np.zeros(0, dtype=np.int64)
        if not self.accepting(model.month):
            return
        vacancies = model.vacancies
        wanted = (Specialisation.RESEARCH, Specialisation.ENGINEERING)
        research_or_engineering = np.isin(vacancies.specialisation, wanted)
        eligible = np.flatnonzero((vacancies.state == VacancyState.OPEN) & research_or_engineering)
        rng = self.stream(model)
        slots = min(scaled_count(self.params.hires_per_year / 12 * model.scale, rng), len(eligible))
        self.offered = np.sort(rng.choice(eligible, slots, replace=False))
        self.caps = self._cap(vacancies.required_skill[self.offered])
        vacancies.wage_top_up[self.offered] += self.params.offer_raise_share * self.caps

    def after_matching(self, model) -> None:
        workers, vacancies = model.workers, model.vacancies
        months_left, employer, cap = (getattr(workers, self.columns[n]) for n in ("months_left", "employer", "cap_hkd"))
        filled = vacancies.state[self.offered] == VacancyState.FILLED
        hires = vacancies.worker[self.offered[filled]]
        months_left[hires] = self.params.subsidy_months
        employer[hires] = vacancies.firm[self.offered[filled]]
        cap[hires] = self.caps[filled]
        model.flows["subsidised_hires"] += len(hires)
        still_there = (workers.status == Status.EMPLOYED) & (workers.employer == employer)
        covered = np.flatnonzero((months_left > 0) & still_there)
        months_left[covered] -= 1
        months_left[~still_there] = 0
        if len(covered):
            monthly = np.minimum(workers.wage[covered], cap[covered]).sum()
            self.spend(model, len(covered), monthly / len(covered))
        model.flows["subsidised_workers"] += len(covered)
