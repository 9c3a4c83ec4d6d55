"""Retention incentive: a yearly payment that lowers the emigration of a target group.

While accepting, a share ``coverage_share`` of the employed workers of the target group is
covered: the government pays ``payment_hkd_per_year`` / 12 a month for each, and the
group's monthly emigration probability falls by ``emigration_reduction`` times the covered
share (scaled down if the budget grants less).
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from abm.core.parameters import Group, quantity
from abm.core.state import Origin, Status
from policies.base import Lever, Policy

TARGETS = {
    "imported": (Origin.IMPORTED,),
    "nonlocal_graduates": (Origin.NONLOCAL_GRADUATE,),
    "all": tuple(Origin),
}


class RetentionIncentiveParams(Group):
    target: Literal["imported", "nonlocal_graduates", "all"] = quantity(
        "imported",
        label="Workers covered",
        unit="-",
        source="assumption",
        role="assumption",
        doc="Workers covered: imported talent, non-local graduates or everyone employed.",
    )
    emigration_reduction: float = quantity(
        0.30,
        label="Fall in departures",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Fall in the covered group's emigration hazard (no evaluation of such a scheme in Hong Kong was found).",
    )
    coverage_share: float = quantity(
        1.0,
        label="Share of the group covered",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of the target group's employed workers the scheme covers.",
    )
    payment_hkd_per_year: float = quantity(
        20000.0,
        label="Payment per worker",
        unit="HK$/worker/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=10000000.0,
        doc="Payment per covered worker a year.",
    )


class RetentionIncentive(Policy):
    """Payments that keep a target group of AI workers in Hong Kong."""

    name = "retention_incentive"
    title = "Retention incentive"
    summary = "Lowers emigration of a target group (imported, non-local graduates, all) at a cost per worker."
    Params = RetentionIncentiveParams
    levers = (Lever("coverage_share", "share of the target group covered", 0.0, 1.0, 0.05),)
    flows = ("retention_covered",)
    size_parameter = "coverage_share"

    def before_separations(self, model) -> None:
        if not self.accepting(model.month):
            return
        p = self.params
        origins = TARGETS[p.target]
        workers = model.workers
        eligible = int(((workers.status == Status.EMPLOYED) & np.isin(workers.origin, origins)).sum())
        covered = round(eligible * p.coverage_share)
        granted = self.spend(model, covered, p.payment_hkd_per_year / 12)
        covered_share = covered / eligible if eligible else 0.0
        model.emigration_multiplier[list(origins)] *= 1.0 - p.emigration_reduction * covered_share * granted
        model.flows["retention_covered"] += covered
