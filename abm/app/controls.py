"""The browser app's controls: one per model parameter it exposes, and how they map to a scenario.

Every control is a keyword argument of :class:`abm.app.AppModel` and a key of the
``model_params`` that Mesa's ``SolaraViz`` turns into a widget. Its name is the scenario
parameter's own name, prefixed with the policy or driver it belongs to where the bare name
would be ambiguous:

- ``seed`` and ``scale`` are the run's seed and market scale (typed in; 1.0 = Hong Kong);
- ``<field>`` is ``<group>.<field>`` of the scenario, for the main calibrated parameters
  (slider bounds are the calibration's bounds, ``abm/data/calibration_space.toml``;
  ``ai_adoption_growth_per_year`` is ``drivers.ai_adoption.growth_per_year``);
- ``<policy>_enabled`` switches an installed policy (built-in or plugin) on or off and
  ``<policy>_<field>`` is ``policies.<policy>.<field>``, one of the levers the policy declares
  (:attr:`policies.base.Policy.levers`: its label and range), so a plugin gets controls too;
- ``<driver>_enabled``, ``<driver>_<field>`` are ``drivers.<driver>.<field>``.

Defaults are the default scenario's values (the calibrated status quo). Instruments of the
status quo keep their start (the burn-in); one switched on that is not in it starts in the
first recorded month, so its effect shows from the first month on screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from abm.calibration.space import load_space
from abm.core.columns import unit_words
from abm.core.drivers import ADOPTION_PATH_NAMES
from abm.core.errors import InputError
from abm.core.scenario import Scenario, table_from_dotted
from abm.runs.scenarios import build_scenario, default_scenario, dotted_value
from policies.registry import get, registered
from policies.status_quo import STATUS_QUO

MAX_SCALE = 5.0
"""Largest scale the app accepts: a step at scale 5 takes about 20 ms, its burn-in about 1 s;
larger markets are for the command line and the benchmarks."""

CALIBRATED = {
    "drivers.ai_adoption.growth_per_year": "AI demand growth a year",
    "search.applications_per_seeker": "Applications a month",
    "search.on_the_job_search_rate_per_month": "On-the-job search a month",
    "search.reservation_wage_ratio": "Asking pay, share of market",
    "demand.vacancy_wage_growth_per_month": "Offer rise a month",
    "demand.pay_ceiling_premium_sme": "Most an SME pays over market",
    "wages.wage_adjustment_per_month": "Speed of pay",
}
"""The calibrated parameters with a slider (demand growth, search, how pay responds), with their
labels; labels stay short because Mesa's sliders share their row with the label."""

DRIVER_LEVERS: dict[str, tuple[tuple[str, str, float, float, float], ...]] = {
    "data_centre_buildout": (("infrastructure_demand_increase", "Rise of infrastructure demand", 0.0, 1.0, 0.05),),
    "chip_supply_shock": (("demand_fall", "Fall in demand", 0.0, 0.5, 0.05),),
    "energy_constraint": (("demand_fall", "Fall in demand", 0.0, 0.5, 0.05),),
    "macro_shock": (("demand_change", "Change in demand", -0.5, 0.5, 0.05),),
}
"""Each switchable driver's size: (parameter, label, slider minimum, maximum, step)."""


