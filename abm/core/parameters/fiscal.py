"""The public purse: what the people a policy adds cost in public services and pay in salaries tax.

Used by :mod:`abm.core.fiscal` for the net fiscal cost of policies (a policy's programme cost plus
the public services its added residents use, less the salaries tax they pay; the report takes
the difference from the paired status quo). Figures are Hong Kong's for 2023-24 and 2024-25
(docs/sources.md); where none exists, a documented assumption with its range in the sensitivity
design.
"""

from __future__ import annotations

from pydantic import model_validator

from abm.core.parameters.base import Group, quantity


class Fiscal(Group):
    """Public services per resident and the salaries tax schedule (HK$ a year)."""

    health_per_resident_hkd_per_year: float = quantity(
        13_868.0,
        label="Public health spending per resident",
        unit="HK$/resident/year",
        source="budget_2023_health",
        role="fixed",
        ge=0.0,
        le=200_000.0,
        doc="Recurrent public spending on healthcare per resident: HK$104.4bn (2023-24 estimate) over "
        "7,527,900 residents (end-2023).",
    )
    welfare_per_resident_hkd_per_year: float = quantity(
        16_074.0,
        label="Social welfare spending per resident",
        unit="HK$/resident/year",
        source="slw_fc_2023",
        role="fixed",
        ge=0.0,
        le=200_000.0,
        doc="Recurrent public spending on social welfare per resident: HK$121bn (2023-24 estimate) over "
        "7,527,900 residents.",
    )
    health_use_adult: float = quantity(
        0.5,
        label="Health spending on an adult",
        unit="share of the per-resident average",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=2.0,
        doc="Public health spending on a working-age adult relative to the average resident (the elderly "
        "dominate hospital use; no age profile was found; range 0.3-0.8).",
    )
    welfare_use_adult: float = quantity(
        0.1,
        label="Welfare used by an adult",
        unit="share of the per-resident average",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Social welfare used by an admitted worker or spouse relative to the average resident (social "
        "security needs a year's residence and a means test; elderly services do not apply; range 0-0.3).",
    )
    health_use_child: float = quantity(
        0.6,
        label="Health spending on a child",
        unit="share of the per-resident average",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=2.0,
        doc="Public health spending on a child relative to the average resident (range 0.4-1.0).",
    )
    welfare_use_child: float = quantity(
        0.1,
        label="Welfare used by a child",
        unit="share of the per-resident average",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Social welfare used by a dependant child relative to the average resident (range 0-0.3).",
    )
    school_cost_per_pupil_hkd_per_year: float = quantity(
        85_000.0,
        label="Public cost of a school place",
        unit="HK$/pupil/year",
        source="hkbacui_unit_cost_2023",
        role="assumption",
        ge=0.0,
        le=500_000.0,
        doc="Public subsidy per pupil in government, aided and DSS schools (about HK$75,000-95,000, 2023, "
        "citing LegCo papers; the official aided unit cost was HK$58,000-74,000 in 2018/19; range 60,000-100,000).",
    )
    spouses_per_admitted_worker: float = quantity(
        0.40,
        label="Spouses per admitted worker",
        unit="spouses/worker",
        source="scmp_ttps_dependants_2023",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Dependant spouses per approved TTPS applicant (13,775 over 34,626, Dec 2022 to Aug 2023).",
    )
    children_per_admitted_worker: float = quantity(
        0.54,
        label="Children per admitted worker",
        unit="children/worker",
        source="scmp_ttps_dependants_2023",
        role="fixed",
        ge=0.0,
        le=5.0,
        doc="Dependant minors per approved TTPS applicant (18,824 over 34,626, Dec 2022 to Aug 2023).",
    )
    school_age_share: float = quantity(
        0.7,
        label="Share of children of school age",
        unit="share",
        source="assumption",
        role="assumption",
        ge=0.0,
        le=1.0,
        doc="Share of dependant minors of school age (6-17); no age breakdown was found (range 0.5-0.9).",
    )
    public_school_share: float = quantity(
        0.67,
        label="Share of children in public schools",
        unit="share",
        source="hkfew_survey_2023",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Share of admitted talents' school-age children in government-funded schools (67% of a 2023 "
        "survey of 326 talents; small, self-selected sample).",
    )
    basic_allowance_hkd: float = quantity(
        132_000.0,
        label="Salaries tax basic allowance",
        unit="HK$/year",
        source="cwhkcpa_2024_25",
        role="fixed",
        ge=0.0,
        le=1_000_000.0,
        doc="Salaries tax basic allowance, year of assessment 2024/25.",
    )
    married_allowance_hkd: float = quantity(
        264_000.0,
        label="Married person's allowance",
        unit="HK$/year",
        source="cwhkcpa_2024_25",
        role="fixed",
        ge=0.0,
        le=2_000_000.0,
        doc="Married person's allowance (spouse without income), 2024/25.",
    )
    child_allowance_hkd: float = quantity(
        130_000.0,
        label="Child allowance",
        unit="HK$/year/child",
        source="isd_child_allowance_2023",
        role="fixed",
        ge=0.0,
        le=1_000_000.0,
        doc="Child allowance per child, from 2023/24.",
    )
    mpf_deduction_cap_hkd: float = quantity(
        18_000.0,
        label="Cap on the MPF deduction",
        unit="HK$/year",
        source="mpfa_tax",
        role="fixed",
        ge=0.0,
        le=200_000.0,
        doc="Most an employee's mandatory MPF contributions (5% of pay) deduct from income.",
    )
    tax_band_width_hkd: float = quantity(
        50_000.0,
        label="Width of a salaries tax band",
        unit="HK$/year",
        source="govhk_salaries_rates",
        role="fixed",
        ge=1_000.0,
        le=1_000_000.0,
        doc="Width of each of the four lower bands of the progressive salaries tax.",
    )
    tax_band_rates: tuple[float, float, float, float, float] = quantity(
        (0.02, 0.06, 0.10, 0.14, 0.17),
        label="Salaries tax rates by band",
        unit="shares (four bands, then the rest)",
        source="govhk_salaries_rates",
        role="fixed",
        doc="Progressive rates on net chargeable income: 2%, 6%, 10%, 14% on successive bands, 17% above.",
    )
    standard_rate: float = quantity(
        0.15,
        label="Salaries tax standard rate",
        unit="share",
        source="govhk_salaries_rates",
        role="fixed",
        ge=0.0,
        le=1.0,
        doc="Standard rate on net income before allowances (15% on the first HK$5m; the 16% above it is "
        "beyond AI pay); the tax is the lower of the progressive and the standard-rate tax.",
    )

    @model_validator(mode="after")
    def _rates_are_shares(self) -> Fiscal:
        if not all(0.0 <= rate <= 1.0 for rate in self.tax_band_rates):
            raise ValueError("tax_band_rates must be five shares from 0 to 1")
        return self
