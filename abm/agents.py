"""Mesa agents: graduates/workers and firms as views onto array rows; universities and
the government as ordinary agents with Python logic.

Views and Mesa's registry: Mesa 3.5 registers every ``Agent`` in hard-referenced sets,
so a view made on demand would never be freed. The model therefore keeps exactly one
view per row, made the first time it is asked for (:meth:`TalentModel.graduate`,
:meth:`TalentModel.firm`) and ``remove()``-d when its worker departs; no per-worker
Python runs in the step. Reading or writing a view's attribute reads or writes the
model's arrays.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from abm.state import Origin, SizeClass, Status

if TYPE_CHECKING:
    from abm.model import TalentModel


class _Column:
    """A view attribute bound to one column of a table of the model."""

    def __init__(self, table: str, kind: type = float) -> None:
        self.table = table
        self.kind = kind

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, view: Any, owner: type | None = None) -> Any:
        if view is None:
            return self
        return self.kind(getattr(getattr(view.model, self.table), self.name)[view.row])

    def __set__(self, view: Any, value: Any) -> None:
        getattr(getattr(view.model, self.table), self.name)[view.row] = value


class Graduate(mesa.Agent):
    """A worker (a new graduate or an experienced worker): a view onto one worker row.

    Attributes mirror :data:`abm.state.WORKER_COLUMNS`: ``status`` (:class:`Status`),
    ``origin`` (:class:`Origin`), ``specialisation`` (code into
    :data:`abm.parameters.SPECIALISATIONS`), ``skill`` (0-1), ``employer`` (firm row or
    -1), ``wage`` and ``reservation_wage`` (HK$/month), ``months_in_status``,
    ``entry_month`` and ``visa_expiry_month`` (month numbers).
    """

    status = _Column("workers", Status)
    origin = _Column("workers", Origin)
    specialisation = _Column("workers", int)
    skill = _Column("workers", float)
    employer = _Column("workers", int)
    wage = _Column("workers", float)
    reservation_wage = _Column("workers", float)
    months_in_status = _Column("workers", int)
    entry_month = _Column("workers", int)
    visa_expiry_month = _Column("workers", int)

    def __init__(self, model: TalentModel, row: int) -> None:
        super().__init__(model)
        self.row = row

    def __repr__(self) -> str:
        return f"Graduate(row={self.row}, status={self.status.name}, skill={self.skill:.2f})"


class Firm(mesa.Agent):
    """An AI firm: a view onto one firm row (:data:`abm.state.FIRM_COLUMNS`)."""

    size_class = _Column("firms", SizeClass)
    sector = _Column("firms", int)
    main_specialisation = _Column("firms", int)
    base_headcount = _Column("firms", float)
    target_headcount = _Column("firms", int)
    planned_headcount = _Column("firms", int)
    employed = _Column("firms", int)
    open_vacancies = _Column("firms", int)
    last_difficulty_month = _Column("firms", int)
    last_withdrawal_month = _Column("firms", int)

    def __init__(self, model: TalentModel, row: int) -> None:
        super().__init__(model)
        self.row = row

    def reports_difficulty(self) -> bool:
        """Whether the firm would answer yes to the survey's difficulty question now."""
        return bool(self.model.survey_answers["difficulty"][self.row])

    def __repr__(self) -> str:
        return f"Firm(row={self.row}, {self.size_class.name}, employed={self.employed})"


@dataclass(frozen=True)
class Programme:
    """A university programme's AI-relevant output.

    Attributes:
        name: programme key.
        length_years: years from intake (September) to graduation (July).
        graduates_per_year: graduates a year at scale 1 across all universities, all subjects.
        ai_share: share of them in AI-relevant subjects who enter the AI market.
        skill_mean: mean skill at graduation (Beta, concentration 8).
        research_share: share specialising in research (others follow the market mix).
    """

    name: str
    length_years: int
    graduates_per_year: float
    ai_share: float
    skill_mean: float
    research_share: float


INTAKE_MONTH = 9
GRADUATION_MONTH = 7


