"""Worker flows out of jobs and out of Hong Kong's AI labour force, and visa renewals.

For every worker, in order:

1. Visa terms. An imported worker whose visa expires this month, wherever they are (employed in
   AI, unemployed, in training, or working in another sector), applies to extend with a
   probability that depends on their situation:

   - employed in AI at the end of the first term: ``logistic(logit(apply_employed) +
     pay_elasticity x log(wage / reference_pay))``;
   - employed in AI at the end of a later term: ``apply_later_terms``;
   - not employed in AI: ``apply_not_in_ai``.

   An application is approved with probability ``approval``. One uniform ``u_visa`` decides:
   below ``apply x approval`` the stay is extended by ``extension_months`` (a
   :attr:`VisaOutcome.EXTENDED`), below ``apply`` the application is refused, otherwise the worker
   did not apply; refused or not applying, the worker leaves (``WorkerEvent.VISA_DEPARTURE``).
2. Competing monthly hazards, for workers in the AI labour force (employed or unemployed), drawn
   with one uniform ``u``: emigration (by origin), retirement, then for the employed a separation
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
    for w in range(status.shape[0]):
        event_out[w] = WorkerEvent.NONE
        visa_out[w] = VisaOutcome.NONE
        current = status[w]
        if current == Status.DEPARTED:
            continue
        if visa_expiry_month[w] == month:
            if current != Status.EMPLOYED:
                apply = apply_not_in_ai
            elif visa_terms[w] > 1:
                apply = apply_later_terms
            else:
                logit = apply_logit_employed + pay_elasticity * math.log(wage[w] / reference_pay)
                apply = 1.0 / (1.0 + math.exp(-logit))
            if u_visa[w] < apply * approval:
                visa_out[w] = VisaOutcome.EXTENDED
                visa_expiry_month[w] = month + extension_months
                visa_terms[w] += 1
            else:
                visa_out[w] = VisaOutcome.REFUSED if u_visa[w] < apply else VisaOutcome.NOT_APPLIED
                event_out[w] = WorkerEvent.VISA_DEPARTURE
                continue
        if current != Status.EMPLOYED and current != Status.UNEMPLOYED:
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
        u, u_visa: one uniform per worker each, in [0, 1).
        apply_employed: probability of applying at the end of a first term, employed at ``reference_pay``.
        emigration_probability: monthly probability by origin code (length 4).
        *_probability, apply_*, approval: probabilities in [0, 1].

    Returns:
        (:class:`~abm.core.state.WorkerEvent` codes, :class:`~abm.core.state.VisaOutcome` codes), int8.
    """
    n = len(status)
    for name, array in (("u", u), ("u_visa", u_visa), ("wage", wage), ("visa_terms", visa_terms)):
        if len(array) != n:
            raise ValueError(f"{name} must have one entry per worker")
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
