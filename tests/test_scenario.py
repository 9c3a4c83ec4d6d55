"""Scenario files: defaults, merging, dotted names, and errors that name file and field."""

from __future__ import annotations

import pytest

from abm.core.errors import InputError
from abm.core.parameters import parameter_table
from abm.core.scenario import table_from_dotted
from abm.runs.scenarios import build_scenario, default_scenario, dotted_value, load_scenario
from policies.status_quo import STATUS_QUO


def write(tmp_path, text, name="s.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_default_scenario_is_the_baseline_file():
    assert load_scenario("experiments/scenarios/baseline.toml") == default_scenario()


def test_default_contains_the_status_quo_instruments():
    assert [p.name for p in default_scenario().policies] == list(STATUS_QUO)


def test_a_file_states_only_what_differs(tmp_path):
    scenario = load_scenario(write(tmp_path, "[search]\napplications_per_seeker = 4\n"))
    default = default_scenario()
    assert scenario.search.applications_per_seeker == 4
    assert scenario.search.skill_slack == default.search.skill_slack
    assert scenario.market == default.market and scenario.name == "s"


def test_policies_merge_by_name_and_can_be_switched_off(tmp_path):
    text = """
[[policies]]
name = "talent_admission"
arrivals_per_year = 120000.0

[[policies]]
name = "internship"
enabled = false

[[policies]]
name = "university_places"
start = "2025-09"
extra_places_per_year = 800.0
"""
    scenario = load_scenario(write(tmp_path, text))
    by_name = {p.name: p for p in scenario.policies}
    assert by_name["talent_admission"].params["arrivals_per_year"] == 120000.0
    assert by_name["talent_admission"].start == default_scenario().policies[0].start
    assert not by_name["internship"].enabled
    assert by_name["university_places"].start == "2025-09"


def test_every_parameter_has_unit_source_and_role():
    for row in parameter_table(default_scenario()):
        assert row["unit"] and row["source"] and row["role"] in ("fixed", "definition", "assumption", "free"), row


def test_dotted_names_round_trip():
    table = table_from_dotted({"search.skill_slack": 0.2, "policies.talent_admission.it_share": 0.2})
    scenario = build_scenario(table)
    assert dotted_value(scenario, "search.skill_slack") == 0.2
    assert dotted_value(scenario, "policies.talent_admission.it_share") == 0.2
    assert dotted_value(scenario, "drivers.ai_adoption.path") == "steady"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[search]\napplications_per_seeker = 0\n", "field 'search.applications_per_seeker'"),
        ("[search]\napplications_per_seeker = 'many'\n", "field 'search.applications_per_seeker'"),
        ("[serch]\nx = 1\n", "field 'serch': unknown key; did you mean 'search'? Allowed keys: market, wages"),
        ("[[policy]]\nname = 'internship'\n", "field 'policy': unknown key; did you mean 'policies'? Allowed keys"),
        (
            "[[policies]]\nname = 'internship'\nstart = 2025-01\n",
            'months are text: write start = "2025-01" (in quotes)',
        ),
        ("[[policies]]\nname = 'internship'\nstart = 2025-01-01\n", 'a month is text: write start = "2025-01"'),
        ("[calendar]\nhorizon_month = 2030-12-01\n", 'write horizon_month = "2030-12" (in quotes)'),
        ("[search]\nfoo = 1\n", "field 'search.foo': unknown key; allowed keys: vacancies_viewed_per_seeker"),
        ("[calendar]\nsurvey_month = '2040-01'\n", "survey_month <= horizon_month"),
        ("[calendar]\nsurvey_month = '2023-13'\n", "YYYY-MM"),
        ("[[policies]]\nname = 'talent_admision'\n", "did you mean 'talent_admission'"),
        ("[[policies]]\nname = 'internship'\nmonths = 'three'\n", "policy 'internship': parameter 'months'"),
        ("[[policies]]\nname = 'internship'\nstart = '2025-01'\nend = '2024-01'\n", "before start"),
        ("[[policies]]\nname = 'internship'\nstart = '2040-01'\n", "before the horizon"),
        ("[[policies]]\nname = 'internship'\ncolour = 'red'\n", "unknown parameter 'colour'"),
        ("budget_hkd_per_year = -1.0\n", "field 'budget_hkd_per_year'"),
        ("[market]\nspecialisation_mix = [0.5, 0.5, 0.5, 0.5]\n", "summing to 1"),
        ("[drivers.macro_shock]\nstart = '2027-01'\nend = '2026-01'\n", "before start"),
    ],
)
def test_bad_values_name_file_and_field(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as error:
        load_scenario(path)
    message = str(error.value)
    assert message.startswith(str(path)) and expected in message and "\n" not in message


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(InputError, match="no such scenario file"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="not valid TOML"):
        load_scenario(write(tmp_path, "x = [\n"))


SCENARIO_DIR = "experiments/scenarios"


def test_ready_made_scenarios_load_and_cover_every_policy():
    from pathlib import Path

    from policies.registry import BUILT_INS

    files = sorted(Path(SCENARIO_DIR).glob("*.toml"))
    scenarios = {path.stem: load_scenario(path) for path in files}
    assert all(scenario.name == stem for stem, scenario in scenarios.items())
    baseline_keys = {p.key for p in default_scenario().policies}
    for policy_class in BUILT_INS:
        scenario = scenarios[policy_class.name]  # one file per built-in, named after it
        added = {p.key for p in scenario.policies} - baseline_keys
        assert any(p.name == policy_class.name and p.key in added for p in scenario.policies), policy_class.name
    for package in ("supply_side", "demand_side", "balanced"):
        assert len({p.key for p in scenarios[package].policies} - baseline_keys) >= 2


def test_second_instance_needs_its_own_id():
    scenario = build_scenario({"policies": [{"name": "talent_admission", "id": "extra", "start": "2025-01"}]})
    assert [p.key for p in scenario.policies].count("extra") == 1
    assert sum(p.name == "talent_admission" for p in scenario.policies) == 2


def test_a_display_name_is_words_for_readers_and_not_part_of_the_run(tmp_path):
    from abm.runs.simulation import RunSpec

    plain = load_scenario(write(tmp_path, "name = 'more_places'\n"))
    named = load_scenario(write(tmp_path, "name = 'more_places'\ndisplay_name = 'More places'\n", "named.toml"))
    assert plain.display_name == "More places" == named.display_name  # default: the name in words
    shown = load_scenario(write(tmp_path, "name = 'x'\ndisplay_name = 'Extra AI places'\n", "shown.toml"))
    assert shown.display_name == "Extra AI places"
    assert RunSpec(shown, seed=0).run_id == RunSpec(shown.model_copy(update={"display_name": "Other"}), seed=0).run_id
