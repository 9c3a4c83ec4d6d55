"""Worker flows out of jobs and out of Hong Kong's AI labour force.

For every worker in the labour force (employed or unemployed), in order:

1. Visa terms: imported talent whose visa expires this month renews it for another
   ``visa_term`` months if employed, and otherwise leaves (``WorkerEvent.VISA_DEPARTURE``).
2. Competing monthly hazards drawn with one uniform ``u``: emigration (by origin),
   retirement, then for the employed a separation into unemployment and for the
   unemployed an exit to a job outside the AI market. ``u`` below the cumulative
   probabilities picks the first event it falls under.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from abm.core.state import Status, WorkerEvent


@njit(cache=True)
def _draw_worker_events(
    status, origin, visa_expiry_month, u, month, visa_term,
    emigration_probability, retirement_probability, separation_probability, exit_probability,
    event_out,
):  # fmt: skip
    for w in range(status.shape[0]):
        event_out[w] = WorkerEvent.NONE
        current = status[w]
        if current != Status.EMPLOYED and current != Status.UNEMPLOYED:
            continue
        if visa_expiry_month[w] == month:
            if current == Status.EMPLOYED:
                visa_expiry_month[w] = month + visa_term
            else:
                event_out[w] = WorkerEvent.VISA_DEPARTURE
                continue
        emigrate = emigration_probability[origin[w]]
        retire = emigrate + retirement_probability
        leave = retire + (separation_probability if current == Status.EMPLOYED else exit_probability)
        if u[w] < emigrate:
            event_out[w] = WorkerEvent.EMIGRATION
        elif u[w] < retire:
            event_out[w] = WorkerEvent.RETIREMENT
        elif u[w] < leave:
            event_out[w] = WorkerEvent.SEPARATION if current == Status.EMPLOYED else WorkerEvent.EXIT_TO_OTHER_SECTOR


def draw_worker_events(
    status: np.ndarray,
    origin: np.ndarray,
    visa_expiry_month: np.ndarray,
    u: np.ndarray,
    *,
    month: int,
    visa_term: int,
    emigration_probability: np.ndarray,
    retirement_probability: float,
    separation_probability: float,
    exit_probability: float,
) -> np.ndarray:
    """Each worker's event this month (:class:`abm.core.state.WorkerEvent` codes); renews visas in place.

    Args:
        emigration_probability: monthly probability by origin code (length 4).
        *_probability: monthly probabilities in [0, 1].
    """
    if len(u) != len(status):
        raise ValueError("u must have one uniform per worker")
    probabilities = np.asarray(emigration_probability, dtype=np.float64)
    if probabilities.shape != (4,) or not np.all((probabilities >= 0) & (probabilities <= 1)):
        raise ValueError("emigration_probability must hold 4 probabilities in [0, 1]")
    event = np.empty(len(status), dtype=np.int8)
    _draw_worker_events(
        status, origin, visa_expiry_month, u, int(month), int(visa_term), probabilities,
        float(retirement_probability), float(separation_probability), float(exit_probability), event,
    )  # fmt: skip
    return event


def monthly_probability(rate_per_year: float) -> float:
    """Monthly probability of an event whose yearly probability is ``rate_per_year``."""
    return 1.0 - (1.0 - rate_per_year) ** (1.0 / 12.0)
