"""What the model core exposes to policies: the phases of the monthly step and the levers.

Policies (:mod:`policies`) see the model only through this module. :data:`PHASES` names the
phases of :meth:`abm.core.model.TalentModel.step`, in order; a policy acts through hooks
``before_<phase>(market)`` and ``after_<phase>(market)``. :class:`Market` is the model as a
policy sees it: the state tables it may read and write, and the levers it may pull (add
entrants, hire, spend, draw random numbers). :class:`PolicyHooks` is what the model needs of a
policy. Both are structural types: :class:`~abm.core.model.TalentModel` is a ``Market``, and
:class:`policies.base.Policy` is a ``PolicyHooks``, without either importing the other.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from abm.core.agents import Government
    from abm.core.scenario import Scenario
    from abm.core.state import Table
    from abm.core.universities import University

PHASES = ("drivers", "firm_demand", "separations", "inflows", "matching", "learning", "metrics")
"""The phases of the monthly step, in order; policies hook ``before_<phase>``/``after_<phase>``."""


class Market(Protocol):
    """The model as a policy sees it.

    Attributes:
        settings: the run's scenario.
        month: the month being simulated (a month number, :mod:`abm.core.calendar`).
        scale: market scale (1.0 = Hong Kong); policies multiply their counts by it.
        workers, vacancies, firms: the state tables (:mod:`abm.core.state`).
        flows: this month's flow counts by output column (a policy adds its own).
        emigration_multiplier: this month's multiplier of emigration hazards, by origin code.
        entrant_rows: rows of this month's entrants, by flow.
        universities: the public universities (:class:`abm.core.universities.University`).
        government: the spending ledger (:class:`abm.core.agents.Government`).
    """

    settings: Scenario
    month: int
    scale: float
    workers: Table
    vacancies: Table
    firms: Table
    flows: defaultdict[str, float]
    emigration_multiplier: np.ndarray
    entrant_rows: defaultdict[str, list[slice]]
    universities: list[University]
    government: Government

    def stream(self, name: str) -> np.random.Generator:
        """This month's random stream of component ``name``."""

    def market_pay(self, skill: np.ndarray | float) -> np.ndarray:
        """Market pay (HK$/month) for ``skill``."""

    def add_entrants(self, rng: np.random.Generator, count: int, flow: str, **worker: Any) -> slice:
        """Add ``count`` new job seekers, counted under ``flow``."""

    def enter_labour_force(self, rows: np.ndarray, flow: str) -> None:
        """Existing workers (for example reskilled ones) become AI job seekers."""

    def hire(self, worker_rows: np.ndarray, vacancy_rows: np.ndarray, wage: np.ndarray | None = None) -> None:
        """Fill open vacancies with job seekers, outside the matching round."""


class PolicyHooks(Protocol):
    """What the model needs of a policy: its key, the flow columns it reports, whether it has
    started, a setup call, and the hooks ``before_<phase>``/``after_<phase>`` for every phase."""

    key: str
    flows: tuple[str, ...]

    def started(self, month: int) -> bool:
        """Whether the policy's hooks run in ``month``."""

    def setup(self, market: Market) -> None:
        """Called once when the model is built."""
