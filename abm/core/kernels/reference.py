"""Plain-Python reference implementations of every kernel: slow, readable oracles.

Each function takes the same inputs as the kernel's adapter and returns what the adapter
returns (mutating the same arrays in place where the kernel does). They are written
independently of the kernels (after stumpy's ``tests/naive.py``): nothing here is imported
from a kernel module, loops are plain Python over lists and dicts, and state codes are the
named ones of :mod:`abm.core.state`. The tests assert kernel output == reference output on
seeded and hypothesis-generated inputs; the benchmark times :func:`match` against the kernel.
"""

from __future__ import annotations

import math

import numpy as np

from abm.core.state import Origin, Status, VacancyState, VisaOutcome, WorkerEvent


def match(
    seeker_specialisation, seeker_skill, seeker_reservation, seeker_employer,
    vacancy_specialisation, vacancy_required_skill, vacancy_wage, vacancy_firm, vacancy_first_round,
    u, vacancy_weight, screen=None, *, n_specialisations, own_share, skill_slack, cross_penalty, max_applications,
    n_rounds, pass_rate=1.0,
):  # fmt: skip
    """Reference for :func:`abm.core.kernels.matching.match`, on the uniforms drawn as arrays: ``u``
    (n_seekers x views) and ``screen`` (n_seekers x max_applications, or None: no screening), what
    ``draws.random`` gives for each in turn where the kernel takes the generator ``draws``."""
    n_seekers, n_vacancies = len(seeker_skill), len(vacancy_wage)
    seeker_vacancy, seeker_round = [-1] * n_seekers, [-1] * n_seekers
    vacancy_seeker = [-1] * n_vacancies
    received = [0] * n_vacancies
    if n_vacancies == 0 or n_seekers == 0:
        return tuple(np.array(x, dtype=np.int64) for x in (seeker_vacancy, seeker_round, vacancy_seeker, received))
    pools = [[v for v in range(n_vacancies) if vacancy_specialisation[v] == spec] for spec in range(n_specialisations)]
    pooled = [v for pool in pools for v in pool]  # pool order: by specialisation, by position within
    rank = {v: i for i, v in enumerate(pooled)}
    tables, lo = [], 0
    for pool in pools:  # an alias table over each pool, in pool order, and one over all
        tables.append(_alias_over([float(vacancy_weight[v]) for v in pool], lo))
        lo += len(pool)
    everyone = _alias_over([float(vacancy_weight[v]) for v in pooled], 0)
    starts = [sum(len(pool) for pool in pools[:spec]) for spec in range(n_specialisations + 1)]

    applicants = {v: [] for v in range(n_vacancies)}  # vacancy -> [(fit, seeker)] it would hire
    for s in range(n_seekers):
        spec = int(seeker_specialisation[s])
        sent = 0
        for x in u[s]:
            if sent == max_applications:
                break
            if x < own_share:
                table, lo, hi, y = (tables[spec], starts[spec], starts[spec + 1], x / own_share)
                if hi == lo:
                    table, lo, hi = everyone, 0, n_vacancies
            else:
                table, lo, hi, y = everyone, 0, n_vacancies, (x - own_share) / (1.0 - own_share)
            v = pooled[_alias_pick(table, lo, hi, y)]
            if vacancy_wage[v] < seeker_reservation[s] or vacancy_required_skill[v] > seeker_skill[s] + skill_slack:
                continue
            if vacancy_firm[v] == seeker_employer[s]:  # not a job change
                continue
            suitable = screen is None or screen[s][sent] < pass_rate
            sent += 1
            received[v] += 1
            fit = seeker_skill[s] - vacancy_required_skill[v]
            if vacancy_specialisation[v] != spec:
                fit -= cross_penalty
            if fit >= -skill_slack and suitable:
                applicants[v].append((fit, s))
    ranked = {v: [s for _, s in sorted(found, key=lambda pair: (-pair[0], pair[1]))] for v, found in applicants.items()}
    hired = set()
    for r in range(n_rounds):
        offers = {}  # seeker -> vacancies offering this round
        for v in pooled:
            if vacancy_seeker[v] >= 0 or vacancy_first_round[v] > r:
                continue
            waiting = [s for s in ranked[v] if s not in hired]
            if waiting:
                offers.setdefault(waiting[0], []).append(v)
        for s, offering in offers.items():
            top = max(vacancy_wage[v] for v in offering)
            chosen = min((v for v in offering if vacancy_wage[v] == top), key=rank.get)
            seeker_vacancy[s], seeker_round[s], vacancy_seeker[chosen] = chosen, r, s
            hired.add(s)
    return tuple(np.array(x, dtype=np.int64) for x in (seeker_vacancy, seeker_round, vacancy_seeker, received))


