"""The Policy contract, run over every registered policy (built-ins and an entry-point plugin),
and each built-in's mechanism."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SMALL_SCALE, short_scenario

from abm.core.errors import InputError
from abm.runs.simulation import RunSpec, run
from policies import registry
from policies.status_quo import STATUS_QUO

NAMES = [cls.name for cls in registry.BUILT_INS] + ["hiring_bonus"]
START = "2023-06"


@pytest.fixture(autouse=True)
def plugin(installed_plugin):
    """Every test here sees the test plugin as an installed policy (tests/conftest.py)."""


def scenario_with(name: str, **params):
    """The short test scenario with ``name`` on from START (params given), others as in the status quo."""
    return short_scenario(policies=[{"name": name, "start": START, **params}])


def scenario_without(name: str):
    return short_scenario(policies=[{"name": name, "enabled": False}]) if name in STATUS_QUO else short_scenario()


def own_columns(name: str) -> set[str]:
    return {f"spend_{name}_hkd", f"refused_{name}_hkd", *registry.get(name).flows}


def simulate(scenario, seed=5):
    return run(RunSpec(scenario, seed=seed, scale=SMALL_SCALE)).drop(columns=["run_id", "scenario"])


def comparable(a: pd.DataFrame, b: pd.DataFrame, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = [c for c in a.columns if c in b.columns and c not in own_columns(name)]
    return a[columns], b[columns]


def test_every_registered_policy_is_covered_by_the_contract():
    assert set(registry.registered()) == set(NAMES)


def test_plugins_can_be_blocked_by_name(monkeypatch):
    monkeypatch.setenv("TALENTGAP_BLOCK_POLICIES", "hiring_bonus")
    assert "hiring_bonus" not in registry.registered()


@pytest.mark.parametrize("name", NAMES)
def test_policy_contract(name):
    policy_class = registry.get(name)
    assert policy_class.name == name and policy_class.summary and policy_class.size_parameter
    assert policy_class.size_parameter in policy_class.Params.model_fields
    for field in policy_class.Params.model_fields.values():
        assert field.description and (field.json_schema_extra or {}).get("source"), (name, field)
    # a title, and levers that are parameters with a range holding the default (the app's and optimiser's)
    assert policy_class.title and policy_class.levers
    assert policy_class.levers[0].parameter == policy_class.size_parameter
    for lever in policy_class.levers:
        default = policy_class.Params.model_fields[lever.parameter].default
        assert lever.label and lever.low < lever.high and lever.step > 0 and lever.low <= default <= lever.high
        policy_class.Params.model_validate({lever.parameter: lever.low})
        policy_class.Params.model_validate({lever.parameter: lever.high})
    without = simulate(scenario_without(name))
    with_policy = simulate(scenario_with(name))
    # applies without error, and is deterministic for a seed
    pd.testing.assert_frame_equal(with_policy, simulate(scenario_with(name)))
    # does nothing before its start date
    before = with_policy["date"] < pd.Timestamp(START + "-01")
    a, b = comparable(with_policy[before], without[before], name)
    pd.testing.assert_frame_equal(a, b)
    assert with_policy.loc[before, f"spend_{name}_hkd"].sum() == 0
    # costs more than zero once active with non-zero uptake
    assert with_policy.loc[~before, f"spend_{name}_hkd"].sum() > 0
    # at zero size: identical to the run without it, apart from its own columns (no random numbers shift)
    zero = simulate(scenario_with(name, **{policy_class.size_parameter: 0}))
    a, b = comparable(zero, without, name)
    pd.testing.assert_frame_equal(a, b)
    assert zero[f"spend_{name}_hkd"].sum() == 0


def paired_total(column: str, base, changed, seeds=(1, 2)) -> tuple[float, float]:
    totals = [0.0, 0.0]
    for seed in seeds:
        totals[0] += simulate(base, seed)[column].sum()
        totals[1] += simulate(changed, seed)[column].sum()
    return totals[0], totals[1]


@pytest.mark.parametrize(
    ("name", "params", "column"),
    [
        ("talent_admission", {"arrivals_per_year": 180000.0}, "imported"),
        ("reskilling_subsidy", {"trainees_per_year": 2000.0}, "reskilled"),
        ("research_talent_subsidy", {"hires_per_year": 1500.0}, "subsidised_hires"),
        ("internship", {"interns_per_year": 600.0}, "interns_converted"),
    ],
)
def test_status_quo_expansion_moves_its_quantity_up(name, params, column):
    base, more = paired_total(column, short_scenario(), scenario_with(name, **params))
    assert more > base


def test_university_places_add_graduates():
    places = {"extra_places_per_year": 3000.0, "programme": "taught_postgraduate"}  # one-year programme
    base, more = paired_total("graduates", short_scenario(), scenario_with("university_places", **places))
    assert more > base


def test_retention_incentive_lowers_emigration():
    params = {"target": "all", "emigration_reduction": 0.9}
    base, fewer = paired_total("emigrants", short_scenario(), scenario_with("retention_incentive", **params))
    assert fewer < base


@pytest.mark.parametrize("name", ["ai_rnd_institute", "compute_subsidy"])
def test_demand_side_policies_add_vacancies(name):
    params = {"budget_hkd": 5e9} if name == "ai_rnd_institute" else {"demand_increase": 0.3}
    base, more = paired_total("vacancies_posted", short_scenario(), scenario_with(name, **params))
    assert more > base


def test_budget_caps_yearly_spending_and_shows_refusals():
    capped = short_scenario(budget_hkd_per_year=2_000_000.0)
    frame = simulate(capped)
    spend_columns = [c for c in frame.columns if c.startswith("spend_")]
    by_year = frame.groupby(frame["date"].dt.year)[spend_columns].sum().sum(axis=1)
    assert (by_year <= 2_000_000.0 * SMALL_SCALE + 1e-6).all()  # the budget is at scale 1
    refused = frame[[c for c in frame.columns if c.startswith("refused_")]].to_numpy().sum()
    assert refused > 0
    assert (frame["government_spend_hkd"] == frame[spend_columns].sum(axis=1)).all()


def test_bad_policy_input_names_the_policy():
    with pytest.raises(InputError, match="policy 'talent_admission': parameter 'it_share'"):
        short_scenario(policies=[{"name": "talent_admission", "it_share": 1.5}])
    with pytest.raises(InputError, match="did you mean 'retention_incentive'"):
        short_scenario(policies=[{"name": "retention_incentiv"}])
