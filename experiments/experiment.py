"""Experiment files: scenarios x a parameter grid x seeds (x calibration sets), expanded into runs.

An experiment file is TOML, validated here (unknown keys are errors)::

    name = "policy_comparison"
    description = "..."
    baseline = "scenarios/baseline.toml"       # a scenario file, or an inline table; default: the default scenario
    scenarios = ["scenarios/talent_admission.toml", { name = "cheap_visas", policies = [...] }]
    seeds = 30                                   # a count (seeds 0..29) or a list of seeds
    scale = 1.0                                  # 1.0 = Hong Kong
    calibration_sets = "near_optimal"            # optional: repeat everything under each near-optimal set

    [grid]                                       # optional: dotted parameter names
    "search.skill_slack" = [0.1, 0.2]            # a list expands
    "calendar.horizon_month" = "2030-12"         # a scalar stays fixed

Paths are relative to the experiment file. The baseline is always run. A grid over a policy's
lever (``"policies.<id or name>.<parameter>"``) changes the scenarios that have that policy
instance and labels the others' runs (so the baseline is paired at every grid point); a name
no scenario has is an error. Every scenario runs at every grid point and every seed (the same
seeds for all, so runs are paired: common random numbers), under every calibration set if there
are any. Grid values appear as ``param_<name>`` columns; runs under a near-optimal set carry a
``calibration_set`` column with the set's id. A grid value is applied on top of a scenario file,
which is applied on top of the calibration set, which is applied on top of the committed
calibration.

An experiment is counted before it is expanded (calibration sets x scenarios x grid points x
seeds, :func:`plan`); a design of more than ``max_runs`` runs (default :data:`MAX_RUNS`) is
refused with its count, and the runs of an accepted one are generated lazily by iterating its
:class:`Design`, so no design is ever held in memory whole.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from abm.core.errors import InputError, read_toml, validated
from abm.core.scenario import Scenario, merge_tables, table_from_dotted
from abm.runs.committed import near_optimal_sets
from abm.runs.scenarios import build_scenario
from abm.runs.simulation import RunSpec

NEAR_OPTIMAL = "near_optimal"
"""The ``calibration_sets`` value that names the committed near-optimal sets (:mod:`abm.runs.committed`)."""
MAX_RUNS = 100_000
"""Default limit on an experiment's runs, counted before expansion (``--max-runs`` raises it)."""


