"""The calibration's search space: free parameters with bounds and reasons."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from abm.core.errors import InputError, read_toml
from abm.core.scenario import Scenario
from abm.runs.scenarios import default_scenario, dotted_value

SPACE_FILE = Path(__file__).resolve().parent.parent / "data" / "calibration_space.toml"
REQUIRED_KEYS = {"low", "high", "reason"}
"""Keys every parameter of the space file has (``log`` is optional)."""


@dataclass(frozen=True)
class FreeParameter:
    """A behavioural parameter calibration may move, within [low, high].

    Attributes:
        name: dotted path into the scenario (for example ``search.skill_slack``).
        low, high: bounds (integers for integer parameters).
        reason: why these bounds.
        log: search on a log scale (a rate whose plausible values span orders of magnitude, so
            that a sampler's step multiplies it rather than adding to it); needs low > 0.
    """

    name: str
    low: float
    high: float
    reason: str
    log: bool = False

    @property
    def integer(self) -> bool:
        return isinstance(self.low, int) and isinstance(self.high, int)


def numeric_value(scenario: Scenario, name: str) -> int | float:
    """The value of the numeric parameter ``name`` (a dotted name) in ``scenario``.

    Raises:
        ValueError: saying why ``name`` is not a numeric parameter of the scenario (no such
            table, field or policy; or not a number).
    """
    try:
        value = dotted_value(scenario, name)
    except (AttributeError, KeyError, IndexError):
        raise ValueError("no such scenario parameter") from None
    except ValueError as error:  # an unknown policy
        raise ValueError(f"no such scenario parameter ({error})") from None
    if not _is_number(value):
        raise ValueError(f"not a numeric parameter (its value is {value!r:.60})")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def load_space(path: Path = SPACE_FILE) -> list[FreeParameter]:
    """Read and check the space: names are numeric scenario parameters, bounds finite numbers with low <
    high, and a log scale (optional) only for a real parameter whose lower bound is above 0."""
    path = Path(path)
    table = read_toml(path, "calibration space file")
    defaults = default_scenario()
    space = []
    for name, entry in table.items():
        where = f"{path}: parameter {name!r}"
        if not isinstance(entry, dict) or not REQUIRED_KEYS <= set(entry) <= REQUIRED_KEYS | {"log"}:
            raise InputError(f"{where}: needs the keys low, high, reason and may have log")
        try:
            numeric_value(defaults, name)
        except ValueError as error:
            raise InputError(f"{where}: {error}") from None
        for key in ("low", "high"):
            if not _is_number(entry[key]):
                raise InputError(f"{where}: field '{key}': must be a finite number, got {entry[key]!r}")
        if not isinstance(entry["reason"], str) or not entry["reason"].strip():
            raise InputError(f"{where}: field 'reason': must be text saying why these bounds")
        if not entry["low"] < entry["high"]:
            raise InputError(f"{where}: bounds need low < high, got [{entry['low']}, {entry['high']}]")
        if "log" in entry and not isinstance(entry["log"], bool):
            raise InputError(f"{where}: field 'log': must be true or false, got {entry['log']!r}")
        if entry.get("log") and not (entry["low"] > 0 and isinstance(entry["low"], float)):
            raise InputError(
                f"{where}: field 'log': a log scale needs a real lower bound above 0, got {entry['low']!r}"
            )
        space.append(FreeParameter(name=name, **entry))
    return space
