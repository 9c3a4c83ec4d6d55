"""Shared burn-ins: a branch carried on from its trunk equals the branch run from the start, byte for byte."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import short_scenario

from abm.core.calendar import parse_month
from abm.runs import RunSpec, run
from abm.runs.forking import divergence_month, family, run_family
from policies.registry import BUILT_INS

SCALE = 0.1
SEED = 7
START = "2023-06"


def stored(frame: pd.DataFrame, tmp_path, name: str) -> pd.DataFrame:
    """The frame as Parquet stores it (what "identical output" means)."""
    path = tmp_path / f"{name}.parquet"
    frame.to_parquet(path, index=False)
    return pd.read_parquet(path)


def branch_with(name: str):
    return short_scenario(name="branch", policies=[{"name": name, "id": f"extra_{name}", "start": START}])


BRANCHES = {policy.name: branch_with(policy.name) for policy in BUILT_INS} | {
    "macro shock": short_scenario(name="shock", drivers={"macro_shock": {"enabled": True, "start": "2024-03"}}),
    "entry-level driver": short_scenario(
        name="entry", drivers={"entry_level_shift": {"enabled": True, "start": "2024-01"}}
    ),
}


@pytest.mark.parametrize("case", sorted(BRANCHES))
def test_a_forked_branch_equals_the_branch_run_from_the_start(case, tmp_path):
    trunk = RunSpec(short_scenario(), seed=SEED, scale=SCALE)
    branch = RunSpec(BRANCHES[case], seed=SEED, scale=SCALE)
    group = family(trunk, [branch])
    month = group.branches[0][1]
    assert month > trunk.scenario.calendar.first_simulated, "the branch shares months with its trunk"
    outcomes = {spec.run_id: (frame, error) for spec, frame, error in run_family(group)}
    forked, error = outcomes[branch.run_id]
    assert error is None
    pd.testing.assert_frame_equal(stored(forked, tmp_path, "forked"), stored(run(branch), tmp_path, "alone"))
    pd.testing.assert_frame_equal(outcomes[trunk.run_id][0], run(trunk))


def test_divergence_is_a_policys_start_and_a_plan_horizon_before_a_driver():
    trunk = short_scenario()
    first = trunk.calendar.first_simulated
    assert divergence_month(trunk, branch_with("internship")) == parse_month(START)
    shock = BRANCHES["macro shock"]
    assert divergence_month(trunk, shock) == parse_month("2024-03") - trunk.survey.expansion_horizon_months
    changed = short_scenario(search={"applications_per_seeker": 4})
    assert divergence_month(trunk, changed) == first
    off = short_scenario(policies=[{"name": "talent_admission", "enabled": False}])
    assert divergence_month(trunk, off) == first
    assert divergence_month(trunk, short_scenario(name="same")) == trunk.calendar.horizon + 1


def test_a_branch_that_differs_from_the_start_runs_alone_and_still_equals_its_own_run():
    trunk = RunSpec(short_scenario(), seed=SEED, scale=SCALE)
    branch = RunSpec(short_scenario(name="other", search={"applications_per_seeker": 4}), seed=SEED, scale=SCALE)
    outcomes = {spec.run_id: frame for spec, frame, _ in run_family(family(trunk, [branch], with_trunk=False))}
    assert list(outcomes) == [branch.run_id]
    pd.testing.assert_frame_equal(outcomes[branch.run_id], run(branch))
