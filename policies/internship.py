"""Internships (STEM Internship Scheme-style) converting into hires.

Each July while accepting, up to ``interns_per_year`` (times the scale) of the month's new
local graduates had interned at a random firm for ``months`` months: their skill rose by
``skill_gain``, and a share ``conversion_rate`` is hired straight away by that firm if it
has an open vacancy (the vacancy is filled at its wage offer). Cost: interns x ``months`` x
``allowance_hkd_month``.
"""

from __future__ import annotations

import numpy as np

from abm.core.calendar import calendar_month
from abm.core.parameters import Group, quantity
from abm.core.state import VacancyState
from policies.base import Lever, Policy


class InternshipParams(Group):
    interns_per_year: float = quantity(
        300.0,
        label="Interns",
        unit="interns/year",
        source="stem_internship_2022",
        role="assumption",
        ge=0.0,
        le=50000.0,
        doc="AI-relevant interns a year: a tenth of the scheme's 3,000-plus STEM students (the "
        "AI share is an assumption; it must stay below the ~650 local AI graduates a year).",
    )
    allowance_hkd_month: float = quantity(
        11190.0,
        label="Allowance per intern",
        unit="HK$/month",
        source="stem_internship_2022",
        role="fixed",
        ge=0.0,
        le=200000.0,
        doc="Monthly allowance the government pays per intern.",
    )
    months: int = quantity(
        3,
        label="Internship length",
        unit="months",
        source="stem_internship_2022",
        role="fixed",
        ge=1,
        le=12,
        doc="Length of an internship (up to 3 months).",
    )
    conversion_rate: float = quantity(
        0.30,
        label="Share of interns hired",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of interns hired by their host firm on graduating, if it has an opening.",
    )
    skill_gain: float = quantity(
        0.05,
        label="Skill an intern gains",
        unit="skill",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Skill an intern gains.",
    )


class Internship(Policy):
    """Paid internships for AI-relevant students, some converting into hires."""

    name = "internship"
    title = "Internships"
    summary = "STEM Internship-style HK$11,190 a month for up to 3 months, with conversion to hires."
    Params = InternshipParams
    levers = (Lever("interns_per_year", "interns a year", 0.0, 650.0, 10.0),)
    flows = ("interns", "interns_converted")
    size_parameter = "interns_per_year"

    def after_inflows(self, model) -> None:
        if calendar_month(model.month) != model.settings.universities.graduation_month or not self.accepting(
            model.month
        ):
            return
        p = self.params
        rng = self.stream(model)
        graduates = np.concatenate(
            [np.arange(rows.start, rows.stop) for rows in model.entrant_rows.get("graduates_local", [])] or [[]]
        ).astype(np.int64)
        interns = rng.choice(graduates, min(round(p.interns_per_year * model.scale), len(graduates)), replace=False)
        granted = self.spend(model, len(interns), p.months * p.allowance_hkd_month)
        interns = np.sort(interns[: int(len(interns) * granted)])
        workers = model.workers
        workers.skill[interns] = np.minimum(1.0, workers.skill[interns] + p.skill_gain)
        active = np.flatnonzero(model.firms.active)
        host = active[rng.integers(0, len(active), len(interns))] if len(active) else np.full(len(interns), -1)
        converting = interns[rng.random(len(interns)) < p.conversion_rate]
        host = host[np.isin(interns, converting)]
        open_rows = np.flatnonzero(model.vacancies.state == VacancyState.OPEN)
        hires, vacancies = [], []
        taken: set[int] = set()
        firm_of_vacancy = model.vacancies.firm[open_rows]
        for worker, firm in zip(converting, host):  # a few hundred a year at scale 1
            candidates = open_rows[(firm_of_vacancy == firm)]
            free = [v for v in candidates if v not in taken]
            if free:
                taken.add(free[0])
                hires.append(worker)
                vacancies.append(free[0])
        model.hire(np.array(hires, dtype=np.int64), np.array(vacancies, dtype=np.int64))
        model.flows["interns"] += len(interns)
        model.flows["interns_converted"] += len(hires)
