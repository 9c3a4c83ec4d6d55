"""Exogenous drivers: each switchable, acting on the specialisations it names."""

from __future__ import annotations

import numpy as np

from abm.core.calendar import parse_month
from abm.core.drivers import DATA, ENGINEERING, INFRASTRUCTURE, RESEARCH, Drivers

JAN_2023, JAN_2026, JAN_2030 = parse_month("2023-01"), parse_month("2026-01"), parse_month("2030-01")


def test_default_drivers_are_ai_adoption_only():
    drivers = Drivers()
    assert np.allclose(drivers.labour_demand_multiplier(JAN_2023), 1.0)
    growth = drivers.ai_adoption.growth_per_year
    assert np.allclose(drivers.labour_demand_multiplier(JAN_2023 + 12), 1 + growth)


def test_vendor_path_grows_faster_until_2030_then_at_the_steady_rate():
    steady = Drivers()
    vendor = Drivers(ai_adoption={"path": "vendor_2030"})
    assert vendor.labour_demand_multiplier(JAN_2030)[0] > steady.labour_demand_multiplier(JAN_2030)[0]
    ratio_2031 = vendor.labour_demand_multiplier(JAN_2030 + 24)[0] / steady.labour_demand_multiplier(JAN_2030 + 24)[0]
    ratio_2032 = vendor.labour_demand_multiplier(JAN_2030 + 36)[0] / steady.labour_demand_multiplier(JAN_2030 + 36)[0]
    assert np.isclose(ratio_2031, ratio_2032)


def test_switchable_drivers_act_only_while_enabled_and_on_their_specialisations():
    window = {"enabled": True, "start": "2026-01", "end": "2027-12"}
    base = Drivers().labour_demand_multiplier(JAN_2026 + 36)
    cases = {
        "data_centre_buildout": ({INFRASTRUCTURE}, 1),
        "chip_supply_shock": ({RESEARCH, DATA, INFRASTRUCTURE}, -1),
        "energy_constraint": ({RESEARCH, INFRASTRUCTURE}, -1),
        "macro_shock": ({RESEARCH, ENGINEERING, DATA, INFRASTRUCTURE}, -1),
    }
    for name, (affected, sign) in cases.items():
        off = Drivers(**{name: {"start": "2026-01"}})
        on = Drivers(**{name: window})
        assert np.allclose(off.labour_demand_multiplier(JAN_2026 + 6), Drivers().labour_demand_multiplier(JAN_2026 + 6))
        during = on.labour_demand_multiplier(JAN_2026 + 23) / Drivers().labour_demand_multiplier(JAN_2026 + 23)
        for spec in range(4):
            assert (np.sign(during[spec] - 1) == sign) if spec in affected else np.isclose(during[spec], 1.0), name
        assert np.allclose(on.labour_demand_multiplier(JAN_2026 + 36), base)  # over after its end
        assert np.allclose(on.labour_demand_multiplier(JAN_2026 - 1), Drivers().labour_demand_multiplier(JAN_2026 - 1))