class Experiment(BaseModel):
    """A validated experiment file (see the module docstring for the format)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    baseline: str | dict[str, Any] | None = None
    scenarios: list[str | dict[str, Any]] = Field(default_factory=list)
    seeds: int | list[int] = Field(1, description="A count n (seeds 0..n-1) or a list of non-negative seeds.")
    scale: float = Field(1.0, gt=0.0, le=100.0, description="Market scale: 1.0 = Hong Kong.")
    grid: dict[str, Any] = Field(default_factory=dict)
    calibration_sets: str | None = Field(
        None, description=f"'{NEAR_OPTIMAL}' (the committed near-optimal sets) or a path to a file of [[sets]]."
    )

    @field_validator("seeds")
    @classmethod
    def _seeds_valid(cls, value: int | list[int]) -> int | list[int]:
        if isinstance(value, int):
            if value < 1:
                raise ValueError(f"a seed count must be at least 1, got {value}")
        else:
            if not value:
                raise ValueError("a seed list must not be empty")
            if any(seed < 0 for seed in value) or len(set(value)) != len(value):
                raise ValueError("seeds must be distinct non-negative integers")
        return value

    @property
    def seed_list(self) -> list[int]:
        return list(self.seed_range)

    @property
    def seed_range(self) -> range | list[int]:
        """The seeds, without making a list of a count."""
        return range(self.seeds) if isinstance(self.seeds, int) else self.seeds


class CalibrationSet(BaseModel):
    """One ``[[sets]]`` entry of a calibration-sets file (other keys, such as ``loss``, are ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    parameters: dict[str, Any]


class CalibrationSets(BaseModel):
    """A calibration-sets file: ``[[sets]]`` with an ``id`` and a ``[sets.parameters]`` table each."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    sets: list[CalibrationSet] = Field(min_length=1)


def load_experiment(path: str | Path) -> tuple[Experiment, Path]:
    """Read and validate an experiment file; errors name the file and the field."""
    path = Path(path)
    table = read_toml(path, "experiment file")
    table.setdefault("name", path.stem)
    return validate_experiment(table, str(path)), path


def validate_experiment(table: dict[str, Any], source: str) -> Experiment:
    """An :class:`Experiment` from a table; a bad field raises InputError naming ``source`` and the field."""
    return validated(Experiment, table, source)


def scenario_tables(experiment: Experiment, folder: Path, source: str) -> list[dict[str, Any]]:
    """The baseline's table then each scenario's, read from files (relative to ``folder``) or inline."""
    tables = []
    for position, entry in enumerate([experiment.baseline or {"name": "baseline"}, *experiment.scenarios]):
        field = "baseline" if position == 0 else f"scenarios[{position - 1}]"
        if isinstance(entry, str):
            path = folder / entry
            table = read_toml(path, "scenario file", f"{source}: field '{field}': no such scenario file {path}")
            table.setdefault("name", path.stem)
        else:
            if "name" not in entry:
                raise InputError(f"{source}: field '{field}': an inline scenario needs a name")
            table = dict(entry)
        tables.append(table)
    names = [table["name"] for table in tables]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InputError(f"{source}: field 'scenarios': scenario names must be distinct, repeated: {repeated}")
    return tables


def calibration_sets(experiment: Experiment, folder: Path, source: str) -> list[tuple[str | None, dict[str, Any]]]:
    """``(id, dotted overrides)`` per calibration set, or one ``(None, {})`` without sets.

    The sets file is validated (InputError naming it and the field): ``sets`` a non-empty list
    of tables, each with an ``id`` and a ``parameters`` table; ids distinct.
    """
    if experiment.calibration_sets is None:
        return [(None, {})]
    if experiment.calibration_sets == NEAR_OPTIMAL:
        where, table = "the committed near-optimal file", {"sets": near_optimal_sets()}
    else:
        path = folder / experiment.calibration_sets
        where = str(path)
        table = read_toml(path, "file", f"{source}: field 'calibration_sets': no such file {path}")
    sets = validated(CalibrationSets, table, where).sets
    ids = [entry.id for entry in sets]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise InputError(f"{where}: field 'sets': ids must be distinct, repeated: {repeated}")
    return [(entry.id, dict(entry.parameters)) for entry in sets]


def grid_points(grid: dict[str, Any]) -> Iterator[tuple[tuple[str, Any], ...]]:
    """Every combination of the grid, one at a time: lists expand, scalars stay fixed (in the file's order)."""
    names = list(grid)
    choices = [value if isinstance(value, list) else [value] for value in grid.values()]
    return (tuple(zip(names, combination)) for combination in itertools.product(*choices))


def grid_size(grid: dict[str, Any]) -> int:
    """How many points :func:`grid_points` gives, without making them."""
    return math.prod(len(value) if isinstance(value, list) else 1 for value in grid.values())


@dataclass(frozen=True, eq=False)
class Design:
    """An experiment's runs, counted but not made: iterating a design yields its runs one at a time.

    Attributes:
        experiment: the validated experiment.
        tables: the baseline's table, then each scenario's.
        sets: ``(id, dotted overrides)`` per calibration set (one ``(None, {})`` without sets).
        instances: each scenario's policy keys (ids, or names), for grids over a policy's lever.
        source: the experiment file, for messages.
    """

    experiment: Experiment
    tables: list[dict[str, Any]]
    sets: list[tuple[str | None, dict[str, Any]]]
    instances: dict[str, set[str]]
    source: str

    @property
    def count(self) -> int:
        """Runs before identical ones are merged: sets x scenarios x grid points x seeds."""
        return len(self.sets) * len(self.tables) * grid_size(self.experiment.grid) * len(self.experiment.seed_range)

    @property
    def scenario_names(self) -> list[str]:
        """The baseline's name, then each scenario's."""
        return [table["name"] for table in self.tables]

    def __iter__(self) -> Iterator[RunSpec]:
        """Every run, baseline first, each a validated :class:`RunSpec`, made as it is asked for.

        Order: calibration set, then scenario, then grid point, then seed. Runs that are
        identical in content (and so share a ``run_id``) come once.
        """
        seen: set[str] = set()
        for set_id, set_values in self.sets:
            labels = (("calibration_set", set_id),) if set_id is not None else ()
            for table in self.tables:
                for point in grid_points(self.experiment.grid):
                    applies = {n: v for n, v in point if not _other_policy(n, self.instances[table["name"]])}
                    scenario = scenario_at(table, set_values, applies, self.source)
                    for seed in self.experiment.seed_range:
                        spec = RunSpec(scenario, seed=seed, scale=self.experiment.scale, swept=point, labels=labels)
                        if spec.run_id not in seen:
                            seen.add(spec.run_id)
                            yield spec


def plan(experiment: Experiment, folder: Path, source: str = "<experiment>", max_runs: int = MAX_RUNS) -> Design:
    """Check an experiment and count its runs, without making them.

    Args:
        experiment: the validated experiment file.
        folder: the folder its paths are relative to.
        source: the experiment file, for messages.
        max_runs: the most runs accepted.

    Raises:
        InputError: a scenario, grid name or calibration-sets file is bad, or the design has more
            than ``max_runs`` runs (the message gives the count and how it is made).
    """
    tables = scenario_tables(experiment, folder, source)
    for name, values in experiment.grid.items():
        if isinstance(values, list) and not values:
            raise InputError(f"{source}: field 'grid.{name}': an empty list expands to no runs")
        table_from_dotted({name: values})  # checks the name's form
    sets = calibration_sets(experiment, folder, source)
    instances = {table["name"]: {p.key for p in scenario_at(table, {}, {}, source).policies} for table in tables}
    for name in experiment.grid:
        parts = name.split(".")
        if parts[0] == "policies" and not any(parts[1] in keys for keys in instances.values()):
            raise InputError(f"{source}: field 'grid.{name}': no scenario has a policy {parts[1]!r} (its id or name)")
    design = Design(experiment, tables, sets, instances, source)
    made_of = (f"{len(sets)} calibration sets x {len(tables)} scenarios x {grid_size(experiment.grid):,} grid points "
               f"x {len(experiment.seed_range):,} seeds")  # fmt: skip
    check_run_count(design.count, max_runs, source, made_of)
    return design


def check_run_count(count: int, max_runs: int, source: str, made_of: str) -> None:
    """Raise InputError if a design of ``count`` runs (``made_of`` says how) exceeds ``max_runs``."""
    if max_runs < 1:
        raise InputError(f"option --max-runs: must be at least 1, got {max_runs}")
    if count > max_runs:
        raise InputError(f"{source}: {count:,} runs ({made_of}) exceed the limit of {max_runs:,}: "
                         f"shrink the design, or pass --max-runs {count} to run them all")  # fmt: skip


def _other_policy(name: str, keys: set[str]) -> bool:
    """True for a grid name ``policies.<key>.<parameter>`` addressing a policy this scenario lacks."""
    parts = name.split(".")
    return parts[0] == "policies" and parts[1] not in keys


def scenario_at(table: dict[str, Any], set_values: dict[str, Any], point: dict[str, Any], source: str) -> Scenario:
    """The scenario: calibration set, then the scenario's own table, then the grid point."""
    merged = merge_tables(merge_tables(table_from_dotted(set_values), table), table_from_dotted(point))
    return build_scenario(merged, source=f"{source} (scenario {table['name']!r})")


def fingerprint(run_ids: Iterable[str], name: str) -> str:
    """16 hex digits identifying the experiment's content: its name and every run id, in order."""
    text = name + "\n" + "\n".join(run_ids)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
