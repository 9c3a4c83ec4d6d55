"""Who searches for an AI job this month, and the lowest pay each would accept.

- Unemployed workers search, except those who lost their job this month (they start next month:
  finding a job takes at least some search, which keeps a frictional floor under unemployment);
  entrants (graduates, arrivals, reskilled and career switchers) search from the month they enter.
  They accept pay from their reservation wage up.
- Employed workers search on the job in two ways (one uniform each decides):
  with probability ``search.match_shock_rate_per_month`` their match has lost its appeal (a
  match-specific taste shock) and they take any job paying at least their current wage (a
  lateral move); otherwise, with probability ``search.on_the_job_search_rate_per_month``, they
  look for a step up the job ladder and need ``search.job_switch_wage_premium`` more pay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from abm.core.state import Status

if TYPE_CHECKING:
    from abm.core.model import TalentModel


def seekers_and_thresholds(model: TalentModel) -> tuple[np.ndarray, np.ndarray]:
    """The rows of this month's job seekers and, for each, the lowest wage it accepts (HK$/month)."""
    search, workers = model.settings.search, model.workers
    employed = workers.status == Status.EMPLOYED
    u = model.stream("on_the_job_search").random(len(workers))
    shocked = employed & (u < search.match_shock_rate_per_month)
    climbing = employed & ~shocked & (u < search.match_shock_rate_per_month + search.on_the_job_search_rate_per_month)
    unemployed = (workers.status == Status.UNEMPLOYED) & (
        (workers.months_in_status >= 1) | (workers.entry_month == model.month)
    )
    rows = np.flatnonzero(unemployed | shocked | climbing)
    threshold = np.where(
        climbing[rows],
        workers.wage[rows] * (1 + search.job_switch_wage_premium),
        np.where(shocked[rows], workers.wage[rows], workers.reservation_wage[rows]),
    )
    return rows, threshold
