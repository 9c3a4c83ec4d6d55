"""The plain-Mesa peer's agents: firms and workers (``mesa.Agent``), and vacancies (plain objects).

Used by :mod:`plain_mesa_market` (the model and its month); see that module's docstring for what
the peer mirrors of talentgap and how it differs. Money is in HK$ a month, skills on talentgap's
0-1 scale, time in month numbers (``plain_mesa_parameters.month_number``) and days of the month.
"""

from __future__ import annotations

import bisect
import itertools
import math

import mesa
from plain_mesa_parameters import ADJACENT, DAYS_PER_MONTH, EMPLOYED, NEVER, UNEMPLOYED


class Vacancy:
    """An open job at a firm (a plain object, held in its firm's list, oldest first, while open).

    ``wage`` and ``ceiling`` are HK$ a month; ``posted_day`` is the day of the posting month (0 to
    ``DAYS_PER_MONTH``). During matching it collects the applicants it would hire as (fit, seeker).
    """

    __slots__ = (
        "applicants", "ceiling", "firm", "first_round", "hired", "next_applicant", "posted_day", "posted_month",
        "required_skill", "specialisation", "wage",
    )  # fmt: skip

    def __init__(self, firm, specialisation, required_skill, wage, ceiling, posted_month, posted_day):
        self.firm = firm
        self.specialisation = specialisation
        self.required_skill = required_skill
        self.wage = wage
        self.ceiling = ceiling
        self.posted_month = posted_month
        self.posted_day = posted_day
        self.applicants: list[tuple[float, Worker]] = []
        self.first_round = 0
        self.next_applicant = 0
        self.hired: Worker | None = None

    def open_for_matching(self, month: int, rounds: int) -> None:
        """Clear last month's applicants; a vacancy posted this month offers from the week of its posting day on
        (a round's offers are made, and hires happen, at the end of its week)."""
        self.applicants = []
        self.next_applicant = 0
        self.first_round = math.floor(self.posted_day * rounds / DAYS_PER_MONTH) if self.posted_month == month else 0

    def receive(self, seeker: Worker, screen: float) -> None:
        """An application: keep the applicant if the firm would hire them (fit at least -slack, and
        found suitable in screening: ``screen``, a uniform, below the pass rate)."""
        p = self.firm.model.p
        fit = seeker.skill - self.required_skill
        if self.specialisation != seeker.specialisation:
            fit -= p.cross_specialisation_penalty
        if fit >= -p.skill_slack and screen < p.screening_pass_rate:
            self.applicants.append((fit, seeker))

    def shortlist(self) -> None:
        """Rank the applicants, best fit first (ties: the lower ``unique_id``)."""
        self.applicants.sort(key=lambda applicant: (-applicant[0], applicant[1].unique_id))

    def best_unhired(self, month: int) -> Worker | None:
        """The best applicant not hired this month (hired applicants are never available again)."""
        while self.next_applicant < len(self.applicants):
            seeker = self.applicants[self.next_applicant][1]
            if seeker.hired_month != month:
                return seeker
            self.next_applicant += 1
        return None


class VacancyPool:
    """Vacancies to draw from with probability proportional to (wage / mean wage) ** elasticity;
    cumulative weights built once a month, one bisection per draw."""

    def __init__(self, vacancies: list[Vacancy], mean_wage: float, elasticity: float) -> None:
        self.vacancies = vacancies
        self.cumulative = list(itertools.accumulate((v.wage / mean_wage) ** elasticity for v in vacancies))
        self.total = self.cumulative[-1] if vacancies else 0.0
        self.last = len(vacancies) - 1

    def draw(self, u: float) -> Vacancy:
        """The vacancy the uniform ``u`` picks."""
        position = bisect.bisect_right(self.cumulative, u * self.total)
        return self.vacancies[position if position <= self.last else self.last]


