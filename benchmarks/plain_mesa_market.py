"""A plain-Mesa peer of talentgap's labour market, for ``benchmarks/peer_comparison.py``.

The same labour market as :class:`abm.core.model.TalentModel`, written the way a Mesa 3.5 user
would write it: every worker and every firm is a :class:`mesa.Agent` subclass with its
logic in Python methods, vacancies are plain Python objects in per-firm lists, phases run
through ``AgentSet.do``/``shuffle_do``/``select``, results go to a ``mesa.DataCollector``,
and every draw comes from the model's ``self.rng`` (``mesa.Model(rng=seed)``; Mesa's own
``shuffle_do`` shuffles with ``model.random``, seeded from the same seed). No NumPy
arrays in the step, no numba, no struct-of-arrays. It exists to measure what
talentgap's design buys; it is not used by the model.

What it mirrors (same order of phases, same formulas, the parameter values of the default
scenario as calibrated in ``abm/data/calibrated.toml`` on 2026-11-24, copied into
:class:`PeerParameters`):

- Firms (``abm.core.population.build_firms``): 25% large; main specialisation from the market
  mix; base headcount = size-class mean x lognormal(-0.125, 0.5); a pay premium; a log
  demand shock following an AR(1). Each month (``abm.core.kernels.firm_demand``): target =
  base x AI-adoption multiplier x pay level^-0.5 x exp(shock), and a 12-month plan; the gap
  to staff + open vacancies is posted as new vacancies, an excess withdraws the newest
  open ones (``abm.core.kernels.vacancy_aging``); open vacancies raise their offer (up to the
  firm's ceiling) and relax their requirement each month, mark the firm as having
  difficulty once 3 months old and are withdrawn unfilled at 6 months.
- Workers (``abm.core.population.build_workers``): the employed at the firms, the unemployed
  (2.9%) and the adjacent-sector pool, which is iterated every month like talentgap's rows.
  Monthly competing hazards with one uniform (``abm.core.kernels.worker_flows``): emigration by
  origin, retirement, separation into unemployment (employed), exit to another sector
  (unemployed); visa expiry of imported talent; career switching from the adjacent pool.
- Entrants: graduates each July (the three university programmes' AI-relevant output,
  non-local graduates staying with probability 0.5) and imported talent every month
  (the status-quo talent-admission scheme, Poisson).
- Matching (``abm.core.kernels.matching``): seekers are the unemployed plus each employed worker
  with probability 0.14; each views 17 vacancies, drawn with probability proportional
  to (wage / mean wage)^2 from its own specialisation's vacancies with probability 0.75 and
  from all otherwise, and applies to at most 10 of them whose wage meets its reservation
  wage (employed: wage x 1.1) and whose required skill is at most its skill + slack. Each
  vacancy offers to its best-fitting applicant (fit = skill - required skill - 0.25 across
  specialisations, at least -slack; ties to the lower ``unique_id``); each seeker accepts
  the best-paid offer (ties to the lower vacancy id).
- Learning (``abm.core.kernels.learning``): the market pay level rises with the vacancy rate
  above 3%; the employed learn and their pay follows; unemployed reservation wages decay to a floor.
- Survey (``abm.core.metrics``): difficulty = a vacancy older than 3 months or withdrawn
  unfilled in the trailing 12 months; reduced hiring; expansion; shares weighted 25% large
  firms / 75% SMEs.

Where it simplifies:

- Departed workers are removed from the model (``agent.remove()``), as a Mesa user would;
  talentgap keeps their rows and skips them.
- No policies other than talent admission at its status-quo size: no reskilling subsidy,
  research-talent subsidy or internships, no government budget, no policy hooks; only the
  AI-adoption driver (the default scenario's other drivers are off). Without the reskilled
  entrants the peer has fewer unemployed than talentgap, hence some 15% fewer job seekers
  a month (which flatters the peer's time a little).
- Graduate cohorts are this year's expected output rather than cohorts admitted years
  earlier; no university agents.
- The monthly record holds the survey shares and a few counts (no wage quantiles, no
  stratified 216-firm sample); the random streams are one generator, not talentgap's
  per-component, per-month streams, so numbers differ draw by draw.
"""

from __future__ import annotations

import bisect
import itertools
import math
import statistics
from collections import Counter
from dataclasses import dataclass

import mesa
from mesa.agent import AgentSet

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


