"""The public universities' AI-relevant graduate output."""

from __future__ import annotations

from abm.core.parameters.base import Group, quantity


class Universities(Group):
    """The eight public universities' AI-relevant graduate output."""

    universities: int = quantity(
        8,
        unit="universities",
        source="ugc_graduates_2024",
        role="fixed",
        ge=1,
        doc="Public (UGC-funded) universities; their capacity is split evenly.",
    )
    undergraduates_per_year: float = quantity(
        22255.0,
        unit="graduates/year",
        source="ugc_graduates_2024",
        role="fixed",
        ge=0.0,
        doc="Undergraduate graduates a year, all subjects (2024/25).",
    )
    taught_postgraduates_per_year: float = quantity(
        5621.0,
        unit="graduates/year",
        source="ugc_graduates_2024",
        role="assumption",
        ge=0.0,
        doc="Taught postgraduates a year: the 29,676 graduates less 22,255 undergraduates less "
        "the research postgraduates (7,200 places over 4 years, ugc_rpg_places_2022).",
    )
    research_postgraduates_per_year: float = quantity(
        1800.0,
        unit="graduates/year",
        source="ugc_rpg_places_2022",
        role="fixed",
        ge=0.0,
        doc="Research postgraduates a year: 7,200 places over a 4-year programme.",
    )
    ai_share_undergraduate: float = quantity(
        0.03,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of all undergraduates who graduate from AI-relevant programmes (CS, data "
        "science, EE, statistics) and seek technical jobs at AI firms; UGC subject counts were "
        "not found. 3% of 22,255 is about 670 a year.",
    )
    ai_share_taught_postgraduate: float = quantity(
        0.05,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of taught postgraduates in AI-relevant programmes.",
    )
    ai_share_research_postgraduate: float = quantity(
        0.08,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of research postgraduates in AI-relevant fields.",
    )
    nonlocal_share_undergraduate: float = quantity(
        0.20,
        unit="share",
        source="policy_address_2023_nonlocal",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Non-local share of undergraduate cohorts admitted before 2024 (the quota that the "
        "2023 Policy Address doubled to 40% from 2024/25).",
    )
    nonlocal_share_from_2024: float = quantity(
        0.40,
        unit="share",
        source="policy_address_2023_nonlocal",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Non-local share of undergraduate cohorts admitted from 2024/25.",
    )
    nonlocal_share_postgraduate: float = quantity(
        0.60,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Non-local share of postgraduate cohorts.",
    )
    nonlocal_stay_share: float = quantity(
        0.50,
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of non-local graduates who stay to work (IANG counts were not found).",
    )
