"""The optimiser's parts without a study: decision variables, metrics by hand, settings, intervals, PRIM."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from optuna.distributions import FloatDistribution, IntDistribution

from abm.core.calendar import parse_month
from abm.core.errors import InputError
from experiments.futures import load_futures
from experiments.intervals import t_interval as interval
from experiments.optimise import space
from experiments.optimise.discovery import discover
from experiments.optimise.evaluate import package_metrics
from experiments.optimise.settings import Settings
from experiments.optimise.study import Evaluator
from policies.registry import registered

pytestmark = pytest.mark.xdist_group(__name__)


def test_every_policy_with_levers_is_an_instrument_plugins_included(installed_plugin):
    names = [instrument.policy for instrument in space.instruments()]
    assert names == [name for name, policy in registered().items() if policy.levers]
    assert "hiring_bonus" in names
    bonus = space.distributions(space.instruments(["hiring_bonus"]), by=2030)
    assert bonus["hiring_bonus.bonus_hkd_month"] == FloatDistribution(0.0, 10_000.0, step=500.0)


def test_decision_variables_come_from_the_main_lever_and_the_start_years():
    chosen = space.instruments(["talent_admission", "university_places"])
    distributions = space.distributions(chosen, by=2027)
    assert distributions["talent_admission.arrivals_per_year"] == FloatDistribution(0.0, 300_000.0, step=5_000.0)
    assert distributions["university_places.start_year"] == IntDistribution(2025, 2027)  # capped by the date
    params = {"talent_admission.include": True, "talent_admission.arrivals_per_year": 45_000.0,
              "talent_admission.start_year": 2026, "university_places.include": False,
              "university_places.extra_places_per_year": 500.0, "university_places.start_year": 2025}  # fmt: skip
    package = space.entries(chosen, params)
    assert package == [{"name": "talent_admission", "id": "talent_admission_package", "start": "2026-01",
                        "arrivals_per_year": 45_000.0}]  # fmt: skip
    assert space.package_name(package).startswith("package-") and space.package_name([]) == space.STATUS_QUO
    assert space.describe(chosen, params) == "Talent admission 45,000 arrivals a year (all schemes) from 2026"
    levers = {i.policy: i for i in space.instruments(["retention_incentive", "ai_rnd_institute"])}
    worded = {f"{p}.{suffix}": value for p in levers for suffix, value in (("include", True), ("start_year", 2027))}
    worded |= {"retention_incentive.coverage_share": 0.4, "ai_rnd_institute.budget_hkd": 2.5e9}
    assert space.describe(list(levers.values()), worded) == (
        "Retention incentive 40% of the target group covered from 2027; AI R&D Institute HK$2,500m budget from 2027"
    )
    nothing = params | {"talent_admission.arrivals_per_year": 0.0}  # switched on at size 0: adds nothing
    assert space.entries(chosen, nothing) == [] and space.describe(chosen, nothing) == space.STATUS_QUO_WORDS
    anchors = space.anchors(chosen, by=2027)
    assert [space.entries(chosen, anchor) == [] for anchor in anchors] == [True, False, False, False]
    assert len(space.entries(chosen, anchors[1])) == 2 and len(space.entries(chosen, anchors[2])) == 1
    with pytest.raises(InputError, match="option --policies: unknown policy 'nope'"):
        space.instruments(["nope"])


@pytest.fixture(scope="module")
def committed():
    return load_futures()


def _summaries(scenario: str, offsets: dict[str, dict[str, float]]) -> pd.DataFrame:
    """Run summaries in futures A and B, seeds 0 and 1: the status quo's values plus ``offsets``."""
    rows = []
    for future in ("A", "B"):
        for seed in (0, 1):
            row = {"run_id": f"{scenario}-{future}-{seed}", "scenario": scenario, "future": future, "seed": seed,
                   "pv_programme_hkd": 100.0, "pv_fiscal_hkd": 50.0, "difficulty_share": 0.6,
                   "graduate_unemployment_rate": 0.05, "graduate_median_wage_hkd": 40_000.0,
                   "programme_2025_hkd": 10.0, "programme_2026_hkd": 10.0}  # fmt: skip
            for column, change in offsets.get(f"{future}{seed}", {}).items():
                row[column] += change
            rows.append(row)
    return pd.DataFrame(rows)


