"""Survey metrics and the monthly record: what the model reports, with definitions.

The survey questions (HKPC AI Industry Development Study, mid-2023; 216 firms, 25% large,
75% SMEs) are asked of every active firm (firms that have exited do not answer), hiring or not,
each month:

- **difficulty**: in the trailing ``window_months`` (12), at least one of the firm's
  technical vacancies stayed open longer than ``difficulty_threshold_months`` (3, the
  usual IT time to hire) or was withdrawn unfilled (at ``vacancy_withdrawal_age_months``);
- **reduced hiring**: in the trailing window the firm withdrew vacancies, because its
  planned headcount fell below its staff plus open vacancies (a cut) or because they
  could not be filled at any wage it would pay;
- **expansion**: the firm's planned technical headcount ``expansion_horizon_months`` (12)
  ahead exceeds its current planned technical headcount (staff plus the vacancies it means
  to fill: replacing leavers is not expansion).

``<question>_share`` weighs the share among large firms by ``large_firm_weight`` (0.25) and
the share among SMEs by the rest, as the HKPC sample did; ``difficulty_share_all`` is the
plain share over all firms; ``difficulty_share_sample216`` is the weighted share in one
stratified random draw of 216 firms (54 large, 162 SMEs), showing the survey's own
sampling spread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from abm.core.calendar import month_start
from abm.core.fiscal import monthly_account
from abm.core.kernels.census import CensusCount, take_census
from abm.core.kernels.survey import answer_survey
from abm.core.state import Origin, SizeClass

if TYPE_CHECKING:
    from abm.core.model import TalentModel

EMIGRANT_COLUMNS = tuple(f"emigrants_{origin.name.lower()}" for origin in Origin)
"""Emigration by origin (visa departures included), one column per :class:`~abm.core.state.Origin`."""
FLOW_COLUMNS = (
    "vacancies_posted", "vacancies_cut", "vacancies_withdrawn_unfilled", "hires", "hires_from_unemployment",
    "job_to_job", "separations", "layoffs", "emigrants", *EMIGRANT_COLUMNS, "emigrants_not_in_labour_force",
    "retirements", "visa_departures", "visa_expiries", "visa_extensions", "visa_first_extensions", "visa_refusals",
    "visa_not_applied", "exits_to_other_sectors", "entrants", "graduates", "graduates_local", "graduates_nonlocal",
    "imported", "reskilled", "career_switchers", "firm_entries", "firm_exits",
)  # fmt: skip
"""Monthly flows, each a count of events in the month (definitions in the README)."""


def ask_survey(model: TalentModel) -> dict[str, np.ndarray]:
    """Every firm's yes/no answers this month, keyed by question."""
    p = model.settings.survey
    firms = model.firms
    difficulty, reduced, expansion = answer_survey(
        firms.last_difficulty_month, firms.last_withdrawal_month, firms.planned_headcount,
        firms.target_headcount, month=model.month, window=p.window_months,
    )  # fmt: skip
    return {"difficulty": difficulty, "reduced_hiring": reduced, "expansion": expansion}


def weighted_share(answers: np.ndarray, large: np.ndarray, large_weight: float) -> float:
    """Survey-weighted share of yes: ``large_weight`` x share among large firms + the rest x
    share among SMEs. A size class with no firms contributes its weight to the other."""
    n_large, n_sme = int(large.sum()), int((~large).sum())
    if n_large == 0 or n_sme == 0:
        return float(answers.mean()) if len(answers) else 0.0
    return large_weight * float(answers[large].mean()) + (1 - large_weight) * float(answers[~large].mean())


def sample_share(
    answers: np.ndarray, large: np.ndarray, large_weight: float, sample_size: int, rng: np.random.Generator
) -> float:
    """Weighted share in one stratified draw without replacement of ``sample_size`` firms."""
    n_large = round(sample_size * large_weight)
    chosen = []
    for stratum, count in ((np.flatnonzero(large), n_large), (np.flatnonzero(~large), sample_size - n_large)):
        chosen.append(rng.choice(stratum, min(count, len(stratum)), replace=False))
    picked = np.concatenate(chosen)
    return weighted_share(answers[picked], large[picked], large_weight)


def _median(values: np.ndarray) -> float:
    return float(np.median(values)) if len(values) else float("nan")


