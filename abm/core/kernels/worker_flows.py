"""Worker flows out of jobs and out of Hong Kong's AI labour force, and visa renewals.

For every worker, in order:

1. Visa terms. An imported worker whose visa expires this month, wherever they are (employed in
   AI, unemployed, in training, or working in another sector), applies to extend with a
   probability that depends on their situation:

   - employed in AI at the end of the first term: ``logistic(logit(apply_employed) +
     pay_elasticity x log(wage / reference_pay))``;
   - employed in AI at the end of a later term: ``apply_later_terms``;
   - not employed in AI: ``apply_not_in_ai``.

   An application is approved with probability ``approval``. One uniform decides (the k-th
   uniform of ``u_visa`` for the k-th expiring visa, in row order):
   below ``apply x approval`` the stay is extended by ``extension_months`` (a
   :attr:`VisaOutcome.EXTENDED`), below ``apply`` the application is refused, otherwise the worker
   did not apply; refused or not applying, the worker leaves (``WorkerEvent.VISA_DEPARTURE``).
2. Competing monthly hazards, for workers in the AI labour force (employed or unemployed), drawn
   with one uniform (the k-th uniform of ``u`` for the k-th worker in the labour force, in row
   order): emigration (by origin), retirement, then for the employed a separation
   into unemployment and for the unemployed an exit to a job outside the AI market. ``u`` below
   the cumulative probabilities picks the first event it falls under.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from abm.core.state import Status, VisaOutcome, WorkerEvent


@njit(cache=True)
def _draw_worker_events(
    status, origin, visa_expiry_month, visa_terms, wage, u, u_visa, month, extension_months,
    apply_logit_employed, pay_elasticity, reference_pay, apply_later_terms, apply_not_in_ai, approval,
    emigration_probability, retirement_probability, separation_probability, exit_probability,
    event_out, visa_out,
):  # fmt: skip
    k = 0  # the next uniform of u_visa
    j = 0  # the next uniform of u
    for w in range(status.shape[0]):
        event_out[w] = WorkerEvent.NONE
        visa_out[w] = VisaOutcome.NONE
        current = status[w]
        in_force = current == Status.EMPLOYED or current == Status.UNEMPLOYED
        x = 0.0
        if in_force:
            x = u[j]
            j += 1
        if visa_expiry_month[w] == month:
            draw = u_visa[k]
            k += 1
            if current == Status.DEPARTED:
                continue
            if current != Status.EMPLOYED:
                apply = apply_not_in_ai
            elif visa_terms[w] > 1:
                apply = apply_later_terms
            else:
                logit = apply_logit_employed + pay_elasticity * math.log(wage[w] / reference_pay)
                apply = 1.0 / (1.0 + math.exp(-logit))
            if draw < apply * approval:
                visa_out[w] = VisaOutcome.EXTENDED
                visa_expiry_month[w] = month + extension_months
                visa_terms[w] += 1
            else:
                visa_out[w] = VisaOutcome.REFUSED if draw < apply else VisaOutcome.NOT_APPLIED
                event_out[w] = WorkerEvent.VISA_DEPARTURE
                continue
        if not in_force:
            continue
        emigrate = emigration_probability[origin[w]]
        retire = emigrate + retirement_probability
        leave = retire + (separation_probability if current == Status.EMPLOYED else exit_probability)
        if x < emigrate:
            event_out[w] = WorkerEvent.EMIGRATION
        elif x < retire:
            event_out[w] = WorkerEvent.RETIREMENT
        elif x < leave:
            event_out[w] = WorkerEvent.SEPARATION if current == Status.EMPLOYED else WorkerEvent.EXIT_TO_OTHER_SECTOR


def draw_worker_events(
    status: np.ndarray,
    origin: np.ndarray,
    visa_expiry_month: np.ndarray,
    visa_terms: np.ndarray,
    wage: np.ndarray,
    u: np.ndarray,
    u_visa: np.ndarray,
    *,
    month: int,
    extension_months: int,
    apply_employed: float,
    pay_elasticity: float,
    reference_pay: float,
    apply_later_terms: float,
    apply_not_in_ai: float,
    approval: float,
    emigration_probability: np.ndarray,
    retirement_probability: float,
    separation_probability: float,
    exit_probability: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Each worker's event and visa outcome this month; extends visas in place (see the module docstring).

    Args:
        u: one uniform per worker in the labour force (employed or unemployed), in row order, in [0, 1).
        u_visa: one uniform per visa expiring this month (``visa_expiry_month == month``), in row order.
        apply_employed: probability of applying at the end of a first term, employed at ``reference_pay``.
        emigration_probability: monthly probability by origin code (length 4).
        *_probability, apply_*, approval: probabilities in [0, 1].

    Returns:
        (:class:`~abm.core.state.WorkerEvent` codes, :class:`~abm.core.state.VisaOutcome` codes), int8.
    """
    n = len(status)
    for name, array in (("wage", wage), ("visa_terms", visa_terms)):
        if len(array) != n:
            raise ValueError(f"{name} must have one entry per worker")
    if len(u) != labour_force_size(status):
        raise ValueError("u must have one uniform per worker in the labour force")
    if len(u_visa) != np.count_nonzero(visa_expiry_month == month):
        raise ValueError("u_visa must have one uniform per visa expiring this month")
    probabilities = np.asarray(emigration_probability, dtype=np.float64)
    if probabilities.shape != (4,) or not np.all((probabilities >= 0) & (probabilities <= 1)):
        raise ValueError("emigration_probability must hold 4 probabilities in [0, 1]")
    if not 0.0 < apply_employed < 1.0 or reference_pay <= 0:
        raise ValueError("apply_employed must lie in (0, 1) and reference_pay be positive")
    expiring_employed = (visa_expiry_month == month) & (status == Status.EMPLOYED)
    if (wage[expiring_employed] <= 0).any():
        raise ValueError("an employed worker whose visa expires needs a positive wage")
    event = np.empty(n, dtype=np.int8)
    visa = np.empty(n, dtype=np.int8)
    _draw_worker_events(
        status, origin, visa_expiry_month, visa_terms, wage, u, u_visa, int(month), int(extension_months),
        math.log(apply_employed / (1 - apply_employed)), float(pay_elasticity), float(reference_pay),
        float(apply_later_terms), float(apply_not_in_ai), float(approval), probabilities,
        float(retirement_probability), float(separation_probability), float(exit_probability), event, visa,
    )  # fmt: skip
    return event, visa


def labour_force_size(status: np.ndarray) -> int:
    """Workers in the AI labour force: employed or unemployed."""
    return int(np.count_nonzero(status == Status.EMPLOYED) + np.count_nonzero(status == Status.UNEMPLOYED))
