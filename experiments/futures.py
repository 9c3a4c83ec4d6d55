"""Futures: the worlds a policy package is tested in (``talentgap optimise``), read from a futures file.

A future is a scenario overlay: a table in the language of scenario files, merged on top of every
candidate's scenario (the status quo plus a package), so it can change any parameter, driver or
policy. A futures file (TOML, validated; unknown keys are errors naming the file and the field)
names and versions a set of them; the default is ``experiments/futures.toml``::

    name = "hk_ai_futures"
    version = 1                              # raise it when the futures change
    description = "..."
    common = { calendar = { horizon_month = "2030-12" } }   # optional: part of every future

    [calibration_sets]                       # optional: cross everything with calibration sets
    source = "near_optimal"                  # the committed near-optimal sets, or a file of [[sets]]
    count = 3                                # its first `count` sets

    [[factors]]                              # optional: every level crossed with every other factor's
    name = "growth"
    levels = [
        { name = "low", overlay = { drivers.ai_adoption.growth_per_year = 0.0 } },
        { name = "central" },                # no overlay: the calibrated value
    ]

    [[futures]]                              # optional: further named futures, not crossed
    name = "vendor_boom"
    overlay = { drivers.ai_adoption = { path = "vendor_2030" } }

The crossed futures come first (calibration set outermost, then the factors in file order), then
the named ones. A crossed future's overlay is ``common``, then its calibration set's parameters,
then each of its factor levels' overlays; a named future's is ``common`` then its own. Every
overlay is validated by building a scenario from it (each part alone, then each future whole)
before anything runs; sources of calibration sets are paths relative to the futures file.

Each future is described by its **features** (:meth:`Futures.features`): the numeric and on/off
parameters the overlays set that differ between futures, read from the future's scenario (so a
level without an overlay shows the calibrated value); scenario discovery
(:mod:`experiments.optimise.discovery`) explains failures with them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from abm.core.errors import InputError, read_toml, validated
from abm.core.scenario import Scenario, merge_tables, table_from_dotted
from abm.runs.scenarios import build_scenario, dotted_value
from experiments.experiment import calibration_sets, validate_experiment

DEFAULT_FILE = Path(__file__).resolve().parent / "futures.toml"
"""The futures every optimisation uses unless given another file (``--futures``)."""
MAX_FUTURES = 1_000
"""Most futures a file may make (each candidate package runs in every future)."""
_NAME = r"^[A-Za-z0-9_.-]{1,64}$"
_TEXT_KEYS = ("name", "description", "policies")
"""Overlay keys that are not features (names, text, the policy list)."""


class Level(BaseModel):
    """One level of a factor: a name and the overlay it adds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_NAME)
    overlay: dict[str, Any] = Field(default_factory=dict)


class Factor(BaseModel):
    """An uncertainty with a few levels, crossed with every other factor."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_NAME)
    levels: list[Level] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct_levels(self) -> Factor:
        _check_distinct([level.name for level in self.levels], "level names")
        return self


class SetsChoice(BaseModel):
    """Which calibration sets the futures are crossed with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field("near_optimal", description="'near_optimal' (committed) or a file of [[sets]].")
    count: int = Field(3, ge=1, le=100, description="How many sets, from the first in the file.")


class NamedFuture(BaseModel):
    """A future of its own, not crossed with the factors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    overlay: dict[str, Any] = Field(default_factory=dict)


class FuturesFile(BaseModel):
    """A validated futures file (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_NAME)
    version: int = Field(ge=1)
    description: str = ""
    common: dict[str, Any] = Field(default_factory=dict)
    calibration_sets: SetsChoice | None = None
    factors: list[Factor] = Field(default_factory=list)
    futures: list[NamedFuture] = Field(default_factory=list)

    @model_validator(mode="after")
    def _some_futures(self) -> FuturesFile:
        _check_distinct([factor.name for factor in self.factors], "factor names")
        if self.calibration_sets is None and not self.factors and not self.futures:
            raise ValueError("no futures: give [[factors]], [calibration_sets] or [[futures]]")
        return self


def _check_distinct(names: list[str], what: str) -> None:
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"{what} must be distinct, repeated: {repeated}")


@dataclass(frozen=True)
class Future:
    """One future.

    Attributes:
        name: its name (``set=trial412 growth=low ...`` for a crossed future).
        overlay: the scenario table merged on top of every candidate's scenario.
        scenario: the status quo in this future (validated).
        parts: the overlays it is made of, in the order merged (for its features).
    """

    name: str
    overlay: dict[str, Any]
    scenario: Scenario
    parts: tuple[dict[str, Any], ...]