class PlainMesaMarket(mesa.Model):
    """The peer model; one ``step()`` is one month. Build it with :func:`build_peer`."""

    def __init__(self, n_workers: int, n_firms: int, seed: int = 0, start_month: int | None = None,
                 parameters: PeerParameters | None = None) -> None:  # fmt: skip
        super().__init__(rng=seed)
        p = self.p = parameters or PeerParameters()
        self.scale = n_firms / 1000.0  # talentgap's scale: 1,000 firms at scale 1
        self.month = FIRST_RECORDED_MONTH if start_month is None else start_month
        self.pay_level = 1.0
        self.pay_level_growth = 1.0
        self.log_pay_gradient = math.log(p.top_skill_hkd_month / p.fresh_graduate_hkd_month)
        self.skill_step = p.skill_growth_per_year / 12
        self.rho_ahead = p.demand_shock_persistence_per_month**p.expansion_horizon_months
        self.specialisation_cumulative = list(itertools.accumulate(p.specialisation_mix))
        self.origin_cumulative = list(itertools.accumulate(p.origin_mix))
        emigration = monthly_probability(p.local_emigration_rate_per_year)
        self.emigration_probability = [emigration] * 4
        self.emigration_probability[IMPORTED] = monthly_probability(p.imported_departure_rate_per_year)
        self.retirement_probability = monthly_probability(p.retirement_rate_per_year)
        self.separation_probability = (1 - p.job_to_job_share) / (12 * p.tenure_years)
        self.vacancies_posted = 0
        self.flows: Counter[str] = Counter()
        self.applications = 0
        self.seekers = 0
        self.unemployed = 0
        self.time_to_fill: list[int] = []
        self.pools: list[VacancyPool] = []
        self.all_vacancies = VacancyPool([], 1.0, 1.0)
        self.set_demand_multipliers()
        self._build_population(n_workers, n_firms)
        self.large_firms = self.firms.select(lambda firm: firm.large)
        self.smes = self.firms.select(lambda firm: not firm.large)
        self.difficulty_share = self.reduced_hiring_share = self.expansion_share = float("nan")
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "month": "month", "difficulty_share": "difficulty_share",
                "reduced_hiring_share": "reduced_hiring_share", "expansion_share": "expansion_share",
                "employed": "employed", "unemployed": "unemployed", "vacancies": "open_vacancies",
                "seekers": "seekers", "applications": "applications",
                "hires": lambda m: m.flows["hires"], "job_to_job": lambda m: m.flows["job_to_job"],
                "separations": lambda m: m.flows["separations"], "market_pay_level": "pay_level",
                "time_to_fill_months": lambda m: statistics.median(m.time_to_fill) if m.time_to_fill else math.nan,
            }
        )  # fmt: skip

    @property
    def firms(self) -> AgentSet:
        return self.agents_by_type[Firm]

    @property
    def workers(self) -> AgentSet:
        return self.agents_by_type[Worker]

    # --------------------------------------------------------------- the month
    def step(self) -> None:
        self.flows.clear()
        self.applications = 0
        self.time_to_fill = []
        self.set_demand_multipliers()  # 1. drivers (and the pay level's pull on career switching)
        self.firms.shuffle_do("plan")  # 2. labour demand and vacancies
        self.workers.do("move")  # 3. separations and exits (4. career switching)
        self.admit_entrants()  # 4. graduates (July) and imported talent
        self.match()  # 5. applications, offers, acceptances
        self.learn()  # 6. pay level, learning, reservation wages
        self.firms.do("answer_survey")  # 7. survey and record
        self.record_survey()
        self.datacollector.collect(self)
        self.month += 1

    def set_demand_multipliers(self) -> None:
        p = self.p
        pay_effect = self.pay_level**-p.labour_demand_pay_elasticity
        self.demand_now = [self.adoption(self.month) * pay_effect] * N_SPECIALISATIONS
        self.demand_ahead = [self.adoption(self.month + p.expansion_horizon_months) * pay_effect] * N_SPECIALISATIONS
        self.switching_probability = (
            p.adjacent_entry_rate_per_year / 12 * self.pay_level**p.adjacent_entry_pay_elasticity
        )

    def adoption(self, month: int) -> float:
        return (1.0 + self.p.ai_adoption_growth_per_year) ** ((month - ADOPTION_BASE_MONTH) / 12.0)

    def admit_entrants(self) -> None:
        p, rng = self.p, self.rng
        if self.month % 12 + 1 == GRADUATION_MONTH:
            year = self.month // 12
            for name, per_year, ai_share, length, skill_mean, research_share in p.programmes:
                graduates = per_year * ai_share * self.scale
                nonlocal_share = self.nonlocal_share(name, year - length)
                local = _stochastic_round(graduates * (1 - nonlocal_share), rng)
                staying = int(rng.binomial(_stochastic_round(graduates * nonlocal_share, rng), p.nonlocal_stay_share))
                for origin, count in ((LOCAL_GRADUATE, local), (NONLOCAL_GRADUATE, staying)):
                    for _ in range(count):
                        research = rng.random() < research_share
                        spec = 0 if research else self.draw_specialisation(skip_research=True)
                        self.new_seeker(origin, spec, self.draw_skill(skill_mean, 8.0))
                    self.flows["graduates"] += count
        arrivals = int(rng.poisson(p.imported_per_month * self.scale))
        for _ in range(arrivals):
            worker = self.new_seeker(IMPORTED, self.draw_specialisation(), self.draw_skill(p.imported_skill_mean))
            worker.visa_expiry = self.month + p.visa_term_months
        self.flows["imported"] += arrivals

    def nonlocal_share(self, programme: str, intake_year: int) -> float:
        p = self.p
        if programme != "undergraduate":
            return p.nonlocal_share_postgraduate
        return p.nonlocal_share_from_2024 if intake_year >= 2024 else p.nonlocal_share_undergraduate

    def match(self) -> None:
        """One round of applications, offers and acceptances (see the module docstring)."""
        seekers = self.workers.select(lambda worker: worker.wants_to_search())
        self.seekers = len(seekers)
        vacancies = [vacancy for firm in self.firms for vacancy in firm.vacancies]
        if vacancies:
            self.make_matches(seekers, vacancies)
        self.unemployed = sum(1 for worker in seekers if worker.status == UNEMPLOYED)  # every unemployed searches

    def make_matches(self, seekers: AgentSet, vacancies: list[Vacancy]) -> None:
        p = self.p
        for vacancy in vacancies:
            vacancy.best_fit = -math.inf
            vacancy.best_seeker = None
        mean_wage = sum(vacancy.wage for vacancy in vacancies) / len(vacancies)
        elasticity = p.wage_elasticity_of_applications
        self.all_vacancies = VacancyPool(vacancies, mean_wage, elasticity)
        by_specialisation: list[list[Vacancy]] = [[] for _ in range(N_SPECIALISATIONS)]
        for vacancy in vacancies:
            by_specialisation[vacancy.specialisation].append(vacancy)
        self.pools = [VacancyPool(pool, mean_wage, elasticity) for pool in by_specialisation]
        seekers.do("search")
        for vacancy in vacancies:  # offers
            if vacancy.best_seeker is not None:
                vacancy.best_seeker.consider_offer(vacancy)
        seekers.do("accept")

    def hire(self, worker: Worker, vacancy: Vacancy) -> None:
        firm = vacancy.firm
        if worker.status == EMPLOYED:
            worker.leave_job()
            self.flows["job_to_job"] += 1
        firm.vacancies.remove(vacancy)
        firm.staff += 1
        worker.status = EMPLOYED
        worker.employer = firm
        worker.wage = vacancy.wage
        worker.months_in_status = 0
        self.flows["hires"] += 1
        self.time_to_fill.append(self.month - vacancy.posted_month + 1)

    def learn(self) -> None:
        p = self.p
        employed = sum(firm.staff for firm in self.firms)
        vacancies = sum(len(firm.vacancies) for firm in self.firms)
        vacancy_rate = vacancies / (vacancies + employed) if vacancies + employed else 0.0
        excess = max(vacancy_rate - p.reference_vacancy_rate, 0.0)
        self.pay_level_growth = math.exp(p.wage_adjustment_per_month * excess)
        self.pay_level *= self.pay_level_growth
        self.workers.do("learn")

    def record_survey(self) -> None:
        weight = self.p.large_firm_weight
        for question in ("difficulty", "reduced_hiring", "expansion"):
            if len(self.large_firms) and len(self.smes):
                share = weight * self.large_firms.agg(question, statistics.fmean) + (1 - weight) * self.smes.agg(
                    question, statistics.fmean
                )
            else:
                share = self.firms.agg(question, statistics.fmean)
            setattr(self, f"{question}_share", share)

    @property
    def employed(self) -> int:
        return sum(firm.staff for firm in self.firms)

    @property
    def open_vacancies(self) -> int:
        return sum(len(firm.vacancies) for firm in self.firms)

    # --------------------------------------------------------------- helpers
    def market_pay(self, skill: float) -> float:
        return self.p.fresh_graduate_hkd_month * self.pay_level * math.exp(self.log_pay_gradient * skill)

    def draw_specialisation(self, skip_research: bool = False) -> int:
        u = self.rng.random()
        if skip_research:  # the mix without research, renormalised
            first = self.specialisation_cumulative[0]
            u = first + u * (1.0 - first)
        return min(bisect.bisect_right(self.specialisation_cumulative, u), N_SPECIALISATIONS - 1)

    def draw_skill(self, mean: float, concentration: float | None = None) -> float:
        concentration = concentration or self.p.skill_concentration
        mean = min(max(mean, 0.01), 0.99)
        return float(self.rng.beta(mean * concentration, (1 - mean) * concentration))

    def new_seeker(self, origin: int, specialisation: int, skill: float) -> Worker:
        self.flows["entrants"] += 1
        return Worker(self, UNEMPLOYED, origin, specialisation, skill)

    def _build_population(self, n_workers: int, n_firms: int) -> None:
        """The starting firms and workers, as ``abm.core.population`` draws them (initial draws as
        arrays, then ``create_agents``, as Mesa users set up models)."""
        p, rng = self.p, self.rng
        large = rng.random(n_firms) < p.large_firm_share
        main = rng.choice(N_SPECIALISATIONS, n_firms, p=p.specialisation_mix)
        mean_staff = [p.technical_staff_per_large_firm if is_large else p.technical_staff_per_sme for is_large in large]
        base = [m * f for m, f in zip(mean_staff, rng.lognormal(-0.125, 0.5, n_firms).tolist())]
        rho, sd = p.demand_shock_persistence_per_month, p.demand_shock_sd_per_month
        firms = Firm.create_agents(
            self, n_firms, large=large.tolist(), main_specialisation=main.tolist(), base_headcount=base,
            log_pay_premium=rng.normal(0.0, p.firm_pay_premium_sd, n_firms).tolist(),
            demand_shock=rng.normal(0.0, sd / math.sqrt(1 - rho**2), n_firms).tolist(),
        ).to_list()  # fmt: skip
        employers = []
        for firm in firms:
            demand = firm.base_headcount * self.demand_now[firm.main_specialisation] * math.exp(firm.demand_shock)
            firm.staff = math.floor(demand * (1 - p.initial_vacancy_rate) + rng.random())
            employers.extend([firm] * firm.staff)
        n_employed = len(employers)
        rate = p.initial_unemployment_rate
        n_unemployed = round(n_employed * rate / (1 - rate))
        n_adjacent = n_workers - n_employed - n_unemployed
        if n_adjacent < 0:
            raise ValueError(f"{n_workers} workers cannot staff {n_firms} firms ({n_employed + n_unemployed} needed)")

        def beta(means, count, concentration=p.skill_concentration):
            means = [min(max(m, 0.01), 0.99) for m in means] if isinstance(means, list) else [means] * count
            return rng.beta(
                [m * concentration for m in means], [(1 - m) * concentration for m in means]
            ).tolist() if count else []  # fmt: skip

        def origins(count):
            return rng.choice(4, count, p=p.origin_mix).tolist()

        def specialisations(count):
            return rng.choice(N_SPECIALISATIONS, count, p=p.specialisation_mix).tolist()

        other = specialisations(n_employed)
        own = (rng.random(n_employed) < p.main_specialisation_share).tolist()
        skill = beta([firm.required_skill_mean for firm in employers], n_employed)
        Worker.create_agents(
            self, n_employed, status=EMPLOYED, origin=origins(n_employed),
            specialisation=[f.main_specialisation if o else s for f, o, s in zip(employers, own, other)],
            skill=skill, employer=employers,
            wage=[self.market_pay(s) * f.pay_factor for s, f in zip(skill, employers)],
            months_in_status=rng.integers(0, 36, n_employed).tolist(),
        )  # fmt: skip
        Worker.create_agents(
            self, n_unemployed, status=UNEMPLOYED, origin=origins(n_unemployed),
            specialisation=specialisations(n_unemployed), skill=beta(0.3, n_unemployed),
        )  # fmt: skip
        Worker.create_agents(
            self, n_adjacent, status=ADJACENT, origin=FROM_ADJACENT,
            specialisation=specialisations(n_adjacent), skill=beta(0.15, n_adjacent),
        )  # fmt: skip
        for worker in self.workers:
            if worker.origin == IMPORTED:
                worker.visa_expiry = self.month + int(rng.integers(1, p.visa_term_months + 1))


def _stochastic_round(value: float, rng) -> int:
    whole = math.floor(value)
    return whole + int(rng.random() < value - whole)


def build_peer(n_workers: int, n_firms: int, seed: int, start_month: int | None = None) -> PlainMesaMarket:
    """The peer with ``n_workers`` workers (employed, unemployed and the adjacent-sector pool)
    and ``n_firms`` firms. Its clock starts at ``start_month`` (a talentgap month number;
    default talentgap's first recorded month, 2023-01), where labour demand sets the staffing."""
    return PlainMesaMarket(n_workers, n_firms, seed=seed, start_month=start_month)
