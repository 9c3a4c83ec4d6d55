"""Mesa agents: graduates/workers and firms as views onto array rows; the government as an
ordinary agent with Python logic (universities: :mod:`abm.core.universities`).

Views and Mesa's registry: Mesa 3.5 registers every ``Agent`` in hard-referenced sets,
so a view made on demand would never be freed. The model therefore keeps exactly one
view per row, made the first time it is asked for (:meth:`TalentModel.graduate`,
:meth:`TalentModel.firm`) and ``remove()``-d when its worker departs; no per-worker
Python runs in the step. Reading or writing a view's attribute reads or writes the
model's arrays.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from abm.core.state import Origin, SizeClass, Status

if TYPE_CHECKING:
    from abm.core.model import TalentModel


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

    Attributes mirror :data:`abm.core.state.WORKER_COLUMNS`: ``status`` (:class:`Status`),
    ``origin`` (:class:`Origin`), ``specialisation`` (code into
    :data:`abm.core.parameters.SPECIALISATIONS`), ``skill`` (0-1), ``employer`` (firm row or
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
    """An AI firm: a view onto one firm row (:data:`abm.core.state.FIRM_COLUMNS`)."""

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