def _alias_over(weights, offset):
    """Vose's alias table of ``weights``, positions shifted by ``offset``: {position: (probability, alias)}."""
    k = len(weights)
    probability, alias = [0.0] * k, [0] * k
    _alias_table(weights, 0, k, probability, alias)
    return {offset + j: (probability[j], offset + alias[j]) for j in range(k)}


def _alias_pick(table, lo, hi, u):
    """The position in [lo, hi) that the uniform ``u`` picks from an alias table."""
    x = u * (hi - lo)
    column = min(int(x), hi - lo - 1)
    probability, alias = table[lo + column]
    return lo + column if x - column < probability else alias


def _alias_table(weight, lo, hi, probability, alias):
    """Vose's alias table of ``weight[lo:hi]``, written into ``probability`` and ``alias``."""
    k = hi - lo
    if k == 0:
        return
    total = sum(weight[lo:hi])
    scaled = [weight[lo + j] * k / total for j in range(k)]
    small = [j for j in range(k) if scaled[j] < 1.0]
    large = [j for j in range(k) if scaled[j] >= 1.0]
    while small and large:
        little, big = small.pop(), large.pop()
        probability[lo + little], alias[lo + little] = scaled[little], lo + big
        scaled[big] = (scaled[big] + scaled[little]) - 1.0
        (small if scaled[big] < 1.0 else large).append(big)
    for j in large + small:
        probability[lo + j], alias[lo + j] = 1.0, lo + j


def update_demand(
    main_specialisation, base_headcount, demand_shock, demand_boost, employed, open_vacancies,
    multiplier_now, multiplier_ahead, normal_draws, *, persistence, shock_sd, horizon_months,
):  # fmt: skip
    """Reference for :func:`abm.core.kernels.firm_demand.update_demand`."""
    outputs = [[], [], [], []]
    for f in range(len(base_headcount)):
        shock = persistence * demand_shock[f] + shock_sd * normal_draws[f]
        demand_shock[f] = shock
        spec = main_specialisation[f]
        target = int(base_headcount[f] * multiplier_now[spec] * math.exp(shock) + demand_boost[f] + 0.5)
        planned = base_headcount[f] * multiplier_ahead[spec] * math.exp(persistence**horizon_months * shock)
        planned = int(planned + demand_boost[f] + 0.5)
        gap = target - employed[f] - open_vacancies[f]
        for out, value in zip(outputs, (target, planned, max(gap, 0), min(max(-gap, 0), open_vacancies[f]))):
            out.append(value)
    return tuple(np.array(out, dtype=np.int64) for out in outputs)


def age_vacancies(
    firm, posted_month, wage_offer, wage_ceiling, required_skill, state, cut_per_firm,
    last_difficulty_month, last_withdrawal_month, *, month, wage_growth, relaxation, difficulty_threshold,
    withdrawal_age,
):  # fmt: skip
    """Reference for :func:`abm.core.kernels.vacancy_aging.age_vacancies`."""
    cut_left = list(cut_per_firm)
    cut = aged_out = 0
    for v in reversed(range(len(firm))):
        f = firm[v]
        if state[v] == VacancyState.OPEN and cut_left[f] > 0:
            state[v], cut_left[f], last_withdrawal_month[f] = VacancyState.WITHDRAWN, cut_left[f] - 1, month
            cut += 1
    for v in range(len(firm)):
        if state[v] != VacancyState.OPEN:
            continue
        f, age = firm[v], month - posted_month[v]
        if age >= difficulty_threshold:
            last_difficulty_month[f] = month
        if age >= withdrawal_age:
            state[v], last_withdrawal_month[f] = VacancyState.WITHDRAWN, month
            aged_out += 1
        elif age >= 1:
            wage_offer[v] = min(wage_offer[v] * (1.0 + wage_growth), wage_ceiling[v])
            required_skill[v] = max(required_skill[v] - relaxation, 0.0)
    return cut, aged_out


