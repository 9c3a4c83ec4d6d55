"""The public universities: AI-relevant cohorts admitted in September, graduating in July.

Three programmes (undergraduate, taught and research postgraduate) with their lengths,
output, AI-relevant shares (assumptions, see :mod:`abm.core.parameters.universities`), skill at
graduation and research share. Extra places (the ``university_places`` policy) join the
next intake.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from abm.core.calendar import calendar_month
from abm.core.state import Origin

if TYPE_CHECKING:
    from abm.core.model import TalentModel
    from abm.core.parameters import Universities


@dataclass(frozen=True)
class Programme:
    """A university programme's AI-relevant output.

    Attributes:
        name: programme key.
        length_years: years from intake (September) to graduation (July).
        graduates_per_year: graduates a year at scale 1 across all universities, all subjects.
        ai_share: share of them in AI-relevant subjects who enter the AI market.
        skill_mean: mean skill at graduation (Beta, ``universities.graduate_skill_concentration``).
        research_share: share specialising in research (others follow the market mix).
    """

    name: str
    length_years: int
    graduates_per_year: float
    ai_share: float
    skill_mean: float
    research_share: float


PROGRAMMES = ("undergraduate", "taught_postgraduate", "research_postgraduate")
"""The programmes, each with its parameters ``<programme>_years``, ``<programme>s_per_year``,
``ai_share_<programme>``, ``skill_mean_<programme>`` and ``research_share_<programme>``."""


class University(mesa.Agent):
    """A public university: AI-relevant cohorts admitted each September, graduating in July.

    Cohort sizes are expected counts (floats, already multiplied by the model's scale);
    graduation turns them into whole graduates by stochastic rounding. Non-local
    graduates stay to work with probability ``nonlocal_stay_share``.
    """

    def __init__(self, model: TalentModel, programmes: list[Programme], share: float) -> None:
        super().__init__(model)
        self.programmes = {p.name: p for p in programmes}
        self.share = share  # this university's share of every programme's places
        self.cohorts: dict[tuple[str, int], list[float]] = {}  # (programme, intake year) -> [local, non-local]
        self.extra_places: dict[str, tuple[float, float]] = {}  # programme -> (local, non-local) for the next intake

    def admit(self, year: int, graduating_from: int | None = None) -> None:
        """Admit ``year``'s cohorts (called in September), plus any extra places added for it.

        Args:
            graduating_from: when set, skip programmes whose cohort would graduate before
                this year (used to fill the cohorts already studying at the start).
        """
        for programme in self.programmes.values():
            if graduating_from is not None and year + programme.length_years < graduating_from:
                continue
            places = programme.graduates_per_year * programme.ai_share * self.share * self.model.scale
            nonlocal_share = nonlocal_share_of_intake(self.model.settings.universities, programme.name, year)
            extra_local, extra_nonlocal = self.extra_places.pop(programme.name, (0.0, 0.0))
            self.cohorts[(programme.name, year)] = [
                places * (1 - nonlocal_share) + extra_local,
                places * nonlocal_share + extra_nonlocal,
            ]

    def add_places(self, programme: str, local: float, nonlocal_: float) -> None:
        """Add expected extra places (at the model's scale) to the next intake of ``programme``."""
        if programme not in self.programmes:
            raise ValueError(f"unknown programme {programme!r}; allowed: {', '.join(self.programmes)}")
        old_local, old_nonlocal = self.extra_places.get(programme, (0.0, 0.0))
        self.extra_places[programme] = (old_local + local, old_nonlocal + nonlocal_)

    def graduating(self, year: int) -> list[tuple[Programme, float, float]]:
        """Remove and return the cohorts graduating in July of ``year``: (programme, local, non-local)."""
        out = []
        for programme in self.programmes.values():
            cohort = self.cohorts.pop((programme.name, year - programme.length_years), None)
            if cohort is not None:
                out.append((programme, cohort[0], cohort[1]))
        return out


def build_universities(model: TalentModel) -> list[University]:
    """The public universities, with the cohorts already studying when the simulation starts."""
    u = model.settings.universities
    programmes = [
        Programme(
            name,
            getattr(u, f"{name}_years"),
            getattr(u, f"{name}s_per_year"),
            getattr(u, f"ai_share_{name}"),
            skill_mean=getattr(u, f"skill_mean_{name}"),
            research_share=getattr(u, f"research_share_{name}"),
        )
        for name in PROGRAMMES
    ]
    universities = [University(model, programmes, 1.0 / u.universities) for _ in range(u.universities)]
    first_year = model.month // 12 - (1 if calendar_month(model.month) < u.intake_month else 0)
    for university in universities:  # cohorts already studying when the simulation starts
        for year in range(first_year - 4, first_year + 1):
            university.admit(year, graduating_from=model.month // 12)
    return universities


def nonlocal_share_of_intake(universities: Universities, programme: str, intake_year: int) -> float:
    """Non-local share of a programme's intake in ``intake_year`` (undergraduate quota raised from 2024/25)."""
    if programme != "undergraduate":
        return universities.nonlocal_share_postgraduate
    if intake_year >= 2024:
        return universities.nonlocal_share_from_2024
    return universities.nonlocal_share_undergraduate


def graduate_cohorts(model: TalentModel, rng: np.random.Generator) -> None:
    """July: every university's graduating cohorts enter the AI labour force as job seekers.

    Local graduates all enter; non-local graduates stay to work with probability
    ``universities.nonlocal_stay_share``. Cohort sizes are expected counts, made whole by
    unbiased stochastic rounding. Counted as ``graduates_local``, ``graduates_nonlocal`` and
    ``graduates``.
    """
    settings = model.settings.universities
    year = model.month // 12
    for university in model.universities:
        for programme, local, nonlocal_ in university.graduating(year):
            staying = int(rng.binomial(_stochastic_round(nonlocal_, rng), settings.nonlocal_stay_share))
            for origin, count, flow in (
                (Origin.LOCAL_GRADUATE, _stochastic_round(local, rng), "graduates_local"),
                (Origin.NONLOCAL_GRADUATE, staying, "graduates_nonlocal"),
            ):
                model.add_entrants(
                    rng, count, flow, origin=origin, skill_mean=programme.skill_mean,
                    research_share=programme.research_share, concentration=settings.graduate_skill_concentration,
                )  # fmt: skip
    model.flows["graduates"] = model.flows["graduates_local"] + model.flows["graduates_nonlocal"]


def _stochastic_round(value: float, rng: np.random.Generator) -> int:
    """``floor(value)`` plus one with probability equal to the fraction (unbiased rounding)."""
    whole = math.floor(value)
    return whole + int(rng.random() < value - whole)
