"""The plain-Mesa peer's parts: its parameters, vacancies, and its firm and worker agents.

Used by :mod:`plain_mesa_market` (the model and its month); see that module's docstring for
what the peer mirrors of talentgap and how it differs.
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass

import mesa

EMPLOYED, UNEMPLOYED, ADJACENT = 0, 1, 2
"""Worker statuses (talentgap's codes; departed workers are removed instead)."""
LOCAL_GRADUATE, NONLOCAL_GRADUATE, IMPORTED, FROM_ADJACENT = range(4)
"""Worker origins (talentgap's codes)."""
N_SPECIALISATIONS = 4  # research, engineering, data, infrastructure
NEVER = -(10**6)


def month_number(year: int, month: int) -> int:
    """talentgap's month numbers (``abm.core.calendar``): ``year * 12 + month - 1``."""
    return year * 12 + month - 1


FIRST_RECORDED_MONTH = month_number(2023, 1)
"""talentgap's first recorded month (its burn-in ends here); the peer's default clock ends its warm-up here."""
ADOPTION_BASE_MONTH = month_number(2023, 1)  # the AI-adoption index is 1 here
GRADUATION_MONTH = 7  # July


@dataclass(frozen=True)
class PeerParameters:
    """The default scenario's values (``abm/core/parameters/*.py`` overlaid with ``calibrated.toml``)."""

    # market
    large_firm_share: float = 0.25
    technical_staff_per_large_firm: float = 60.0
    technical_staff_per_sme: float = 6.0
    initial_unemployment_rate: float = 0.029
    initial_vacancy_rate: float = 0.05
    specialisation_mix: tuple[float, ...] = (0.15, 0.45, 0.25, 0.15)
    origin_mix: tuple[float, ...] = (0.55, 0.15, 0.20, 0.10)
    main_specialisation_share: float = 0.6  # abm.core.population.MAIN_SPECIALISATION_SHARE
    skill_concentration: float = 6.0  # abm.core.population.SKILL_CONCENTRATION
    # wages
    fresh_graduate_hkd_month: float = 20000.0
    top_skill_hkd_month: float = 60000.0
    wage_adjustment_per_month: float = 0.07115097186063452
    reference_vacancy_rate: float = 0.03
    # flows
    tenure_years: float = 1.5
    job_to_job_share: float = 0.77
    local_emigration_rate_per_year: float = 0.015
    imported_departure_rate_per_year: float = 0.10
    retirement_rate_per_year: float = 0.01
    visa_term_months: int = 24
    exit_to_other_sectors_per_month: float = 0.056030839584707025
    adjacent_entry_rate_per_year: float = 0.007675014278741264
    adjacent_entry_pay_elasticity: float = 1.0
    # search
    vacancies_viewed_per_seeker: int = 17
    applications_per_seeker: int = 10
    own_specialisation_search_share: float = 0.75
    wage_elasticity_of_applications: float = 2.0
    on_the_job_search_rate_per_month: float = 0.14010314524815431
    job_switch_wage_premium: float = 0.10
    reservation_wage_ratio: float = 0.8034946769662566
    reservation_wage_decay_per_month: float = 0.02
    reservation_wage_floor_ratio: float = 0.70
    skill_slack: float = 0.030382782368306046
    cross_specialisation_penalty: float = 0.25
    skill_growth_per_year: float = 0.04
    # demand
    ai_adoption_growth_per_year: float = 0.04777324749300774
    demand_shock_sd_per_month: float = 0.009248969655348157
    demand_shock_persistence_per_month: float = 0.8148196263266451
    vacancy_wage_growth_per_month: float = 0.07568656023589646
    firm_pay_premium_sd: float = 0.15
    requirement_relaxation_per_month: float = 0.06414953493611035
    pay_ceiling_premium_large: float = 0.2438723756921991
    pay_ceiling_premium_sme: float = 0.005017567449944823
    required_skill_mean_large: float = 0.48704844037932443
    required_skill_mean_sme: float = 0.6702683943027781
    required_skill_concentration: float = 3.0
    labour_demand_pay_elasticity: float = 0.5
    # survey
    difficulty_threshold_months: int = 3
    vacancy_withdrawal_age_months: int = 6
    window_months: int = 12
    expansion_horizon_months: int = 12
    large_firm_weight: float = 0.25
    # entrants: talent admission (status quo) and university output at scale 1
    imported_per_month: float = 90000.0 * 0.15 * 0.05 / 12
    imported_skill_mean: float = 0.55
    nonlocal_stay_share: float = 0.50
    # (name, graduates a year, AI share, length in years, skill mean, research share)
    programmes: tuple[tuple[str, float, float, int, float, float], ...] = (
        ("undergraduate", 22255.0, 0.03, 4, 0.15, 0.05),
        ("taught_postgraduate", 5621.0, 0.05, 1, 0.25, 0.10),
        ("research_postgraduate", 1800.0, 0.08, 4, 0.45, 0.60),
    )
    nonlocal_share_undergraduate: float = 0.20  # intakes before 2024
    nonlocal_share_from_2024: float = 0.40
    nonlocal_share_postgraduate: float = 0.60


def monthly_probability(rate_per_year: float) -> float:
    return 1.0 - (1.0 - rate_per_year) ** (1.0 / 12.0)


class Vacancy:
    """An open job at a firm (a plain object, held in its firm's list while open)."""

    __slots__ = (
        "best_fit", "best_seeker", "ceiling", "firm", "id", "posted_month", "required_skill", "specialisation", "wage",
    )  # fmt: skip

    def __init__(self, vacancy_id, firm, specialisation, required_skill, wage, ceiling, posted_month):
        self.id = vacancy_id
        self.firm = firm
        self.specialisation = specialisation
        self.required_skill = required_skill
        self.wage = wage
        self.ceiling = ceiling
        self.posted_month = posted_month
        self.best_fit = -math.inf
        self.best_seeker = None

    def receive(self, seeker: Worker, fit: float, slack: float) -> None:
        """An application: remember the best-fitting acceptable applicant (ties: lower unique_id)."""
        if fit < -slack:
            return
        best = self.best_seeker
        if fit > self.best_fit or (fit == self.best_fit and seeker.unique_id < best.unique_id):
            self.best_fit = fit
            self.best_seeker = seeker


class VacancyPool:
    """Vacancies to draw from with probability proportional to (wage / mean wage) ** elasticity;
    cumulative weights built once a month, one bisection per draw."""

    def __init__(self, vacancies: list[Vacancy], mean_wage: float, elasticity: float) -> None:
        self.vacancies = vacancies
        self.cumulative = list(itertools.accumulate((v.wage / mean_wage) ** elasticity for v in vacancies))
        self.total = self.cumulative[-1] if vacancies else 0.0
        self.last = len(vacancies) - 1

    def draw(self, u: float) -> Vacancy:
        position = bisect.bisect_right(self.cumulative, u * self.total)
        return self.vacancies[position if position <= self.last else self.last]


class Firm(mesa.Agent):
    """An AI firm: demand shock, headcount plan, open vacancies, survey answers."""

    def __init__(self, model, large, main_specialisation, base_headcount, log_pay_premium, demand_shock):
        super().__init__(model)
        p = model.p
        self.large = large
        self.main_specialisation = main_specialisation
        self.base_headcount = base_headcount
        self.pay_factor = math.exp(log_pay_premium)
        self.ceiling_premium = p.pay_ceiling_premium_large if large else p.pay_ceiling_premium_sme
        self.required_skill_mean = p.required_skill_mean_large if large else p.required_skill_mean_sme
        self.demand_shock = demand_shock
        self.staff = 0
        self.vacancies: list[Vacancy] = []  # open, oldest first
        self.target = self.planned = 0
        self.last_difficulty_month = self.last_withdrawal_month = NEVER
        self.difficulty = self.reduced_hiring = self.expansion = False

    def plan(self) -> None:
        """Phase 2: demand shock and plan; cut, age and withdraw vacancies; post the gap."""
        model, p = self.model, self.model.p
        month = model.month
        rho = p.demand_shock_persistence_per_month
        self.demand_shock = rho * self.demand_shock + p.demand_shock_sd_per_month * model.rng.normal()
        spec = self.main_specialisation
        target = self.base_headcount * model.demand_now[spec] * math.exp(self.demand_shock)
        planned = self.base_headcount * model.demand_ahead[spec] * math.exp(model.rho_ahead * self.demand_shock)
        self.target = int(target + 0.5)
        self.planned = int(planned + 0.5)
        gap = self.target - self.staff - len(self.vacancies)
        for _ in range(min(max(-gap, 0), len(self.vacancies))):  # plan cuts: newest first
            self.vacancies.pop()
            self.last_withdrawal_month = month
            model.flows["vacancies_cut"] += 1
        still_open = []
        for vacancy in self.vacancies:
            age = month - vacancy.posted_month
            if age >= p.difficulty_threshold_months:
                self.last_difficulty_month = month
            if age >= p.vacancy_withdrawal_age_months:
                self.last_withdrawal_month = month
                model.flows["vacancies_withdrawn_unfilled"] += 1
                continue
            if age >= 1:
                vacancy.wage = min(vacancy.wage * (1.0 + p.vacancy_wage_growth_per_month), vacancy.ceiling)
                vacancy.required_skill = max(vacancy.required_skill - p.requirement_relaxation_per_month, 0.0)
            still_open.append(vacancy)
        self.vacancies = still_open
        for _ in range(max(gap, 0)):
            self.post_vacancy()

    def post_vacancy(self) -> None:
        model, p = self.model, self.model.p
        rng = model.rng
        own = rng.random() < p.main_specialisation_share
        spec = self.main_specialisation if own else model.draw_specialisation()
        mean = min(max(self.required_skill_mean, 0.01), 0.99)
        concentration = p.required_skill_concentration
        required = rng.beta(mean * concentration, (1 - mean) * concentration)
        pay = model.market_pay(required) * self.pay_factor
        model.vacancies_posted += 1
        self.vacancies.append(
            Vacancy(model.vacancies_posted, self, spec, required, pay, pay * (1 + self.ceiling_premium), model.month)
        )
        model.flows["vacancies_posted"] += 1

    def answer_survey(self) -> None:
        """Phase 7: this month's answers to the HKPC questions."""
        month, window = self.model.month, self.model.p.window_months
        self.difficulty = month - self.last_difficulty_month < window
        self.reduced_hiring = month - self.last_withdrawal_month < window
        self.expansion = self.planned > self.target


class Worker(mesa.Agent):
    """A worker: employed, unemployed (searching) or in an adjacent sector."""

    def __init__(
        self, model, status, origin, specialisation, skill,
        employer=None, wage=0.0, months_in_status=0, visa_expiry=NEVER,
    ):  # fmt: skip
        super().__init__(model)
        self.status = status
        self.origin = origin
        self.specialisation = specialisation
        self.skill = skill
        self.employer = employer
        self.wage = wage
        self.reservation_wage = model.p.reservation_wage_ratio * model.market_pay(skill)
        self.months_in_status = months_in_status
        self.visa_expiry = visa_expiry
        self.offer: Vacancy | None = None

    # ---------------------------------------------------- phases 3 and 4: flows
    def move(self) -> None:
        """Visa expiry and competing monthly hazards; career switching from the adjacent pool."""
        model = self.model
        if self.status == ADJACENT:
            if model.rng.random() < model.switching_probability:
                self.start_search()
                model.flows["career_switchers"] += 1
            return
        if self.visa_expiry == model.month:
            if self.status == EMPLOYED:
                self.visa_expiry += model.p.visa_term_months
            else:
                self.depart("visa_departures")
                return
        u = model.rng.random()
        emigrate = model.emigration_probability[self.origin]
        retire = emigrate + model.retirement_probability
        if u < emigrate:
            self.depart("emigrants")
        elif u < retire:
            self.depart("retirements")
        elif self.status == EMPLOYED:
            if u < retire + model.separation_probability:
                self.leave_job()
                self.status = UNEMPLOYED
                self.months_in_status = 0
                self.reservation_wage = model.p.reservation_wage_ratio * model.market_pay(self.skill)
                model.flows["separations"] += 1
        elif u < retire + model.p.exit_to_other_sectors_per_month:
            self.status = ADJACENT
            self.months_in_status = 0
            model.flows["exits_to_other_sectors"] += 1

    def leave_job(self) -> None:
        self.employer.staff -= 1
        self.employer = None
        self.wage = 0.0

    def depart(self, flow: str) -> None:
        if self.status == EMPLOYED:
            self.leave_job()
        self.model.flows[flow] += 1
        self.remove()

    def start_search(self) -> None:
        self.status = UNEMPLOYED
        self.months_in_status = 0
        self.reservation_wage = self.model.p.reservation_wage_ratio * self.model.market_pay(self.skill)

    # ---------------------------------------------------------- phase 5: matching
    def wants_to_search(self) -> bool:
        if self.status == UNEMPLOYED:
            return True
        return self.status == EMPLOYED and self.model.rng.random() < self.model.p.on_the_job_search_rate_per_month

    def search(self) -> None:
        """View vacancies and apply to up to ``applications_per_seeker`` suitable ones."""
        model, p = self.model, self.model.p
        reservation = self.wage * (1 + p.job_switch_wage_premium) if self.status == EMPLOYED else self.reservation_wage
        own = model.pools[self.specialisation]
        everywhere = model.all_vacancies
        own_share = p.own_specialisation_search_share if own.vacancies else -1.0
        slack, penalty = p.skill_slack, p.cross_specialisation_penalty
        reach = self.skill + slack
        viewed = p.vacancies_viewed_per_seeker
        u = model.rng.random(2 * viewed).tolist()  # this seeker's draws for its month of search
        sent = 0
        for view in range(viewed):
            if sent == p.applications_per_seeker:
                break
            vacancy = (own if u[view] < own_share else everywhere).draw(u[viewed + view])
            if vacancy.wage < reservation or vacancy.required_skill > reach:
                continue
            sent += 1
            fit = self.skill - vacancy.required_skill
            if vacancy.specialisation != self.specialisation:
                fit -= penalty
            vacancy.receive(self, fit, slack)
        model.applications += sent

    def consider_offer(self, vacancy: Vacancy) -> None:
        """Keep the best-paid offer (ties: the lower vacancy id)."""
        best = self.offer
        if best is None or vacancy.wage > best.wage or (vacancy.wage == best.wage and vacancy.id < best.id):
            self.offer = vacancy

    def accept(self) -> None:
        if self.offer is not None:
            self.model.hire(self, self.offer)
            self.offer = None

    # ---------------------------------------------------------- phase 6: learning
    def learn(self) -> None:
        model = self.model
        self.months_in_status += 1
        if self.status == EMPLOYED:
            learned = min(1.0, self.skill + model.skill_step)
            self.wage *= math.exp(model.log_pay_gradient * (learned - self.skill)) * model.pay_level_growth
            self.skill = learned
        elif self.status == UNEMPLOYED:
            floor = model.p.reservation_wage_floor_ratio * model.market_pay(self.skill)
            self.reservation_wage = max(floor, self.reservation_wage * (1.0 - model.p.reservation_wage_decay_per_month))
