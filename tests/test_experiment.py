"""Experiment files: validation with errors that name the field, and expansion into runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from abm.core.errors import InputError
from experiments.experiment import grid_points, load_experiment, plan, validate_experiment

SCENARIOS = Path(__file__).resolve().parent.parent / "experiments" / "scenarios"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "experiment.toml"
    path.write_text(text)
    return path


def test_grid_expands_lists_and_keeps_scalars():
    points = list(grid_points({"a": [1, 2], "b": "x", "c": [True, False]}))
    assert points == [
        (("a", 1), ("b", "x"), ("c", True)), (("a", 1), ("b", "x"), ("c", False)),
        (("a", 2), ("b", "x"), ("c", True)), (("a", 2), ("b", "x"), ("c", False)),
    ]  # fmt: skip
    assert list(grid_points({})) == [()]


def test_expansion_pairs_every_scenario_with_every_seed_and_grid_point(tmp_path):
    path = write(
        tmp_path,
        f"""
name = "tiny"
baseline = "{SCENARIOS / "baseline.toml"}"
scenarios = ["{SCENARIOS / "talent_admission.toml"}", {{ name = "cap", budget_hkd_per_year = 1e6 }}]
seeds = [3, 5]
scale = 0.1
[grid]
"search.skill_slack" = [0.1, 0.2]
"calendar.horizon_month" = "2025-06"
""",
    )
    experiment, path = load_experiment(path)
    specs = list(plan(experiment, path.parent, str(path)))
    assert len(specs) == 3 * 2 * 2 and len({s.run_id for s in specs}) == 12
    assert specs[0].scenario.name == "baseline"
    assert {s.scenario.name for s in specs} == {"baseline", "talent_admission", "cap"}
    assert {s.seed for s in specs} == {3, 5}
    assert {dict(s.swept)["search.skill_slack"] for s in specs} == {0.1, 0.2}
    assert all(s.scenario.search.skill_slack == dict(s.swept)["search.skill_slack"] for s in specs)
    assert all(s.scenario.calendar.horizon_month == "2025-06" for s in specs)
    # the same file expands to the same run ids (what --resume relies on)
    assert [s.run_id for s in list(plan(experiment, path.parent, str(path)))] == [s.run_id for s in specs]


def test_calibration_sets_label_runs_and_change_parameters(tmp_path):
    sets = tmp_path / "sets.toml"
    sets.write_text(
        '[[sets]]\nid = "a"\n[sets.parameters]\n"search.skill_slack" = 0.05\n'
        '[[sets]]\nid = "b"\n[sets.parameters]\n"search.skill_slack" = 0.25\n'
    )
    path = write(tmp_path, 'name = "rob"\nseeds = 2\ncalibration_sets = "sets.toml"\n')
    experiment, path = load_experiment(path)
    specs = list(plan(experiment, path.parent, str(path)))
    assert [dict(s.labels)["calibration_set"] for s in specs] == ["a", "a", "b", "b"]
    assert [s.scenario.search.skill_slack for s in specs] == [0.05, 0.05, 0.25, 0.25]


def test_committed_experiments_expand():
    root = SCENARIOS.parent
    comparison, path = load_experiment(root / "policy_comparison.toml")
    specs = list(plan(comparison, path.parent, str(path)))
    assert len(specs) == 13 * 30 and comparison.scale == 1.0
    assert len({s.scenario.name for s in specs}) == 13
    robustness, path = load_experiment(root / "calibration_robustness.toml")
    assert robustness.calibration_sets == "near_optimal"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "x"\nseed = 3\n', "field 'seed': unknown key"),
        ('name = "x"\nseeds = -1\n', "field 'seeds'"),
        ('name = "x"\nseeds = [1, 1]\n', "field 'seeds': seeds must be distinct"),
        ('name = "x"\nscale = 0\n', "field 'scale'"),
        ('name = "x"\nscenarios = ["nowhere.toml"]\n', "field 'scenarios[0]': no such scenario file"),
        ('name = "x"\nscenarios = [{ budget_hkd_per_year = 1.0 }]\n', "an inline scenario needs a name"),
        ('name = "x"\n[grid]\n"search.skill_slack" = []\n', "field 'grid.search.skill_slack'"),
        ('name = "x"\n[grid]\n"search.skill_slack" = 7.0\n', "search.skill_slack"),
        ('name = "x"\ncalibration_sets = "missing.toml"\n', "field 'calibration_sets'"),
        ('name = "x"\nscenarios = [{ name = "baseline" }]\n', "scenario names must be distinct"),
        ("name = ", "not valid TOML"),
    ],
)
def test_malformed_experiment_names_the_file_and_field(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as error:
        experiment, path = load_experiment(path)
        list(plan(experiment, path.parent, str(path)))
    assert str(path) in str(error.value) and expected in str(error.value)


def test_validate_experiment_rejects_a_bad_name():
    with pytest.raises(InputError, match="field 'name'"):
        validate_experiment({"name": "has space"}, "inline")


def test_a_grid_over_a_policy_lever_addresses_the_instance_by_its_id(tmp_path):
    path = write(
        tmp_path,
        f"""
