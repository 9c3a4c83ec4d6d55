"""A plain-Mesa peer of talentgap's labour market, for ``benchmarks/peer_comparison.py``.

The same labour market as :class:`abm.core.model.TalentModel`, written the way a Mesa 3.5 user
would write it: every worker and every firm is a :class:`mesa.Agent` subclass with its
logic in Python methods (``plain_mesa_agents``), vacancies are plain Python objects in per-firm
lists, phases run through ``AgentSet.do``/``shuffle_do``/``select``, results go to a
``mesa.DataCollector``, and every draw comes from the model's ``self.rng`` (``mesa.Model(rng=seed)``;
Mesa's own ``shuffle_do`` shuffles with ``model.random``, seeded from the same seed). No NumPy
arrays in the step, no numba, no struct-of-arrays. It exists to measure what talentgap's design
buys; it is not used by the model.

What it mirrors (same order of phases, same formulas, the parameter values of the default
scenario, ``plain_mesa_parameters.PeerParameters``: the calibration of 2026-11-28, stage 5):

- Setup and burn-in (``abm.core.population``): the clock starts at talentgap's first simulated
  month (2018-01, 60 months before the first recorded one) with talentgap's count of firms then
  (1,000 x scale in 2025 discounted at the firms' net growth); firms 25% large (10 times an SME's
  14.7 technical staff), base headcount lognormal around the class mean, a pay premium and ceiling,
  a required-skill mean, an AR(1) log demand shock; the employed at the firms (95% of demand), the
  unemployed (2.9%), the adjacent-sector pool (20,000 x scale); imported workers' visas expire
  within 24 months.
- 1. Drivers: AI adoption only (the default scenario's other drivers are off).
- 2. Labour demand (``abm.core.firm_dynamics``, ``abm.core.kernels.firm_demand``,
  ``abm.core.kernels.vacancy_aging``, ``abm.core.population.post_vacancies``): firms exit at 8%
  (SMEs) or 2% (large) a year, their vacancies withdrawn and staff laid off; new firms enter
  (Poisson) so that the number of firms grows 10.3% a year net of exits (5% large, at half the
  class's size; entry falls with the pay level above its trend, elasticity 2.4); target = base x
  adoption x pay level^-0.5 x exp(shock), and a 12-month plan; the gap to staff + open vacancies is
  posted, an excess withdraws the newest open ones; open vacancies raise their offer (up to the
  ceiling) and relax their requirement monthly, mark the firm as having difficulty at 3 months and
  are withdrawn unfilled at 6. New vacancies ask for skill around the firm's mean moved by the
  employed workforce's mean skill growth since the start (``requirement_follows_workforce`` 0.53 of
  it), pay market pay for it, and are posted on a uniform day.
- 3. Worker events (``abm.core.worker_events``, ``abm.core.kernels.worker_flows``): an imported
  worker whose visa expires, wherever they are, applies to extend with a probability by situation
  (employed in AI after a first term: logistic in log pay against HK$50,000 x the pay level; later
  terms 0.9; not employed in AI 0.2), 94% approved for 36 months, the rest leave; then one uniform
  for the competing hazards: emigration by origin, retirement, separation into unemployment
  (employed) or exit to another sector (unemployed).
- 4. Inflows: graduates each July (three programmes, non-local graduates staying with probability
  0.5); career switching from the adjacent pool at 8.8% a year x the pay level; imported talent
  (the status-quo talent admission, Poisson, from 2018-03).
- 5. Matching (``abm.core.job_search``, ``abm.core.kernels.matching``): the unemployed search (not in
  the month they lost their job), at their reservation wage; of the employed, 23.8% after a match
  shock accept a lateral move (their wage), and 23.0% of the others look for 10% more. Each seeker
  views 9 vacancies (one uniform each: 75% from its own specialisation's pool), drawn with
  probability proportional to (wage / mean wage)^2, and applies to up to 19 (so to every one) whose pay
  reaches its threshold, whose requirement is within its skill + 0.38 and which are not at its own employer; a
  vacancy keeps the applicants with fit (skill - required - 0.25 across specialisations) at least
  -0.38 whom screening finds suitable (one uniform per application, 29%). Four weekly offer
  rounds: each unfilled vacancy able to offer (posted before the round's day) offers to its best
  applicant not yet hired; each seeker accepts the best-paid offer and is hired that round; a
  vacancy whose applicant went elsewhere offers to its next one in the next round. Days to fill
  count from the posting day to the round's end.
- 6. Learning (``abm.core.kernels.learning``): the market pay level moves with the vacancy rate
  against 3%, up and (with downward flexibility 1) down; the employed learn and their pay follows
  skill and the pay level's running peak (never cut; a recovery raises it only past the old peak);
  unemployed reservation wages decay to a floor.
- 7. Survey (``abm.core.metrics``): difficulty, reduced hiring, expansion; shares weighted 25%
  large firms / 75% SMEs, over the firms in the market.

Where it simplifies:

- Departed workers and exited firms are removed (``agent.remove()``), as a Mesa user would;
  talentgap keeps their rows and skips them.
- No policies other than talent admission at its status-quo size: none of the status quo's
  reskilling subsidy (some 30 reskilled seekers a month at scale 1), research-talent subsidy
  (wage top-ups on a few vacancies) or internships (July hires), no government budget, no policy
  hooks; only the AI-adoption driver. Measured against talentgap with those three switched off
  (scale 1, 2023-2024, 8 talentgap and 6 peer seeds), the peer's levels agree within the seeds' spread.
- Graduate cohorts are this year's expected output rather than cohorts admitted years
  earlier; no university agents. Firms draw no sector (talentgap draws one; nothing uses it).
- The monthly record holds the survey shares and a census of counts: no wage quantiles, no
  stratified 216-firm sample, no fiscal account (talentgap's monthly record does that work too,
  so leaving it out flatters the peer a little).
- One generator rather than talentgap's per-component, per-month streams, so numbers differ draw
  by draw. Ties (equal fit or pay, rare with continuous draws) break by creation order or the
  peer's vacancy order, not talentgap's row and pool order.
"""

