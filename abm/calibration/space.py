"""The calibration's search space: free parameters with bounds and reasons."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from abm.core.errors import InputError, read_toml
from abm.runs.scenarios import default_scenario, dotted_value

SPACE_FILE = Path(__file__).resolve().parent.parent / "data" / "calibration_space.toml"


@dataclass(frozen=True)
class FreeParameter:
    """A behavioural parameter calibration may move, within [low, high].

    Attributes:
        name: dotted path into the scenario (for example ``search.skill_slack``).
        low, high: bounds (integers for integer parameters).
        reason: why these bounds.
    """

    name: str
    low: float
    high: float
    reason: str

    @property
    def integer(self) -> bool:
        return isinstance(self.low, int) and isinstance(self.high, int)


def load_space(path: Path = SPACE_FILE) -> list[FreeParameter]:
    """Read and check the space: names exist in the scenario and low < high."""
    path = Path(path)
    table = read_toml(path, "calibration space file")
    defaults = default_scenario()
    space = []
    for name, entry in table.items():
        if set(entry) != {"low", "high", "reason"}:
            raise InputError(f"{path}: parameter {name!r}: needs exactly the keys low, high, reason")
        try:
            dotted_value(defaults, name)
        except (AttributeError, KeyError):
            raise InputError(f"{path}: parameter {name!r}: no such scenario parameter") from None
        if not entry["low"] < entry["high"]:
            raise InputError(
                f"{path}: parameter {name!r}: bounds need low < high, got [{entry['low']}, {entry['high']}]"
            )
        space.append(FreeParameter(name=name, **entry))
    return space