def monthly_record(model: TalentModel) -> dict[str, Any]:
    """One row of the time series for the current month (see the README for every column)."""
    p = model.settings
    active = model.firms.active
    answers = {question: yes[active] for question, yes in model.survey_answers.items()}
    large = model.firms.size_class[active] == SizeClass.LARGE
    weight = p.survey.large_firm_weight
    census = take_census(model.workers.status, model.workers.origin, model.workers.wage)
    employed, unemployed = census.count(CensusCount.EMPLOYED), census.count(CensusCount.UNEMPLOYED)
    vacancies = int(model.firms.open_vacancies.sum())
    wages = census.employed_wages
    p10, p50, p90 = np.quantile(wages, (0.1, 0.5, 0.9)) if len(wages) else (np.nan, np.nan, np.nan)
    local_unemployed = census.count(CensusCount.LOCAL_UNEMPLOYED)
    local_force = census.count(CensusCount.LOCAL_EMPLOYED) + local_unemployed
    record: dict[str, Any] = {
        "month": model.month - p.calendar.first_month_recorded,
        "date": month_start(model.month),
        "difficulty_share": weighted_share(answers["difficulty"], large, weight),
        "difficulty_share_all": float(answers["difficulty"].mean()) if len(large) else 0.0,
        "difficulty_share_sample216": sample_share(
            answers["difficulty"], large, weight, p.survey.sample_size, model.stream("survey_sample")
        ),
        "reduced_hiring_share": weighted_share(answers["reduced_hiring"], large, weight),
        "expansion_share": weighted_share(answers["expansion"], large, weight),
        "vacancy_rate": vacancies / (vacancies + employed) if vacancies + employed else 0.0,
        "unemployment_rate": unemployed / (unemployed + employed) if unemployed + employed else 0.0,
        "time_to_fill_days": _median(model.time_to_fill_days),
        "employed": employed,
        "unemployed": unemployed,
        "labour_force": employed + unemployed,
        "vacancies": vacancies,
        "firms_active": int(active.sum()),
        "imported_stock": census.count(CensusCount.IMPORTED_PRESENT),
        "median_wage_hkd": float(p50),
        "market_pay_level": model.pay_level,
        "wage_p10_hkd": float(p10),
        "wage_p90_hkd": float(p90),
        "local_graduate_unemployment_rate": local_unemployed / local_force if local_force else 0.0,
        "local_graduate_median_wage_hkd": _median(census.local_wages),
        "imported_employed_median_wage_hkd": _median(census.imported_wages),
        "visa_extender_median_wage_hkd": _median(model.extender_wages),
    }
    record["fiscal_services_hkd"], record["fiscal_salaries_tax_hkd"] = monthly_account(model.settings.fiscal, census)
    record.update({name: int(model.flows.get(name, 0)) for name in FLOW_COLUMNS})
    government = model.government
    record["government_spend_hkd"] = float(sum(government.spent_this_month.values()))
    _add_policy_columns(record, model.policies, government.spent_this_month, government.refused_this_month, model.flows)
    return record


def _add_policy_columns(record: dict[str, Any], policies, spent: dict, refused: dict, flows: dict) -> None:
    """Each policy's ``spend_<key>_hkd``, ``refused_<key>_hkd`` and flows, in the policies' order."""
    for policy in policies:
        record[f"spend_{policy.key}_hkd"] = float(spent.get(policy.key, 0.0))
        record[f"refused_{policy.key}_hkd"] = float(refused.get(policy.key, 0.0))
        for flow in policy.flows:
            record[flow] = int(flows.get(flow, 0))


def records_for_policies(records: list[dict[str, Any]], policies) -> list[dict[str, Any]]:
    """``records`` laid out as if ``policies`` had been in the model all along: their columns, zero
    where a policy was not yet there (a forked run that takes on new policies; before their start
    they spend nothing and cause no flows)."""
    relaid = []
    for record in records:
        keys = list(record)
        base = {key: record[key] for key in keys[: keys.index("government_spend_hkd") + 1]}
        spent = {p.key: record.get(f"spend_{p.key}_hkd", 0.0) for p in policies}
        refused = {p.key: record.get(f"refused_{p.key}_hkd", 0.0) for p in policies}
        flows = {flow: record.get(flow, 0) for p in policies for flow in p.flows}
        _add_policy_columns(base, policies, spent, refused, flows)
        relaid.append(base)
    return relaid
