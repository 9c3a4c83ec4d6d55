"""Every output column, parameter, policy and scenario has a name in words (abm/core/columns.py, the
parameters' labels, the Policy contract, the scenario files)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import short_scenario

from abm.core.columns import COLUMNS, column, unit_words, words
from abm.runs import build_model
from abm.runs.provenance import assumptions_table
from abm.runs.scenarios import default_scenario, load_scenario
from abm.runs.simulation import RunSpec, label
from policies.base import parameter_rows
from policies.registry import registered

pytestmark = pytest.mark.xdist_group(__name__)

RAW = re.compile(r"[A-Za-z]_[A-Za-z0-9]|[a-z]\.[a-z]")
"""snake_case or dotted.names: code, not words."""
SCENARIOS = Path(__file__).resolve().parents[1] / "experiments" / "scenarios"


@pytest.fixture(scope="module")
def every_column():
    """The columns of a short run with every installed policy switched on (and a swept parameter)."""
    policies = [{"name": name, "start": "2023-01"} for name in registered()]
    scenario = short_scenario(policies=policies)
    model = build_model(scenario, seed=0, scale=0.05)
    model.run_to(scenario.calendar.horizon)
    spec = RunSpec(scenario, seed=0, scale=0.05, swept=(("search.skill_slack", 0.1),))
    return list(label(model.results(), spec).columns)


def test_every_column_of_a_run_has_a_display_name_unit_and_description(every_column):
    titles = {name: policy.instance_title(name) for name, policy in registered().items()}
    for name in every_column:
        shown = column(name, titles)
        assert shown.label and not RAW.search(shown.label), name
        if not name.startswith(("spend_", "refused_", "param_")):
            assert name in COLUMNS and COLUMNS[name].description, f"{name}: not in abm/core/columns.py"
    assert column("spend_talent_admission_hkd", titles).label == "Spending: Talent admission"
    assert column("spend_talent_admission_expansion_hkd").label == "Spending: Talent admission expansion"
    assert column("param_search.skill_slack").label == "Search skill slack"


def test_identifiers_and_units_in_words():
    assert words("ai_rnd_institute") == "AI R&D institute"
    assert words("drivers.ai_adoption.growth_per_year") == "Drivers AI adoption growth per year"
    assert unit_words("people/year") == "people a year"
    assert unit_words("HK$/firm/month") == "HK$ per firm a month"
    assert unit_words("1/month") == "a month (rate)" and unit_words("-") == ""


def test_every_parameter_and_policy_parameter_has_a_label_in_words():
    rows = assumptions_table(load_scenario(SCENARIOS / "balanced.toml"))
    assert {row["name"].split(".")[0] for row in rows} >= {"market", "drivers", "policies"}
    for row in rows:
        assert row["label"] and not RAW.search(row["label"]), row["name"]
        assert row["group"] and not RAW.search(row["group"]), row["name"]
    groups = {row["group"] for row in rows}
    assert "Policy: Talent admission (expansion)" in groups and "Driver: AI adoption" in groups
    for policy in registered().values():
        assert policy.title and policy.summary and not RAW.search(policy.title)
        for row in parameter_rows(policy):
            assert not RAW.search(row["label"]), (policy.name, row["name"])


def test_scenarios_have_display_names():
    assert default_scenario().display_name == "Status quo"
    for path in SCENARIOS.glob("*.toml"):
        scenario = load_scenario(path)
        assert scenario.display_name and not RAW.search(scenario.display_name), path.name
    assert load_scenario(SCENARIOS / "budget_capped_balanced.toml").display_name == "Balanced package, capped"
