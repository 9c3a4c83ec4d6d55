"""The separations phase: each worker's event of the month, and what it does to the state and flows.

:func:`apply_worker_events` draws every worker's event and visa outcome with the worker-flows
kernel (:mod:`abm.core.kernels.worker_flows`: visa renewals, then competing hazards), then applies
them: separations into unemployment, departures from Hong Kong (emigration, visa departures,
retirement), exits to jobs outside the AI market. Flows counted: ``separations``, ``emigrants``
(visa departures included) and ``emigrants_<origin>``, ``emigrants_not_in_labour_force``,
``visa_departures``, ``retirements``, ``exits_to_other_sectors``, and the visa outcomes
(``visa_expiries``, ``visa_extensions``, ``visa_first_extensions``, ``visa_refusals``,
``visa_not_applied``); the pay of employed workers whose first term was extended is kept for
the month's record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from abm.core.calendar import monthly_probability
from abm.core.kernels import worker_flows
from abm.core.state import Origin, Status, VisaOutcome, WorkerEvent

if TYPE_CHECKING:
    from abm.core.model import TalentModel

LEAVING_HONG_KONG = (WorkerEvent.EMIGRATION, WorkerEvent.VISA_DEPARTURE, WorkerEvent.RETIREMENT)
"""Events that remove a worker from the model (retirement leaves the labour force for good)."""


def apply_worker_events(model: TalentModel) -> None:
    """Draw and apply this month's worker events (see the module docstring)."""
    p, workers = model.settings, model.workers
    emigration = np.full(len(Origin), monthly_probability(p.flows.local_emigration_rate_per_year))
    emigration[Origin.IMPORTED] = monthly_probability(p.flows.imported_departure_rate_per_year)
    events, visas = worker_flows.draw_worker_events(
        workers.status, workers.origin, workers.visa_expiry_month, workers.visa_terms, workers.wage,
        model.stream("worker_flows").random(worker_flows.labour_force_size(workers.status)),
        model.stream("visa_renewal").random(int(np.count_nonzero(workers.visa_expiry_month == model.month))),
        month=model.month, extension_months=p.flows.visa_extension_months,
        apply_employed=p.flows.renewal_apply_share_employed, pay_elasticity=p.flows.renewal_pay_elasticity,
        reference_pay=p.flows.renewal_reference_pay_hkd_month * model.pay_level,
        apply_later_terms=p.flows.renewal_apply_share_later_terms,
        apply_not_in_ai=p.flows.renewal_apply_share_not_in_ai, approval=p.flows.renewal_approval_share,
        emigration_probability=np.clip(emigration * model.emigration_multiplier, 0.0, 1.0),
        retirement_probability=monthly_probability(p.flows.retirement_rate_per_year),
        separation_probability=(1 - p.flows.job_to_job_share) / (12 * p.flows.tenure_years),
        exit_probability=p.flows.exit_to_other_sectors_per_month,
    )  # fmt: skip
    changed = np.flatnonzero(events != WorkerEvent.NONE)  # a few percent of the rows: work on those
    _count_visa_outcomes(model, visas)
    happened = events[changed]
    model.separate(changed[happened == WorkerEvent.SEPARATION])
    _count_departures(model, changed, happened)
    model.depart(changed[np.isin(happened, LEAVING_HONG_KONG)])
    to_other_sectors = changed[happened == WorkerEvent.EXIT_TO_OTHER_SECTOR]
    model.flows["exits_to_other_sectors"] += len(to_other_sectors)
    workers.status[to_other_sectors] = Status.ADJACENT
    workers.months_in_status[to_other_sectors] = 0


def _count_departures(model: TalentModel, rows: np.ndarray, events: np.ndarray) -> None:
    """Count the departures among ``rows`` (the workers with an event) by kind and origin."""
    flows = model.flows
    status, origin = model.workers.status[rows], model.workers.origin[rows]
    leaving = np.isin(events, LEAVING_HONG_KONG)
    emigrating = (events == WorkerEvent.EMIGRATION) | (events == WorkerEvent.VISA_DEPARTURE)
    for code in Origin:
        flows[f"emigrants_{code.name.lower()}"] += int((emigrating & (origin == code)).sum())
    flows["emigrants"] += int(emigrating.sum())
    flows["visa_departures"] += int((events == WorkerEvent.VISA_DEPARTURE).sum())
    flows["retirements"] += int((events == WorkerEvent.RETIREMENT).sum())
    flows["separations"] += int((leaving & (status == Status.EMPLOYED)).sum())
    in_force = (status == Status.EMPLOYED) | (status == Status.UNEMPLOYED)
    flows["emigrants_not_in_labour_force"] += int((leaving & ~in_force).sum())


def _count_visa_outcomes(model: TalentModel, visas: np.ndarray) -> None:
    workers, flows = model.workers, model.flows
    expiring = np.flatnonzero(visas != VisaOutcome.NONE)
    outcome = visas[expiring]
    extended = outcome == VisaOutcome.EXTENDED
    first = expiring[extended & (workers.visa_terms[expiring] == 2)]
    flows["visa_expiries"] += len(expiring)
    flows["visa_extensions"] += int(extended.sum())
    flows["visa_first_extensions"] += len(first)
    flows["visa_refusals"] += int((outcome == VisaOutcome.REFUSED).sum())
    flows["visa_not_applied"] += int((outcome == VisaOutcome.NOT_APPLIED).sum())
    model.extender_wages = workers.wage[first[workers.status[first] == Status.EMPLOYED]]
