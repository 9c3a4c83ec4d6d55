"""The fiscal account: salaries tax by hand, services per household, and a month's account."""

from __future__ import annotations

import numpy as np
import pytest

from abm.core.fiscal import admitted_household_allowances, monthly_account, salaries_tax_hkd, services_per_year_hkd
from abm.core.kernels.census import take_census
from abm.core.parameters import Fiscal
from abm.core.state import Origin, Status
from abm.runs import build_model, build_scenario

FISCAL = Fiscal()


@pytest.mark.parametrize(
    ("pay", "allowances", "tax"),
    [
        (600_000, 132_000, 58_500),  # single: 582,000 - 132,000 = 450,000; 16,000 + 17% x 250,000
        (600_000, 264_000 + 130_000, 14_320),  # married, one child: 188,000 chargeable
        (3_000_000, 132_000, 447_300),  # the standard rate is lower: 15% x 2,982,000
        (100_000, 132_000, 0),  # below the allowance
        (0, 132_000, 0),
    ],
)
def test_salaries_tax_by_hand(pay, allowances, tax):
    assert salaries_tax_hkd(np.array([pay]), allowances, FISCAL)[0] == pytest.approx(tax)


def test_an_admitted_household_has_expected_allowances_and_services():
    assert admitted_household_allowances(FISCAL) == pytest.approx(0.4 * 264_000 + 0.6 * 132_000 + 0.54 * 130_000)
    adult, household = services_per_year_hkd(FISCAL)
    assert adult == pytest.approx(0.5 * 13_868 + 0.1 * 16_074)
    child = 0.6 * 13_868 + 0.1 * 16_074 + 0.7 * 0.67 * 85_000
    assert household == pytest.approx(adult * 1.4 + 0.54 * child)


def test_a_months_account_counts_the_added_residents_only():
    model = build_model(build_scenario({"name": "fiscal"}), seed=0, scale=0.05)
    workers = model.workers
    workers.status[:] = Status.DEPARTED
    rows = np.arange(6)
    workers.origin[rows] = [Origin.IMPORTED, Origin.IMPORTED, Origin.IMPORTED, Origin.NONLOCAL_GRADUATE,
                            Origin.LOCAL_GRADUATE, Origin.ADJACENT]  # fmt: skip
    workers.status[rows] = [Status.EMPLOYED, Status.UNEMPLOYED, Status.ADJACENT, Status.EMPLOYED,
                            Status.EMPLOYED, Status.EMPLOYED]  # fmt: skip
    workers.wage[rows] = [50_000, 0, 0, 30_000, 40_000, 40_000]
    services, tax = monthly_account(model.settings.fiscal, take_census(workers.status, workers.origin, workers.wage))
    adult, household = services_per_year_hkd(FISCAL)
    assert services == pytest.approx((3 * household + adult) / 12)
    expected = salaries_tax_hkd(np.array([600_000.0]), admitted_household_allowances(FISCAL), FISCAL)[0]
    expected += salaries_tax_hkd(np.array([360_000.0]), 132_000, FISCAL)[0]
    assert tax == pytest.approx(expected / 12)
