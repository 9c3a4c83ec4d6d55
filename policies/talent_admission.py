"""Talent admission (TTPS, TechTAS and the other schemes): imported AI talent arrives.

Each month, ``arrivals_per_year x it_share x ai_share_of_it / 12`` people (times the
model's scale; a Poisson draw) arrive as job seekers with a visa of the model's visa
term, after ``processing_lag_months`` from the policy's start. Employed talent renews at
the end of the term; the unemployed leave (:mod:`abm.core.kernels.worker_flows`).
Cost: arrivals x ``processing_cost_hkd``.
"""

from __future__ import annotations

from abm.core.calendar import parse_month
from abm.core.parameters import Group, quantity
from abm.core.state import Origin
from policies.base import Lever, Policy, scaled_count


class TalentAdmissionParams(Group):
    arrivals_per_year: float = quantity(
        90000.0,
        label="Arrivals through all talent schemes",
        unit="people/year",
        source="talent_schemes_2023",
        role="fixed",
        ge=0.0,
        le=1000000.0,
        doc="Arrivals through all talent schemes (about 90,000 in 2023).",
    )
    it_share: float = quantity(
        0.15,
        label="I&T share of arrivals",
        unit="share",
        source="talent_schemes_2023",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Share of arrivals in I&T (about 15% of TTPS approvals), applied to all schemes.",
    )
    ai_share_of_it: float = quantity(
        0.05,
        label="AI share of I&T arrivals",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of I&T arrivals who seek technical jobs at AI firms (no breakdown is "
        "published); 5% gives about 675 a year.",
    )
    skill_mean: float = quantity(
        0.55,
        label="Mean skill of arrivals",
        unit="skill",
        source="ttps_outcomes_2024",
        role="assumption",
        gt=0.0,
        lt=1.0,
        doc="Mean skill of arrivals; TTPS arrivals in work earn a median of about HK$50,000 "
        "a month, but only a little over half are employed.",
    )
    processing_lag_months: int = quantity(
        2,
        label="Processing time",
        unit="months",
        source="techtas_faq",
        role="assumption",
        ge=0,
        le=24,
        doc="Months from the policy's start to the first arrivals (TechTAS targets about "
        "2 weeks; QMAS waits about 9 months).",
    )
    processing_cost_hkd: float = quantity(
        2000.0,
        label="Processing cost per arrival",
        unit="HK$/arrival",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1000000.0,
        doc="Government cost of processing one admission (no published unit cost).",
    )


class TalentAdmission(Policy):
    """Imported AI talent arriving through the talent schemes."""

    name = "talent_admission"
    title = "Talent admission"
    summary = "TTPS/TechTAS-style arrivals of imported AI talent (people a year, I&T and AI shares)."
    Params = TalentAdmissionParams
    levers = (Lever("arrivals_per_year", "arrivals a year (all schemes)", 0.0, 300_000.0, 5_000.0),)
    flows = ("imported",)
    size_parameter = "arrivals_per_year"

    def after_inflows(self, model) -> None:
        p = self.params
        if not self.accepting(model.month) or model.month < parse_month(self.start) + p.processing_lag_months:
            return
        rng = self.stream(model)
        arrivals = scaled_count(p.arrivals_per_year * p.it_share * p.ai_share_of_it / 12 * model.scale, rng)
        granted = self.spend(model, arrivals, p.processing_cost_hkd)
        arrivals = int(arrivals * granted)
        model.add_entrants(
            rng, arrivals, "imported", origin=Origin.IMPORTED, skill_mean=p.skill_mean,
            visa_months=model.settings.flows.visa_term_months,
        )  # fmt: skip
