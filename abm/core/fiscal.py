"""The fiscal account of the people policies add to Hong Kong: public services used, salaries tax paid.

The residents a policy can add are imported workers (talent admission) and non-local graduates
who stay to work (university places); local graduates and reskilled workers live in Hong Kong
anyway. Each month the model records, for every such resident still in Hong Kong:

- ``fiscal_services_hkd``: the public services they and their dependants use, a twelfth of a
  year's: for an imported worker, an adult's health and welfare spending, plus its expected
  spouse (``spouses_per_admitted_worker``, an adult) and children (``children_per_admitted_worker``:
  a child's health and welfare spending, and a public school place for the school-age share in
  government-funded schools); for a non-local graduate, an adult's (no dependants, an assumption);
- ``fiscal_salaries_tax_hkd``: the salaries tax on the AI pay of those employed in AI, a twelfth of
  the year's tax at this month's pay (pay in other sectors is not modelled, so their tax there is
  left out: the account understates what added residents pay).

Salaries tax (year of assessment 2024/25): net income = pay less the MPF deduction (5% of pay, at
most ``mpf_deduction_cap_hkd``); the progressive tax applies the band rates to net income less
allowances (basic; married, for the expected share with a spouse; per expected child); the tax is
the lower of that and the standard rate on net income. The report subtracts the paired status
quo's account from a policy's, so only the residents a policy adds count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from abm.core.kernels.census import Census, CensusCount

if TYPE_CHECKING:
    from abm.core.parameters import Fiscal

MPF_RATE = 0.05
"""Employee's mandatory MPF contribution: 5% of relevant income (mpf_contribution_levels)."""


def salaries_tax_hkd(annual_pay: np.ndarray, allowances_hkd: float, fiscal: Fiscal) -> np.ndarray:
    """Salaries tax a year (HK$) on ``annual_pay`` (HK$ a year) with ``allowances_hkd`` of allowances."""
    pay = np.asarray(annual_pay, dtype=np.float64)
    net = pay - np.minimum(MPF_RATE * pay, fiscal.mpf_deduction_cap_hkd)
    chargeable = np.maximum(net - allowances_hkd, 0.0)
    progressive = np.zeros_like(chargeable)
    width, rates = fiscal.tax_band_width_hkd, fiscal.tax_band_rates
    for band, rate in enumerate(rates[:-1]):
        progressive += rate * np.clip(chargeable - band * width, 0.0, width)
    progressive += rates[-1] * np.maximum(chargeable - (len(rates) - 1) * width, 0.0)
    return np.minimum(progressive, fiscal.standard_rate * np.maximum(net, 0.0))


def admitted_household_allowances(fiscal: Fiscal) -> float:
    """An admitted worker's expected allowances: basic, married for the expected spouse, per expected child."""
    spouse = fiscal.spouses_per_admitted_worker
    married = spouse * fiscal.married_allowance_hkd + (1 - spouse) * fiscal.basic_allowance_hkd
    return married + fiscal.children_per_admitted_worker * fiscal.child_allowance_hkd


def services_per_year_hkd(fiscal: Fiscal) -> tuple[float, float]:
    """Public services a year (HK$) used by an adult, and by an admitted worker's household."""
    adult = (
        fiscal.health_use_adult * fiscal.health_per_resident_hkd_per_year
        + fiscal.welfare_use_adult * fiscal.welfare_per_resident_hkd_per_year
    )
    child = (
        fiscal.health_use_child * fiscal.health_per_resident_hkd_per_year
        + fiscal.welfare_use_child * fiscal.welfare_per_resident_hkd_per_year
        + fiscal.school_age_share * fiscal.public_school_share * fiscal.school_cost_per_pupil_hkd_per_year
    )
    household = adult * (1 + fiscal.spouses_per_admitted_worker) + child * fiscal.children_per_admitted_worker
    return adult, household


def monthly_account(fiscal: Fiscal, census: Census) -> tuple[float, float]:
    """This month's (public services used, salaries tax paid), HK$, by the residents policies can add."""
    adult, household = services_per_year_hkd(fiscal)
    imported, nonlocal_graduates = (
        census.count(CensusCount.IMPORTED_PRESENT),
        census.count(CensusCount.NONLOCAL_PRESENT),
    )
    services = (household * imported + adult * nonlocal_graduates) / 12
    tax = salaries_tax_hkd(12 * census.imported_wages, admitted_household_allowances(fiscal), fiscal).sum()
    tax += salaries_tax_hkd(12 * census.nonlocal_wages, fiscal.basic_allowance_hkd, fiscal).sum()
    return float(services), float(tax) / 12
