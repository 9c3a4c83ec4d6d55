"""Every output column in words: its display name, unit and a one-line description.

The time series (:func:`abm.core.metrics.monthly_record`, :func:`abm.runs.simulation.label`) names
its columns for code; readers see the names here. Reports, the app and the CLI take every
heading, legend, axis label and table header from this module, so no raw identifier reaches a
reader. Columns named after a policy instance (``spend_<id>_hkd``, ``refused_<id>_hkd``) and
swept parameters (``param_<name>``) are resolved by :func:`column`; the text helpers
:func:`words` and :func:`unit_words` turn any other identifier and unit into words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """An output column as a reader sees it.

    Attributes:
        name: the column's name in the Parquet files.
        label: its display name (a heading, legend entry or axis label).
        unit: its unit in words (``"share of firms (0 to 1)"``, ``"HK$ a month"``); empty for labels.
        description: one line: what the number is.
    """

    name: str
    label: str
    unit: str
    description: str


_PER_MONTH = "people a month"
_TABLE = [
    ("run_id", "Run", "", "The run's identifier: a hash of its scenario, swept values, seed and scale."),
    ("scenario", "Scenario", "", "The scenario's name."),
    ("seed", "Seed", "", "The run's random seed."),
    ("month", "Month number", "months", "Months since the first recorded month (0 = 2023-01 by default)."),
    ("date", "Month", "", "The first day of the recorded month."),
    ("calibration_set", "Calibration set", "", "The near-optimal calibration set the run used."),
    ("difficulty_share", "Firms reporting difficulty", "share of firms (0 to 1)",
     "Survey-weighted share of AI firms with a technical vacancy open over 3 months or withdrawn unfilled "
     "in the past 12 months (large firms 25%, SMEs 75%)."),
    ("difficulty_share_all", "Firms reporting difficulty, unweighted", "share of firms (0 to 1)",
     "The difficulty share over all firms, without the survey's size weights."),
    ("difficulty_share_sample216", "Firms reporting difficulty, one survey of 216", "share of firms (0 to 1)",
     "The weighted difficulty share in one stratified draw of 216 firms (the survey's sampling spread)."),
    ("reduced_hiring_share", "Firms that reduced hiring", "share of firms (0 to 1)",
     "Survey-weighted share of firms that withdrew vacancies in the past 12 months."),
    ("expansion_share", "Firms planning to expand", "share of firms (0 to 1)",
     "Survey-weighted share of firms whose planned technical headcount a year ahead exceeds today's."),
    ("vacancy_rate", "Vacancy rate", "share (0 to 1)", "Open vacancies over open vacancies plus employed workers."),
    ("unemployment_rate", "Unemployment rate", "share (0 to 1)", "Unemployed over the AI labour force."),
    ("time_to_fill_days", "Time to fill", "days",
     "Median days from posting to hire of the vacancies filled in the month."),
    ("employed", "AI employment", "workers", "Technical workers employed at AI firms."),
    ("unemployed", "Unemployed AI workers", "workers", "AI job seekers without a job."),
    ("labour_force", "AI labour force", "workers", "Employed plus unemployed AI workers."),
    ("vacancies", "Open vacancies", "vacancies", "Technical vacancies open at the month's end."),
    ("firms_active", "Active AI firms", "firms", "AI firms operating in the month."),
    ("imported_stock", "Imported talent present", "workers", "Workers admitted through talent schemes in Hong Kong."),
    ("median_wage_hkd", "Median wage", "HK$ a month", "Median monthly wage of employed AI workers."),
    ("market_pay_level", "Market pay level", "index (1 = 2023-01)", "The pay level of new hires, an index."),
    ("wage_p10_hkd", "Wage, 10th percentile", "HK$ a month", "10th percentile of employed AI workers' wages."),
    ("wage_p90_hkd", "Wage, 90th percentile", "HK$ a month", "90th percentile of employed AI workers' wages."),
    ("local_graduate_unemployment_rate", "Local graduates' unemployment rate", "share (0 to 1)",
     "Unemployed local graduates over local graduates in the AI labour force."),
    ("local_graduate_median_wage_hkd", "Local graduates' median wage", "HK$ a month",
     "Median monthly wage of employed local graduates."),
    ("imported_employed_median_wage_hkd", "Imported talent's median wage", "HK$ a month",
     "Median monthly wage of employed imported talent."),
    ("visa_extender_median_wage_hkd", "Median wage of visa extenders", "HK$ a month",
     "Median monthly wage of imported workers whose visa was extended in the month."),
    ("fiscal_services_hkd", "Public services used by added residents", "HK$ a month",
     "Health, welfare and schooling that admitted workers and their families use."),
    ("fiscal_salaries_tax_hkd", "Salaries tax paid by added residents", "HK$ a month",
     "Salaries tax that admitted workers pay."),
    ("government_spend_hkd", "Government spending on talent policies", "HK$ a month",
     "Spending on every policy instrument, the status quo included."),
    ("vacancies_posted", "Vacancies posted", "vacancies a month", "New technical vacancies posted."),
    ("vacancies_cut", "Vacancies cut", "vacancies a month", "Open vacancies withdrawn because plans fell."),
    ("vacancies_withdrawn_unfilled", "Vacancies withdrawn unfilled", "vacancies a month",
     "Vacancies withdrawn at the withdrawal age without a hire."),
    ("hires", "Hires", "hires a month", "Vacancies filled."),
    ("hires_from_unemployment", "Hires from unemployment", "hires a month", "Hires of unemployed seekers."),
    ("job_to_job", "Job-to-job moves", _PER_MONTH, "Employed workers who moved to another AI job."),
    ("separations", "Job endings", _PER_MONTH, "Every job ending, job-to-job moves included."),
    ("layoffs", "Layoffs", _PER_MONTH, "Separations into unemployment, firm exits included."),
    ("emigrants", "Emigrants", _PER_MONTH, "AI workers leaving Hong Kong, visa departures included."),
    ("emigrants_local_graduate", "Emigrants: local graduates", _PER_MONTH, "Local graduates leaving Hong Kong."),
    ("emigrants_nonlocal_graduate", "Emigrants: non-local graduates", _PER_MONTH,
     "Non-local graduates leaving Hong Kong."),
    ("emigrants_imported", "Emigrants: imported talent", _PER_MONTH, "Imported talent leaving Hong Kong."),
    ("emigrants_adjacent", "Emigrants: adjacent-sector workers", _PER_MONTH,
     "Workers who came from adjacent sectors leaving Hong Kong."),
    ("emigrants_not_in_labour_force", "Emigrants outside the labour force", _PER_MONTH,
     "People leaving Hong Kong while in training or otherwise outside the AI labour force."),
    ("retirements", "Retirements", _PER_MONTH, "AI workers retiring."),
    ("visa_departures", "Visa departures", _PER_MONTH, "Imported workers leaving when their visa ends."),
    ("visa_expiries", "Visa expiries", "visas a month", "Visas of imported workers reaching their end."),
    ("visa_extensions", "Visa extensions", "visas a month", "Visas extended."),
    ("visa_first_extensions", "First visa extensions", "visas a month", "First-term visas extended."),
    ("visa_refusals", "Visa refusals", "visas a month", "Extension applications refused."),
    ("visa_not_applied", "Visas not renewed", "visas a month", "Visa holders who did not apply to extend."),
    ("exits_to_other_sectors", "Exits to other sectors", _PER_MONTH,
     "Unemployed seekers taking a job outside the AI market."),
    ("entrants", "Entrants", _PER_MONTH, "People entering the AI labour force (graduates, imported, reskilled, "
     "career switchers)."),
    ("graduates", "Graduates", _PER_MONTH, "New AI graduates entering the labour force."),
    ("graduates_local", "Local graduates", _PER_MONTH, "New local AI graduates."),
    ("graduates_nonlocal", "Non-local graduates", _PER_MONTH, "New non-local AI graduates who stay."),
    ("imported", "Imported talent", _PER_MONTH, "Talent-scheme arrivals seeking AI jobs."),
    ("reskilled", "Reskilled workers", _PER_MONTH, "Adjacent-sector workers completing reskilling."),
    ("career_switchers", "Career switchers", _PER_MONTH, "Adjacent-sector workers looking for AI jobs unaided."),
    ("firm_entries", "Firm entries", "firms a month", "New AI firms."),
    ("firm_exits", "Firm exits", "firms a month", "AI firms closing or leaving the market."),
    # flows the built-in policies record (policies/*.py, ``flows``)
    ("extra_places_admitted", "Extra university places filled", "students a month",
     "Students admitted to extra AI places."),
    ("trainees_started", "Trainees starting", _PER_MONTH, "Adjacent-sector workers starting a subsidised course."),
    ("subsidised_hires", "Subsidised hires", "hires a month", "Hires with research-talent wage support."),
    ("subsidised_workers", "Subsidised workers", "workers", "Workers whose wage is subsidised."),
    ("interns", "Interns", _PER_MONTH, "Graduates starting a subsidised internship."),
    ("interns_converted", "Interns hired", _PER_MONTH, "Interns hired by their host firm."),
    ("retention_covered", "Workers covered by retention payments", "workers", "Workers the payment covers."),
    ("institute_positions", "AI R&D Institute positions", "positions", "Research positions the institute funds."),
    ("compute_subsidised_firms", "Firms with a compute subsidy", "firms", "Firms receiving the compute subsidy."),
]  # fmt: skip
COLUMNS: dict[str, Column] = {name: Column(name, label, unit, text) for name, label, unit, text in _TABLE}
"""Every fixed output column by name (policy spending and swept parameters: :func:`column`)."""

SECTOR_LABELS = {
    "finance": "Finance",
    "trade_logistics": "Trade and logistics",
    "health_biotech": "Health and biotech",
    "public_smart_city": "Public sector and smart city",
    "ai_native_tech": "AI-native tech",
}
"""Firm sectors (:data:`abm.core.state.SECTORS`) in words."""

ACRONYMS = {"ai": "AI", "rnd": "R&D", "sme": "SME", "smes": "SMEs", "hkd": "HK$", "phd": "PhD", "hkpc": "HKPC",
            "ttps": "TTPS", "nittp": "NITTP", "mpf": "MPF", "it": "IT", "hk": "Hong Kong"}  # fmt: skip
"""Words written in capitals (or spelt out) when an identifier is put into words."""


def words(identifier: str) -> str:
    """An identifier in words, capitalised: ``"talent_admission_expansion"`` -> ``"Talent admission expansion"``.

    Dots and underscores become spaces, acronyms are written as such (:data:`ACRONYMS`).
    """
    parts = [ACRONYMS.get(part.lower(), part) for part in re.split(r"[._\s]+", identifier.strip()) if part]
    if not parts:
        return ""
    first = parts[0]
    return " ".join([first[:1].upper() + first[1:], *parts[1:]])


def lowered(label: str) -> str:
    """A label inside a sentence: its first letter lower-case unless it starts an acronym (``AI ...``)."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


