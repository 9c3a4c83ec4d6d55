"""Every value the scenario schema accepts is one the model runs sanely; everything else is refused.

- The model runs at every bound of every numeric field (model parameters, drivers, calendar, and
  every registered policy's parameters), one field at a time.
- A property test writes scenario files with values across and just beyond the bounds (and
  ``inf``, ``nan``, odd mixes) and runs ``talentgap run`` on them: either exit 2 with one line and
  nothing written, or a run whose outputs are finite, whose shares lie in [0, 1] and whose stocks
  are not negative. ``HYPOTHESIS_PROFILE=long`` runs many more examples on demand.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import annotated_types
import numpy as np
import pandas as pd
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abm.cli import main
from abm.core.errors import InputError
from abm.core.metrics import FLOW_COLUMNS
from abm.core.parameters import Parameters
from abm.core.scenario import Calendar
from abm.runs import RunSpec, build_scenario, run
from policies.registry import registered

SCALE = 0.05
SHORT = {"horizon_month": "2023-12", "burn_in_months": 12}
NAN_ALLOWED = {"time_to_fill_days", "median_wage_hkd", "wage_p10_hkd", "wage_p90_hkd",
               "local_graduate_median_wage_hkd", "imported_employed_median_wage_hkd",
               "visa_extender_median_wage_hkd"}  # fmt: skip
"""Columns that are NaN in a month with nothing to measure (no hire, nobody employed)."""
CROSS_FIELD = {
    "survey.vacancy_withdrawal_age_months": "must exceed",  # below the difficulty threshold
    "survey.difficulty_threshold_months": "must exceed",  # at or above the withdrawal age
    "wages.fresh_graduate_hkd_month": "pay does not fall with skill",  # above top-skill pay
    "wages.top_skill_hkd_month": "pay does not fall with skill",  # below fresh-graduate pay
    "demand.demand_shock_sd_per_month": "long-run spread",  # with the calibrated persistence
    "drivers.ai_adoption.growth_per_year": "at most 50",  # over the default horizon
    "drivers.ai_adoption.vendor_2030_extra_growth_per_year": "at most 50",
    "calendar.burn_in_months": "must lie between",  # before 2000-01
}
"""Bounds refused because another field's default rules them out, with the message that says so."""

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@dataclass(frozen=True)
class NumericField:
    """A numeric scenario field: its dotted path (``group.field``, ``policies.<name>.<field>``) and bounds."""

    path: str
    integer: bool
    low: float
    high: float
    low_strict: bool
    high_strict: bool

    def inside(self, at: str) -> float | int:
        """The bound ``at`` ("low" or "high"), nudged inside when it is strict."""
        value = self.low if at == "low" else self.high
        if (at == "low" and self.low_strict) or (at == "high" and self.high_strict):
            step = 1 if self.integer else max(abs(value) * 1e-9, 1e-12)
            value = value + step if at == "low" else value - step
        return int(value) if self.integer else float(value)

    def beyond(self, at: str) -> float | int:
        """Just outside the bound ``at``."""
        value = self.low if at == "low" else self.high
        step = 1 if self.integer else max(abs(value) * 1e-6, 1e-9)
        if (at == "low" and self.low_strict) or (at == "high" and self.high_strict):
            step = 0
        value = value - step if at == "low" else value + step
        return int(value) if self.integer else float(value)


def _fields(model: Any, prefix: str) -> list[NumericField]:
    found = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            found += _fields(annotation, f"{prefix}{name}.")
            continue
        if annotation not in (int, float):
            continue
        bounds = {
            kind: getattr(m, kind.lower())
            for m in info.metadata
            for kind in ("Ge", "Gt", "Le", "Lt")
            if isinstance(m, getattr(annotated_types, kind))
        }
        low, high = bounds.get("Ge", bounds.get("Gt")), bounds.get("Le", bounds.get("Lt"))
        assert low is not None and high is not None, f"{prefix}{name} needs finite bounds"
        found.append(NumericField(f"{prefix}{name}", annotation is int, low, high, "Gt" in bounds, "Lt" in bounds))
    return found


def numeric_fields() -> list[NumericField]:
    """Every numeric field of the scenario schema and of every registered policy's parameters."""
    fields = _fields(Parameters, "") + _fields(Calendar, "calendar.")
    from abm.core.drivers import Drivers

    fields += _fields(Drivers, "drivers.")
    for name, policy_class in registered().items():
        fields += _fields(policy_class.Params, f"policies.{name}.")
    return fields


FIELDS = numeric_fields()


def table_with(path: str, value: Any) -> dict[str, Any]:
    """A short scenario table with one field set (a policy's field turns the policy on from 2023-01)."""
    table: dict[str, Any] = {"name": "bounds", "calendar": dict(SHORT)}
    parts = path.split(".")
    if parts[0] == "policies":
        table["policies"] = [{"name": parts[1], "start": "2023-01", parts[2]: value}]
        return table
    node = table
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
    return table


def assert_sane(frame: pd.DataFrame) -> None:
    """Finite outputs (but the NaN-when-empty columns), shares in [0, 1], stocks and flows not negative."""
    numbers = frame.select_dtypes("number")
    for column in numbers.columns:
        values = numbers[column].to_numpy(dtype=float)
        if column in NAN_ALLOWED:
            values = values[~np.isnan(values)]
        assert np.isfinite(values).all(), column
    for column in [c for c in frame.columns if c.endswith(("_share", "_rate")) or "_share_" in c]:
        assert frame[column].between(0, 1).all(), column
    for column in ("employed", "unemployed", "labour_force", "vacancies", *FLOW_COLUMNS):
        assert (frame[column] >= 0).all(), column
    assert (frame.filter(like="spend_") >= 0).all().all()


