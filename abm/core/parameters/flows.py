"""Exits from jobs and from Hong Kong, career switching, and job search."""

from __future__ import annotations

from abm.core.parameters.base import Group, quantity


class Flows(Group):
    """Exits from jobs and from Hong Kong."""

    tenure_years: float = quantity(
        1.5,
        label="Mean job tenure",
        unit="years",
        source="robert_walters_tenure_2024",
        role="fixed",
        ge=0.1,
        le=40.0,
        doc="Mean IT job tenure (1.4 to 1.6 years); sets the total job-ending hazard.",
    )
    job_to_job_share: float = quantity(
        0.77,
        label="Share of job endings that are moves",
        unit="share",
        source="quantecon_lake_model",
        role="assumption",
        ge=0.0,
        lt=1.0,
        doc="Share of job endings that are moves to another job (made by on-the-job search); the "
        "rest are separations into unemployment at 1/tenure x (1 - this share) a month. 0.77 = "
        "1 - 0.013 x 18: the textbook monthly separation rate into unemployment (0.013) over the "
        "monthly job-ending rate of an 18-month tenure.",
    )
    local_emigration_rate_per_year: float = quantity(
        0.015,
        label="Emigration rate of residents",
        unit="1/year",
        source="net_movement_residents",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Emigration hazard of resident workers; about the 2021-22 net outflow of 113,200 "
        "residents over a population of about 7.4 million (population: assumption).",
    )
    imported_departure_rate_per_year: float = quantity(
        0.10,
        label="Early departure rate of imported talent",
        unit="1/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Hazard that imported talent leaves Hong Kong before its visa term ends.",
    )
    retirement_rate_per_year: float = quantity(
        0.01,
        label="Retirement rate",
        unit="1/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Hazard of leaving the labour force for age; the AI workforce is young.",
    )
    visa_term_months: int = quantity(
        24,
        label="First visa term",
        unit="months",
        source="assumption",
        role="assumption",
        ge=1,
        le=120,
        doc="Initial stay of imported talent (TTPS grants 24 months); at its end the worker applies to "
        "extend or leaves (see renewal_*).",
    )
    visa_extension_months: int = quantity(
        36,
        label="Visa extension",
        unit="months",
        source="assumption",
        role="assumption",
        ge=1,
        le=120,
        doc="Length of an extension of an imported worker's stay (TTPS extensions run for up to three years).",
    )
    renewal_apply_share_employed: float = quantity(
        0.65,
        label="Share of employed imported workers applying to extend",
        unit="share",
        source="rthk_ttps_renewal_2025",
        role="free",
        ge=0.01,
        le=0.99,
        doc="Probability that an imported worker employed in AI at the reference pay applies to extend at the end "
        "of the first term; fitted so that an arrival cohort's stay past its first term is the published 54% "
        "applying x 94% approved.",
    )
    renewal_pay_elasticity: float = quantity(
        -1.0,
        label="Pay effect on applying to extend",
        unit="log-odds per log point of pay",
        source="rthk_ttps_renewal_2025",
        role="free",
        ge=-6.0,
        le=6.0,
        doc="How the log-odds of applying to extend change with log(pay / reference pay); negative: the "
        "better paid more often leave (extenders' median pay is about HK$40,000 a month against about "
        "HK$50,000 for employed arrivals).",
    )
    renewal_reference_pay_hkd_month: float = quantity(
        50000.0,
        label="Reference pay of the extension decision",
        unit="HK$/month",
        source="ttps_outcomes_2024",
        role="fixed",
        ge=1000.0,
        le=500000.0,
        doc="Reference pay of the renewal decision: the median pay of employed TTPS arrivals (about HK$50,000), "
        "moving with the market pay level (so pay growth alone does not change who extends).",
    )
    renewal_apply_share_not_in_ai: float = quantity(
        0.2,
        label="Share applying to extend when not employed in AI",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Probability of applying to extend for an imported worker not employed in AI at expiry: unemployed, "
        "in training, or working in another sector (an extension needs a job or a business in Hong Kong).",
    )
    renewal_apply_share_later_terms: float = quantity(
        0.9,
        label="Share applying to extend at later terms",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Probability of applying again at the end of the second and later terms, for those employed in AI "
        "(settled workers mostly stay; no figure is published).",
    )
    renewal_approval_share: float = quantity(
        0.94,
        label="Share of extensions approved",
        unit="share",
        source="rthk_ttps_renewal_2025",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Share of extension applications approved (94% of TTPS applicants, to mid-2025).",
    )
    exit_to_other_sectors_per_month: float = quantity(
        0.03,
        label="Rate at which job seekers leave for other sectors",
        unit="1/month",
        source="assumption",
        role="free",
        ge=0.0,
        le=0.5,
        doc="Hazard that an unemployed AI job seeker takes a job outside the AI market.",
    )

    adjacent_entry_rate_per_year: float = quantity(
        0.02,
        label="Rate of career switching from adjacent sectors",
        unit="1/year",
        source="assumption",
        role="free",
        ge=0.0,
        le=1.0,
        doc="Yearly hazard that a worker of an adjacent sector starts looking for AI jobs "
        "unaided (career switchers), at the starting pay level.",
    )
    adjacent_entry_pay_elasticity: float = quantity(
        1.0,
        label="Pay elasticity of career switching",
        unit="elasticity",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=10.0,
        doc="Career switching rises with the market pay level to this power.",
    )


