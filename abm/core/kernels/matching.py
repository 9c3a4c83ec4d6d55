"""The matching kernel: one monthly round of applications, offers and acceptances.

1. Applications. Each seeker views up to ``n_viewed`` vacancies (the columns of the
   uniforms) and applies to those worth applying to, until it has sent
   ``max_applications``. For each view it draws a vacancy: with probability ``own_share``
   from the vacancies of its own specialisation (if there are any), otherwise from all
   vacancies; within the chosen pool, with probability proportional to the vacancy's draw
   weight (the model passes ``(wage / mean wage) ** elasticity``, :func:`draw_weights`), by
   Walker's alias method (one uniform per view: its integer part picks a column, its fraction
   the column's side). It applies only if the wage offer reaches its reservation wage and the
   vacancy's required skill is at most its skill + ``skill_slack`` (it knows it would not be
   considered otherwise); other views are a search friction.
2. Offers. Each vacancy ranks its applicants by fit = skill - required skill -
   ``cross_penalty`` (if of another specialisation) and offers the job to the best one if
   fit >= -``skill_slack``. Ties go to the lower seeker position.
3. Acceptance. Each seeker holding offers accepts the one with the highest wage; ties go
   to the lower vacancy position. Offers are above the reservation wage by construction.

Work is linear in applications plus vacancies (building the alias tables is O(vacancies)).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _build_alias(weight, lo, hi, probability, alias):
    """Walker/Vose alias table of ``weight[lo:hi]`` into ``probability[lo:hi]`` and ``alias[lo:hi]``."""
    k = hi - lo
    if k == 0:
        return
    total = 0.0
    for j in range(lo, hi):
        total += weight[j]
    scaled = np.empty(k)
    small = np.empty(k, dtype=np.int64)
    large = np.empty(k, dtype=np.int64)
    n_small = 0
    n_large = 0
    for j in range(k):
        scaled[j] = weight[lo + j] * k / total
        if scaled[j] < 1.0:
            small[n_small] = j
            n_small += 1
        else:
            large[n_large] = j
            n_large += 1
    while n_small > 0 and n_large > 0:
        n_small -= 1
        little = small[n_small]
        n_large -= 1
        big = large[n_large]
        probability[lo + little] = scaled[little]
        alias[lo + little] = lo + big
        scaled[big] = (scaled[big] + scaled[little]) - 1.0
        if scaled[big] < 1.0:
            small[n_small] = big
            n_small += 1
        else:
            large[n_large] = big
            n_large += 1
    while n_large > 0:
        n_large -= 1
        probability[lo + large[n_large]] = 1.0
        alias[lo + large[n_large]] = lo + large[n_large]
    while n_small > 0:
        n_small -= 1
        probability[lo + small[n_small]] = 1.0
        alias[lo + small[n_small]] = lo + small[n_small]


@njit(cache=True)
def _draw(probability, alias, lo, hi, u):
    """Position in [lo, hi) drawn from the alias table with one uniform ``u``."""
    x = u * (hi - lo)
    column = min(int(x), hi - lo - 1)
    position = lo + column
    return position if x - column < probability[position] else alias[position]


@njit(cache=True)
def _match(
    seeker_specialisation, seeker_skill, seeker_reservation,
    vacancy_specialisation, vacancy_required_skill, vacancy_wage,
    pool_order, pool_start, pool_weight, all_weight,
    u_pool, u_pick,
    own_share, skill_slack, cross_penalty, max_applications,
    seeker_vacancy, vacancy_seeker, applications_received,
):  # fmt: skip
    n_seekers, n_viewed = u_pool.shape
    n_vacancies = vacancy_wage.shape[0]
    best_fit = np.full(n_vacancies, -np.inf)
    best_seeker = np.full(n_vacancies, -1, dtype=np.int64)
    seeker_vacancy[:] = -1
    vacancy_seeker[:] = -1
    applications_received[:] = 0
    if n_vacancies == 0:
        return 0
    pool_probability = np.empty(n_vacancies)
    pool_alias = np.empty(n_vacancies, dtype=np.int64)
    for spec in range(pool_start.shape[0] - 1):
        _build_alias(pool_weight, pool_start[spec], pool_start[spec + 1], pool_probability, pool_alias)
    all_probability = np.empty(n_vacancies)
    all_alias = np.empty(n_vacancies, dtype=np.int64)
    _build_alias(all_weight, 0, n_vacancies, all_probability, all_alias)
    for s in range(n_seekers):
        spec = seeker_specialisation[s]
        lo = pool_start[spec]
        hi = pool_start[spec + 1]
        sent = 0
        for a in range(n_viewed):
            if sent == max_applications:
                break
            if u_pool[s, a] < own_share and hi > lo:
                v = pool_order[_draw(pool_probability, pool_alias, lo, hi, u_pick[s, a])]
            else:
                v = _draw(all_probability, all_alias, 0, n_vacancies, u_pick[s, a])
            if vacancy_wage[v] < seeker_reservation[s] or vacancy_required_skill[v] > seeker_skill[s] + skill_slack:
                continue
            sent += 1
            applications_received[v] += 1
            fit = seeker_skill[s] - vacancy_required_skill[v]
            if vacancy_specialisation[v] != spec:
                fit -= cross_penalty
            if fit >= -skill_slack and fit > best_fit[v]:
                best_fit[v] = fit
                best_seeker[v] = s
    best_offer = np.full(n_seekers, -np.inf)
    for v in range(n_vacancies):
        s = best_seeker[v]
        if s >= 0 and vacancy_wage[v] > best_offer[s]:
            best_offer[s] = vacancy_wage[v]
            seeker_vacancy[s] = v
    matches = 0
    for s in range(n_seekers):
        v = seeker_vacancy[s]
        if v >= 0:
            vacancy_seeker[v] = s
            matches += 1
    return matches


def application_pools(vacancy_specialisation: np.ndarray, n_specialisations: int) -> tuple[np.ndarray, np.ndarray]:
    """Vacancies grouped by specialisation.

    Returns:
        pool_order: vacancy positions sorted by specialisation (stable);
        pool_start: where each specialisation's pool starts in ``pool_order`` (length n+1).
    """
    pool_order = np.argsort(vacancy_specialisation, kind="stable").astype(np.int64)
    counts = np.bincount(vacancy_specialisation, minlength=n_specialisations)
    pool_start = np.zeros(n_specialisations + 1, dtype=np.int64)
    np.cumsum(counts, out=pool_start[1:])
    return pool_order, pool_start


def match(
    seeker_specialisation: np.ndarray,
    seeker_skill: np.ndarray,
    seeker_reservation: np.ndarray,
    vacancy_specialisation: np.ndarray,
    vacancy_required_skill: np.ndarray,
    vacancy_wage: np.ndarray,
    u_pool: np.ndarray,
    u_pick: np.ndarray,
    vacancy_weight: np.ndarray,
    *,
    n_specialisations: int,
    own_share: float,
    skill_slack: float,
    cross_penalty: float,
    max_applications: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One matching round (see the module docstring).

    Args:
        seeker_*: one entry per seeker (specialisation code, skill 0-1, reservation HK$/month).
        vacancy_*: one entry per open vacancy (specialisation code, required skill, wage HK$/month).
        u_pool, u_pick: uniforms in [0, 1), shape (n_seekers, vacancies viewed per seeker).
        vacancy_weight: each vacancy's weight in the draws (positive; :func:`draw_weights`).
        max_applications: most applications a seeker sends (at least 1).

    Returns:
        seeker_vacancy: the vacancy position each seeker accepted, or -1;
        vacancy_seeker: the seeker position each vacancy hired, or -1;
        applications_received: applications per vacancy.
    """
    n_seekers = len(seeker_skill)
    n_vacancies = len(vacancy_wage)
    if u_pool.shape != u_pick.shape or u_pool.shape[0] != n_seekers:
        raise ValueError("u_pool and u_pick must both have shape (n_seekers, vacancies viewed)")
    if max_applications < 1:
        raise ValueError("max_applications must be at least 1")
    if n_vacancies and (vacancy_wage <= 0).any():
        raise ValueError("wage offers must be positive")
    if len(vacancy_weight) != n_vacancies or (n_vacancies and not (vacancy_weight > 0).all()):
        raise ValueError("vacancy_weight must hold one positive weight per vacancy")
    spec_codes = np.concatenate([seeker_specialisation, vacancy_specialisation])
    if len(spec_codes) and (spec_codes.min() < 0 or spec_codes.max() >= n_specialisations):
        raise ValueError(f"specialisation codes must lie in 0..{n_specialisations - 1}")
    vacancy_specialisation = np.ascontiguousarray(vacancy_specialisation, dtype=np.int64)
    weight = np.ascontiguousarray(vacancy_weight, dtype=np.float64)
    pool_order, pool_start = application_pools(vacancy_specialisation, n_specialisations)
    seeker_vacancy = np.empty(n_seekers, dtype=np.int64)
    vacancy_seeker = np.empty(n_vacancies, dtype=np.int64)
    applications_received = np.empty(n_vacancies, dtype=np.int64)
    _match(
        np.ascontiguousarray(seeker_specialisation, dtype=np.int64),
        np.ascontiguousarray(seeker_skill, dtype=np.float64),
        np.ascontiguousarray(seeker_reservation, dtype=np.float64),
        vacancy_specialisation,
        np.ascontiguousarray(vacancy_required_skill, dtype=np.float64),
        np.ascontiguousarray(vacancy_wage, dtype=np.float64),
        pool_order, pool_start, weight[pool_order], weight,
        np.ascontiguousarray(u_pool, dtype=np.float64),
        np.ascontiguousarray(u_pick, dtype=np.float64),
        float(own_share), float(skill_slack), float(cross_penalty), int(max_applications),
        seeker_vacancy, vacancy_seeker, applications_received,
    )  # fmt: skip
    return seeker_vacancy, vacancy_seeker, applications_received


def draw_weights(vacancy_wage: np.ndarray, elasticity: float) -> np.ndarray:
    """Draw weights ``(wage / mean wage) ** elasticity`` (normalised to avoid overflow)."""
    if len(vacancy_wage) == 0:
        return np.zeros(0)
    return (vacancy_wage / vacancy_wage.mean()) ** elasticity
