"""The app's model class, its controls and their mapping onto a scenario, its charts, and the
`talentgap viz` command's checks (no browser; tests/test_app.py drives the page itself)."""

from __future__ import annotations

import inspect
import socket

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from abm.app.charts import CHARTS, firm_positions, png
from abm.app.controls import (
    MAX_SCALE,
    changes_from_default,
    control_name,
    controls,
    default_values,
    model_params,
    parse_scale,
    parse_seed,
    read_values,
    settings_from_controls,
    unit,
)
from abm.app.page import AppModel, summary
from abm.app.server import TITLE, server_command, server_environment
from abm.cli import main
from abm.core.calendar import format_month
from abm.core.errors import InputError
from abm.core.state import SECTORS, SizeClass
from abm.runs import build_model
from abm.runs.scenarios import default_scenario, dotted_value
from policies.registry import BUILT_INS, build_policies
from policies.status_quo import STATUS_QUO

SCALE = "0.05"
"""Tests build app models at a twentieth of Hong Kong: about 50 firms."""


@pytest.fixture(autouse=True)
def fresh_controls():
    """Controls read the calibrated defaults once per process; re-read them for every test."""
    controls.cache_clear()


def sliders():
    return [c for c in controls().values() if c.widget.startswith("Slider")]


def test_model_params_are_the_model_parameters():
    params = model_params()
    signature = list(inspect.signature(AppModel).parameters)
    assert list(params) == signature == list(controls())
    for name, control in controls().items():
        assert params[name]["type"] == control.widget
        assert inspect.signature(AppModel).parameters[name].default == control.value


def test_every_control_names_its_scenario_parameter():
    for name, control in controls().items():
        if name in ("seed", "scale"):
            assert control.path == ""
            continue
        assert name == control_name(control.path)
        parts = control.path.split(".")
        if parts[-1] == "enabled":
            continue
        assert dotted_value(default_scenario(), control.path) == control.value


def test_every_built_in_policy_has_a_switch_and_its_declared_levers():
    names = set(controls())
    for policy in BUILT_INS:
        assert f"{policy.name}_enabled" in names
        assert controls()[f"{policy.name}_enabled"].label == f"Policy: {policy.title}"
        assert policy.levers and policy.levers[0].parameter == policy.size_parameter
        for lever in policy.levers:
            control = controls()[f"{policy.name}_{lever.parameter}"]
            assert control.label == lever.label[:1].upper() + lever.label[1:] and control.bounds[2] == lever.step
        assert controls()[f"{policy.name}_enabled"].value == (policy.name in STATUS_QUO)


def test_a_plugin_policy_gets_controls_from_its_contract(installed_plugin):
    controls.cache_clear()
    bonus = controls()["hiring_bonus_bonus_hkd_month"]
    assert controls()["hiring_bonus_enabled"].label == "Policy: Hiring bonus"
    assert bonus.path == "policies.hiring_bonus.bonus_hkd_month" and bonus.bounds == (0.0, 10_000.0, 500.0)
    values = read_values({"hiring_bonus_enabled": True, "hiring_bonus_bonus_hkd_month": 2000.0})
    _, _, scenario = settings_from_controls(values)
    spec = next(s for s in scenario.policies if s.name == "hiring_bonus")
    assert spec.enabled and spec.params["bonus_hkd_month"] == 2000.0


def test_sliders_hold_their_default_and_have_units():
    for control in sliders():
        low, high, step = control.bounds
        assert low <= control.value <= high and step > 0
        assert low <= control.position <= high
        assert unit(control.path) not in ("", "-")


def test_a_slider_at_its_starting_position_stands_for_the_calibrated_value():
    for control in sliders():
        assert control.read(control.position) == control.value
        step = control.bounds[2]
        moved = control.position + step if control.position + step <= control.bounds[1] else control.position - step
        assert control.read(moved) == moved


