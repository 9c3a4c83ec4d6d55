"""A policy from outside the project, found through the ``talentgap.policies`` entry point.

The contract test installs this module with a ``.dist-info`` folder declaring::

    [talentgap.policies]
    hiring_bonus = talentgap_hiring_bonus:HiringBonus
"""

from __future__ import annotations

import numpy as np

from abm.core.parameters import Group, quantity
from abm.core.state import SizeClass, VacancyState
from policies.base import Lever, Policy


class HiringBonusParams(Group):
    bonus_hkd_month: float = quantity(
        3000.0, unit="HK$/month", source="assumption", role="assumption", ge=0.0,
        doc="Top-up on SME vacancies' wage offers, paid per hire.",
    )  # fmt: skip


class HiringBonus(Policy):
    """SMEs' wage offers are topped up; the government pays the top-up of each hire for a year."""

    name = "hiring_bonus"
    title = "Hiring bonus"
    summary = "Test plugin: a wage top-up on SME vacancies."
    Params = HiringBonusParams
    levers = (Lever("bonus_hkd_month", "bonus (HK$ a month)", 0.0, 10_000.0, 500.0),)
    flows = ("bonus_hires",)
    size_parameter = "bonus_hkd_month"

    def before_matching(self, model) -> None:
        if not self.accepting(model.month) or self.params.bonus_hkd_month == 0:
            self.topped = np.zeros(0, dtype=np.int64)
            return
        sme = model.firms.size_class[model.vacancies.firm] == SizeClass.SME
        self.topped = np.flatnonzero(sme & (model.vacancies.state == VacancyState.OPEN))
        model.vacancies.wage_top_up[self.topped] += self.params.bonus_hkd_month

    def after_matching(self, model) -> None:
        hires = int((model.vacancies.state[self.topped] == VacancyState.FILLED).sum())
        self.spend(model, hires, 12 * self.params.bonus_hkd_month)
        model.flows["bonus_hires"] += hires