from __future__ import annotations

import bisect
import itertools
import math
import statistics
from collections import Counter

import mesa
from mesa.agent import AgentSet
from plain_mesa_agents import Firm, Vacancy, VacancyPool, Worker
from plain_mesa_parameters import (
    ADJACENT,
    ADOPTION_BASE_MONTH,
    DAYS_PER_MONTH,
    EMPLOYED,
    ENTRY_TREND_BASE_MONTH,
    FIRM_COUNT_MONTH,
    FROM_ADJACENT,
    GRADUATION_MONTH,
    IMPORTED,
    LOCAL_GRADUATE,
    N_SPECIALISATIONS,
    NONLOCAL_GRADUATE,
    STATUS_QUO_START,
    UNEMPLOYED,
    PeerParameters,
    monthly_probability,
)

__all__ = ["STATUS_QUO_START", "PlainMesaMarket", "build_peer"]


class PlainMesaMarket(mesa.Model):
    """The peer model; one ``step()`` is one month. Build it with :func:`build_peer`."""

    def __init__(
        self,
        scale: float = 1.0,
        seed: int = 0,
        start_month: int | None = None,
        parameters: PeerParameters | None = None,
    ) -> None:
        super().__init__(rng=seed)
        p = self.p = parameters or PeerParameters()
        self.scale = scale
        self.month = STATUS_QUO_START if start_month is None else start_month
        self.pay_level = 1.0  # market pay level, 1 on the 2023 wage schedule
        self.pay_level_peak = 1.0  # the pay level's highest so far: incumbents' pay follows it
        self.pay_level_growth = 1.0  # this month's rise of incumbents' pay (the peak's)
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
        self.exit_probability = {
            True: monthly_probability(p.firm_exit_rate_per_year_large),
            False: monthly_probability(p.firm_exit_rate_per_year_sme),
        }
        self.climbing_cutoff = p.match_shock_rate_per_month + (1 - p.match_shock_rate_per_month) * (
            p.on_the_job_search_rate_per_month
        )
        self.renewal_logit = math.log(p.renewal_apply_share_employed / (1 - p.renewal_apply_share_employed))
        self.flows: Counter[str] = Counter()
        self.applications = self.seekers = 0
        self.employed = self.unemployed = 0
        self.time_to_fill: list[float] = []
        self.pools: list[VacancyPool] = []
        self.all_vacancies = VacancyPool([], 1.0, 1.0)
        self.requirement_upgrade = 0.0
        self.switching_probability = 0.0
        self.apply_drivers()
        self._build_population()
        self.starting_employed_skill = self.employed_mean_skill() or 0.0
        self.difficulty_share = self.reduced_hiring_share = self.expansion_share = float("nan")
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "month": "month", "difficulty_share": "difficulty_share",
                "reduced_hiring_share": "reduced_hiring_share", "expansion_share": "expansion_share",
                "employed": "employed", "unemployed": "unemployed", "vacancies": "open_vacancies",
                "unemployment_rate": lambda m: m.unemployed / max(m.employed + m.unemployed, 1),
                "seekers": "seekers", "applications": "applications", "firms_active": lambda m: len(m.firms),
                "hires": lambda m: m.flows["hires"], "job_to_job": lambda m: m.flows["job_to_job"],
                "separations": lambda m: m.flows["separations"], "market_pay_level": "pay_level",
                "time_to_fill_days": lambda m: statistics.median(m.time_to_fill) if m.time_to_fill else math.nan,
                "flows": lambda m: dict(m.flows),
            }
        )  # fmt: skip

    @property
    def firms(self) -> AgentSet:
        return self.agents_by_type[Firm]

    @property
    def workers(self) -> AgentSet:
        return self.agents_by_type[Worker]

    @property
    def open_vacancies(self) -> int:
        return sum(len(firm.vacancies) for firm in self.firms)

    # --------------------------------------------------------------- the month
    def step(self) -> None:
        self.flows.clear()
        self.applications = 0
        self.time_to_fill = []
        self.apply_drivers()  # 1. drivers
        self.update_labour_demand()  # 2. firm exit and entry, labour demand, vacancies
        self.workers.do("meet_events")  # 3. visa renewals, separations, departures, exits
        self.admit_entrants()  # 4. graduates (July), career switchers, imported talent
        self.match()  # 5. applications, weekly offer rounds
        self.learn()  # 6. pay level, learning, reservation wages
        self.collect_metrics()  # 7. survey and record
        self.month += 1

    def apply_drivers(self) -> None:
        """Labour demand multipliers now and a plan-horizon ahead, by specialisation, with the pay level's effect."""
        p = self.p
        pay_effect = self.pay_level**-p.labour_demand_pay_elasticity
        self.demand_now = [self.adoption(self.month) * pay_effect] * N_SPECIALISATIONS
        self.demand_ahead = [self.adoption(self.month + p.expansion_horizon_months) * pay_effect] * N_SPECIALISATIONS

    def adoption(self, month: int) -> float:
        return (1.0 + self.p.ai_adoption_growth_per_year) ** ((month - ADOPTION_BASE_MONTH) / 12.0)

    def update_labour_demand(self) -> None:
        self.firms.shuffle_do("consider_exit")
        self.enter_firms()
        self.requirement_upgrade = self.workforce_skill_growth() * self.p.requirement_follows_workforce
        self.firms.shuffle_do("plan")

    def enter_firms(self) -> None:
        """Poisson entrants: mean (net growth x firms + expected exits) / 12 x (pay level / trend) ^ -elasticity."""
        p = self.p
        expected_exits = sum(firm.exit_rate_per_year for firm in self.firms)
        trend = (1 + p.entry_reference_pay_growth_per_year) ** ((self.month - ENTRY_TREND_BASE_MONTH) / 12)
        deterrence = min(p.firm_entry_max_multiple, (self.pay_level / trend) ** -p.firm_entry_pay_elasticity)
        expected = (p.firm_net_growth_per_year * len(self.firms) + expected_exits) / 12 * deterrence
        entrants = int(self.rng.poisson(max(expected, 0.0)))
        for _ in range(entrants):
            Firm(self, self.rng.random() < p.entrant_large_share, p.entrant_size_share)
        self.flows["firm_entries"] += entrants

    def workforce_skill_growth(self) -> float:
        """The employed's mean skill now less at the start (0 when the mechanism is off or nobody is employed)."""
        if self.p.requirement_follows_workforce == 0:
            return 0.0
        skill = self.employed_mean_skill()
        return 0.0 if skill is None else skill - self.starting_employed_skill

    def employed_mean_skill(self) -> float | None:
        """Mean skill of the employed (None when nobody is)."""
        employed = self.workers.select(lambda worker: worker.status == EMPLOYED)
        return employed.agg("skill", statistics.fmean) if len(employed) else None

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
                        self.new_seeker(origin, spec, self.draw_skill(skill_mean, p.graduate_skill_concentration))
                    self.flows["graduates"] += count
        self.switching_probability = min(
            1.0, p.adjacent_entry_rate_per_year / 12 * self.pay_level**p.adjacent_entry_pay_elasticity
        )
        self.workers.do("consider_switching")
        if self.month >= STATUS_QUO_START + p.processing_lag_months:
            arrivals = int(rng.poisson(p.imported_per_month * self.scale))
            for _ in range(arrivals):
                worker = self.new_seeker(IMPORTED, self.draw_specialisation(), self.draw_skill(p.imported_skill_mean))
                worker.visa_expiry = self.month + p.visa_term_months
                worker.visa_terms = 1
            self.flows["imported"] += arrivals

    def nonlocal_share(self, programme: str, intake_year: int) -> float:
        p = self.p
        if programme != "undergraduate":
            return p.nonlocal_share_postgraduate
        return p.nonlocal_share_from_2024 if intake_year >= 2024 else p.nonlocal_share_undergraduate

    def match(self) -> None:
        """Applications, then weekly offer rounds (see the module docstring)."""
        p = self.p
        seekers = self.workers.select(lambda worker: worker.wants_to_search())
        self.seekers = len(seekers)
        by_specialisation: list[list[Vacancy]] = [[] for _ in range(N_SPECIALISATIONS)]
        for firm in self.firms:
            for vacancy in firm.vacancies:
                by_specialisation[vacancy.specialisation].append(vacancy)
        vacancies = [vacancy for pool in by_specialisation for vacancy in pool]  # pool order
        if not vacancies or not seekers:
            return
        for vacancy in vacancies:
            vacancy.open_for_matching(self.month, p.offer_rounds_per_month)
        mean_wage = sum(vacancy.wage for vacancy in vacancies) / len(vacancies)
        elasticity = p.wage_elasticity_of_applications
        self.all_vacancies = VacancyPool(vacancies, mean_wage, elasticity)
        self.pools = [VacancyPool(pool, mean_wage, elasticity) for pool in by_specialisation]
        seekers.do("apply")
        self.offer_rounds([vacancy for vacancy in vacancies if vacancy.applicants])

    def offer_rounds(self, waiting: list[Vacancy]) -> None:
        """Each round, every unfilled vacancy able to offer offers to its best applicant not yet hired;
        each seeker offered a job accepts the best-paid offer and is hired in that round."""
        for vacancy in waiting:
            vacancy.shortlist()
        for offer_round in range(self.p.offer_rounds_per_month):
            offered, still_waiting = [], []
            for vacancy in waiting:
                if vacancy.first_round > offer_round:
                    still_waiting.append(vacancy)
                    continue
                seeker = vacancy.best_unhired(self.month)
                if seeker is None:  # every applicant hired: nobody left to offer to, this month
                    continue
                if seeker.offer is None:
                    offered.append(seeker)
                seeker.consider_offer(vacancy)
                still_waiting.append(vacancy)
            for seeker in offered:
                seeker.accept(offer_round)
            waiting = [vacancy for vacancy in still_waiting if vacancy.hired is None]

    def hire(self, worker: Worker, vacancy: Vacancy, offer_round: int) -> None:
        """Fill ``vacancy`` with ``worker`` at the end of ``offer_round``'s week."""
        firm = vacancy.firm
        if worker.status == EMPLOYED:
            worker.leave_employer()
            self.flows["job_to_job"] += 1
        else:
            self.flows["hires_from_unemployment"] += 1
        firm.vacancies.remove(vacancy)
        vacancy.hired = worker
        firm.employees.add(worker)
        worker.status = EMPLOYED
        worker.employer = firm
        worker.wage = vacancy.wage
        worker.months_in_status = 0
        worker.hired_month = self.month
        self.flows["hires"] += 1
        day = (offer_round + 1) * DAYS_PER_MONTH / self.p.offer_rounds_per_month
        self.time_to_fill.append((self.month - vacancy.posted_month) * DAYS_PER_MONTH + day - vacancy.posted_day)

    def learn(self) -> None:
        """The pay level follows the vacancy rate against the reference, both ways; then every worker learns."""
        p = self.p
        employed = sum(len(firm.employees) for firm in self.firms)
        vacancies = self.open_vacancies
        vacancy_rate = vacancies / (vacancies + employed) if vacancies + employed else 0.0
        excess = vacancy_rate - p.reference_vacancy_rate
        speed = p.wage_adjustment_per_month * (1.0 if excess > 0 else p.pay_downward_flexibility)
        growth = math.exp(speed * excess)
        self.pay_level *= growth
        peak = max(self.pay_level_peak, self.pay_level)
        self.pay_level_growth = peak / self.pay_level_peak
        self.pay_level_peak = peak
        self.workers.do("learn")

    def collect_metrics(self) -> None:
        """Every firm answers the survey; the weighted shares and the census of workers are recorded."""
        self.firms.do("answer_survey")
        weight = self.p.large_firm_weight
        large = self.firms.select(lambda firm: firm.large)
        smes = self.firms.select(lambda firm: not firm.large)
        for question in ("difficulty", "reduced_hiring", "expansion"):
            if len(large) and len(smes):
                share = weight * large.agg(question, statistics.fmean) + (1 - weight) * smes.agg(
                    question, statistics.fmean
                )
            else:
                share = self.firms.agg(question, statistics.fmean)
            setattr(self, f"{question}_share", share)
        census = Counter(self.workers.get("status"))
        self.employed, self.unemployed = census[EMPLOYED], census[UNEMPLOYED]
        self.datacollector.collect(self)

    # --------------------------------------------------------------- helpers
    def market_pay(self, skill: float) -> float:
        """Market pay (HK$ a month) for ``skill``: fresh-graduate pay x pay level x exp(gradient x skill)."""
        return self.p.fresh_graduate_hkd_month * self.pay_level * math.exp(self.log_pay_gradient * skill)

    def draw_specialisation(self, skip_research: bool = False) -> int:
        u = self.rng.random()
        if skip_research:  # the mix without research, renormalised
            first = self.specialisation_cumulative[0]
            u = first + u * (1.0 - first)
        return min(bisect.bisect_right(self.specialisation_cumulative, u), N_SPECIALISATIONS - 1)

    def draw_origin(self) -> int:
        return min(bisect.bisect_right(self.origin_cumulative, self.rng.random()), len(self.origin_cumulative) - 1)

    def draw_skill(self, mean: float, concentration: float | None = None) -> float:
        concentration = concentration or self.p.skill_concentration
        mean = min(max(mean, 0.01), 0.99)
        return float(self.rng.beta(mean * concentration, (1 - mean) * concentration))

    def new_seeker(self, origin: int, specialisation: int, skill: float) -> Worker:
        self.flows["entrants"] += 1
        return Worker(self, UNEMPLOYED, origin, specialisation, skill)

    def _build_population(self) -> None:
        """The starting firms and workers, as ``abm.core.population`` draws them."""
        p, rng = self.p, self.rng
        years_to_count = (FIRM_COUNT_MONTH - self.month) / 12
        n_firms = max(1, round(p.firms_at_scale_1 * self.scale * (1 + p.firm_net_growth_per_year) ** -years_to_count))
        large = (rng.random(n_firms) < p.large_firm_share).tolist()
        firms = Firm.create_agents(self, n_firms, large=large, size_share=1.0)
        adoption = self.adoption(self.month)
        for firm in firms:
            demand = firm.base_headcount * adoption * math.exp(firm.demand_shock)
            for _ in range(math.floor(demand * (1 - p.initial_vacancy_rate) + rng.random())):
                skill = self.draw_skill(firm.required_skill_mean)
                Worker(
                    self, EMPLOYED, self.draw_origin(), firm.job_specialisation(), skill, employer=firm,
                    wage=self.market_pay(skill) * firm.pay_factor,
                    months_in_status=int(rng.integers(0, p.initial_tenure_months)),
                )  # fmt: skip
        n_employed = len(self.workers)
        rate = p.initial_unemployment_rate
        for _ in range(round(n_employed * rate / (1 - rate))):
            skill = self.draw_skill(p.initial_unemployed_skill_mean)
            Worker(self, UNEMPLOYED, self.draw_origin(), self.draw_specialisation(), skill)
        for _ in range(round(p.adjacent_pool_at_scale_1 * self.scale)):
            Worker(self, ADJACENT, FROM_ADJACENT, self.draw_specialisation(), self.draw_skill(p.adjacent_skill_mean))
        for worker in self.workers.select(lambda worker: worker.origin == IMPORTED):
            worker.visa_expiry = self.month + int(rng.integers(1, p.visa_term_months + 1))
            worker.visa_terms = 1


def _stochastic_round(value: float, rng) -> int:
    """``floor(value)`` plus one with probability equal to the fraction."""
    whole = math.floor(value)
    return whole + int(rng.random() < value - whole)


def build_peer(scale: float, seed: int, start_month: int | None = None) -> PlainMesaMarket:
    """The peer at talentgap's ``scale`` (1.0: Hong Kong). Its clock starts at ``start_month`` (a talentgap
    month number; default talentgap's first simulated month, 2018-01, so that stepping it to 2023-01 runs
    talentgap's 60-month burn-in). Starting later skips part of the burn-in: the market then holds the
    starting firms only (no smaller entrants yet) at pay level 1, and differs from talentgap's then."""
    return PlainMesaMarket(scale, seed=seed, start_month=start_month)
