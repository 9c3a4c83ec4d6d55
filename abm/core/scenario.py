"""The scenario schema: a scenario's tables validated into a typed, frozen :class:`Scenario`.

A scenario is the model parameters (:mod:`abm.core.parameters`), a calendar, the exogenous
drivers (:mod:`abm.core.drivers`), a list of policy entries and an optional budget. This
module checks their form only: the policy entries' own parameters are checked against the
policy registry by the run layer (:mod:`abm.runs.scenarios`), which also builds the default
scenario (the status quo and the committed calibration) and reads scenario files.

:func:`merge_tables` and :func:`table_from_dotted` are the table arithmetic of scenario files:
a file's tables merge key by key onto a base, and its ``[[policies]]`` entries merge by
``id`` (default ``name``) onto the base's entries.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from abm.core.calendar import format_month, parse_month
from abm.core.columns import words
from abm.core.drivers import Drivers
from abm.core.errors import InputError
from abm.core.parameters import Group, Parameters

EARLIEST_MONTH, LATEST_MONTH = "2000-01", "2050-12"
"""The calendar's limits: every month of a scenario lies between them."""
MAX_DEMAND_MULTIPLIER = 50.0
"""Most the drivers may multiply labour demand by, in any month (vacancies and memory grow with it)."""
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
"""A scenario's name: it names a results folder, so a letter or digit, then up to 63 letters,
digits, ``_``, ``.`` or ``-`` (no path separators, no dots-only names)."""


def unquoted_month_hint(field: str, value: Any) -> None:
    """Raise ValueError with the fix when a month reached us as a TOML date (written without quotes)."""
    if isinstance(value, dt.date | dt.datetime):
        month = f"{value.year:04d}-{value.month:02d}"
        raise ValueError(
            f'a month is text: write {field} = "{month}" (in quotes); unquoted, {value.isoformat()} is a TOML date'
        )


STATUS_QUO_NAME = "Status quo"
"""The default scenario's (``baseline``'s) display name."""


class Calendar(Group):
    """The simulated period. Months are written ``YYYY-MM``, from 2000-01 to 2050-12."""

    first_recorded_month: str = Field("2023-01", description="First month written to the outputs (output month 0).")
    survey_month: str = Field("2023-06", description="Month the HKPC survey was fielded (mid-2023).")
    horizon_month: str = Field("2035-12", description="Last simulated month.")
    burn_in_months: int = Field(
        60, ge=0, le=240, description="Months simulated before the first recorded month and not written."
    )

    @field_validator("first_recorded_month", "survey_month", "horizon_month", mode="before")
    @classmethod
    def _is_month(cls, value: Any, info: ValidationInfo) -> Any:
        unquoted_month_hint(info.field_name, value)
        return format_month(parse_month(value)) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _ordered(self) -> Calendar:
        if not (parse_month(EARLIEST_MONTH) <= self.first_simulated and self.horizon <= parse_month(LATEST_MONTH)):
            raise ValueError(
                f"the simulated months ({format_month(self.first_simulated)}, after the burn-in, to "
                f"{self.horizon_month}) must lie between {EARLIEST_MONTH} and {LATEST_MONTH}"
            )
        if not self.first_month_recorded <= self.survey <= self.horizon:
            raise ValueError(
                "months must satisfy first_recorded_month <= survey_month <= horizon_month, got "
                f"{self.first_recorded_month}, {self.survey_month}, {self.horizon_month}"
            )
        return self

    @property
    def first_month_recorded(self) -> int:
        return parse_month(self.first_recorded_month)

    @property
    def survey(self) -> int:
        return parse_month(self.survey_month)

    @property
    def horizon(self) -> int:
        return parse_month(self.horizon_month)

    @property
    def first_simulated(self) -> int:
        """Month number of the first simulated (burn-in) month."""
        return self.first_month_recorded - self.burn_in_months


class PolicySpec(BaseModel):
    """One ``[[policies]]`` entry: which instrument, when, and its parameters.

    ``params`` holds every other key of the entry; the policy's own parameter model
    validates them when the scenario is validated. ``id`` (default: ``name``) tells two
    instances of the same instrument apart, for example the status-quo talent admission and
    an expansion of it from 2025: entries merge by ``id``, and output columns
    (``spend_<id>_hkd``) and random streams are keyed by it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    id: str | None = Field(None, pattern=r"^[A-Za-z0-9_]+$")
    start: str = "2023-01"
    end: str | None = None
    enabled: bool = True
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _collect_params(cls, data: Any) -> Any:
        if isinstance(data, dict) and "params" not in data:
            known = {"name", "id", "start", "end", "enabled"}
            data = {k: v for k, v in data.items() if k in known} | {
                "params": {k: v for k, v in data.items() if k not in known}
            }
        return data

    @field_validator("start", "end", mode="before")
    @classmethod
    def _is_month(cls, value: Any, info: ValidationInfo) -> Any:
        unquoted_month_hint(info.field_name, value)
        return format_month(parse_month(value)) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _end_after_start(self) -> PolicySpec:
        if self.end is not None and parse_month(self.end) < parse_month(self.start):
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @property
    def key(self) -> str:
        """The instance's identifier: ``id`` if given, else ``name``."""
        return self.id or self.name

    def as_table(self) -> dict[str, Any]:
        """The entry as written in a scenario file."""
        table: dict[str, Any] = {"name": self.name, "start": self.start}
        if self.id is not None:
            table["id"] = self.id
        if self.end is not None:
            table["end"] = self.end
        if not self.enabled:
            table["enabled"] = False
        return table | dict(self.params)


