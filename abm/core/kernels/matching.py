"""The matching kernel: a month of applications, then weekly rounds of offers and acceptances.

Vacancies are handled in pool order: grouped by specialisation, by position within (the
adapter sorts them and maps the results back).

1. Applications. Each seeker views up to ``n_viewed`` vacancies (one uniform ``u`` per view)
   and applies to those worth applying to, until it has sent ``max_applications``. A view draws
   a vacancy: if ``u < own_share``, from the vacancies of the seeker's own specialisation (all
   vacancies if it has none) with the uniform ``u / own_share``, otherwise from all vacancies
   with ``(u - own_share) / (1 - own_share)``; within the pool, with probability proportional to
   the vacancy's draw weight (the model passes ``(wage / mean wage) ** elasticity``,
   :func:`draw_weights`), by Walker's alias method (the uniform's integer part after scaling
   picks a column, its fraction the column's side). It applies only if the wage offer reaches
   its reservation wage, the vacancy's required skill is at most its skill + ``skill_slack``
   (it knows it would not be considered otherwise) and the vacancy is not at its own employer
   (a move within the firm is not a job change); other views are a search friction. Each
   vacancy keeps the applicants it would hire: fit = skill - required skill - ``cross_penalty``
   (if of another specialisation) of at least -``skill_slack``, and found suitable in screening
   (the application's uniform ``screen`` below ``pass_rate``: interviews and tests reveal what a
   CV does not; a pass rate of 1 keeps every applicant who meets the skill bar). The uniforms are
   the month's matching stream's, at positions fixed by the seeker (:func:`match`), computed only
   where used (:mod:`abm.core.kernels.pcg64`). Seekers are
   independent here, so this step runs in parallel threads, each seeker writing its own slots
   (its applications, their fit and whether the vacancy keeps them); a serial pass then groups
   the kept applications by vacancy.
2. Offer rounds ``r = 0 .. n_rounds - 1`` (weekly). In each round, every unfilled vacancy that
   can already offer (``vacancy_first_round <= r``: it was posted before the round's day) offers
   the job to its best applicant not yet hired (highest fit; ties: the lower seeker position);
   each seeker holding offers accepts the one with the highest wage (ties: the vacancy first in
   pool order) and is hired in round ``r``. A vacancy whose applicant was hired elsewhere offers
   to its next applicant in the next round. Offers are above the reservation wage by
   construction (seekers apply only where the pay reaches it).

Hires thus respond to seekers and to vacancies: more seekers give more vacancies an applicant,
more vacancies give more seekers an offer, and the rounds undo most of the waste of offers that
crowd on the same applicants. Work is linear in applications times rounds plus vacancies (each
round scans a vacancy's applicants; building the alias tables is O(vacancies)).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from abm.core.kernels import pcg64

BLOCKS = 64
"""Blocks of seekers the applications step runs in parallel (each jumps to its first seeker's draws)."""


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


@njit(cache=True, parallel=True)
def _apply(
    seeker_specialisation, seeker_skill, seeker_reservation, seeker_employer,
    vacancy_specialisation, vacancy_required_skill, vacancy_wage, vacancy_firm, vacancy_weight, pool_start,
    stream, n_viewed, screened, own_share, skill_slack, cross_penalty, pass_rate, max_applications,
    slot_vacancy, slot_fit, slot_kept, sent_count,
):  # fmt: skip
    """Step 1: each seeker's applications into its own slots (``slot_vacancy.shape[0] // n_seekers``
    of them, at least its most applications: the lesser of ``max_applications`` and the views), their
    number into ``sent_count``, with each application's fit and whether the vacancy keeps it (fit of
    at least -``skill_slack`` and, if ``screened``, the application's uniform below ``pass_rate``).

    Uniforms come from ``stream`` (PCG64 words, :mod:`abm.core.kernels.pcg64`): seeker ``s``'s
    views are draws ``s * n_viewed`` onwards, its screenings draws ``n_seekers * n_viewed + s *
    max_applications`` onwards, only those used are computed. Seekers run in blocks, in parallel:
    each block jumps to its first seeker's draws, then strides seeker by seeker.

    The alias tables sit in one pair of arrays: positions ``[0, n)`` hold each specialisation's pool
    table, ``[n, 2n)`` the table over all vacancies; a view picks its table by arithmetic rather than
    by branches, and every view is written to the seeker's next slot, which counts only if the
    seeker applies (branch-free: the same applications, fewer mispredicted branches)."""
    n_seekers = seeker_skill.shape[0]
    n = vacancy_wage.shape[0]
    probability = np.empty(2 * n)
    alias = np.empty(2 * n, dtype=np.int64)
    for spec in range(pool_start.shape[0] - 1):
        _build_alias(vacancy_weight, pool_start[spec], pool_start[spec + 1], probability, alias)
    # the table over all vacancies, from pool_start[0] (0: a literal 0 would have numba compile _build_alias twice)
    _build_alias(vacancy_weight, pool_start[0], n, probability[n:], alias[n:])
    increment_high, increment_low = stream[2], stream[3]
    view_jump = pcg64.jump(n_viewed, increment_high, increment_low)  # from one seeker's views to the next's
    screen_jump = pcg64.jump(max_applications, increment_high, increment_low)
    n_blocks = min(n_seekers, BLOCKS)
    block = (n_seekers + n_blocks - 1) // n_blocks
    for b in prange(n_blocks):  # a parallel loop whose body is one call compiles faster
        _apply_block(
            b * block, min(b * block + block, n_seekers), seeker_specialisation, seeker_skill, seeker_reservation,
            seeker_employer, vacancy_specialisation, vacancy_required_skill, vacancy_wage, vacancy_firm, pool_start,
            probability, alias, stream, n_viewed, screened, own_share, skill_slack, cross_penalty, pass_rate,
            max_applications, view_jump, screen_jump, slot_vacancy, slot_fit, slot_kept, sent_count,
        )  # fmt: skip


@njit(cache=True)
def _apply_block(
    first, end, seeker_specialisation, seeker_skill, seeker_reservation, seeker_employer,
    vacancy_specialisation, vacancy_required_skill, vacancy_wage, vacancy_firm, pool_start, probability, alias,
    stream, n_viewed, screened, own_share, skill_slack, cross_penalty, pass_rate, max_applications,
    view_jump, screen_jump, slot_vacancy, slot_fit, slot_kept, sent_count,
):  # fmt: skip
    """The applications of seekers ``first .. end - 1``, one block of :func:`_apply`."""
    n_seekers = seeker_skill.shape[0]
    n = vacancy_wage.shape[0]
    slots = slot_vacancy.shape[0] // n_seekers
    state_high, state_low, increment_high, increment_low = stream[0], stream[1], stream[2], stream[3]
    to_views = pcg64.jump(first * n_viewed, increment_high, increment_low)
    view_high, view_low = pcg64.advance(state_high, state_low, to_views)
    to_screens = pcg64.jump(n_seekers * n_viewed + first * max_applications, increment_high, increment_low)
    screen_high, screen_low = pcg64.advance(state_high, state_low, to_screens)
    for s in range(first, end):
        own_lo = pool_start[seeker_specialisation[s]]  # the own pool: vacancies [own_lo, own_lo + own_n)
        own_n = pool_start[seeker_specialisation[s] + 1] - own_lo
        own_table = own_lo
        if own_n == 0:  # no vacancy of its own specialisation: own views draw from all vacancies
            own_lo, own_n, own_table = 0, n, n
        reservation = seeker_reservation[s]
        reach = seeker_skill[s] + skill_slack
        employer = seeker_employer[s]
        slot = s * slots
        sent = 0
        high, low = view_high, view_low
        for _ in range(n_viewed):
            if sent == max_applications:
                break
            high, low, x = pcg64.next_uniform(high, low, increment_high, increment_low)
            own = x < own_share
            scaled = x / own_share if own else (x - own_share) / (1.0 - own_share)
            lo = own_lo if own else 0
            size = own_n if own else n
            table = own_table if own else n
            y = scaled * size  # Walker: the integer part picks a column, the fraction its side
            column = min(int(y), size - 1)
            v = lo + column if y - column < probability[table + column] else alias[table + column]
            slot_vacancy[slot + sent] = v
            worth = (vacancy_wage[v] >= reservation) & (vacancy_required_skill[v] <= reach)
            sent += worth & (vacancy_firm[v] != employer)
        sent_count[s] = sent
        high, low = screen_high, screen_low
        for k in range(sent):
            v = slot_vacancy[slot + k]
            f = seeker_skill[s] - vacancy_required_skill[v]
            if vacancy_specialisation[v] != seeker_specialisation[s]:
                f -= cross_penalty
            slot_fit[slot + k] = f
            suitable = True
            if screened:
                high, low, x = pcg64.next_uniform(high, low, increment_high, increment_low)
                suitable = x < pass_rate
            slot_kept[slot + k] = (f >= -skill_slack) & suitable
        view_high, view_low = pcg64.advance(view_high, view_low, view_jump)
        screen_high, screen_low = pcg64.advance(screen_high, screen_low, screen_jump)


@njit(cache=True)
def _group(slot_vacancy, slot_fit, slot_kept, sent_count, applications_received, start):
    """Count the applications each vacancy received, and list the applicants it keeps as
    ``candidates[start[v]:start[v+1]]`` (with their ``fit``), in seeker order; returns
    ``(candidates, fit)``, as long as the applications kept."""
    n_seekers = sent_count.shape[0]
    slots = slot_vacancy.shape[0] // n_seekers
    for s in range(n_seekers):
        for i in range(s * slots, s * slots + sent_count[s]):
            v = slot_vacancy[i]
            applications_received[v] += 1
            start[v + 1] += slot_kept[i]
    for v in range(applications_received.shape[0]):
        start[v + 1] += start[v]
    candidates = np.empty(start[-1], dtype=np.int64)
    fit = np.empty(start[-1])
    filled = start[:-1].copy()
    for s in range(n_seekers):
        for i in range(s * slots, s * slots + sent_count[s]):
            if slot_kept[i]:
                v = slot_vacancy[i]
                candidates[filled[v]] = s
                fit[filled[v]] = slot_fit[i]
                filled[v] += 1
    return candidates, fit


@njit(cache=True)
def _offer_rounds(
    vacancy_wage, vacancy_first_round, n_rounds, start, candidates, fit,
    seeker_vacancy, seeker_round, vacancy_seeker,
):  # fmt: skip
    """Step 2: the weekly rounds of offers and acceptances; returns the number of hires.

    Each round a vacancy offers to its best applicant not yet hired (highest fit; ties: the first
    in seeker order). An applicant offered a job is always hired that round (here or elsewhere),
    so "not yet hired" is all a vacancy needs to know: no ranking is kept, each round scans.
    """
    n_vacancies = vacancy_wage.shape[0]
    n_seekers = seeker_vacancy.shape[0]
    best_vacancy = np.full(n_seekers, -1, dtype=np.int64)
    offered = np.empty(n_seekers, dtype=np.int64)
    hires = 0
    for r in range(n_rounds):
        n_offered = 0
        for v in range(n_vacancies):
            if vacancy_seeker[v] >= 0 or vacancy_first_round[v] > r:
                continue
            s = -1
            best = -np.inf
            for c in range(start[v], start[v + 1]):
                if fit[c] > best and seeker_vacancy[candidates[c]] < 0:
                    best = fit[c]
                    s = candidates[c]
            if s < 0:
                continue
            if best_vacancy[s] < 0:
                offered[n_offered] = s
                n_offered += 1
                best_vacancy[s] = v
            elif vacancy_wage[v] > vacancy_wage[best_vacancy[s]]:
                best_vacancy[s] = v
        for i in range(n_offered):
            s = offered[i]
            v = best_vacancy[s]
            best_vacancy[s] = -1
            seeker_vacancy[s] = v
            seeker_round[s] = r
            vacancy_seeker[v] = s
            hires += 1
    return hires


def match(
    seeker_specialisation: np.ndarray,
    seeker_skill: np.ndarray,
    seeker_reservation: np.ndarray,
    seeker_employer: np.ndarray,
    vacancy_specialisation: np.ndarray,
    vacancy_required_skill: np.ndarray,
    vacancy_wage: np.ndarray,
    vacancy_firm: np.ndarray,
    vacancy_first_round: np.ndarray,
    vacancy_weight: np.ndarray,
    draws: np.random.Generator,
    *,
    n_viewed: int,
    n_specialisations: int,
    own_share: float,
    skill_slack: float,
    cross_penalty: float,
    max_applications: int,
    n_rounds: int,
    pass_rate: float = 1.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One month of matching (see the module docstring).

    Args:
        seeker_*: one entry per seeker (specialisation code, skill 0-1, reservation HK$/month,
            employer's firm row or -1).
        vacancy_*: one entry per open vacancy (specialisation code, required skill, wage HK$/month,
            firm row, first round in which it can make an offer).
        vacancy_weight: each vacancy's weight in the draws (positive; :func:`draw_weights`).
        draws: the month's matching stream, a PCG64 generator. Its next uniforms are used as
            ``u = draws.random((n_seekers, n_viewed))`` would give them, one per view (row ``s``
            seeker ``s``'s), then, if ``pass_rate < 1``, ``screen = draws.random((n_seekers,
            max_applications))``, one per application in the order sent (it passes screening if
            below ``pass_rate``); only the uniforms used are computed, and the generator is moved
            past all of them, as if drawn.
        n_viewed: vacancies each seeker views (at least 1).
        max_applications: most applications a seeker sends (at least 1).
        n_rounds: offer rounds in the month (at least 1).
        pass_rate: share of applicants meeting the skill bar whom screening finds suitable, in (0, 1].

    Returns:
        seeker_vacancy: the vacancy position each seeker accepted, or -1;
        seeker_round: the round in which it was hired, or -1;
        vacancy_seeker: the seeker position each vacancy hired, or -1;
        applications_received: applications per vacancy.
    """
    n_seekers = len(seeker_skill)
    n_vacancies = len(vacancy_wage)
    if n_viewed < 1 or max_applications < 1 or n_rounds < 1:
        raise ValueError("n_viewed, max_applications and n_rounds must be at least 1")
    if not 0.0 <= own_share <= 1.0:
        raise ValueError("own_share must lie in [0, 1]")
    if not 0.0 < pass_rate <= 1.0:
        raise ValueError("pass_rate must lie in (0, 1]")
    if n_vacancies and (vacancy_wage <= 0).any():
        raise ValueError("wage offers must be positive")
    if len(vacancy_weight) != n_vacancies or (n_vacancies and not (vacancy_weight > 0).all()):
        raise ValueError("vacancy_weight must hold one positive weight per vacancy")
    if len(vacancy_first_round) != n_vacancies or len(vacancy_firm) != n_vacancies:
        raise ValueError("vacancy_first_round and vacancy_firm must hold one entry per vacancy")
    if len(seeker_employer) != n_seekers:
        raise ValueError("seeker_employer must hold one entry per seeker (-1: none)")
    spec_codes = np.concatenate([seeker_specialisation, vacancy_specialisation])
    if len(spec_codes) and (spec_codes.min() < 0 or spec_codes.max() >= n_specialisations):
        raise ValueError(f"specialisation codes must lie in 0..{n_specialisations - 1}")
    screened = pass_rate < 1.0
    stream = np.array(pcg64.words(draws), dtype=np.uint64)
    draws.bit_generator.advance(n_seekers * (n_viewed + (max_applications if screened else 0)))
    seeker_vacancy = np.full(n_seekers, -1, dtype=np.int64)
    seeker_round = np.full(n_seekers, -1, dtype=np.int64)
    vacancy_seeker = np.full(n_vacancies, -1, dtype=np.int64)
    applications_received = np.zeros(n_vacancies, dtype=np.int64)
    if n_vacancies == 0 or n_seekers == 0:
        return seeker_vacancy, seeker_round, vacancy_seeker, applications_received
    order = np.argsort(vacancy_specialisation, kind="stable")  # pool order
    spec = np.ascontiguousarray(vacancy_specialisation[order], dtype=np.int64)
    pool_start = np.zeros(n_specialisations + 1, dtype=np.int64)
    np.cumsum(np.bincount(spec, minlength=n_specialisations), out=pool_start[1:])
    wage = np.ascontiguousarray(vacancy_wage[order], dtype=np.float64)
    required = np.ascontiguousarray(vacancy_required_skill[order], dtype=np.float64)
    seeker_spec = np.ascontiguousarray(seeker_specialisation, dtype=np.int64)
    skill = np.ascontiguousarray(seeker_skill, dtype=np.float64)
    n_slots = n_seekers * min(max_applications, n_viewed)  # a seeker applies at most once a view
    slot_vacancy = np.empty(n_slots, dtype=np.int64)
    slot_fit = np.empty(n_slots, dtype=np.float64)
    slot_kept = np.empty(n_slots, dtype=np.bool_)
    sent_count = np.empty(n_seekers, dtype=np.int64)
    with np.errstate(over="ignore"):  # PCG64's wrap-around, which NumPy reports when the JIT is off
        _apply(
            seeker_spec, skill, np.ascontiguousarray(seeker_reservation, dtype=np.float64),
            np.ascontiguousarray(seeker_employer, dtype=np.int64), spec, required, wage,
            np.ascontiguousarray(vacancy_firm[order], dtype=np.int64),
            np.ascontiguousarray(vacancy_weight[order], dtype=np.float64), pool_start, stream, int(n_viewed),
            screened, float(own_share), float(skill_slack), float(cross_penalty), float(pass_rate),
            int(max_applications), slot_vacancy, slot_fit, slot_kept, sent_count,
        )  # fmt: skip
    received = np.zeros(n_vacancies, dtype=np.int64)
    start = np.zeros(n_vacancies + 1, dtype=np.int64)
    candidates, fit = _group(slot_vacancy, slot_fit, slot_kept, sent_count, received, start)
    pooled_seeker = np.full(n_vacancies, -1, dtype=np.int64)
    _offer_rounds(
        wage, np.ascontiguousarray(vacancy_first_round[order], dtype=np.int64), int(n_rounds), start, candidates,
        fit, seeker_vacancy, seeker_round, pooled_seeker,
    )  # fmt: skip
    hired = seeker_vacancy >= 0
    seeker_vacancy[hired] = order[seeker_vacancy[hired]]
    vacancy_seeker[order] = pooled_seeker
    applications_received[order] = received
    return seeker_vacancy, seeker_round, vacancy_seeker, applications_received


def draw_weights(vacancy_wage: np.ndarray, elasticity: float) -> np.ndarray:
    """Draw weights ``(wage / mean wage) ** elasticity`` (normalised to avoid overflow)."""
    if len(vacancy_wage) == 0:
        return np.zeros(0)
    return (vacancy_wage / vacancy_wage.mean()) ** elasticity
