"""The committed data the run layer reads (never writes): the calibration and the near-optimal sets.

Both files live in the package (``abm/data/``) and are read-only at run time:

- ``calibrated.toml``: the calibrated free parameters (``[parameters]``, a scenario table the
  default scenario loads) and the fit's provenance (``[provenance]``);
- ``near_optimal.toml``: ``[[sets]]`` of parameter sets whose fit is close to the best (dotted
  names -> values), which the robustness experiments and futures repeat runs under.

``talentgap calibrate`` and ``talentgap uncertainty`` write new files into a results folder;
``talentgap install-calibration`` (:mod:`abm.calibration.install`) is the one, explicit step that
replaces these files.
"""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"
"""The package's data folder."""
CALIBRATED_FILE = DATA / "calibrated.toml"
NEAR_OPTIMAL_FILE = DATA / "near_optimal.toml"


@cache
def _read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text()) if path.exists() else {}


def calibrated_parameters() -> dict[str, Any]:
    """The committed calibration's parameters as a scenario table (empty if uncalibrated)."""
    return copy.deepcopy(_read(CALIBRATED_FILE).get("parameters", {}))


def calibration_provenance() -> dict[str, Any] | None:
    """The committed calibration's provenance table, or None if the model is uncalibrated."""
    return copy.deepcopy(_read(CALIBRATED_FILE).get("provenance"))


def near_optimal_sets() -> list[dict[str, Any]]:
    """The committed near-optimal sets: each a dict with ``id``, ``loss``, ``means`` and
    ``parameters`` (dotted names -> values)."""
    return copy.deepcopy(_read(NEAR_OPTIMAL_FILE).get("sets", []))
