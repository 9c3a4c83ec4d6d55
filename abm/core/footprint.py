"""How much memory a run needs, estimated from its scenario and scale before anything is allocated.

The estimate is deliberately generous: the process's fixed cost (Python, NumPy, numba, pandas,
Mesa: :data:`PROCESS_BYTES`) plus, per worker row, the state table with its doubling headroom
and the month's temporary arrays (:data:`BYTES_PER_WORKER_ROW`), per vacancy row likewise. Rows
are the starting workforce and the adjacent pool, growing by :data:`ROW_GROWTH_PER_YEAR` of the
start each simulated year (entrants add rows; departed rows stay), and vacancies up to
:data:`VACANCY_SHARE_OF_JOBS` of the jobs at the drivers' peak demand.

Measured for orientation (``benchmarks/gba_scale.py``): a scale-1 run peaks near 270 MiB, a
scale-29 run (a million workers) near 930 MiB; this estimate gives about 330 MiB and 1.5 GiB.
"""

from __future__ import annotations

from abm.core.scenario import Scenario

PROCESS_BYTES = 300 * 2**20
BYTES_PER_WORKER_ROW = 400
BYTES_PER_VACANCY_ROW = 200
ROW_GROWTH_PER_YEAR = 0.1
VACANCY_SHARE_OF_JOBS = 0.5


def starting_jobs(scenario: Scenario, scale: float) -> float:
    """Technical jobs at the start, at ``scale`` (firms x mean headcount by size class)."""
    market = scenario.market
    staff_ratio = market.large_firm_share * market.large_to_sme_staff_ratio + (1 - market.large_firm_share)
    per_firm = staff_ratio * market.technical_staff_per_sme
    return max(1.0, market.firms_at_scale_1 * scale) * per_firm


def estimated_peak_bytes(scenario: Scenario, scale: float) -> int:
    """Estimated peak memory (bytes) of a run of ``scenario`` at ``scale``, to its horizon."""
    calendar, market = scenario.calendar, scenario.market
    years = (calendar.horizon - calendar.first_simulated + 1) / 12
    jobs = starting_jobs(scenario, scale)
    start_rows = jobs / (1 - market.initial_unemployment_rate) + market.adjacent_pool_at_scale_1 * scale
    worker_rows = start_rows * (1 + ROW_GROWTH_PER_YEAR * years)
    peak_demand = max(
        float(scenario.drivers.labour_demand_multiplier(month).max())
        for month in range(calendar.first_simulated, calendar.horizon + 1)
    )
    vacancy_rows = jobs * peak_demand * VACANCY_SHARE_OF_JOBS
    return int(PROCESS_BYTES + worker_rows * BYTES_PER_WORKER_ROW + vacancy_rows * BYTES_PER_VACANCY_ROW)