class Scenario(Parameters):
    """A scenario: parameters + calendar + drivers + policies (+ an optional budget)."""

    name: str = "baseline"
    display_name: str = Field(
        "",
        exclude=True,  # words for readers: not part of the run's content, so not of its run_id
        description="The scenario's name in words, shown to readers (default: the name in words; the "
        "default scenario's is 'Status quo').",
    )
    description: str = "Status quo: Hong Kong's AI talent market with the instruments of 2023."
    calendar: Calendar = Field(default_factory=Calendar)
    drivers: Drivers = Field(default_factory=Drivers)
    policies: tuple[PolicySpec, ...] = ()
    budget_hkd_per_year: float | None = Field(
        None, ge=0.0, le=1e13, description="Cap on government spending on all policies in a calendar year (HK$)."
    )

    @model_validator(mode="before")
    @classmethod
    def _display_name_in_words(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("display_name"):
            name = data.get("name", cls.model_fields["name"].default)
            shown = STATUS_QUO_NAME if name == cls.model_fields["name"].default else words(str(name))
            data = data | {"display_name": shown}
        return data

    @field_validator("name")
    @classmethod
    def _name_is_a_folder_name(cls, value: str) -> str:
        if not re.fullmatch(NAME_PATTERN, value):
            shown = value if len(value) <= 40 else value[:37] + "..."
            raise ValueError(
                f"a scenario's name names its results folder: a letter or digit, then up to 63 letters, digits, "
                f"'_', '.' or '-', got {shown!r}"
            )
        return value

    @model_validator(mode="after")
    def _demand_stays_in_range(self) -> Scenario:
        calendar = self.calendar
        for month in range(calendar.first_simulated, calendar.horizon + 1):
            peak = float(self.drivers.labour_demand_multiplier(month).max())
            if peak > MAX_DEMAND_MULTIPLIER:
                raise ValueError(
                    f"drivers: labour demand reaches {peak:.3g} times its 2023-01 level by {format_month(month)}; at "
                    f"most {MAX_DEMAND_MULTIPLIER:g} is supported (lower drivers.ai_adoption.growth_per_year or the "
                    "calendar's horizon_month)"
                )
        return self

    @model_validator(mode="after")
    def _policies_valid(self) -> Scenario:
        keys = [spec.key for spec in self.policies]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"policy listed twice: {', '.join(duplicates)} (give each instance its own id)")
        calendar = self.calendar
        for spec in self.policies:
            start = parse_month(spec.start)
            end = None if spec.end is None else parse_month(spec.end)
            if start > calendar.horizon or (
                end is not None and not calendar.first_simulated <= end <= calendar.horizon
            ):
                raise ValueError(
                    f"policy {spec.name!r}: start {spec.start} / end {spec.end} must fall before the horizon "
                    f"{calendar.horizon_month} (an end also after the first simulated month "
                    f"{format_month(calendar.first_simulated)})"
                )
        return self

    def parameters_only(self) -> Parameters:
        """The model parameters without name, calendar, drivers and policies."""
        return Parameters(**{k: getattr(self, k) for k in Parameters.model_fields})


def merge_tables(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` merged onto ``base``: tables key by key, policies by name, else replaced."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if key == "policies":
            merged[key] = _merge_policies(merged.get(key, []), value)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_tables(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _merge_policies(base: list[dict[str, Any]], override: Any) -> Any:
    if not isinstance(override, list):
        return override  # let validation report the wrong type
    merged = [dict(entry) for entry in base]
    by_key = {entry.get("id") or entry.get("name"): i for i, entry in enumerate(merged)}
    for entry in override:
        key = (entry.get("id") or entry.get("name")) if isinstance(entry, dict) else None
        if key in by_key:
            base = merged[by_key[key]]
            if "id" not in entry and base.get("id") == key:  # addressed by its id (a dotted name)
                entry = {k: v for k, v in entry.items() if k != "name"}
            merged[by_key[key]] = base | entry
        else:
            merged.append(entry)
    return merged


def table_from_dotted(values: dict[str, Any]) -> dict[str, Any]:
    """Override table from dotted parameter names.

    ``{"search.applications_per_seeker": 3, "policies.talent_admission.arrivals_per_year": 1e5}``
    becomes ``{"search": {"applications_per_seeker": 3}, "policies": [{"name":
    "talent_admission", "arrivals_per_year": 100000.0}]}``: ``policies.<key>.<parameter>``
    addresses a policy entry by its key (its ``id``, or its name when it has none), every other
    name a nested table.
    """
    table: dict[str, Any] = {}
    policies: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        parts = name.split(".")
        if parts[0] == "policies":
            if len(parts) != 3:
                raise InputError(f"parameter {name!r}: policy parameters are named policies.<policy>.<parameter>")
            policies.setdefault(parts[1], {"name": parts[1]})[parts[2]] = value
            continue
        node = table
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    if policies:
        table["policies"] = list(policies.values())
    return table