@dataclass(frozen=True, eq=False)
class Futures:
    """A named, versioned set of futures read from ``source``."""

    name: str
    version: int
    source: str
    futures: tuple[Future, ...]

    @cached_property
    def fingerprint(self) -> str:
        """16 hex digits over the name, the version and every future's name and overlay."""
        content = [self.name, self.version, [[f.name, f.overlay] for f in self.futures]]
        return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:16]

    @property
    def names(self) -> list[str]:
        return [future.name for future in self.futures]

    def features(self) -> pd.DataFrame:
        """The futures' features: one row per future (index: its name), one column per feature.

        A feature is a dotted parameter name an overlay sets, numeric or on/off (bool columns),
        whose value differs between futures; of features that split the futures identically
        (a driver's ``enabled`` and its size, a calibration set's parameters) only the first one
        the overlays set is kept.
        """
        names = dict.fromkeys(name for future in self.futures for part in future.parts for name in _leaves(part))
        columns, partitions = {}, set()
        for name in names:
            values = [dotted_value(future.scenario, name) for future in self.futures]
            if not all(isinstance(v, bool | int | float) for v in values) or len(set(values)) < 2:
                continue
            partition = tuple(pd.factorize(pd.Series(values))[0])
            if partition not in partitions:
                partitions.add(partition)
                is_bool = all(isinstance(v, bool) for v in values)
                columns[name] = pd.Series(values, dtype=bool if is_bool else float)
        return pd.DataFrame(columns).set_axis(pd.Index(self.names, name="future"))

    def horizon_month(self) -> str:
        """The earliest horizon of any future (``YYYY-MM``): results can be read up to it."""
        return min((f.scenario.calendar.horizon, f.scenario.calendar.horizon_month) for f in self.futures)[1]


def _leaves(table: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """The dotted names of a table's leaves (policy lists and text keys left out)."""
    for key, value in table.items():
        if not prefix and key in _TEXT_KEYS:
            continue
        if isinstance(value, dict):
            yield from _leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def load_futures(path: str | Path | None = None) -> Futures:
    """Read, validate and expand a futures file (default :data:`DEFAULT_FILE`).

    Raises:
        InputError: the file is missing or not TOML, a field is bad or unknown, an overlay does not
            make a valid scenario, or the file makes more than :data:`MAX_FUTURES` futures; the
            message names the file and the field.
    """
    path = Path(path) if path is not None else DEFAULT_FILE
    table = read_toml(path, "futures file")
    spec = validated(FuturesFile, table, str(path))
    source = str(path)
    common = _checked(spec.common, {}, f"{source}: in 'common'")
    sets = [(None, {})]
    if spec.calibration_sets is not None:
        shell = validate_experiment({"name": spec.name, "calibration_sets": spec.calibration_sets.source}, source)
        sets = calibration_sets(shell, path.parent, f"{source}: field 'calibration_sets.source'")
        sets = sets[: spec.calibration_sets.count]
    crossed = [(set_id, _checked(_dotted_table(values, source), common, f"{source}: calibration set {set_id!r}"))
               for set_id, values in sets]  # fmt: skip
    levels = [
        [(level.name, _checked(level.overlay, common, f"{source}: in 'factors[{i}].levels[{j}].overlay'"))
         for j, level in enumerate(factor.levels)]
        for i, factor in enumerate(spec.factors)
    ]  # fmt: skip
    count = (len(crossed) * math.prod(len(options) for options in levels) if (spec.calibration_sets or spec.factors)
             else 0) + len(spec.futures)  # fmt: skip
    if count > MAX_FUTURES:
        raise InputError(f"{source}: {count:,} futures exceed the limit of {MAX_FUTURES:,}: use fewer levels or sets")
    futures: list[Future] = []
    if spec.calibration_sets is not None or spec.factors:
        for (set_id, set_table), chosen in itertools.product(crossed, itertools.product(*levels)):
            label = [f"set={set_id}"] if set_id is not None else []
            label += [f"{factor.name}={level}" for factor, (level, _) in zip(spec.factors, chosen)]
            futures.append(_future(" ".join(label), (common, set_table, *(o for _, o in chosen)), source))
    for i, named in enumerate(spec.futures):
        overlay = _checked(named.overlay, common, f"{source}: in 'futures[{i}].overlay'")
        futures.append(_future(named.name, (common, overlay), source))
    try:
        _check_distinct([future.name for future in futures], "future names")
    except ValueError as error:
        raise InputError(f"{source}: field 'futures': {error}") from None
    return Futures(name=spec.name, version=spec.version, source=source, futures=tuple(futures))


def _dotted_table(values: dict[str, Any], source: str) -> dict[str, Any]:
    """A calibration set's dotted parameters as a scenario table."""
    try:
        return table_from_dotted(values)
    except InputError as error:
        raise InputError(f"{source}: field 'calibration_sets': {error}") from None


def _checked(overlay: dict[str, Any], common: dict[str, Any], source: str) -> dict[str, Any]:
    """``overlay``, after checking that the status quo with ``common`` and it is a valid scenario."""
    if "name" in overlay:
        raise InputError(f"{source}: field 'name': a future does not rename the scenario (remove the key)")
    build_scenario(merge_tables(common, overlay), source=source)
    return overlay


def _future(name: str, parts: tuple[dict[str, Any], ...], source: str) -> Future:
    overlay: dict[str, Any] = {}
    for part in parts:
        overlay = merge_tables(overlay, part)
    scenario = build_scenario(overlay, source=f"{source}: future {name!r}")
    return Future(name=name, overlay=overlay, scenario=scenario, parts=parts)