class Firm(mesa.Agent):
    """An AI firm: demand shock, headcount plan, its staff and open vacancies, survey answers.

    Args:
        large: size class (large or SME).
        size_share: base headcount as a share of the size class's mean (entrants start smaller).
    """

    def __init__(self, model, large: bool, size_share: float) -> None:
        super().__init__(model)
        p, rng = model.p, model.rng
        self.large = large
        self.main_specialisation = model.draw_specialisation()
        mean_staff = p.technical_staff_per_sme * (p.large_to_sme_staff_ratio if large else 1.0)
        dispersion = p.firm_size_dispersion
        self.base_headcount = size_share * mean_staff * rng.lognormal(-(dispersion**2) / 2, dispersion)  # jobs
        self.pay_factor = math.exp(rng.normal(0.0, p.firm_pay_premium_sd))
        self.ceiling_premium = p.pay_ceiling_premium_large if large else p.pay_ceiling_premium_sme
        self.required_skill_mean = p.required_skill_mean_large if large else p.required_skill_mean_sme
        self.exit_rate_per_year = p.firm_exit_rate_per_year_large if large else p.firm_exit_rate_per_year_sme
        rho, sd = p.demand_shock_persistence_per_month, p.demand_shock_sd_per_month
        self.demand_shock = rng.normal(0.0, sd / math.sqrt(1 - rho**2))  # log, from its long-run distribution
        self.employees: set[Worker] = set()
        self.vacancies: list[Vacancy] = []  # open, oldest first
        self.target = self.planned = 0
        self.last_difficulty_month = self.last_withdrawal_month = NEVER
        self.difficulty = self.reduced_hiring = self.expansion = False

    def job_specialisation(self) -> int:
        """A new job's specialisation: the firm's main one with the main share, else the market mix."""
        model = self.model
        if model.rng.random() < model.p.main_specialisation_vacancy_share:
            return self.main_specialisation
        return model.draw_specialisation()

    # ------------------------------------------------------ phase 2: labour demand
    def consider_exit(self) -> None:
        """Exit at the size class's monthly hazard: vacancies withdrawn, staff laid off, agent removed."""
        model = self.model
        if model.rng.random() >= model.exit_probability[self.large]:
            return
        model.flows["vacancies_cut"] += len(self.vacancies)
        self.vacancies.clear()
        model.flows["layoffs"] += len(self.employees)
        for worker in list(self.employees):
            worker.lose_job()
        model.flows["firm_exits"] += 1
        self.remove()

    def plan(self) -> None:
        """Demand shock and plan; cut, age and withdraw vacancies; post the gap."""
        model, p = self.model, self.model.p
        month = model.month
        rho = p.demand_shock_persistence_per_month
        self.demand_shock = rho * self.demand_shock + p.demand_shock_sd_per_month * model.rng.normal()
        spec = self.main_specialisation
        target = self.base_headcount * model.demand_now[spec] * math.exp(self.demand_shock)
        planned = self.base_headcount * model.demand_ahead[spec] * math.exp(model.rho_ahead * self.demand_shock)
        self.target = int(target + 0.5)
        self.planned = int(planned + 0.5)
        gap = self.target - len(self.employees) - len(self.vacancies)
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
        """A new vacancy: required skill around the firm's mean moved with the workforce, market pay for
        it times the firm's premium, a ceiling the firm's ceiling premium above, a uniform posting day."""
        model = self.model
        rng = model.rng
        spec = self.job_specialisation()
        mean = min(max(self.required_skill_mean + model.requirement_upgrade, 0.01), 0.99)
        concentration = model.p.required_skill_concentration
        required = rng.beta(mean * concentration, (1 - mean) * concentration)
        pay = model.market_pay(required) * self.pay_factor
        ceiling = pay * (1 + self.ceiling_premium)
        self.vacancies.append(Vacancy(self, spec, required, pay, ceiling, model.month, rng.random() * DAYS_PER_MONTH))
        model.flows["vacancies_posted"] += 1

    # --------------------------------------------------------- phase 7: survey
    def answer_survey(self) -> None:
        """This month's answers to the HKPC questions."""
        month, window = self.model.month, self.model.p.window_months
        self.difficulty = month - self.last_difficulty_month < window
        self.reduced_hiring = month - self.last_withdrawal_month < window
        self.expansion = self.planned > self.target


