"""Extra university places in AI-relevant programmes.

Each September while the policy accepts, ``extra_places_per_year`` (times the scale) are
added to a programme's intake across the universities, with the given non-local share;
they graduate after the programme's length (4 years for undergraduates, 1 for taught and
4 for research postgraduates) and enter the market as graduates. Cost: students enrolled
in the extra places x ``cost_per_place_year_hkd`` / 12 each month.
"""

from __future__ import annotations

from typing import Literal

from abm.core.calendar import calendar_month
from abm.core.parameters import Group, quantity
from policies.base import Lever, Policy


class UniversityPlacesParams(Group):
    extra_places_per_year: float = quantity(
        500.0,
        label="Extra places",
        unit="places/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=100000.0,
        doc="Extra AI/data places added to each year's intake.",
    )
    programme: Literal["undergraduate", "taught_postgraduate", "research_postgraduate"] = quantity(
        "undergraduate",
        label="Programme",
        unit="-",
        source="ugc_graduates_2024",
        role="assumption",
        doc="Programme that receives the places.",
    )
    nonlocal_share: float = quantity(
        0.40,
        label="Non-local share of the places",
        unit="share",
        source="policy_address_2023_nonlocal",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Non-local share of the extra places (the 40% quota from 2024/25).",
    )
    cost_per_place_year_hkd: float = quantity(
        250000.0,
        label="Public cost of a student-year",
        unit="HK$/student-year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=5000000.0,
        doc="Public cost of one student-year (UGC unit costs are not in the sourced figures).",
    )


class UniversityPlaces(Policy):
    """Extra AI-relevant places at the public universities."""

    name = "university_places"
    title = "University places"
    summary = "Extra AI/data university places from an academic year, with the programme-length lag."
    Params = UniversityPlacesParams
    levers = (Lever("extra_places_per_year", "extra places a year", 0.0, 5_000.0, 100.0),)
    flows = ("extra_places_admitted",)
    size_parameter = "extra_places_per_year"

    def setup(self, model) -> None:
        self.enrolled: list[tuple[int, float]] = []  # (graduation month number, students)

    def before_inflows(self, model) -> None:
        p = self.params
        self.enrolled = [(month, n) for month, n in self.enrolled if month > model.month]
        if calendar_month(model.month) == model.settings.universities.intake_month and self.accepting(model.month):
            places = p.extra_places_per_year * model.scale
            per_university = places / len(model.universities)
            for university in model.universities:
                university.add_places(
                    p.programme, per_university * (1 - p.nonlocal_share), per_university * p.nonlocal_share
                )
            length = model.universities[0].programmes[p.programme].length_years
            self.enrolled.append((model.month + 12 * length - 2, places))
            model.flows["extra_places_admitted"] += round(places)
        students = sum(n for _, n in self.enrolled)
        self.spend(model, students, p.cost_per_place_year_hkd / 12)
