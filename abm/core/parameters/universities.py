"""The public universities' AI-relevant graduate output."""

from __future__ import annotations

from abm.core.parameters.base import Group, quantity


class Universities(Group):
    """The eight public universities' AI-relevant graduate output."""

    universities: int = quantity(
        8,
        label="Public universities",
        unit="universities",
        source="ugc_graduates_2024",
        role="fixed",
        ge=1,
        le=50,
        doc="Public (UGC-funded) universities; their capacity is split evenly.",
    )
    undergraduates_per_year: float = quantity(
        22255.0,
        label="Undergraduate graduates",
        unit="graduates/year",
        source="ugc_graduates_2024",
        role="fixed",
        ge=0.0,
        le=200000.0,
        doc="Undergraduate graduates a year, all subjects (2024/25).",
    )
    taught_postgraduates_per_year: float = quantity(
        5621.0,
        label="Taught postgraduate graduates",
        unit="graduates/year",
        source="ugc_graduates_2024",
        role="assumption",
        ge=0.0,
        le=200000.0,
        doc="Taught postgraduates a year: the 29,676 graduates less 22,255 undergraduates less "
        "the research postgraduates (7,200 places over 4 years, ugc_rpg_places_2022).",
    )
    research_postgraduates_per_year: float = quantity(
        1800.0,
        label="Research postgraduate graduates",
        unit="graduates/year",
        source="ugc_rpg_places_2022",
        role="fixed",
        ge=0.0,
        le=200000.0,
        doc="Research postgraduates a year: 7,200 places over a 4-year programme.",
    )
    ai_share_undergraduate: float = quantity(
        0.03,
        label="AI share of undergraduates",
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
        label="AI share of taught postgraduates",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of taught postgraduates in AI-relevant programmes.",
    )
    ai_share_research_postgraduate: float = quantity(
        0.08,
        label="AI share of research postgraduates",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of research postgraduates in AI-relevant fields.",
    )
    nonlocal_share_undergraduate: float = quantity(
        0.20,
        label="Non-local share of undergraduates before 2024",
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
        label="Non-local share of undergraduates from 2024",
        unit="share",
        source="policy_address_2023_nonlocal",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Non-local share of undergraduate cohorts admitted from 2024/25.",
    )
    nonlocal_share_postgraduate: float = quantity(
        0.60,
        label="Non-local share of postgraduates",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Non-local share of postgraduate cohorts.",
    )
    nonlocal_stay_share: float = quantity(
        0.50,
        label="Share of non-local graduates who stay",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of non-local graduates who stay to work (IANG counts were not found).",
    )
    undergraduate_years: int = quantity(
        4,
        label="Length of an undergraduate programme",
        unit="years",
        source="assumption",
        role="assumption",
        ge=1,
        le=8,
        doc="Length of an undergraduate programme, intake (September) to graduation (July): Hong Kong's "
        "four-year curriculum.",
    )
    taught_postgraduate_years: int = quantity(
        1,
        label="Length of a taught postgraduate programme",
        unit="years",
        source="assumption",
        role="assumption",
        ge=1,
        le=4,
        doc="Length of a taught postgraduate programme.",
    )
    research_postgraduate_years: int = quantity(
        4,
        label="Length of a research postgraduate programme",
        unit="years",
        source="ugc_rpg_places_2022",
        role="assumption",
        ge=1,
        le=8,
        doc="Length of a research postgraduate programme (the 7,200 places over 4 years behind the "
        "research postgraduates a year).",
    )
    graduate_skill_concentration: float = quantity(
        8.0,
        label="Concentration of graduates' skill",
        unit="alpha + beta",
        source="assumption",
        role="assumption",
        gt=0.5,
        le=50.0,
        doc="Concentration of the Beta distribution of graduates' skill around their programme's mean.",
    )
    skill_mean_undergraduate: float = quantity(
        0.15,
        label="Mean skill of new undergraduates",
        unit="skill",
        source="assumption",
        role="assumption",
        gt=0.0,
        lt=1.0,
        doc="Mean skill of new undergraduate graduates (0: a fresh graduate at market entry pay).",
    )
    skill_mean_taught_postgraduate: float = quantity(
        0.25,
        label="Mean skill of new taught postgraduates",
        unit="skill",
        source="assumption",
        role="assumption",
        gt=0.0,
        lt=1.0,
        doc="Mean skill of new taught postgraduates.",
    )
    skill_mean_research_postgraduate: float = quantity(
        0.45,
        label="Mean skill of new research postgraduates",
        unit="skill",
        source="assumption",
        role="assumption",
        gt=0.0,
        lt=1.0,
        doc="Mean skill of new research postgraduates (PhDs and MPhils).",
    )
    research_share_undergraduate: float = quantity(
        0.05,
        label="Research share of undergraduates",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of undergraduate graduates specialising in research (the rest follow the market mix).",
    )
    research_share_taught_postgraduate: float = quantity(
        0.10,
        label="Research share of taught postgraduates",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of taught postgraduates specialising in research.",
    )
    research_share_research_postgraduate: float = quantity(
        0.60,
        label="Research share of research postgraduates",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of research postgraduates specialising in research.",
    )
    intake_month: int = quantity(
        9,
        label="Intake month",
        unit="calendar month",
        source="assumption",
        role="assumption",
        ge=1,
        le=12,
        doc="Month cohorts are admitted (September).",
    )
    graduation_month: int = quantity(
        7,
        label="Graduation month",
        unit="calendar month",
        source="assumption",
        role="assumption",
        ge=1,
        le=12,
        doc="Month cohorts graduate and enter the market (July).",
    )