def test_default_controls_build_the_default_scenario():
    seed, scale, scenario = settings_from_controls(default_values())
    default = default_scenario()
    assert (seed, scale) == (0, 1.0)
    assert scenario.parameters_only() == default.parameters_only()
    assert scenario.drivers == default.drivers
    built = [(p.key, p.params, p.start, p.end) for p in build_policies(scenario.policies)]
    assert built == [(p.key, p.params, p.start, p.end) for p in build_policies(default.policies)]


def test_default_app_model_runs_the_status_quo_from_the_first_recorded_month():
    app = AppModel(scale=SCALE, seed="3")
    reference = build_model(default_scenario(), seed=3, scale=float(SCALE))
    first = reference.settings.calendar.first_month_recorded
    reference.run_to(first - 1)
    assert app.time == 0 and app.market.month == first and app.market.records == []
    for _ in range(4):
        app.step()
        reference.step()
    assert app.time == 4
    assert app.recorded().equals(reference.results())
    assert app.recorded()["date"].iloc[0] == reference.records[0]["date"]


def test_controls_set_their_parameters():
    applications = 1 if controls()["applications_per_seeker"].value != 1 else 2  # not the calibrated value
    values = read_values(
        {
            "applications_per_seeker": applications,
            "talent_admission_arrivals_per_year": 150_000.0,
            "talent_admission_enabled": False,
            "university_places_enabled": True,
            "university_places_extra_places_per_year": 2_000.0,
            "macro_shock_enabled": True,
            "macro_shock_start": "2024-01",
            "ai_adoption_path": "Vendor forecast to 2030",  # the page shows the choices in words
        }
    )
    _, _, scenario = settings_from_controls(values)
    specs = {spec.name: spec for spec in scenario.policies}
    assert scenario.search.applications_per_seeker == applications
    assert not specs["talent_admission"].enabled
    assert specs["talent_admission"].params["arrivals_per_year"] == 150_000.0
    assert specs["talent_admission"].start == default_scenario().policies[0].start  # status quo keeps its start
    assert specs["university_places"].enabled
    assert specs["university_places"].start == scenario.calendar.first_recorded_month
    assert specs["university_places"].params["extra_places_per_year"] == 2_000.0
    assert scenario.drivers.macro_shock.enabled and scenario.drivers.macro_shock.start == "2024-01"
    assert scenario.drivers.ai_adoption.path == "vendor_2030"
    assert changes_from_default(values) == [
        f"Applications a month: {applications} applications a month",
        "Policy: Talent admission: off",
        "Arrivals a year (all schemes): 150,000 people a year",
        "Policy: University places: on",
        "Extra places a year: 2,000 places a year",
        "AI adoption path: Vendor forecast to 2030",
        "Driver: Macro shock: on",
        "Macro shock start (YYYY-MM): 2024-01",
    ]


def test_a_policy_switched_on_changes_the_run_and_the_summary_says_so():
    base = AppModel(scale=SCALE)
    with_policy = AppModel(scale=SCALE, compute_subsidy_enabled=True)
    for _ in range(3):
        base.step()
        with_policy.step()
    assert (with_policy.recorded()["spend_compute_subsidy_hkd"] > 0).all()
    assert "spend_compute_subsidy_hkd" not in base.recorded()
    _, lines = summary(with_policy)
    assert "changes from the status quo: Policy: Compute subsidy: on" in lines[-1]
    employed = with_policy.recorded()["employed"].iloc[-1]  # counts at Hong Kong's size, and the run's own
    assert f"Employed {employed / float(SCALE):,.0f};" in lines[3] and f"scale {SCALE}: {employed:,} and" in lines[3]
    assert summary(base)[1][-1].endswith("the calibrated status quo")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"seed": "abc"}, "seed: must be a whole number from 0, got 'abc'"),
        ({"seed": "-1"}, "seed: must be a whole number from 0, got -1"),
        ({"seed": "1.5"}, "seed: must be a whole number from 0"),
        ({"scale": "x"}, "scale: must be a number"),
        ({"scale": "0"}, "scale: must be above 0"),
        ({"scale": "nan"}, "scale: must be above 0"),
        ({"scale": str(MAX_SCALE * 2)}, f"at most {MAX_SCALE:g}"),
        ({"macro_shock_start": "2026-13"}, "field 'drivers.macro_shock': expected a month written YYYY-MM"),
        ({"applications_per_seeker": "many"}, "field 'search.applications_per_seeker'"),
    ],
)
def test_a_bad_value_gives_a_model_with_a_message_not_an_exception(values, message):
    app = AppModel(**values)
    assert app.market is None and not app.running
    assert message in app.input_error
    app.step()  # Mesa may still call it once: nothing to simulate, nothing raised
    assert app.market is None


