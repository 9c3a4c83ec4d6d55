"""Installing a calibration: the one step that replaces the package's committed calibration.

``talentgap calibrate`` and ``talentgap uncertainty`` write into a results folder; the default
scenario keeps loading the committed files (:mod:`abm.runs.committed`) until a user installs new
ones here, explicitly, and is told what they replace.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from abm.core.errors import InputError, read_toml
from abm.runs.committed import CALIBRATED_FILE, NEAR_OPTIMAL_FILE
from abm.runs.output import atomic_write


def describe_calibration(path: Path) -> str:
    """One line on a calibrated parameter file: trial, trials, loss, seeds, scale and date."""
    if not path.exists():
        return f"{path} (none)"
    provenance = tomllib.loads(path.read_text()).get("provenance", {})
    return (
        f"{path} (trial {provenance.get('chosen_trial')} of {provenance.get('trials')}, loss "
        f"{provenance.get('loss', float('nan')):.3g} over {len(provenance.get('seeds', []))} seeds at scale "
        f"{provenance.get('scale')}, {provenance.get('date')})"
    )


def install_calibration(calibrated: Path | None, near_optimal: Path | None) -> list[str]:
    """Copy a calibrated parameter file and/or near-optimal sets into the package; return what was replaced.

    Raises:
        InputError: a file is missing, not TOML, or lacks its ``[parameters]`` / ``[[sets]]``.
    """
    if calibrated is None and near_optimal is None:
        raise InputError("install-calibration: give a calibrated parameter file and/or --near-optimal FILE")
    done = []
    if calibrated is not None:
        table = read_toml(calibrated, "calibrated parameter file")
        if not isinstance(table.get("parameters"), dict) or not isinstance(table.get("provenance"), dict):
            raise InputError(f"{calibrated}: not a calibrated parameter file (needs [parameters] and [provenance])")
        done.append(f"replaced {describe_calibration(CALIBRATED_FILE)} with {describe_calibration(Path(calibrated))}")
    if near_optimal is not None:
        sets = read_toml(near_optimal, "near-optimal file").get("sets")
        if not isinstance(sets, list) or not sets:
            raise InputError(f"{near_optimal}: holds no [[sets]]")
        done.append(f"replaced {NEAR_OPTIMAL_FILE} with {near_optimal} ({len(sets)} sets)")
    for source, target in ((calibrated, CALIBRATED_FILE), (near_optimal, NEAR_OPTIMAL_FILE)):
        if source is not None:
            atomic_write(target, lambda name, source=source: shutil.copyfile(source, name))
    return done
