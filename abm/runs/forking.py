"""Shared burn-ins: runs that differ only from some month on share their months before it.

A policy comparison runs every arm on the same seeds, and every arm simulates the same status quo
until its first policy or driver change. :func:`run_family` runs the trunk (the baseline) once,
copies the model at each month where an arm first differs, and carries each copy on as that arm
(:meth:`abm.core.model.TalentModel.diverge`). With named random streams keyed by month
(:mod:`abm.core.streams`), an arm carried on from a copy is the same run, byte for byte, as the
arm run from the start (tested for every built-in policy and a driver change).

:func:`divergence_month` says from which month a branch scenario may simulate differently from the
trunk: the start of a policy the trunk lacks; a plan horizon before the start of a driver window
that differs (firms plan that far ahead); the first simulated month for anything else that
differs (parameters, the calendar, the budget, a policy the trunk has in another form).

A family given a checkpoint folder (:mod:`abm.runs.checkpoints`) also shares months across calls:
its trunk starts from the latest checkpoint saved before the first branch's month, and saves one
at each branch's month, so the next family on the same trunk (another package of an optimisation
in the same future and seed) does not simulate those months again.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from abm.core.calendar import parse_month
from abm.core.drivers import AIAdoption
from abm.core.model import TalentModel
from abm.core.scenario import Scenario
from abm.runs import checkpoints
from abm.runs.simulation import RunSpec, build_model, label, run
from policies.registry import validate_spec

Outcome = tuple[RunSpec, pd.DataFrame | None, str | None]
"""A finished run: its spec, its time series (None if it failed) and the error (None if it ran)."""


def divergence_month(trunk: Scenario, branch: Scenario) -> int:
    """The first month (a month number) in which ``branch`` may simulate differently from ``trunk``."""
    first = trunk.calendar.first_simulated
    if (
        trunk.calendar != branch.calendar
        or trunk.parameters_only() != branch.parameters_only()
        or trunk.budget_hkd_per_year != branch.budget_hkd_per_year
    ):
        return first
    months = [branch.calendar.horizon + 1]
    horizon = trunk.survey.expansion_horizon_months
    for name in type(trunk.drivers).model_fields:
        mine, theirs = getattr(trunk.drivers, name), getattr(branch.drivers, name)
        if mine == theirs:
            continue
        if isinstance(mine, AIAdoption):
            return first
        starts = [parse_month(d.start) for d in (mine, theirs) if d.enabled]
        months.append(min(starts) - horizon)
    trunk_specs = {spec.key: spec for spec in trunk.policies if spec.enabled}
    branch_specs = {spec.key: spec for spec in branch.policies if spec.enabled}
    for key, spec in trunk_specs.items():
        if branch_specs.get(key) != spec:
            return first
    months += [parse_month(spec.start) for key, spec in branch_specs.items() if key not in trunk_specs]
    return max(first, min(months))


@dataclass(frozen=True)
class Family:
    """A trunk run and the branch runs that share its months before they diverge.

    Attributes:
        trunk: the trunk's run (same seed and scale as every branch).
        branches: the branch runs, each with its divergence month.
        with_trunk: whether the trunk's own time series is wanted (else it only feeds the branches).
        checkpoints: a folder of the trunk's checkpoints to start from and add to (None: none).
    """

    trunk: RunSpec
    branches: tuple[tuple[RunSpec, int], ...]
    with_trunk: bool = True
    checkpoints: Path | None = None


def family(trunk: RunSpec, branches: list[RunSpec], with_trunk: bool = True, checkpoints: Path | None = None) -> Family:
    """A family of ``branches`` on ``trunk``, each with its divergence month."""
    for spec in branches:
        if (spec.seed, spec.scale) != (trunk.seed, trunk.scale):
            raise ValueError("a family's runs share the trunk's seed and scale")
    return Family(trunk, tuple((spec, divergence_month(trunk.scenario, spec.scenario)) for spec in branches),
                  with_trunk, checkpoints)  # fmt: skip


def run_family(group: Family) -> list[Outcome]:
    """Every run of ``group``: the trunk once, each branch carried on from a copy of it."""
    outcomes: list[Outcome] = []
    later = sorted(
        ((spec, month) for spec, month in group.branches if month > group.trunk.scenario.calendar.first_simulated),
        key=lambda item: item[1],
    )
    for spec, month in group.branches:
        if (spec, month) not in later:
            outcomes.append(_run_alone(spec))
    try:
        model = None
        for spec, month in later:
            model = _trunk_before(group, model, month)
            outcomes.append(_carry_on(model, spec))
        if group.with_trunk:
            model = _trunk_before(group, model, group.trunk.scenario.calendar.horizon + 1)
            outcomes.append((group.trunk, label(model.results(), group.trunk), None))
    except Exception as error:  # the trunk failed: each remaining run on its own, to record its own outcome
        done = {id(spec) for spec, _, _ in outcomes}
        outcomes += [_run_alone(spec) for spec, _ in later if id(spec) not in done]
        if group.with_trunk:
            outcomes.append((group.trunk, None, f"{type(error).__name__}: {error}"))
    return outcomes


def _trunk_before(group: Family, model: TalentModel | None, month: int) -> TalentModel:
    """The trunk's model having simulated every month before ``month``: ``model`` carried on, or
    (when there is none yet) the latest checkpoint before it carried on, or a new model; saved as a
    checkpoint at ``month`` when the family keeps them."""
    trunk, loaded = group.trunk, None
    if model is None and group.checkpoints is not None:
        model = checkpoints.load_latest(group.checkpoints, trunk, month)
        loaded = None if model is None else model.month
    if model is None:
        model = build_model(trunk.scenario, seed=trunk.seed, scale=trunk.scale)
    model.run_to(month - 1)
    if group.checkpoints is not None and month <= trunk.scenario.calendar.horizon and month != loaded:
        checkpoints.save(group.checkpoints, trunk, model)
    return model


def _carry_on(model: TalentModel, spec: RunSpec) -> Outcome:
    """``spec`` carried on from a copy of ``model`` (which has simulated up to its divergence)."""
    try:
        branch = copy.deepcopy(model)
        here = {policy.key: policy for policy in branch.policies}
        policies = [
            here[entry.key] if entry.key in here and entry in model.settings.policies else validate_spec(entry)
            for entry in spec.scenario.policies
            if entry.enabled
        ]
        branch.diverge(spec.scenario, policies)
        branch.run_to(spec.scenario.calendar.horizon)
        return spec, label(branch.results(), spec), None
    except Exception as error:  # a failed run is recorded, the others go on
        return spec, None, f"{type(error).__name__}: {error}"


def _run_alone(spec: RunSpec) -> Outcome:
    try:
        return spec, run(spec), None
    except Exception as error:
        return spec, None, f"{type(error).__name__}: {error}"


def families(specs: list[RunSpec], is_trunk) -> Iterator[Family]:
    """Group runs into families: per seed and scale (and labels and swept values), the run for which
    ``is_trunk(spec)`` is true is the trunk of the others; runs with no trunk run alone."""
    groups: dict[tuple, list[RunSpec]] = {}
    for spec in specs:
        groups.setdefault((spec.seed, spec.scale, spec.labels, spec.swept), []).append(spec)
    for members in groups.values():
        trunks = [spec for spec in members if is_trunk(spec)]
        if not trunks:
            for spec in members:
                yield family(spec, [])
            continue
        trunk = trunks[0]
        yield family(trunk, [spec for spec in members if spec is not trunk])
