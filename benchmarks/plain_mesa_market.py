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

import mesa
from mesa.agent import AgentSet
from plain_mesa_agents import (
    ADJACENT,
    ADOPTION_BASE_MONTH,
    EMPLOYED,
    FIRST_RECORDED_MONTH,
    FROM_ADJACENT,
    GRADUATION_MONTH,
    IMPORTED,
    LOCAL_GRADUATE,
    N_SPECIALISATIONS,
    NONLOCAL_GRADUATE,
    UNEMPLOYED,
    Firm,
    PeerParameters,
    Vacancy,
    VacancyPool,
    Worker,
    monthly_probability,
)


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
