"""On-the-job learning, wage growth and reservation wages, once a month.

- Everyone not departed spends one more month in their status.
- The employed learn: skill rises by ``skill_step`` (capped at 1) and pay rises with
  it along the market wage schedule, ``wage x exp(log_pay_gradient x skill gained)``,
  and with the market pay level, ``x pay_level_growth``.
- The unemployed lower their reservation wage by ``decay``, down to ``floor_ratio``
  times the market pay for their skill, ``fresh_pay x exp(log_pay_gradient x skill)``.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from abm.core.state import Status


@njit(cache=True, parallel=True)
def _learn(
    status, skill, wage, reservation_wage, months_in_status,
    skill_step, log_pay_gradient, fresh_pay, decay, floor_ratio, pay_level_growth,
):  # fmt: skip
    for w in prange(status.shape[0]):  # rows are independent: parallel threads, the same result
        current = status[w]
        if current == Status.DEPARTED:
            continue
        months_in_status[w] += 1
        if current == Status.EMPLOYED:
            learned = min(1.0, skill[w] + skill_step)
            wage[w] *= np.exp(log_pay_gradient * (learned - skill[w])) * pay_level_growth
            skill[w] = learned
        elif current == Status.UNEMPLOYED:
            floor = floor_ratio * fresh_pay * np.exp(log_pay_gradient * skill[w])
            reservation_wage[w] = max(floor, reservation_wage[w] * (1.0 - decay))


def learn(
    status: np.ndarray,
    skill: np.ndarray,
    wage: np.ndarray,
    reservation_wage: np.ndarray,
    months_in_status: np.ndarray,
    *,
    skill_step: float,
    log_pay_gradient: float,
    fresh_pay: float,
    decay: float,
    floor_ratio: float,
    pay_level_growth: float = 1.0,
) -> None:
    """Apply one month of learning and reservation-wage decay in place."""
    if not 0.0 <= decay <= 1.0:
        raise ValueError("decay must lie in [0, 1]")
    if fresh_pay <= 0:
        raise ValueError("fresh_pay must be positive")
    _learn(
        status, skill, wage, reservation_wage, months_in_status,
        float(skill_step), float(log_pay_gradient), float(fresh_pay), float(decay), float(floor_ratio),
        float(pay_level_growth),
    )  # fmt: skip