def test_every_numeric_field_has_finite_bounds():
    assert len(FIELDS) > 60
    assert all(math.isfinite(f.low) and math.isfinite(f.high) and f.low < f.high for f in FIELDS)


@pytest.mark.parametrize("at", ["low", "high"])
@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.path)
def test_the_model_runs_at_every_bound(field: NumericField, at: str):
    try:
        scenario = build_scenario(table_with(field.path, field.inside(at)), source="bounds.toml")
    except InputError as refusal:
        assert field.path in CROSS_FIELD and CROSS_FIELD[field.path] in str(refusal), str(refusal)
        return
    assert_sane(run(RunSpec(scenario, seed=1, scale=SCALE)))


@pytest.mark.parametrize("at", ["low", "high"])
@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.path)
def test_just_beyond_a_bound_is_refused_naming_the_field(field: NumericField, at: str):
    with pytest.raises(InputError, match=field.path.split(".")[-1]):
        build_scenario(table_with(field.path, field.beyond(at)), source="bounds.toml")


def _value(field: NumericField, draw: Any) -> Any:
    kind = draw(st.sampled_from(["low", "high", "beyond_low", "beyond_high", "inside", "inf", "nan", "text"]))
    if kind in ("low", "high"):
        return field.inside(kind)
    if kind.startswith("beyond"):
        return field.beyond(kind.removeprefix("beyond_"))
    if kind == "inside":
        low, high = field.inside("low"), field.inside("high")
        return draw(st.integers(low, high)) if field.integer else draw(st.floats(low, high))
    if kind == "text":
        return "big"
    return float(kind)


MIXES = st.sampled_from([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0], [0.25] * 4, [0.5, 0.5, 0.5, -0.5], [0.3] * 4])


@st.composite
def scenario_tables(draw) -> dict[str, Any]:
    table: dict[str, Any] = {"name": "prop", "calendar": dict(SHORT)}
    for field in draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=4, unique_by=lambda f: f.path)):
        parts = field.path.split(".")
        value = _value(field, draw)
        if parts[0] == "policies":
            table.setdefault("policies", []).append({"name": parts[1], "start": "2023-01", parts[2]: value})
            continue
        node = table
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    if draw(st.booleans()):
        table.setdefault("market", {})[draw(st.sampled_from(["specialisation_mix", "origin_mix"]))] = draw(MIXES)
    return table


@given(table=scenario_tables())
def test_a_scenario_file_either_runs_sanely_or_is_refused_with_one_line(table, tmp_path_factory, capsys):
    capsys.readouterr()  # capsys is shared by the examples: start from an empty capture
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "prop.toml"
    path.write_text(tomli_w.dumps(table))
    out = folder / "out"
    status = main(["run", str(path), "--scale", str(SCALE), "--out", str(out)])
    captured = capsys.readouterr()
    assert status in (0, 2), captured.err
    if status == 2:
        assert captured.err.startswith("talentgap: error: ") and captured.err.count("\n") == 1, captured.err
        assert not out.exists(), "a refused scenario wrote something"
        return
    assert_sane(pd.read_parquet(out / "timeseries"))


def test_the_listed_crashes_are_refused_cleanly(tmp_path, capsys):
    cases = {
        "persistence": ("[demand]\ndemand_shock_persistence_per_month = 0.999999999\n", "less than or equal to 0.99"),
        "inf": ('[[policies]]\nname = "talent_admission"\narrivals_per_year = inf\n', "finite number"),
        "wage": ("[wages]\nfresh_graduate_hkd_month = 1e308\n", "fresh_graduate_hkd_month"),
        "horizon": ('[calendar]\nhorizon_month = "9999-12"\n', "between 2000-01 and 2050-12"),
        "long_name": (f'name = "{"x" * 300}"\n', "names its results folder"),
        "dots": ('name = ".."\n', "names its results folder"),
        "nested": ("a = " + "[" * 5000 + "]" * 5000 + "\n", "not valid TOML"),
        "visa": ("[flows]\nvisa_term_months = 9223372036854775807\n", "visa_term_months"),
        "firms": ("[market]\nfirms_at_scale_1 = 1000000000000\n", "firms_at_scale_1"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / f"{name}.toml"
        path.write_text(text)
        assert main(["run", str(path), "--out", str(tmp_path / f"out_{name}")]) == 2, name
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, (name, err)
        assert not (tmp_path / f"out_{name}").exists()
    assert main(["run", "--scale", "1e9", "--out", str(tmp_path / "huge")]) == 2
    assert "needs an estimated" in capsys.readouterr().err and not (tmp_path / "huge").exists()


def test_a_market_of_research_jobs_only_runs(tmp_path):
    scenario = build_scenario(table_with("market.specialisation_mix", [1.0, 0.0, 0.0, 0.0]), source="mix.toml")
    frame = run(RunSpec(scenario, seed=2, scale=SCALE))
    assert_sane(frame)
    assert frame["hires"].sum() > 0


def test_a_file_named_dots_is_refused(tmp_path, capsys):
    path = tmp_path / "...toml"
    path.write_text("")
    assert main(["run", str(path), "--out", str(Path(tmp_path) / "out")]) == 2
    assert "names its results folder" in capsys.readouterr().err
