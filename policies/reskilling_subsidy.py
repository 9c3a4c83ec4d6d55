"""Reskilling subsidy (NITTP-style): adjacent-sector workers trained into AI jobs.

Each month while accepting, about ``trainees_per_year / 12`` workers (times the scale) from
the adjacent-sector pool start a course of ``course_months``, each sponsored by a random
firm; the government pays ``subsidy_share`` of ``course_fee_hkd`` up to
``cap_per_firm_hkd_per_year`` per firm per financial year (April-March), and trainees
beyond a firm's cap are refused. At the end of the course a share ``completion_rate``
completes and enters the AI labour force as job seekers with skill at least
``skill_after_course``; the others return to their sector.
"""

from __future__ import annotations

import numpy as np

from abm.core.parameters import Group, quantity
from abm.core.state import Status
from policies.base import Lever, Policy, scaled_count


class ReskillingSubsidyParams(Group):
    trainees_per_year: float = quantity(
        500.0,
        label="Trainees",
        unit="trainees/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=100000.0,
        doc="AI-relevant trainees a year. NITTP trainee counts are not in the sourced "
        "figures; about 1% of the 51,493 CEF approvals of 2024/25 (continuing_education_fund).",
    )
    course_fee_hkd: float = quantity(
        25000.0,
        label="Course fee",
        unit="HK$/trainee",
        source="continuing_education_fund",
        role="assumption",
        ge=0.0,
        le=1000000.0,
        doc="Course fee of one trainee; set at the CEF ceiling of HK$25,000.",
    )
    subsidy_share: float = quantity(
        2 / 3,
        label="Share of fees paid",
        unit="share",
        source="itf_nittp",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Share of course fees the government pays (two thirds under NITTP).",
    )
    cap_per_firm_hkd_per_year: float = quantity(
        500000.0,
        label="Cap per firm",
        unit="HK$/firm/financial year",
        source="itf_nittp",
        role="fixed",
        ge=0.0,
        le=100000000.0,
        doc="Most the government pays for one firm's trainees in a financial year.",
    )
    course_months: int = quantity(
        6,
        label="Course length",
        unit="months",
        source="assumption",
        role="assumption",
        ge=1,
        le=36,
        doc="Length of a course.",
    )
    completion_rate: float = quantity(
        0.8,
        label="Completion rate",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of trainees who complete and look for AI jobs.",
    )
    skill_after_course: float = quantity(
        0.30,
        label="Skill after the course",
        unit="skill",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Skill of a completer (at least; a trainee keeps a higher skill).",
    )


class ReskillingSubsidy(Policy):
    """Adjacent-sector workers retrained for AI jobs with 2/3 of fees paid."""

    name = "reskilling_subsidy"
    title = "Reskilling subsidy"
    summary = "NITTP-style reskilling: 2/3 of course fees, capped per firm per year."
    Params = ReskillingSubsidyParams
    levers = (
        Lever("trainees_per_year", "trainees a year", 0.0, 5_000.0, 100.0),
        Lever("subsidy_share", "share of fees paid", 0.0, 1.0, 0.05),
    )
    flows = ("trainees_started", "reskilled")
    size_parameter = "trainees_per_year"

    def setup(self, model) -> None:
        self.end_column = f"{self.key}_training_end_month"  # per instance: two instances may run
        model.workers.add_column(self.end_column, np.int32, -1)
        self.firm_spend = np.zeros(len(model.firms))
        self.financial_year = None

    def before_inflows(self, model) -> None:
        p, workers = self.params, model.workers
        rng = self.stream(model)
        training_end = getattr(workers, self.end_column)
        ending = np.flatnonzero((workers.status == Status.TRAINING) & (training_end == model.month))
        completed = ending[rng.random(len(ending)) < p.completion_rate]
        workers.status[ending] = Status.ADJACENT
        workers.skill[completed] = np.maximum(workers.skill[completed], p.skill_after_course)
        model.enter_labour_force(completed, "reskilled")
        if not self.accepting(model.month):
            return
        financial_year = (model.month - 3) // 12  # April to March
        if financial_year != self.financial_year:
            self.financial_year, self.firm_spend[:] = financial_year, 0.0
        if len(self.firm_spend) < len(model.firms):  # firms entered since: nothing spent on them yet
            self.firm_spend = np.concatenate([self.firm_spend, np.zeros(len(model.firms) - len(self.firm_spend))])
        pool = np.flatnonzero(workers.status == Status.ADJACENT)
        active = np.flatnonzero(model.firms.active)  # a trainee's sponsor: an active firm
        wanted = min(scaled_count(p.trainees_per_year / 12 * model.scale, rng), len(pool)) if len(active) else 0
        trainees = rng.choice(pool, wanted, replace=False)
        sponsor = active[rng.integers(0, len(active), wanted)]
        subsidy = p.subsidy_share * p.course_fee_hkd
        order = np.argsort(sponsor, kind="stable")
        rank = np.empty(wanted, dtype=np.int64)  # position of each trainee among its firm's
        rank[order] = np.arange(wanted) - np.searchsorted(sponsor[order], sponsor[order], side="left")
        room = np.floor((p.cap_per_firm_hkd_per_year - self.firm_spend[sponsor]) / subsidy) if subsidy else np.inf
        within_cap = rank < room
        np.add.at(self.firm_spend, sponsor[within_cap], subsidy)
        trainees = trainees[within_cap]
        granted = self.spend(model, len(trainees), subsidy)
        trainees = trainees[: int(len(trainees) * granted)]
        workers.status[trainees] = Status.TRAINING
        workers.months_in_status[trainees] = 0
        getattr(workers, self.end_column)[trainees] = model.month + p.course_months
        model.flows["trainees_started"] += len(trainees)
