"""The Hong Kong AI Research and Development Institute: public money that adds research demand.

From its start, the institute spends ``budget_hkd`` evenly over ``spend_years``; a share
``salary_share`` pays researchers at the market pay for skill ``researcher_skill``, so
the institute adds ``salary budget / pay`` research jobs, spread over the research firms
in proportion to their size (a demand-side policy: it can widen the gap).
"""

from __future__ import annotations

import numpy as np

from abm.core.parameters import Group, quantity
from abm.core.state import Specialisation
from policies.base import Lever, Policy


class AIRnDInstituteParams(Group):
    budget_hkd: float = quantity(
        1e9,
        label="Budget",
        unit="HK$",
        source="hk_aird_institute_2025",
        role="fixed",
        ge=0.0,
        le=1000000000000.0,
        doc="Total funding (HK$1bn, Budget 2025-26).",
    )
    spend_years: float = quantity(
        5.0,
        label="Years of spending",
        unit="years",
        source="assumption",
        role="assumption",
        ge=0.5,
        le=50.0,
        doc="Years over which the funding is spent.",
    )
    salary_share: float = quantity(
        0.6,
        label="Share spent on researchers",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of spending that pays researchers.",
    )
    researcher_skill: float = quantity(
        0.6,
        label="Researchers' skill",
        unit="skill",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Skill level of the institute's researchers (sets their pay).",
    )


class AIRnDInstitute(Policy):
    """A publicly funded AI research institute hiring researchers."""

    name = "ai_rnd_institute"
    title = "AI R&D Institute"
    summary = "HK$1bn AI R&D Institute from 2026, adding research demand."
    Params = AIRnDInstituteParams
    levers = (Lever("budget_hkd", "budget (HK$)", 0.0, 10e9, 0.25e9),)
    flows = ("institute_positions",)
    size_parameter = "budget_hkd"

    def setup(self, model) -> None:
        self.months_paid = 0

    @staticmethod
    def weights(model) -> np.ndarray:
        """Each firm's share of the institute's positions: by base headcount among active research
        firms (all active firms if none is in research)."""
        firms = model.firms
        research = firms.active & (firms.main_specialisation == Specialisation.RESEARCH)
        weights = np.where(research, firms.base_headcount, 0.0)
        if weights.sum() == 0:
            weights = np.where(firms.active, firms.base_headcount, 0.0)
        total = weights.sum()
        return weights / total if total > 0 else weights

    def before_firm_demand(self, model) -> None:
        p = self.params
        months = round(p.spend_years * 12)
        if not self.accepting(model.month) or self.months_paid >= months:
            return
        monthly = p.budget_hkd / months * model.scale
        granted = self.spend(model, 1, monthly)
        self.months_paid += 1
        positions = granted * monthly * p.salary_share / float(model.market_pay(p.researcher_skill))
        model.firms.demand_boost[:] += positions * self.weights(model)
        model.flows["institute_positions"] += round(positions)
