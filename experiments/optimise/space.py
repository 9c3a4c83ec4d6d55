"""The decision variables of an optimisation: which instruments, how large, from when.

Every registered policy that declares levers (:class:`policies.base.Lever`; plugins included)
is an **instrument** of the search, unless ``--policies`` names a subset. Each has three
decision variables, named after the policy:

- ``<policy>.include`` (False or True): whether the package has it (False switches it off, so
  a package may hold any subset of the instruments; an instrument whose main lever is its
  policy's size, at 0, adds nothing and is left out too: the package is the same runs without it);
- ``<policy>.<lever>``: its main lever (the policy's first), from the lever's ``low`` to its
  ``high`` in steps of its ``step``;
- ``<policy>.start_year``: the first year it acts, from :data:`FIRST_START_YEAR` to
  :data:`LAST_START_YEAR` (or the target year, if earlier); it starts in January and has no end.

A package's instrument is a new ``[[policies]]`` entry with its own id, ``<policy>_package``, so
for a status-quo instrument it adds to the status quo (like
``experiments/scenarios/talent_admission.toml``) and for any other it is the instrument itself;
every parameter but the lever keeps the policy's default.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from optuna.distributions import BaseDistribution, CategoricalDistribution, FloatDistribution, IntDistribution

from abm.core.errors import InputError
from policies.base import Lever
from policies.registry import registered

FIRST_START_YEAR = 2025
"""Earliest year a package's instrument may start (the first year policy could still change)."""
LAST_START_YEAR = 2030
"""Latest year a package's instrument may start (capped by the target year)."""
PACKAGE_ID_SUFFIX = "_package"
"""A package's instrument has the id ``<policy>_package``."""
STATUS_QUO = "status_quo"
"""The scenario name of the status quo, and of the package with no instrument (the same runs)."""
STATUS_QUO_WORDS = "the status quo (no instrument added)"
"""The package with no instrument, in words."""


@dataclass(frozen=True)
class Instrument:
    """A policy the search may add, with its main lever.

    Attributes:
        policy: the policy's registry name.
        title: its name in words.
        lever: its main lever (the first it declares).
        lever_is_size: whether that lever is the policy's size (``size_parameter``): none of it adds nothing.
    """

    policy: str
    title: str
    lever: Lever
    lever_is_size: bool

    def included(self, params: Mapping[str, Any]) -> bool:
        """Whether a trial's package has it: switched on, and not at size 0."""
        return bool(params[self.include]) and not (self.lever_is_size and float(params[self.size]) == 0.0)

    @property
    def id(self) -> str:
        return f"{self.policy}{PACKAGE_ID_SUFFIX}"

    @property
    def include(self) -> str:
        """The name of its on/off decision variable."""
        return f"{self.policy}.include"

    @property
    def size(self) -> str:
        """The name of its lever's decision variable."""
        return f"{self.policy}.{self.lever.parameter}"

    @property
    def start(self) -> str:
        """The name of its start-year decision variable."""
        return f"{self.policy}.start_year"


def instruments(names: Sequence[str] = ()) -> tuple[Instrument, ...]:
    """The instruments of a search: the named policies, or every registered policy with levers.

    Raises:
        InputError: a name is not an installed policy, names one twice, or names one without levers.
    """
    policies = registered()
    chosen = list(names) or [name for name, policy in policies.items() if policy.levers]
    for name in chosen:
        if name not in policies:
            raise InputError(f"option --policies: unknown policy {name!r}; installed: {', '.join(sorted(policies))}")
        if not policies[name].levers:
            raise InputError(f"option --policies: policy {name!r} declares no levers, so the search cannot size it")
    if len(set(chosen)) != len(chosen):
        raise InputError(f"option --policies: a policy is named twice in {', '.join(chosen)}")
    found = []
    for name in chosen:
        policy, lever = policies[name], policies[name].levers[0]
        found.append(Instrument(name, policy.title or name, lever, lever.parameter == policy.size_parameter))
    return tuple(found)


def start_years(by: int) -> tuple[int, int]:
    """The first and last start year of an instrument when the target is ``by``."""
    return FIRST_START_YEAR, min(LAST_START_YEAR, by)


def distributions(chosen: Sequence[Instrument], by: int) -> dict[str, BaseDistribution]:
    """The search space: three decision variables per instrument (see the module docstring)."""
    first, last = start_years(by)
    space: dict[str, BaseDistribution] = {}
    for instrument in chosen:
        lever = instrument.lever
        steps = (lever.high - lever.low) / lever.step if lever.step > 0 else math.nan
        whole = math.isfinite(steps) and abs(steps - round(steps)) < 1e-9
        space[instrument.include] = CategoricalDistribution((False, True))
        space[instrument.size] = FloatDistribution(lever.low, lever.high, step=lever.step if whole else None)
        space[instrument.start] = IntDistribution(first, last)
    return space


def anchors(chosen: Sequence[Instrument], by: int) -> list[dict[str, Any]]:
    """The first trials of every study: the status quo (no instrument), every instrument at its
    lever's high bound from the first start year, then each instrument alone so (when there are
    several): the ends of the cost range and each instrument's most it can do."""
    first, _ = start_years(by)

    def package(included: Sequence[Instrument]) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for instrument in chosen:
            on = instrument in included
            params |= {instrument.include: on, instrument.size: instrument.lever.high if on else instrument.lever.low,
                       instrument.start: first}  # fmt: skip
        return params

    alone = [package([instrument]) for instrument in chosen] if len(chosen) > 1 else []
    return [package([]), package(chosen), *alone]


def entries(chosen: Sequence[Instrument], params: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``[[policies]]`` entries of a trial's package (its included instruments, :meth:`Instrument.included`)."""
    return [
        {"name": i.policy, "id": i.id, "start": f"{int(params[i.start])}-01", i.lever.parameter: float(params[i.size])}
        for i in chosen
        if i.included(params)
    ]


def package_name(package: Sequence[dict[str, Any]]) -> str:
    """The scenario name of a package: :data:`STATUS_QUO` when empty, else ``package-<8 hex digits of its entries>``."""
    if not package:
        return STATUS_QUO
    return "package-" + hashlib.sha256(json.dumps(list(package), sort_keys=True).encode()).hexdigest()[:8]


def describe(chosen: Sequence[Instrument], params: Mapping[str, Any]) -> str:
    """A package in words: ``"Talent admission 150,000 arrivals a year (all schemes) from 2027; ..."``."""
    parts = [f"{i.title} {_size(float(params[i.size]), i.lever.label)} from {int(params[i.start])}"
             for i in chosen if i.included(params)]  # fmt: skip
    return "; ".join(parts) or STATUS_QUO_WORDS


def _size(value: float, label: str) -> str:
    """A lever's value with its label: ``"40% of firms subsidised"``, ``"HK$2,500m budget"``,
    ``"1,500 trainees a year"``."""
    if label.startswith("share of "):
        return f"{value:.0%} of {label.removeprefix('share of ')}"
    if label.endswith(" (HK$)"):
        return f"HK${value / 1e6:,.0f}m {label.removesuffix(' (HK$)')}"
    return f"{value:,.0f} {label}" if abs(value) >= 100 else f"{value:.3g} {label}"
