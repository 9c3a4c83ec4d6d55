"""The Policy contract.

A policy is an instrument the government pays for. It acts on agents (who arrives, who
is trained, what firms can offer, who stays, how much demand there is) through hooks the
model calls before and after each named phase of the monthly step
(``before_<phase>(model)`` / ``after_<phase>(model)`` for every phase in
:data:`abm.core.phases.PHASES`), never by editing output metrics.

Conventions (after scikit-learn's estimators):

- ``__init__`` stores its arguments unchanged; parameters are validated in one place,
  the pydantic model ``Params`` of each policy (:meth:`Policy.from_spec`);
- a policy does nothing before ``start``; it takes no new uptake after ``end`` but keeps
  paying commitments made before it (for example a 36-month wage subsidy);
- cost is uptake x a sourced unit cost, requested from the government's ledger with
  :meth:`Policy.spend`, which returns the share the budget granted: a policy scales its
  uptake by that share;
- randomness comes only from :meth:`Policy.stream`, keyed by the policy's name, so adding
  a policy never shifts other components' random numbers;
- ``title`` is the policy's name in words and ``levers`` its main lever(s) with their ranges
  (:class:`Lever`): the app builds its controls and the optimiser its decision variables from
  them, so a plugin policy gets both with no edit elsewhere;
- counts are at scale 1 and multiplied by the model's ``scale``; ``flows`` names the
  output columns of the flows the policy causes (counts per month); ``size_parameter``
  names the parameter whose value 0 makes the policy take up nothing (the contract test
  checks that a zero-size policy leaves the run identical to one without it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from abm.core.calendar import parse_month
from abm.core.columns import words
from abm.core.parameters import Group, field_label
from abm.core.phases import PHASES

if TYPE_CHECKING:
    from abm.core.phases import Market
    from abm.core.scenario import PolicySpec


@dataclass(frozen=True)
class Lever:
    """A policy parameter that users (the app's sliders) and the optimiser move.

    Attributes:
        parameter: a field of the policy's ``Params``.
        label: what it is, in words, with its unit (``"arrivals a year"``).
        low, high: the range worth exploring (within the field's own bounds).
        step: a sensible slider step.
    """

    parameter: str
    label: str
    low: float
    high: float
    step: float


class Policy:
    """Base class of every policy. Subclasses set ``name``, ``title``, ``summary``, ``Params``,
    ``levers``, ``flows`` and ``size_parameter``, and override the hooks they need.

    Args:
        params: the validated parameters (an instance of ``Params``).
        start: first month (``YYYY-MM``) in which the policy acts.
        end: last month (``YYYY-MM``) in which it takes new uptake, or None.
        id: the instance's identifier (default: the policy's name), keying its ledger
            entries, its output columns and its random stream.
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    """The policy's name in words, for readers (``"Talent admission"``)."""
    summary: ClassVar[str] = ""
    """One line in words: what the instrument does (its description in listings and the app)."""
    Params: ClassVar[type[Group]] = Group
    levers: ClassVar[tuple[Lever, ...]] = ()
    """The parameters worth moving, main lever first (usually ``size_parameter``)."""
    flows: ClassVar[tuple[str, ...]] = ()
    size_parameter: ClassVar[str] = ""
    """The parameter that scales uptake: at 0 the policy takes up nothing and costs nothing."""

    def __init__(self, params: Group, start: str, end: str | None = None, id: str | None = None) -> None:
        self.params = params
        self.start = start
        self.end = end
        self.id = id

    @property
    def key(self) -> str:
        """The instance's identifier: ``id`` if given, else the policy's ``name``."""
        return self.id or self.name

    @classmethod
    def instance_title(cls, key: str) -> str:
        """An instance's name in words: the title, then what its id adds (``talent_admission_expansion`` ->
        ``"Talent admission (expansion)"``)."""
        if key == cls.name:
            return cls.title or words(key)
        rest = key.removeprefix(cls.name + "_") if key.startswith(cls.name + "_") else key
        return f"{cls.title or words(cls.name)} ({words(rest).lower()})"

    @classmethod
    def from_spec(cls, spec: PolicySpec) -> Policy:
        """Validate a scenario's ``[[policies]]`` entry into a policy (raises pydantic's ValidationError)."""
        return cls(cls.Params.model_validate(spec.params), spec.start, spec.end, spec.id)

    def started(self, month: int) -> bool:
        """Whether the policy's hooks run in ``month`` (from ``start`` on)."""
        return month >= parse_month(self.start)

    def accepting(self, month: int) -> bool:
        """Whether the policy takes new uptake in ``month`` (from ``start`` to ``end``)."""
        return self.started(month) and (self.end is None or month <= parse_month(self.end))

    def setup(self, model: Market) -> None:
        """Called once when the policy joins the model: when it is built, or when a forked run takes
        the policy on (:mod:`abm.runs.forking`). Add columns or empty state here; draw no random
        numbers and read nothing that changes month to month (do that in the hooks, from ``start``),
        so that joining later gives the same run."""

    def stream(self, model: Market) -> np.random.Generator:
        """This month's random stream of this policy."""
        return model.stream(f"policy.{self.key}")

    def spend(self, model: Market, uptake: float, unit_cost_hkd: float) -> float:
        """Charge ``uptake x unit_cost_hkd`` to the government; return the share granted (0-1)."""
        amount = float(uptake) * float(unit_cost_hkd)
        if amount <= 0:
            return 1.0
        return model.government.request(self.key, amount) / amount

    def __repr__(self) -> str:
        end = f", end={self.end!r}" if self.end else ""
        return f"{type(self).__name__}({self.params!r}, start={self.start!r}{end})"


def _no_op(self: Policy, model: Market) -> None:
    """Default hook: does nothing."""


for _phase in PHASES:
    for _when in ("before", "after"):
        setattr(Policy, f"{_when}_{_phase}", _no_op)


def scaled_count(expected: float, rng: np.random.Generator) -> int:
    """A whole count with mean ``expected`` (Poisson), for monthly uptake at small scale."""
    if expected <= 0 or not math.isfinite(expected):
        return 0
    return int(rng.poisson(expected))


def parameter_rows(policy_class: type[Policy]) -> list[dict[str, Any]]:
    """One row per parameter of a policy: name, label (in words), default, unit, source, role, doc."""
    rows = []
    for name, field in policy_class.Params.model_fields.items():
        extra = field.json_schema_extra or {}
        rows.append(
            {"name": name, "label": field_label(name, field), "default": field.default, "unit": extra.get("unit", ""),
             "source": extra.get("source", ""), "role": extra.get("role", ""), "doc": field.description or ""}
        )  # fmt: skip
    return rows