def test_metrics_by_hand():
    common = {"pv_programme_hkd": 0.0, "graduate_unemployment_rate": 0.01, "graduate_median_wage_hkd": -400.0}
    package = _summaries("package-x", {
        "A0": common | {"pv_programme_hkd": 40.0, "pv_fiscal_hkd": 10.0, "difficulty_share": -0.2},
        "A1": common | {"pv_programme_hkd": 40.0, "pv_fiscal_hkd": 10.0, "difficulty_share": -0.1,
                        "programme_2026_hkd": 25.0},
        "B0": common | {"pv_programme_hkd": 60.0, "pv_fiscal_hkd": 70.0, "difficulty_share": -0.1},
        "B1": common | {"pv_programme_hkd": 60.0, "pv_fiscal_hkd": 70.0, "difficulty_share": 0.0},
    })  # fmt: skip
    settings = Settings(target=0.49, by=2026, budget_hkd_per_year=20.0, cost_view="fiscal")
    metrics = package_metrics(package, _summaries("status_quo", {}), settings)
    assert metrics["cost_programme_hkd"] == pytest.approx(50.0)
    assert metrics["cost_fiscal_hkd"] == pytest.approx(40.0) == pytest.approx(metrics["cost_hkd"])
    assert metrics["share_met"] == 0.5  # A: mean 0.45 <= 0.49; B: mean 0.55
    assert metrics["difficulty_share"] == pytest.approx(0.5) and metrics["gap"] == pytest.approx(0.01)
    assert metrics["harm_unemployment_pp"] == pytest.approx(1.0)  # +1 point of unemployment
    assert metrics["harm_wage_pct"] == pytest.approx(1.0)  # -1% of the median wage
    assert metrics["harm"] == pytest.approx(2.0)
    assert metrics["max_added_spending_hkd"] == pytest.approx(25.0)  # 2026, future A, seed 1
    assert metrics["budget_excess_hkd"] == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target": 1.5}, "option --target"),
        ({"target": math.nan}, "option --target"),
        ({"by": 2024}, "option --by: must be a year from 2025"),
        ({"by": 2036}, "option --by"),
        ({"budget_hkd_per_year": -1.0}, "option --budget-hkd-per-year"),
        ({"cost_view": "social"}, "option --cost-view"),
        ({"trials": 0}, "option --trials"),
        ({"check_seeds": 1}, "option --check-seeds"),
        ({"min_share": 1.2}, "option --min-share"),
        ({"scale": 0.0}, "option --scale"),
        ({"discount_rate": 1.0}, "option --discount-rate"),
    ],
)
def test_settings_out_of_range_name_the_option(committed, change, message):
    table = {"target": 0.49, "by": 2030, "budget_hkd_per_year": 600e6} | change
    with pytest.raises(InputError, match=message):
        Settings(**table).check(committed)  # horizon 2035-12


def test_intervals_are_t_intervals():
    mean, low, high = interval(np.array([1.0, 2.0, 3.0]))
    assert mean == 2.0 and high - mean == pytest.approx(2.919986 / math.sqrt(3), rel=1e-5) and low == 4.0 - high
    assert math.isnan(interval(np.array([1.0]))[1])


def test_prim_finds_where_a_package_fails(committed):
    features = committed.features()
    rng = np.random.default_rng(1)
    rows = []
    for name, future in features.iterrows():
        fails = future["drivers.ai_adoption.growth_per_year"] > 0.07 and future["drivers.entry_level_shift.enabled"]
        rows += [{"future": name, "seed": s, "miss": bool(rng.random() < (0.9 if fails else 0.05))} for s in range(5)]
    cases = pd.DataFrame(rows)
    rule = discover(cases, features, target=0.49)
    assert rule["status"] == "rule"
    assert {"drivers.entry_level_shift.enabled", "drivers.ai_adoption.growth_per_year"} <= {
        term["feature"] for term in rule["terms"]
    }
    assert next(t for t in rule["terms"] if t["feature"] == "drivers.entry_level_shift.enabled")["on"] is True
    assert rule["coverage"] >= 0.5 and rule["density"] > rule["base_rate"]
    assert "coverage" in rule["text"] and "density" in rule["text"]
    assert "the entry level shift driver is on" in rule["text"] and "growth of AI labour demand >=" in rule["text"]
    assert "drivers." not in rule["text"]  # the command line prints the rule in words
    assert discover(cases.assign(miss=False), features, 0.49)["status"] == "no misses"
    assert discover(cases.assign(miss=True), features, 0.49)["status"] == "all miss"
    one = cases[cases["future"] == cases["future"].iloc[0]]
    assert discover(one.assign(miss=[True, False] * 2 + [True]), features, 0.49)["status"] == "no features"


@pytest.mark.parametrize("shares_files", [True, False])
def test_a_package_run_is_a_branch_of_its_status_quo_from_checkpoints_when_the_workers_see_the_folder(
    committed, tmp_path, shares_files
):
    settings = Settings(target=0.45, by=2027, budget_hkd_per_year=1e9, seeds=1, scale=0.1)
    executor = type("Executor", (), {"shares_files": shares_files})()
    evaluator = Evaluator(settings, committed, executor, tmp_path)
    package = [{"name": "internship", "id": "internship_package", "start": "2026-01", "interns_per_year": 100.0}]
    spec, trunk = evaluator.specs(package)[0], evaluator.status_quo_specs[0]
    group = evaluator._family(spec, trunk)
    if shares_files:
        assert group.trunk is trunk and not group.with_trunk and group.checkpoints == tmp_path / "checkpoints"
        assert group.branches == ((spec, parse_month("2026-01")),)
    else:  # a Dask worker may not see this machine's files: the run starts from the beginning
        assert group.trunk is spec and group.branches == () and group.checkpoints is None