def draw_worker_events(
    status, origin, visa_expiry_month, visa_terms, wage, u, u_visa, *, month, extension_months, apply_employed,
    pay_elasticity, reference_pay, apply_later_terms, apply_not_in_ai, approval, emigration_probability,
    retirement_probability, separation_probability, exit_probability,
):  # fmt: skip
    """Reference for :func:`abm.core.kernels.worker_flows.draw_worker_events`."""
    events, outcomes = [], []
    expiring = iter(u_visa)  # one uniform per expiring visa, in row order, departed or not
    hazards_u = iter(u)  # one uniform per worker in the labour force, in row order
    for w in range(len(status)):
        event, outcome = WorkerEvent.NONE, VisaOutcome.NONE
        employed = status[w] == Status.EMPLOYED
        draw = next(expiring) if visa_expiry_month[w] == month else None
        if status[w] != Status.DEPARTED and draw is not None:
            if not employed:
                apply = apply_not_in_ai
            elif visa_terms[w] > 1:
                apply = apply_later_terms
            else:
                odds = apply_employed / (1 - apply_employed) * (wage[w] / reference_pay) ** pay_elasticity
                apply = odds / (1 + odds)
            if draw < apply * approval:
                outcome = VisaOutcome.EXTENDED
                visa_expiry_month[w] = month + extension_months
                visa_terms[w] += 1
            else:
                outcome = VisaOutcome.REFUSED if draw < apply else VisaOutcome.NOT_APPLIED
                event = WorkerEvent.VISA_DEPARTURE
        in_force = status[w] in (Status.EMPLOYED, Status.UNEMPLOYED)
        x = next(hazards_u) if in_force else None
        if event == WorkerEvent.NONE and in_force:
            hazards = [
                (WorkerEvent.EMIGRATION, emigration_probability[origin[w]]),
                (WorkerEvent.RETIREMENT, retirement_probability),
                (WorkerEvent.SEPARATION, separation_probability)
                if employed
                else (WorkerEvent.EXIT_TO_OTHER_SECTOR, exit_probability),
            ]
            cumulative = 0.0
            for candidate, probability in hazards:
                cumulative += probability
                if x < cumulative:
                    event = candidate
                    break
        events.append(event)
        outcomes.append(outcome)
    return np.array(events, dtype=np.int8), np.array(outcomes, dtype=np.int8)


def learn(
    status, skill, wage, reservation_wage, months_in_status, *,
    skill_step, log_pay_gradient, fresh_pay, decay, floor_ratio, pay_level_growth=1.0,
):  # fmt: skip
    """Reference for :func:`abm.core.kernels.learning.learn`."""
    for w in range(len(status)):
        if status[w] == Status.DEPARTED:
            continue
        months_in_status[w] += 1
        if status[w] == Status.EMPLOYED:
            learned = min(1.0, skill[w] + skill_step)
            wage[w] *= math.exp(log_pay_gradient * (learned - skill[w])) * pay_level_growth
            skill[w] = learned
        elif status[w] == Status.UNEMPLOYED:
            floor = floor_ratio * fresh_pay * math.exp(log_pay_gradient * skill[w])
            reservation_wage[w] = max(floor, reservation_wage[w] * (1.0 - decay))


def answer_survey(last_difficulty_month, last_withdrawal_month, planned_headcount, target_headcount, *, month, window):
    """Reference for :func:`abm.core.kernels.survey.answer_survey`."""
    difficulty = [month - m < window for m in last_difficulty_month]
    reduced = [month - m < window for m in last_withdrawal_month]
    expansion = [p > t for p, t in zip(planned_headcount, target_headcount)]
    return tuple(np.array(x, dtype=bool) for x in (difficulty, reduced, expansion))


def take_census(status, origin, wage):
    """Reference for :func:`abm.core.kernels.census.take_census`: (counts, wage arrays) by masks."""
    employed, unemployed = status == Status.EMPLOYED, status == Status.UNEMPLOYED
    present = status != Status.DEPARTED
    local, imported, nonlocal_ = (origin == Origin.LOCAL_GRADUATE, origin == Origin.IMPORTED,
                                  origin == Origin.NONLOCAL_GRADUATE)  # fmt: skip
    counts = [employed.sum(), unemployed.sum(), (local & employed).sum(), (local & unemployed).sum(),
              (imported & present).sum(), (nonlocal_ & present).sum(), (imported & employed).sum(),
              (nonlocal_ & employed).sum()]  # fmt: skip
    wages = [wage[employed], wage[employed & local], wage[employed & imported], wage[employed & nonlocal_]]
    return np.array(counts, dtype=np.int64), wages