@dataclass(frozen=True)
class Control:
    """One widget of the app and the scenario parameter it sets.

    Attributes:
        name: the keyword argument of :class:`abm.app.AppModel` (and the ``model_params`` key).
        path: dotted scenario parameter (:func:`abm.core.scenario.table_from_dotted`); empty for
            ``seed`` and ``scale``, which are the run's own arguments.
        widget: Mesa's input type: ``SliderFloat``, ``SliderInt``, ``Checkbox``, ``Select`` or ``InputText``.
        label: the text beside the widget (units are in ``docs/app.md`` and :func:`unit`).
        value: the default (the default scenario's value).
        bounds: (minimum, maximum, step) of a slider; the choices of a ``Select`` as (value, words) pairs,
            the page showing the words.
    """

    name: str
    path: str
    widget: str
    label: str
    value: Any
    bounds: tuple = ()

    @property
    def position(self) -> Any:
        """Where the widget starts: the default, or for a slider the point of its grid nearest
        the default (the page rounds a slider's value to its grid as soon as it shows it)."""
        if self.widget == "Select":
            return dict(self.bounds)[self.value]
        if not self.widget.startswith("Slider"):
            return self.value
        low, high, step = self.bounds
        return min(high, low + round((self.value - low) / step) * step)

    def read(self, value: Any) -> Any:
        """The parameter value that the widget's ``value`` stands for: a slider at its starting
        position (within a thousandth of a step) stands for the default itself, so that an
        untouched control runs the calibrated value rather than its rounding. Anything else is
        passed on as it is (the scenario's validation judges it)."""
        if self.widget == "Select":
            return {shown: choice for choice, shown in self.bounds}.get(value, value)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if self.widget.startswith("Slider") and number and abs(value - self.position) < self.bounds[2] / 1000:
            return self.value
        return value

    def as_model_param(self) -> dict[str, Any]:
        """The ``model_params`` entry Mesa's ``UserInputs`` renders."""
        entry = {"type": self.widget, "value": self.position, "label": self.label}
        if self.widget.startswith("Slider"):
            entry.update(zip(("min", "max", "step"), self.bounds))
        elif self.widget == "Select":
            entry["values"] = [shown for _, shown in self.bounds]
        return entry


def control_name(path: str) -> str:
    """The app's name of a dotted scenario parameter (see the module docstring)."""
    parts = path.split(".")
    if parts[0] in ("policies", "drivers"):
        return f"{parts[1]}_{parts[2]}"
    return parts[-1]


def unit(path: str) -> str:
    """The unit of a dotted scenario parameter, from its field's metadata ("" if it has none)."""
    parts = path.split(".")
    if parts[0] == "policies":
        fields = get(parts[1]).Params.model_fields
    else:
        node: Any = Scenario
        for part in parts[:-1]:
            node = node.model_fields[part].annotation
        fields = node.model_fields
    field = fields.get(parts[-1])
    return (field.json_schema_extra or {}).get("unit", "") if field is not None else ""


def _slider(path: str, label: str, low: float, high: float, step: float, value: Any) -> Control:
    integer = isinstance(value, int) and isinstance(step, int)
    low, high = min(low, value), max(high, value)  # keep the default on the slider
    return Control(control_name(path), path, "SliderInt" if integer else "SliderFloat", label, value, (low, high, step))


def _switch(kind: str, name: str, title: str, value: bool) -> Control:
    label = f"{'Policy' if kind == 'policies' else 'Driver'}: {title}"
    return Control(f"{name}_enabled", f"{kind}.{name}.enabled", "Checkbox", label, value)


@cache
def controls() -> dict[str, Control]:
    """Every control by name, in the order the page shows them."""
    scenario = default_scenario()
    found = [
        Control("seed", "", "InputText", "Seed (whole number from 0)", "0"),
        Control("scale", "", "InputText", f"Scale (1.0 = Hong Kong, up to {MAX_SCALE:g})", "1.0"),
    ]
    space = {p.name: p for p in load_space()}
    for path, label in CALIBRATED.items():
        bound = space[path]
        step = 1 if bound.integer else float(f"{(bound.high - bound.low) / 100:.2g}")
        found.append(_slider(path, label, bound.low, bound.high, step, dotted_value(scenario, path)))
    enabled = {spec.name for spec in scenario.policies if spec.enabled}
    for policy, policy_class in registered().items():
        found.append(_switch("policies", policy, policy_class.title or policy, policy in enabled))
        for lever in policy_class.levers:
            path = f"policies.{policy}.{lever.parameter}"
            value = dotted_value(scenario, path)
            label = lever.label[:1].upper() + lever.label[1:]
            found.append(_slider(path, label, lever.low, lever.high, lever.step, value))
    path = "drivers.ai_adoption.path"
    found.append(Control(control_name(path), path, "Select", "AI adoption path", dotted_value(scenario, path),
                         tuple(ADOPTION_PATH_NAMES.items())))  # fmt: skip
    for driver, levers in DRIVER_LEVERS.items():
        title = driver.replace("_", " ").capitalize()
        found.append(_switch("drivers", driver, title, getattr(scenario.drivers, driver).enabled))
        for field, label, low, high, step in levers:
            path = f"drivers.{driver}.{field}"
            found.append(_slider(path, label, low, high, step, dotted_value(scenario, path)))
    path = "drivers.macro_shock.start"
    found.append(Control(control_name(path), path, "InputText", "Macro shock start (YYYY-MM)",
                         dotted_value(scenario, path)))  # fmt: skip
    return {control.name: control for control in found}