class Worker(mesa.Agent):
    """A worker: employed, unemployed (searching) or in an adjacent sector; removed on leaving Hong Kong.

    ``wage``, ``reservation_wage`` and ``threshold`` (the lowest pay it accepts in this month's search)
    are HK$ a month; ``visa_expiry`` is a month number (imported talent only).
    """

    def __init__(
        self, model, status, origin, specialisation, skill, employer=None, wage=0.0, months_in_status=0,
    ):  # fmt: skip
        super().__init__(model)
        self.status = status
        self.origin = origin
        self.specialisation = specialisation
        self.skill = skill
        self.employer = employer
        if employer is not None:
            employer.employees.add(self)
        self.wage = wage
        self.reservation_wage = model.p.reservation_wage_ratio * model.market_pay(skill)
        self.months_in_status = months_in_status
        self.entry_month = model.month
        self.visa_expiry = NEVER
        self.visa_terms = 0
        self.threshold = 0.0
        self.offer: Vacancy | None = None
        self.hired_month = NEVER

    # ---------------------------------------------- phase 3: visas and hazards
    def meet_events(self) -> None:
        """Visa expiry wherever the worker is; then, in the AI labour force, competing monthly hazards."""
        model = self.model
        if self.visa_expiry == model.month and not self.renew_visa():
            self.depart("visa_departures")
            return
        if self.status == ADJACENT:
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
                self.lose_job()
        elif u < retire + model.p.exit_to_other_sectors_per_month:
            self.status = ADJACENT
            self.months_in_status = 0
            model.flows["exits_to_other_sectors"] += 1

    def renew_visa(self) -> bool:
        """Apply to extend (probability by situation and, after a first term in AI, by pay against a
        reference that moves with the market pay level); approved applications extend the stay."""
        model, p = self.model, self.model.p
        if self.status != EMPLOYED:
            apply = p.renewal_apply_share_not_in_ai
        elif self.visa_terms > 1:
            apply = p.renewal_apply_share_later_terms
        else:
            reference = p.renewal_reference_pay_hkd_month * model.pay_level
            logit = model.renewal_logit + p.renewal_pay_elasticity * math.log(self.wage / reference)
            apply = 1.0 / (1.0 + math.exp(-logit))
        u = model.rng.random()
        model.flows["visa_expiries"] += 1
        if u < apply * p.renewal_approval_share:
            self.visa_expiry = model.month + p.visa_extension_months
            self.visa_terms += 1
            model.flows["visa_extensions"] += 1
            return True
        model.flows["visa_refusals" if u < apply else "visa_not_applied"] += 1
        return False

    def leave_employer(self) -> None:
        self.employer.employees.discard(self)
        self.employer = None
        self.wage = 0.0
        self.model.flows["separations"] += 1  # every job ending, as talentgap counts them

    def lose_job(self) -> None:
        """A separation into unemployment (or a layoff when the firm exits)."""
        self.leave_employer()
        self.start_search()

    def depart(self, flow: str) -> None:
        """Leave Hong Kong (or retire): the agent is removed."""
        if self.status == EMPLOYED:
            self.leave_employer()
        self.model.flows[flow] += 1
        self.remove()

    def start_search(self) -> None:
        self.status = UNEMPLOYED
        self.months_in_status = 0
        self.reservation_wage = self.model.p.reservation_wage_ratio * self.model.market_pay(self.skill)

    # ------------------------------------------------- phase 4: career switching
    def consider_switching(self) -> None:
        """An adjacent-sector worker switches careers into AI job search (from this month)."""
        model = self.model
        if self.status == ADJACENT and model.rng.random() < model.switching_probability:
            self.start_search()
            self.entry_month = model.month
            model.flows["career_switchers"] += 1
            model.flows["entrants"] += 1

    # ---------------------------------------------------------- phase 5: matching
    def wants_to_search(self) -> bool:
        """Whether the worker searches this month, setting ``threshold``: the unemployed (not in the month
        they lost their job) at their reservation wage; the employed after a match shock at their wage
        (a lateral move), or else with the on-the-job search rate at their wage plus the switch premium."""
        model, p = self.model, self.model.p
        if self.status == UNEMPLOYED:
            self.threshold = self.reservation_wage
            return self.months_in_status >= 1 or self.entry_month == model.month
        if self.status != EMPLOYED:
            return False
        u = model.rng.random()
        if u < p.match_shock_rate_per_month:
            self.threshold = self.wage
            return True
        if u < model.climbing_cutoff:
            self.threshold = self.wage * (1 + p.job_switch_wage_premium)
            return True
        return False

    def apply(self) -> None:
        """View vacancies and apply to up to ``applications_per_seeker`` whose pay reaches the threshold,
        whose required skill is within reach and which are not at its own employer; one uniform per
        view, one per application (screening)."""
        model, p = self.model, self.model.p
        everywhere = model.all_vacancies
        own = model.pools[self.specialisation]
        if not own.vacancies:
            own = everywhere
        share = p.own_specialisation_search_share
        reach = self.skill + p.skill_slack
        viewed, most = p.vacancies_viewed_per_seeker, p.applications_per_seeker
        u = model.rng.random(viewed + most).tolist()  # this seeker's draws for its month of search
        sent = 0
        for x in u[:viewed]:
            if sent == most:
                break
            vacancy = own.draw(x / share) if x < share else everywhere.draw((x - share) / (1.0 - share))
            if vacancy.wage < self.threshold or vacancy.required_skill > reach or vacancy.firm is self.employer:
                continue
            vacancy.receive(self, u[viewed + sent])
            sent += 1
        model.applications += sent

    def consider_offer(self, vacancy: Vacancy) -> None:
        """Keep the best-paid offer of the round (ties: the first)."""
        if self.offer is None or vacancy.wage > self.offer.wage:
            self.offer = vacancy

    def accept(self, offer_round: int) -> None:
        self.model.hire(self, self.offer, offer_round)
        self.offer = None

    # ---------------------------------------------------------- phase 6: learning
    def learn(self) -> None:
        """A month in status; the employed learn (pay follows skill and the pay level's running peak); the
        unemployed lower their reservation wage to a floor."""
        model = self.model
        self.months_in_status += 1
        if self.status == EMPLOYED:
            learned = min(1.0, self.skill + model.skill_step)
            self.wage *= math.exp(model.log_pay_gradient * (learned - self.skill)) * model.pay_level_growth
            self.skill = learned
        elif self.status == UNEMPLOYED:
            floor = model.p.reservation_wage_floor_ratio * model.market_pay(self.skill)
            self.reservation_wage = max(floor, self.reservation_wage * (1.0 - model.p.reservation_wage_decay_per_month))
