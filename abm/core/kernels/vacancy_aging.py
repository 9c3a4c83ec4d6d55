"""Vacancy aging: plan cuts, wage offers rising with age, withdrawals and difficulty marks.

In order, for one month:

1. Plan cuts: a firm told to cut ``k`` vacancies withdraws its ``k`` newest open ones
   (rows are in posting order, so the newest are last).
2. For every vacancy still open, with ``age = month - posted_month`` (the monthly matching
   rounds it has been through unfilled): if ``age >= difficulty_threshold`` it has been open
   that many full months and is still unfilled, so it stays open longer than the threshold,
   and the firm is marked as having difficulty this month; if ``age >= withdrawal_age`` the vacancy is withdrawn
   unfilled; otherwise, if ``age >= 1``, its wage offer rises by ``wage_growth`` up to the
   firm's ceiling and its required skill falls by ``relaxation`` (not below 0): firms raise
   pay and relax requirements for roles they cannot fill.

A withdrawal of either kind marks the firm's ``last_withdrawal_month``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from abm.core.state import VacancyState


@njit(cache=True)
def _age_vacancies(
    firm, posted_month, wage_offer, wage_ceiling, required_skill, state, cut_left,
    month, wage_growth, relaxation, difficulty_threshold, withdrawal_age,
    last_difficulty_month, last_withdrawal_month,
):  # fmt: skip
    cut = 0
    aged_out = 0
    for v in range(firm.shape[0] - 1, -1, -1):
        f = firm[v]
        if state[v] == VacancyState.OPEN and cut_left[f] > 0:
            state[v] = VacancyState.WITHDRAWN
            cut_left[f] -= 1
            last_withdrawal_month[f] = month
            cut += 1
    for v in range(firm.shape[0]):
        if state[v] != VacancyState.OPEN:
            continue
        f = firm[v]
        age = month - posted_month[v]
        if age >= difficulty_threshold:
            last_difficulty_month[f] = month
        if age >= withdrawal_age:
            state[v] = VacancyState.WITHDRAWN
            last_withdrawal_month[f] = month
            aged_out += 1
        elif age >= 1:
            wage_offer[v] = min(wage_offer[v] * (1.0 + wage_growth), wage_ceiling[v])
            required_skill[v] = max(required_skill[v] - relaxation, 0.0)
    return cut, aged_out


def age_vacancies(
    firm: np.ndarray,
    posted_month: np.ndarray,
    wage_offer: np.ndarray,
    wage_ceiling: np.ndarray,
    required_skill: np.ndarray,
    state: np.ndarray,
    cut_per_firm: np.ndarray,
    last_difficulty_month: np.ndarray,
    last_withdrawal_month: np.ndarray,
    *,
    month: int,
    wage_growth: float,
    relaxation: float,
    difficulty_threshold: int,
    withdrawal_age: int,
) -> tuple[int, int]:
    """Apply one month of aging in place (see the module docstring).

    Returns:
        (vacancies withdrawn by plan cuts, vacancies withdrawn unfilled at ``withdrawal_age``).
    """
    if withdrawal_age <= difficulty_threshold:
        raise ValueError("withdrawal_age must exceed difficulty_threshold")
    n_firms = len(last_difficulty_month)
    if len(cut_per_firm) != n_firms or len(last_withdrawal_month) != n_firms:
        raise ValueError("per-firm arrays must have one entry per firm")
    if len(firm) and (firm.min() < 0 or firm.max() >= n_firms):
        raise ValueError("vacancy firm index out of range")
    cut, aged_out = _age_vacancies(
        firm, posted_month, wage_offer, wage_ceiling, required_skill, state, cut_per_firm.astype(np.int64),
        int(month), float(wage_growth), float(relaxation), int(difficulty_threshold), int(withdrawal_age),
        last_difficulty_month, last_withdrawal_month,
    )  # fmt: skip
    return int(cut), int(aged_out)