def default_values() -> dict[str, Any]:
    """The default value of every control, by name."""
    return {name: control.value for name, control in controls().items()}


def changes_from_default(values: dict[str, Any]) -> list[str]:
    """``label: value unit`` (in words) for every control except seed and scale whose parameter value in
    ``values`` (as :func:`read_values` returns them) differs from its default; switches read on or off."""
    changed = []
    for name, control in controls().items():
        value = values[name]
        if control.path and value != control.value:
            if isinstance(value, bool):
                changed.append(f"{control.label}: {'on' if value else 'off'}")
                continue
            if control.widget == "Select":
                changed.append(f"{control.label}: {dict(control.bounds).get(value, value)}")
                continue
            shown = f"{value:,g}" if isinstance(value, float) else str(value)
            suffix = unit_words(unit(control.path))
            changed.append(f"{control.label}: {shown}" + (f" {suffix}" if suffix else ""))
    return changed


def read_values(values: dict[str, Any]) -> dict[str, Any]:
    """Every control's parameter value: ``values`` (by name) read by their controls
    (:meth:`Control.read`), the defaults for the others.

    Raises:
        TypeError: for a name that is not a control.
    """
    by_name = controls()
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        raise TypeError(f"unknown app parameters: {', '.join(unknown)}")
    return default_values() | {name: by_name[name].read(value) for name, value in values.items()}


def model_params() -> dict[str, dict[str, Any]]:
    """``model_params`` for Mesa's ``SolaraViz``: one widget per control, keyed by its name."""
    return {name: control.as_model_param() for name, control in controls().items()}


def parse_seed(value: Any) -> int:
    """The seed typed in: a whole number from 0 (raises InputError otherwise)."""
    try:
        seed = int(str(value).strip())
    except ValueError:
        raise InputError(f"seed: must be a whole number from 0, got {value!r}") from None
    if seed < 0:
        raise InputError(f"seed: must be a whole number from 0, got {seed}")
    return seed


def parse_scale(value: Any) -> float:
    """The scale typed in: a number above 0 and at most :data:`MAX_SCALE` (raises InputError otherwise)."""
    try:
        scale = float(str(value).strip())
    except ValueError:
        raise InputError(f"scale: must be a number (1.0 = Hong Kong), got {value!r}") from None
    if not (math.isfinite(scale) and 0 < scale <= MAX_SCALE):
        raise InputError(f"scale: must be above 0 and at most {MAX_SCALE:g} in the app, got {scale:g}")
    return scale


def scenario_table(values: dict[str, Any]) -> dict[str, Any]:
    """The override table (as in a scenario file) that the controls' ``values`` describe."""
    by_name = controls()
    first_recorded = default_scenario().calendar.first_recorded_month
    dotted = {by_name[name].path: value for name, value in values.items() if by_name[name].path}
    for policy in registered():
        if policy not in STATUS_QUO:
            dotted[f"policies.{policy}.start"] = first_recorded
    return {"name": "app"} | table_from_dotted(dotted)


def settings_from_controls(values: dict[str, Any]) -> tuple[int, float, Scenario]:
    """The run's seed, scale and validated scenario from the controls' ``values`` (by name).

    Raises:
        InputError: a bad value, with a one-line message naming the control or scenario field.
    """
    seed = parse_seed(values["seed"])
    scale = parse_scale(values["scale"])
    return seed, scale, build_scenario(scenario_table(values), source="controls")
