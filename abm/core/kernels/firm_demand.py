"""Firms' labour demand: demand shocks, target and planned headcount, vacancies to post or cut.

Each firm's technical labour demand is ``base_headcount x driver multiplier of its main
specialisation x exp(shock) + policy boost``, rounded to whole jobs, where the log shock
follows an AR(1): ``shock' = persistence x shock + shock_sd x normal``. The 12-month plan
uses the drivers' multiplier 12 months ahead and the shock's expected value then
(``persistence ** horizon x shock``). A firm below target posts the gap as vacancies;
a firm above it withdraws open vacancies (never fires).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _update_demand(
    main_specialisation, base_headcount, demand_shock, demand_boost, employed, open_vacancies,
    multiplier_now, multiplier_ahead, persistence, shock_sd, horizon_months, normal_draws,
    target_out, planned_out, post_out, cut_out,
):  # fmt: skip
    persistence_ahead = persistence**horizon_months
    for f in range(base_headcount.shape[0]):
        shock = persistence * demand_shock[f] + shock_sd * normal_draws[f]
        demand_shock[f] = shock
        spec = main_specialisation[f]
        target = base_headcount[f] * multiplier_now[spec] * np.exp(shock) + demand_boost[f]
        planned = base_headcount[f] * multiplier_ahead[spec] * np.exp(persistence_ahead * shock)
        target_out[f] = int(target + 0.5)
        planned_out[f] = int(planned + demand_boost[f] + 0.5)
        gap = target_out[f] - employed[f] - open_vacancies[f]
        post_out[f] = max(gap, 0)
        cut_out[f] = min(max(-gap, 0), open_vacancies[f])


def update_demand(
    main_specialisation: np.ndarray,
    base_headcount: np.ndarray,
    demand_shock: np.ndarray,
    demand_boost: np.ndarray,
    employed: np.ndarray,
    open_vacancies: np.ndarray,
    multiplier_now: np.ndarray,
    multiplier_ahead: np.ndarray,
    normal_draws: np.ndarray,
    *,
    persistence: float,
    shock_sd: float,
    horizon_months: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Advance every firm's demand shock (in place) and return its labour plan.

    Returns:
        target (jobs now), planned (jobs in ``horizon_months``), vacancies to post,
        open vacancies to withdraw; one int64 entry per firm each.
    """
    n = len(base_headcount)
    for name, array in (("demand_shock", demand_shock), ("normal_draws", normal_draws)):
        if len(array) != n:
            raise ValueError(f"{name} must have one entry per firm")
    if demand_shock.dtype != np.float64 or not demand_shock.flags.c_contiguous:
        raise ValueError("demand_shock must be a contiguous float64 array (updated in place)")
    outputs = [np.empty(n, dtype=np.int64) for _ in range(4)]
    _update_demand(
        main_specialisation.astype(np.int64), base_headcount, demand_shock,
        demand_boost.astype(np.float64), employed.astype(np.int64), open_vacancies.astype(np.int64),
        np.asarray(multiplier_now, dtype=np.float64), np.asarray(multiplier_ahead, dtype=np.float64),
        float(persistence), float(shock_sd), int(horizon_months), normal_draws, *outputs,
    )  # fmt: skip
    return tuple(outputs)