_TIME = {"year": "a year", "month": "a month", "week": "a week", "day": "a day"}
_UNITS = {
    "share": "share (0 to 1)",
    "skill": "skill (0 to 1)",
    "-": "",
    "1/year": "a year (rate)",
    "1/month": "a month (rate)",
    "alpha + beta": "concentration (alpha + beta of a Beta distribution)",
    "calendar month": "month of the year (1 to 12)",
}


def unit_words(unit: str) -> str:
    """A unit in words: ``"people/year"`` -> ``"people a year"``, ``"HK$/firm/month"`` -> ``"HK$ per firm a month"``."""
    if unit in _UNITS:
        return _UNITS[unit]
    head, *rest = unit.split("/")
    shown = [head.strip()]
    for part in rest:
        part = part.strip()
        shown.append(_TIME.get(part, f"per {part}"))
    return " ".join(shown)


def column(name: str, titles: Mapping[str, str] | None = None) -> Column:
    """The reader's view of any output column.

    Args:
        name: the column's name.
        titles: display names of policy instances by id (``spend_<id>_hkd``, ``refused_<id>_hkd``);
            an id without one is put into words.

    Returns:
        The entry of :data:`COLUMNS`, or one made for a policy's spending, a swept parameter
        (``param_<name>``) or, for anything else, the name in words.
    """
    if name in COLUMNS:
        return COLUMNS[name]
    titles = titles or {}
    for prefix, label, text in (
        ("spend_", "Spending: {}", "Government spending on {}, this month."),
        ("refused_", "Refused by the budget cap: {}", "Spending on {} the budget cap refused this month."),
    ):
        if name.startswith(prefix) and name.endswith("_hkd"):
            key = name.removeprefix(prefix).removesuffix("_hkd")
            title = titles.get(key) or words(key)
            return Column(name, label.format(title), "HK$ a month", text.format(title))
    if name.startswith("param_"):
        return Column(name, words(name.removeprefix("param_")), "", "A swept parameter's value in this run.")
    return Column(name, words(name), "", "")
