"""The model: Hong Kong's AI talent market, one step per month.

:class:`TalentModel` owns the struct-of-arrays state (:mod:`abm.core.state`) and runs the
monthly step in the order of docs/architecture.md; see :meth:`TalentModel.step`. Each phase is
one named method; the policies it is handed act through hooks called before and after every
phase (``before_matching``, ``after_inflows``...; :mod:`abm.core.phases`). The model builds no
policies: :func:`abm.runs.build_model` builds a scenario's policies and hands them over.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence

import mesa
import numpy as np

from abm.core import firm_dynamics, population, worker_events
from abm.core.agents import Firm, Government, Graduate
from abm.core.calendar import DAYS_PER_MONTH, calendar_month
from abm.core.job_search import seekers_and_thresholds
from abm.core.kernels.firm_demand import update_demand
from abm.core.kernels.learning import learn
from abm.core.kernels.matching import draw_weights, match
from abm.core.kernels.vacancy_aging import age_vacancies
from abm.core.metrics import ask_survey, monthly_record, records_for_policies
from abm.core.parameters import SPECIALISATIONS
from abm.core.phases import PHASES, PolicyHooks
from abm.core.scenario import Scenario
from abm.core.state import (
    FIRM_COLUMNS,
    NO_MONTH,
    VACANCY_COLUMNS,
    WORKER_COLUMNS,
    Origin,
    Status,
    Table,
    VacancyState,
    add_at,
)
from abm.core.streams import stream
from abm.core.universities import build_universities, graduate_cohorts

__all__ = ["PHASES", "TalentModel"]


class TalentModel(mesa.Model):
    """Hong Kong's AI talent market.

    Args:
        scenario: the validated scenario (:func:`abm.runs.default_scenario` is the calibrated
            status quo; ``Scenario()`` is the schema's uncalibrated defaults with no policies).
        seed: the run's one seed (a non-negative integer); every random stream derives from it.
        scale: 1.0 is Hong Kong; firm and people counts are multiplied by it.
        policies: the scenario's enabled policies, built, in the scenario's order (one per
            enabled ``[[policies]]`` entry, with the same keys); :func:`abm.runs.build_model`
            builds them.

    Raises:
        ValueError: a bad seed or scale, or policies that are not the scenario's enabled ones.

    Attributes:
        settings: the run's scenario (Mesa 3.5 reserves ``Model.scenario`` for its own use).
        month: the current month number (see :mod:`abm.core.calendar`); the step simulates it.
        workers, vacancies, firms: the state tables.
        records: one dict per recorded month (the time series).
    """

    def __init__(
        self, scenario: Scenario, seed: int = 0, scale: float = 1.0, policies: Sequence[PolicyHooks] = ()
    ) -> None:
        if seed < 0:
            raise ValueError("seed must be a non-negative integer")
        if not scale > 0 or not math.isfinite(scale):
            raise ValueError("scale must be a positive number")
        enabled = [spec.key for spec in scenario.policies if spec.enabled]
        if [policy.key for policy in policies] != enabled:
            raise ValueError(
                f"the scenario's enabled policies are {enabled}, but the model was handed "
                f"{[policy.key for policy in policies]}: build the model with abm.runs.build_model"
            )
        super().__init__(rng=seed)
        self.settings = scenario
        self.seed = int(seed)
        self.scale = float(scale)
        self.drivers = self.settings.drivers
        self.month = self.settings.calendar.first_simulated
        self.workers = Table(WORKER_COLUMNS, capacity=1024)
        self.vacancies = Table(VACANCY_COLUMNS, capacity=1024)
        self.firms = Table(FIRM_COLUMNS, capacity=1024)
        self.log_pay_gradient = math.log(
            self.settings.wages.top_skill_hkd_month / self.settings.wages.fresh_graduate_hkd_month
        )
        self.pay_level = 1.0  # market pay level, 1.0 at the start (see learn_on_the_job)
        self.pay_level_peak = 1.0  # its highest so far: incumbents' pay follows this, never cut
        self.emigration_multiplier = np.ones(len(Origin))
        self.flows: defaultdict[str, float] = defaultdict(float)
        self.time_to_fill_days = np.zeros(0)  # days from posting to hire, one per hire this month
        self.extender_wages = np.zeros(0)  # wages of the employed whose first visa term was extended this month
        self.last_hires = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        self.entrant_rows: defaultdict[str, list[slice]] = defaultdict(list)
        self.survey_answers: dict[str, np.ndarray] = {}
        self.records: list[dict] = []
        self._graduate_views: dict[int, Graduate] = {}
        self._firm_views: dict[int, Firm] = {}

        init = self.stream("initial_population")
        population.build_firms(self, init)
        population.build_workers(self, init)
        employed = self.workers.status == Status.EMPLOYED
        self.firms.employed[:] = np.bincount(self.workers.employer[employed], minlength=len(self.firms))
        self.starting_employed_skill = float(self.workers.skill[employed].mean()) if employed.any() else 0.0
        self.firms.entry_month[:] = NO_MONTH  # the starting firms were there before the simulation
        self.government = Government(self, self.settings.budget_hkd_per_year)
        self.universities = build_universities(self)
        self.policies = list(policies)
        for policy in self.policies:
            policy.setup(self)

    # ----------------------------------------------------------------- the step
    def step(self) -> None:
        """Simulate one month, phase by phase (docs/architecture.md, "The monthly step")."""
        self._start_month()
        self._run_phase("drivers", self.apply_exogenous_drivers)
        self._run_phase("firm_demand", self.update_labour_demand)
        self._run_phase("separations", self.separate_and_emigrate)
        self._run_phase("inflows", self.graduate_and_admit)
        self._run_phase("matching", self.match_seekers_to_vacancies)
        self._run_phase("learning", self.learn_on_the_job)
        self._run_phase("metrics", self.collect_metrics)
        self.month += 1

    def diverge(self, scenario: Scenario, policies: Sequence[PolicyHooks]) -> None:
        """Carry on from here as a run of ``scenario`` with ``policies`` (a forked run, :mod:`abm.runs.forking`).

        The caller guarantees that ``scenario`` would have simulated every month so far exactly as
        this model did (it differs only in policies and drivers that act from now on), and hands
        over the policies of its enabled entries in order: those already here, and new ones, which
        this sets up. The recorded months take on the new policies' columns (zeros).
        """
        enabled = [spec.key for spec in scenario.policies if spec.enabled]
        if [policy.key for policy in policies] != enabled:
            raise ValueError(f"the scenario's enabled policies are {enabled}, not {[p.key for p in policies]}")
        present = {id(policy) for policy in self.policies}
        self.settings = scenario
        self.drivers = scenario.drivers
        self.policies = list(policies)
        for policy in self.policies:
            if id(policy) not in present:
                policy.setup(self)
        self.records = records_for_policies(self.records, self.policies)

    def run_to(self, month: int, after_month: Callable[[], None] | None = None) -> None:
        """Step until ``month`` (a month number) has been simulated, calling ``after_month`` after each."""
        while self.month <= month:
            self.step()
            if after_month is not None:
                after_month()

    def _run_phase(self, phase: str, action: Callable[[], None]) -> None:
        active = [p for p in self.policies if p.started(self.month)]
        for policy in active:
            getattr(policy, f"before_{phase}")(self)
        action()
        for policy in active:
            getattr(policy, f"after_{phase}")(self)

    def _start_month(self) -> None:
        self.vacancies.keep(self.vacancies.state == VacancyState.OPEN)
        self.vacancies.wage_top_up[:] = 0.0
        self.firms.demand_boost[:] = 0.0
        self.emigration_multiplier[:] = 1.0
        self.flows.clear()
        self.entrant_rows.clear()
        self.time_to_fill_days = np.zeros(0)
        self.extender_wages = np.zeros(0)
        self.government.start_month()

    # --------------------------------------------------------------- the phases
    def apply_exogenous_drivers(self) -> None:
        """Phase 1: the drivers' labour-demand multipliers now and a plan-horizon ahead."""
        horizon = self.settings.survey.expansion_horizon_months
        self.demand_now = self.drivers.labour_demand_multiplier(self.month)
        self.demand_ahead = self.drivers.labour_demand_multiplier(self.month + horizon)

    def update_labour_demand(self) -> None:
        """Phase 2: firms exit and enter; demand shocks and targets; plan cuts, aging and withdrawals;
        new postings. The gap to post is counted before aging, so a vacancy withdrawn unfilled this
        month is reposted next month if the firm still wants the role (a month's lag)."""
        p, firms, vacancies = self.settings, self.firms, self.vacancies
        firm_dynamics.exit_firms(self, self.stream("firm_exit"))
        firm_dynamics.enter_firms(self, self.stream("firm_entry"))
        firms.demand_boost[~firms.active] = 0.0
        self._count_open_vacancies()
        pay_effect = self.pay_level**-p.demand.labour_demand_pay_elasticity
        target, planned, to_post, to_cut = update_demand(
            firms.main_specialisation, firms.base_headcount, firms.demand_shock, firms.demand_boost,
            firms.employed, firms.open_vacancies, self.demand_now * pay_effect, self.demand_ahead * pay_effect,
            self.stream("firm_demand").standard_normal(len(firms)),
            persistence=p.demand.demand_shock_persistence_per_month,
            shock_sd=p.demand.demand_shock_sd_per_month, horizon_months=p.survey.expansion_horizon_months,
        )  # fmt: skip
        firms.target_headcount[:] = target
        firms.planned_headcount[:] = planned
        cut, aged_out = age_vacancies(
            vacancies.firm, vacancies.posted_month, vacancies.wage_offer, vacancies.wage_ceiling,
            vacancies.required_skill, vacancies.state, to_cut, firms.last_difficulty_month,
            firms.last_withdrawal_month, month=self.month, wage_growth=p.demand.vacancy_wage_growth_per_month,
            relaxation=p.demand.requirement_relaxation_per_month,
            difficulty_threshold=p.survey.difficulty_threshold_months,
            withdrawal_age=p.survey.vacancy_withdrawal_age_months,
        )  # fmt: skip
        self.flows["vacancies_cut"] += cut
        self.flows["vacancies_withdrawn_unfilled"] += aged_out
        self.flows["vacancies_posted"] += population.post_vacancies(self, self.stream("vacancy_posting"), to_post)
        self._count_open_vacancies()

    def separate_and_emigrate(self) -> None:
        """Phase 3: visa renewals and departures, separations, emigration, retirement, exits to
        other sectors (:mod:`abm.core.worker_events`)."""
        worker_events.apply_worker_events(self)

    def graduate_and_admit(self) -> None:
        """Phase 4: graduation (July), intake (September), career switchers from adjacent sectors;
        talent schemes add arrivals through their hooks."""
        month = calendar_month(self.month)
        if month == self.settings.universities.graduation_month:
            graduate_cohorts(self, self.stream("graduation"))
        if month == self.settings.universities.intake_month:
            for university in self.universities:
                university.admit(self.month // 12)
        flows = self.settings.flows
        pay_effect = self.pay_level**flows.adjacent_entry_pay_elasticity
        switching = min(1.0, flows.adjacent_entry_rate_per_year / 12 * pay_effect)
        adjacent = np.flatnonzero(self.workers.status == Status.ADJACENT)
        rng = self.stream("career_switching")
        switchers = np.sort(rng.choice(adjacent, int(rng.binomial(len(adjacent), switching)), replace=False))
        self.enter_labour_force(switchers, "career_switchers")

    def match_seekers_to_vacancies(self) -> None:
        """Phase 5: applications, then weekly rounds of offers and acceptances (the matching kernel)."""
        p, workers, vacancies = self.settings, self.workers, self.vacancies
        seekers, threshold = seekers_and_thresholds(self)
        open_rows = np.flatnonzero(vacancies.state == VacancyState.OPEN)
        wage = vacancies.wage_offer[open_rows] + vacancies.wage_top_up[open_rows]
        rounds = p.search.offer_rounds_per_month
        posted_now = vacancies.posted_month[open_rows] == self.month
        first_round = np.where(posted_now, np.floor(vacancies.posted_day[open_rows] * rounds / DAYS_PER_MONTH), 0)
        seeker_vacancy, seeker_round, _, _ = match(
            workers.specialisation[seekers], workers.skill[seekers], threshold, workers.employer[seekers],
            vacancies.specialisation[open_rows], vacancies.required_skill[open_rows], wage, vacancies.firm[open_rows],
            first_round.astype(np.int64), draw_weights(wage, p.search.wage_elasticity_of_applications),
            self.stream("matching"), n_viewed=p.search.vacancies_viewed_per_seeker,
            n_specialisations=len(SPECIALISATIONS), own_share=p.search.own_specialisation_search_share,
            skill_slack=p.search.skill_slack, cross_penalty=p.search.cross_specialisation_penalty,
            max_applications=p.search.applications_per_seeker, n_rounds=rounds, pass_rate=p.search.screening_pass_rate,
        )  # fmt: skip
        hired = seeker_vacancy >= 0
        day = (seeker_round[hired] + 1) * DAYS_PER_MONTH / rounds
        self.hire(seekers[hired], open_rows[seeker_vacancy[hired]], wage[seeker_vacancy[hired]], day=day)
        self.last_hires = (seekers[hired], open_rows[seeker_vacancy[hired]])

    def learn_on_the_job(self) -> None:
        """Phase 6: the market pay level follows the vacancy rate, up fast and down slowly; on-the-job
        learning and pay (incumbents' pay follows the pay level's running peak: never cut, and a
        recovery after a fall does not raise it again until the level passes its old peak);
        reservation wages (reskilling completes through hooks)."""
        p, workers = self.settings, self.workers
        employed = int(self.firms.employed.sum())
        vacancies = int(self.firms.open_vacancies.sum())
        vacancy_rate = vacancies / (vacancies + employed) if vacancies + employed else 0.0
        excess = vacancy_rate - p.wages.reference_vacancy_rate
        speed = p.wages.wage_adjustment_per_month * (1.0 if excess > 0 else p.wages.pay_downward_flexibility)
        growth = math.exp(speed * excess)
        self.pay_level *= growth
        peak = max(self.pay_level_peak, self.pay_level)
        incumbents_growth = peak / self.pay_level_peak
        self.pay_level_peak = peak
        learn(
            workers.status, workers.skill, workers.wage, workers.reservation_wage, workers.months_in_status,
            skill_step=p.search.skill_growth_per_year / 12, log_pay_gradient=self.log_pay_gradient,
            fresh_pay=p.wages.fresh_graduate_hkd_month * self.pay_level,
            decay=p.search.reservation_wage_decay_per_month,
            floor_ratio=p.search.reservation_wage_floor_ratio, pay_level_growth=incumbents_growth,
        )  # fmt: skip

    def collect_metrics(self) -> None:
        """Phase 7: every firm answers the survey; recorded months append a row of metrics."""
        self.survey_answers = ask_survey(self)
        if self.month >= self.settings.calendar.first_month_recorded:
            self.records.append(monthly_record(self))

    # ------------------------------------------------------- levers and helpers
    def stream(self, name: str) -> np.random.Generator:
        """This month's random stream of component ``name`` (see :mod:`abm.core.streams`)."""
        return stream(self.seed, name, self.month)

    def market_pay(self, skill: np.ndarray | float) -> np.ndarray:
        """Market pay (HK$/month) for ``skill``: pay level x fresh-graduate pay x exp(gradient x skill)."""
        fresh = self.settings.wages.fresh_graduate_hkd_month * self.pay_level
        return fresh * np.exp(self.log_pay_gradient * np.asarray(skill))

    def add_entrants(self, rng: np.random.Generator, count: int, flow: str, **worker: object) -> slice:
        """Add ``count`` job seekers to the AI labour force, counted under ``flow`` and ``entrants``."""
        rows = population.add_workers(self, rng, int(count), status=Status.UNEMPLOYED, **worker)
        self.flows[flow] += count
        self.flows["entrants"] += count
        self.entrant_rows[flow].append(rows)
        return rows

    def enter_labour_force(self, rows: np.ndarray, flow: str) -> None:
        """Existing workers (for example reskilled ones) become AI job seekers, counted under ``flow``."""
        p, workers = self.settings, self.workers
        workers.status[rows] = Status.UNEMPLOYED
        workers.months_in_status[rows] = 0
        workers.entry_month[rows] = self.month
        workers.reservation_wage[rows] = p.search.reservation_wage_ratio * self.market_pay(workers.skill[rows])
        self.flows[flow] += len(rows)
        self.flows["entrants"] += len(rows)

    def hire(
        self,
        worker_rows: np.ndarray,
        vacancy_rows: np.ndarray,
        wage: np.ndarray | None = None,
        day: np.ndarray | float = DAYS_PER_MONTH,
    ) -> None:
        """Fill open vacancies with job seekers (pairs by position) on ``day`` of the month (default:
        its last), at ``wage`` (default: the offer plus any top-up). Counts hires, hires from
        unemployment and job-to-job moves, and each hire's days from posting to hire."""
        workers, vacancies = self.workers, self.vacancies
        if len(worker_rows) != len(vacancy_rows):
            raise ValueError("hire needs one vacancy per worker")
        if np.any(vacancies.state[vacancy_rows] != VacancyState.OPEN):
            raise ValueError("hire needs open vacancies")
        switching = workers.status[worker_rows] == Status.EMPLOYED
        add_at(self.firms.employed, workers.employer[worker_rows[switching]], -1)
        add_at(self.firms.employed, vacancies.firm[vacancy_rows], 1)
        self.flows["hires"] += len(worker_rows)
        self.flows["hires_from_unemployment"] += int((~switching).sum())
        self.flows["job_to_job"] += int(switching.sum())
        self.flows["separations"] += int(switching.sum())
        workers.status[worker_rows] = Status.EMPLOYED
        workers.employer[worker_rows] = vacancies.firm[vacancy_rows]
        workers.wage[worker_rows] = (
            vacancies.wage_offer[vacancy_rows] + vacancies.wage_top_up[vacancy_rows] if wage is None else wage
        )
        workers.months_in_status[worker_rows] = 0
        vacancies.state[vacancy_rows] = VacancyState.FILLED
        vacancies.worker[vacancy_rows] = worker_rows
        days = (self.month - vacancies.posted_month[vacancy_rows]) * DAYS_PER_MONTH + day
        self.time_to_fill_days = np.concatenate([self.time_to_fill_days, days - vacancies.posted_day[vacancy_rows]])
        add_at(self.firms.open_vacancies, vacancies.firm[vacancy_rows], -1)

    def separate(self, rows: np.ndarray) -> None:
        """Employed workers lose their jobs and become unemployed job seekers (counted as separations)."""
        p, workers = self.settings, self.workers
        add_at(self.firms.employed, workers.employer[rows], -1)
        workers.status[rows] = Status.UNEMPLOYED
        workers.employer[rows] = -1
        workers.wage[rows] = 0.0
        workers.reservation_wage[rows] = p.search.reservation_wage_ratio * self.market_pay(workers.skill[rows])
        workers.months_in_status[rows] = 0
        self.flows["separations"] += len(rows)

    def depart(self, rows: np.ndarray) -> None:
        """Mark workers as departed, leaving their jobs (their views are removed from Mesa's registry)."""
        workers = self.workers
        leaving_jobs = rows[workers.status[rows] == Status.EMPLOYED]
        add_at(self.firms.employed, workers.employer[leaving_jobs], -1)
        workers.status[rows] = Status.DEPARTED
        workers.employer[rows] = -1
        workers.wage[rows] = 0.0
        workers.months_in_status[rows] = 0
        for row in rows[np.isin(rows, list(self._graduate_views))] if self._graduate_views else ():
            self._graduate_views.pop(int(row)).remove()

    def graduate(self, row: int) -> Graduate:
        """The one Mesa view of worker ``row`` (made on first request)."""
        if not 0 <= row < len(self.workers):
            raise IndexError(f"no worker row {row}")
        if row not in self._graduate_views:
            self._graduate_views[row] = Graduate(self, row)
        return self._graduate_views[row]

    def firm(self, row: int) -> Firm:
        """The one Mesa view of firm ``row`` (made on first request)."""
        if not 0 <= row < len(self.firms):
            raise IndexError(f"no firm row {row}")
        if row not in self._firm_views:
            self._firm_views[row] = Firm(self, row)
        return self._firm_views[row]

    def results(self):
        """The recorded months as a pandas DataFrame (one row per month)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.records)

    def _count_open_vacancies(self) -> None:
        is_open = self.vacancies.state == VacancyState.OPEN
        self.firms.open_vacancies[:] = np.bincount(self.vacancies.firm[is_open], minlength=len(self.firms))
