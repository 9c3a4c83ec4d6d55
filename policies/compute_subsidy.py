"""Compute subsidy (AI Subsidy Scheme-style): cheaper compute raises firms' demand for talent.

A share ``short_of_compute_share`` of firms (44% report short compute) is drawn once, at the
first month the subsidy runs (entrants when they appear). While the subsidy runs, each of them
spends ``subsidy_hkd_per_firm_month`` of subsidised compute and wants ``demand_increase`` more
technical staff (a demand-side policy). Cost: subsidised firms x the monthly subsidy.
"""

from __future__ import annotations

import numpy as np

from abm.core.parameters import Group, quantity
from policies.base import Lever, Policy


class ComputeSubsidyParams(Group):
    short_of_compute_share: float = quantity(
        0.44,
        label="Share of firms short of compute",
        unit="share",
        source="hkpc_compute_shortage_2023",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Share of AI firms short of computing power (44%).",
    )
    subsidy_hkd_per_firm_month: float = quantity(
        190000.0,
        label="Subsidy per firm",
        unit="HK$/firm/month",
        source="ai_subsidy_scheme",
        role="assumption",
        ge=0.0,
        le=100000000.0,
        doc="Subsidy per firm a month: HK$3bn over 36 months spread over the 440 "
        "compute-short firms (the scheme's take-up by firm is not published).",
    )
    demand_increase: float = quantity(
        0.10,
        label="Extra demand of a subsidised firm",
        unit="share of base headcount",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=2.0,
        doc="Extra technical demand of a subsidised firm.",
    )


class ComputeSubsidy(Policy):
    """Subsidised compute for firms short of it, raising their demand for AI staff."""

    name = "compute_subsidy"
    title = "Compute subsidy"
    summary = "AI Subsidy Scheme-style compute support raising firms' demand for talent."
    Params = ComputeSubsidyParams
    levers = (Lever("short_of_compute_share", "share of firms subsidised", 0.0, 1.0, 0.05),)
    flows = ("compute_subsidised_firms",)
    size_parameter = "short_of_compute_share"

    def setup(self, model) -> None:
        self.short = np.zeros(0, dtype=bool)

    def _draw_new_firms(self, model) -> None:
        """Firms not drawn yet (all of them at the first active month; later, the entrants) are short of
        compute with the same probability."""
        new = len(model.firms) - len(self.short)
        if new > 0:
            drawn = self.stream(model).random(new) < self.params.short_of_compute_share
            self.short = np.concatenate([self.short, drawn])

    def before_firm_demand(self, model) -> None:
        if not self.accepting(model.month):
            return
        self._draw_new_firms(model)
        p = self.params
        self.short &= model.firms.active
        firms = int(self.short.sum())
        granted = self.spend(model, firms, p.subsidy_hkd_per_firm_month)
        model.firms.demand_boost[self.short] += granted * p.demand_increase * model.firms.base_headcount[self.short]
        model.flows["compute_subsidised_firms"] += firms