class Search(Group):
    """Job search, applications, offers and acceptance (the matching kernel's inputs)."""

    vacancies_viewed_per_seeker: int = quantity(
        10,
        label="Vacancies a seeker views",
        unit="vacancies/month",
        source="assumption",
        role="free",
        ge=1,
        le=50,
        doc="Vacancies a seeker looks at in a month (search intensity).",
    )
    applications_per_seeker: int = quantity(
        3,
        label="Applications a seeker sends",
        unit="applications/month",
        source="assumption",
        role="free",
        ge=1,
        le=20,
        doc="Most applications a seeker sends in a month, to viewed vacancies that pay at least its "
        "reservation wage and whose required skill it meets (within the skill slack).",
    )
    screening_pass_rate: float = quantity(
        1.0,
        label="Share of applicants found suitable",
        unit="share",
        source="assumption",
        role="free",
        gt=0.0,
        le=1.0,
        doc="Share of applicants meeting a vacancy's skill bar whom the firm's screening (interviews, tests) "
        "finds suitable; the others are not considered. Below 1, finding a job can take months however many "
        "vacancies there are. 1: every applicant meeting the skill bar is considered.",
    )
    own_specialisation_search_share: float = quantity(
        0.75,
        label="Share of applications in the seeker's specialisation",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Probability that an application goes to a vacancy in the seeker's specialisation.",
    )
    wage_elasticity_of_applications: float = quantity(
        2.0,
        label="Pay elasticity of applications",
        unit="elasticity",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=10.0,
        doc="Vacancies are drawn with probability proportional to (wage offer)^elasticity.",
    )
    on_the_job_search_rate_per_month: float = quantity(
        0.10,
        label="On-the-job search rate",
        unit="1/month",
        source="assumption",
        role="free",
        ge=0.0,
        le=1.0,
        doc="Probability that an employed worker searches in a month.",
    )
    job_switch_wage_premium: float = quantity(
        0.10,
        label="Raise needed to switch jobs",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Raise an employed searcher needs to accept another job (a step up the job ladder).",
    )
    match_shock_rate_per_month: float = quantity(
        0.06,
        label="Rate at which a job loses its appeal",
        unit="1/month",
        source="robert_walters_tenure_2024",
        role="free",
        ge=0.0,
        le=0.5,
        doc="Monthly probability that an employed worker's match loses its appeal (a new manager, a move, a "
        "project that ends: a match-specific taste shock); that month the worker searches and takes any job "
        "paying at least its current wage. Fitted so that jobs end at the rate a 1.5-year tenure implies.",
    )
    offer_rounds_per_month: int = quantity(
        4,
        label="Offer rounds",
        unit="rounds/month",
        source="assumption",
        role="assumption",
        ge=1,
        le=8,
        doc="Offer rounds in a month (weekly): a vacancy whose offer went to someone hired elsewhere offers to its "
        "next applicant in the next round. Hires happen on the rounds' days, so time to fill is in days.",
    )
    reservation_wage_ratio: float = quantity(
        0.90,
        label="Asking pay of a new seeker",
        unit="share of market pay",
        source="assumption",
        role="free",
        ge=0.3,
        le=1.5,
        doc="A new seeker's reservation wage over the market pay for its skill.",
    )
    reservation_wage_decay_per_month: float = quantity(
        0.02,
        label="Fall of an unemployed seeker's asking pay",
        unit="1/month",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=0.5,
        doc="Monthly fall of an unemployed seeker's reservation wage.",
    )
    reservation_wage_floor_ratio: float = quantity(
        0.70,
        label="Lowest asking pay",
        unit="share of market pay",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Floor of the reservation wage over market pay.",
    )
    skill_slack: float = quantity(
        0.10,
        label="Skill shortfall firms accept",
        unit="skill",
        source="assumption",
        role="free",
        ge=0.0,
        le=1.0,
        doc="A firm offers only to applicants whose fit score is at least -slack "
        "(fit = skill - required skill - cross-specialisation penalty).",
    )
    cross_specialisation_penalty: float = quantity(
        0.25,
        label="Fit lost across specialisations",
        unit="skill",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Fit lost by an applicant of another specialisation than the vacancy's.",
    )
    skill_growth_per_year: float = quantity(
        0.04,
        label="On-the-job learning",
        unit="skill/year",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=0.5,
        doc="On-the-job learning of employed workers (skill is capped at 1).",
    )