name = "lever"
scenarios = ["{SCENARIOS / "talent_admission.toml"}"]
[grid]
"policies.talent_admission_expansion.arrivals_per_year" = [45000.0, 180000.0]
""",
    )
    experiment, path = load_experiment(path)
    specs = [s for s in list(plan(experiment, path.parent, str(path))) if s.scenario.name == "talent_admission"]
    by_key = [{p.key: p for p in s.scenario.policies} for s in specs]
    assert [b["talent_admission_expansion"].params["arrivals_per_year"] for b in by_key] == [45000.0, 180000.0]
    assert all(b["talent_admission_expansion"].name == "talent_admission" for b in by_key)
    assert all("arrivals_per_year" not in b["talent_admission"].params for b in by_key)  # the status quo untouched
    baselines = [s for s in list(plan(experiment, path.parent, str(path))) if s.scenario.name == "baseline"]
    assert len(baselines) == 2 and baselines[0].scenario == baselines[1].scenario  # labelled, unchanged


def test_a_grid_over_a_policy_no_scenario_has_is_an_error(tmp_path):
    path = write(tmp_path, 'name = "x"\n[grid]\n"policies.no_such_instance.arrivals_per_year" = [1.0, 2.0]\n')
    experiment, path = load_experiment(path)
    with pytest.raises(InputError, match=r"grid\.policies\.no_such_instance"):
        list(plan(experiment, path.parent, str(path)))


def test_designs_are_counted_before_they_are_expanded_and_made_lazily(tmp_path):
    path = write(tmp_path, 'name = "huge"\nseeds = 100000000\n[grid]\n"search.skill_slack" = [0.1, 0.2]\n')
    experiment, path = load_experiment(path)
    with pytest.raises(InputError, match=r"200,000,000 runs \(.*\) exceed the limit of 100,000"):
        plan(experiment, path.parent, str(path))
    design = plan(experiment, path.parent, str(path), max_runs=10**9)
    assert design.count == 200_000_000
    first = next(iter(design))  # made one at a time: a list of them would not fit in memory
    assert first.seed == 0 and dict(first.swept) == {"search.skill_slack": 0.1}


def test_a_ten_by_ten_grid_is_counted_without_making_its_points(tmp_path):
    grid = "".join(f'"search.p{i}" = {list(range(10))}\n' for i in range(10))
    path = write(tmp_path, f'name = "grid"\nseeds = 3\n[grid]\n{grid}')
    experiment, path = load_experiment(path)
    with pytest.raises(InputError, match=r"30,000,000,000 runs .* 10,000,000,000 grid points x 3 seeds"):
        plan(experiment, path.parent, str(path))


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        ('[[sets]]\nid = "a"\n', "field 'sets.0.parameters': Field required"),
        ('sets = "abc"\n', "field 'sets': Input should be a valid list"),
        ("sets = []\n", "field 'sets': List should have at least 1 item"),
        ('[[sets]]\nid = "a"\nparameters = 3\n', "field 'sets.0.parameters': Input should be a valid dictionary"),
        ('[[sets]]\nid = "a"\nparameters = {}\n[[sets]]\nid = "a"\nparameters = {}\n', "ids must be distinct"),
    ],
)
def test_a_bad_calibration_sets_file_names_the_file_and_field(tmp_path, sets, expected):
    (tmp_path / "sets.toml").write_text(sets)
    path = write(tmp_path, 'name = "rob"\ncalibration_sets = "sets.toml"\n')
    experiment, path = load_experiment(path)
    with pytest.raises(InputError, match=expected) as error:
        plan(experiment, path.parent, str(path))
    assert str(error.value).startswith(f"{tmp_path / 'sets.toml'}: field 'sets")