def test_an_unknown_parameter_is_a_programming_error():
    with pytest.raises(TypeError, match="unknown app parameters: no_such_control"):
        AppModel(no_such_control=1)


@given(st.text(max_size=12))
def test_parse_seed_accepts_exactly_the_whole_numbers_from_zero(text):
    try:
        expected = int(text.strip())
    except ValueError:
        expected = None
    if expected is None or expected < 0:
        with pytest.raises(InputError, match=r"^seed: "):
            parse_seed(text)
    else:
        assert parse_seed(text) == expected


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_parse_scale_accepts_exactly_the_app_range(number):
    if 0 < number <= MAX_SCALE:
        assert parse_scale(repr(number)) == number
    else:
        with pytest.raises(InputError, match=r"^scale: "):
            parse_scale(repr(number))


def test_the_run_stops_after_the_horizon():
    app = AppModel(scale=SCALE)
    calendar = app.market.settings.calendar
    months = calendar.horizon - calendar.first_month_recorded + 1
    for _ in range(months - 1):
        app.step()
    assert app.running
    app.step()
    assert not app.running
    assert app.recorded()["date"].iloc[-1].isoformat()[:7] == calendar.horizon_month


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_draws_before_and_after_the_first_recorded_month(name):
    app = AppModel(scale=SCALE, university_places_enabled=True)
    empty = CHARTS[name](app.market, app.recorded())
    for _ in range(2):
        app.step()
    drawn = CHARTS[name](app.market, app.recorded())
    assert isinstance(drawn, Figure)
    assert png(empty).startswith(b"\x89PNG") and png(drawn) != png(empty)
    assert png(drawn) == png(CHARTS[name](app.market, app.recorded()))  # the same month draws the same image


def test_firm_view_titles_the_month_and_the_survey_share():
    app = AppModel(scale=SCALE)
    app.step()
    title = CHARTS["firms"](app.market, app.recorded()).axes[0].get_title()
    share = app.recorded()["difficulty_share"].iloc[-1]
    assert title == f"Firms in {format_month(app.market.month - 1)}: {share:.0%} report difficulty"


def test_firm_positions_put_each_firm_in_its_own_place_in_its_cell():
    rng = np.random.default_rng(0)
    sector = rng.integers(0, len(SECTORS), 500)
    size_class = rng.integers(0, 2, 500)
    x, y = firm_positions(sector, size_class)
    assert np.all((sector < x) & (x < sector + 1))
    assert np.all((size_class < y) & (y < size_class + 1))
    assert len(set(zip(x.round(9), y.round(9)))) == 500
    large = size_class == SizeClass.LARGE
    assert np.all(y[large] < 1) and np.all(y[~large] > 1)  # large firms on the top row


def test_server_runs_in_production_offline_without_telemetry():
    command = server_command("127.0.0.1", 9001)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--port") + 1] == "9001"
    assert {"--production", "--no-open", "--no-check-version"} <= set(command)
    environment = server_environment()
    assert environment["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert environment["SOLARA_THEME_SHOW_BANNER"] == "False"  # its badge would cover the last chart's corner
    assert environment["SOLARA_THEME_TITLE"] == TITLE


def test_viz_refuses_a_bad_port(capsys):
    assert main(["viz", "--port", "70000"]) == 2
    assert capsys.readouterr().err.strip() == "talentgap: error: option --port: must be from 1 to 65535, got 70000"


def test_viz_refuses_a_port_in_use(capsys):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["viz", "--port", str(port)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"talentgap: error: options --host/--port: cannot listen on 127.0.0.1:{port}")
    assert "\n" not in error
