"""Each firm's answers to the HKPC survey questions (definitions in :mod:`abm.core.metrics`).

- difficulty: a vacancy of the firm passed the difficulty threshold, or was withdrawn
  unfilled, in the trailing ``window`` months (the current month included);
- reduced hiring: the firm withdrew a vacancy (a plan cut or an unfilled withdrawal) in
  the trailing window;
- expansion: the firm's planned technical headcount ``horizon`` months ahead exceeds its
  current planned headcount (staff plus the vacancies it means to fill), so replacing
  leavers is not expansion.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _answer_survey(
    last_difficulty_month, last_withdrawal_month, planned_headcount, target_headcount, month, window,
    difficulty_out, reduced_hiring_out, expansion_out,
):  # fmt: skip
    for f in range(target_headcount.shape[0]):
        difficulty_out[f] = month - last_difficulty_month[f] < window
        reduced_hiring_out[f] = month - last_withdrawal_month[f] < window
        expansion_out[f] = planned_headcount[f] > target_headcount[f]


def answer_survey(
    last_difficulty_month: np.ndarray,
    last_withdrawal_month: np.ndarray,
    planned_headcount: np.ndarray,
    target_headcount: np.ndarray,
    *,
    month: int,
    window: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(difficulty, reduced hiring, expansion): one boolean per firm each."""
    if window < 1:
        raise ValueError("window must be at least one month")
    n = len(target_headcount)
    outputs = tuple(np.empty(n, dtype=np.bool_) for _ in range(3))
    _answer_survey(
        last_difficulty_month, last_withdrawal_month, planned_headcount, target_headcount,
        int(month), int(window), *outputs,
    )  # fmt: skip
    return outputs