class University(mesa.Agent):
    """A public university: AI-relevant cohorts admitted each September, graduating in July.

    Cohort sizes are expected counts (floats, already multiplied by the model's scale);
    graduation turns them into whole graduates by stochastic rounding. Non-local
    graduates stay to work with probability ``nonlocal_stay_share``.
    """

    def __init__(self, model: TalentModel, programmes: list[Programme], share: float) -> None:
        super().__init__(model)
        self.programmes = {p.name: p for p in programmes}
        self.share = share  # this university's share of every programme's places
        self.cohorts: dict[tuple[str, int], list[float]] = {}  # (programme, intake year) -> [local, non-local]
        self.extra_places: dict[str, tuple[float, float]] = {}  # programme -> (local, non-local) for the next intake

    def admit(self, year: int, graduating_from: int | None = None) -> None:
        """Admit ``year``'s cohorts (called in September), plus any extra places added for it.

        Args:
            graduating_from: when set, skip programmes whose cohort would graduate before
                this year (used to fill the cohorts already studying at the start).
        """
        for programme in self.programmes.values():
            if graduating_from is not None and year + programme.length_years < graduating_from:
                continue
            places = programme.graduates_per_year * programme.ai_share * self.share * self.model.scale
            nonlocal_share = self.model.nonlocal_share(programme.name, year)
            extra_local, extra_nonlocal = self.extra_places.pop(programme.name, (0.0, 0.0))
            self.cohorts[(programme.name, year)] = [
                places * (1 - nonlocal_share) + extra_local,
                places * nonlocal_share + extra_nonlocal,
            ]

    def add_places(self, programme: str, local: float, nonlocal_: float) -> None:
        """Add expected extra places (at the model's scale) to the next intake of ``programme``."""
        if programme not in self.programmes:
            raise ValueError(f"unknown programme {programme!r}; allowed: {', '.join(self.programmes)}")
        old_local, old_nonlocal = self.extra_places.get(programme, (0.0, 0.0))
        self.extra_places[programme] = (old_local + local, old_nonlocal + nonlocal_)

    def graduating(self, year: int) -> list[tuple[Programme, float, float]]:
        """Remove and return the cohorts graduating in July of ``year``: (programme, local, non-local)."""
        out = []
        for programme in self.programmes.values():
            cohort = self.cohorts.pop((programme.name, year - programme.length_years), None)
            if cohort is not None:
                out.append((programme, cohort[0], cohort[1]))
        return out


class Government(mesa.Agent):
    """The government's spending ledger in HK$, by policy and calendar year.

    ``request`` is how a policy spends: it returns what the budget allows (all of it when
    the scenario sets no budget) and books it; what the cap refuses is booked as refused.
    The budget is given at scale 1 (Hong Kong) and multiplied by the model's scale, like
    every policy's uptake.
    """

    def __init__(self, model: TalentModel, budget_hkd_per_year: float | None) -> None:
        super().__init__(model)
        self.budget_hkd_per_year = budget_hkd_per_year
        self.spent_by_year: dict[tuple[str, int], float] = defaultdict(float)
        self.spent_this_month: dict[str, float] = defaultdict(float)
        self.refused_this_month: dict[str, float] = defaultdict(float)

    def start_month(self) -> None:
        self.spent_this_month.clear()
        self.refused_this_month.clear()

    def year_total(self, year: int) -> float:
        return sum(v for (_, y), v in self.spent_by_year.items() if y == year)

    def request(self, policy: str, amount_hkd: float) -> float:
        """Spend up to ``amount_hkd`` on ``policy`` this month; return what was granted."""
        if amount_hkd < 0 or not np.isfinite(amount_hkd):
            raise ValueError(f"policy {policy!r} asked for an invalid amount {amount_hkd!r}")
        year = self.model.month // 12
        granted = amount_hkd
        if self.budget_hkd_per_year is not None:
            budget = self.budget_hkd_per_year * self.model.scale
            granted = min(amount_hkd, max(0.0, budget - self.year_total(year)))
        self.spent_by_year[(policy, year)] += granted
        self.spent_this_month[policy] += granted
        self.refused_this_month[policy] += amount_hkd - granted
        return granted
