"""Who searches for an AI job this month, and the lowest pay each would accept.

- Unemployed workers search, except those who lost their job this month (they start next month:
  finding a job takes at least some search, which keeps a frictional floor under unemployment);
  entrants (graduates, arrivals, reskilled and career switchers) search from the month they enter.
  They accept pay from their reservation wage up.
- Employed workers search on the job in two ways: a share ``search.match_shock_rate_per_month``
  of them, drawn at random, have a match that has lost its appeal (a match-specific taste
  shock) and take any job paying at least their current wage (a lateral move); of the others, a
  share ``search.on_the_job_search_rate_per_month`` look for a step up the job ladder and need
  ``search.job_switch_wage_premium`` more pay. (Binomial counts, then the workers drawn without
  replacement: the same as a coin per worker, with far fewer random numbers.) Workers hired
  earlier this month (interns converted in July) do not search again until next month.

Seekers are listed in row order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from abm.core.state import Status, VacancyState

if TYPE_CHECKING:
    from abm.core.model import TalentModel

UNEMPLOYED, LATERAL, CLIMBING = 1, 2, 3
"""The kinds of seeker: unemployed, employed after a match shock, employed looking for a step up."""


def seekers_and_thresholds(model: TalentModel) -> tuple[np.ndarray, np.ndarray]:
    """The rows of this month's job seekers, in row order, and for each the lowest wage it accepts (HK$/month)."""
    search, workers = model.settings.search, model.workers
    rng = model.stream("on_the_job_search")
    in_work = workers.status == Status.EMPLOYED
    in_work[model.vacancies.worker[model.vacancies.state == VacancyState.FILLED]] = False  # hired this month
    employed = np.flatnonzero(in_work)
    shocks = int(rng.binomial(len(employed), search.match_shock_rate_per_month))
    climbs = int(rng.binomial(len(employed) - shocks, search.on_the_job_search_rate_per_month))
    picked = employed[rng.choice(len(employed), shocks + climbs, replace=False)]
    kind = np.zeros(len(workers), dtype=np.int8)  # 0: not searching, then the three kinds of seeker
    unemployed = (workers.status == Status.UNEMPLOYED) & (
        (workers.months_in_status >= 1) | (workers.entry_month == model.month)
    )
    kind[unemployed] = UNEMPLOYED
    kind[picked[:shocks]] = LATERAL
    kind[picked[shocks:]] = CLIMBING
    rows = np.flatnonzero(kind)
    seeker_kind = kind[rows]
    threshold = np.where(
        seeker_kind == CLIMBING,
        workers.wage[rows] * (1 + search.job_switch_wage_premium),
        np.where(seeker_kind == LATERAL, workers.wage[rows], workers.reservation_wage[rows]),
    )
    return rows, threshold
