"""The results folder: one Parquet file per run and a manifest, written atomically.

Layout (DESIGN.md, "Outputs")::

    <folder>/timeseries/<run_id>.parquet   one file per run, one row per recorded month
    <folder>/manifest.json                 the experiment, every run and its status, provenance

Every file is written to a temporary name in the same folder and moved into place with
``os.replace``, so a killed process never leaves a half-written file that looks complete.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from abm.runs import provenance
from abm.runs.committed import calibration_provenance

MANIFEST = "manifest.json"
TIMESERIES = "timeseries"

_UMASK = os.umask(0)  # read the process umask (only os.umask reveals it) ...
os.umask(_UMASK)  # ... and put it back: atomic_write gives files the permissions open() would


def atomic_write(path: Path, write: Callable[[str], object]) -> None:
    """Call ``write(temporary_name)``, then move the file to ``path``: readers never see half a file.

    The file gets the usual permissions (0666 less the umask), not the temporary file's 0600.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def timeseries_path(folder: Path, run_id: str) -> Path:
    return Path(folder) / TIMESERIES / f"{run_id}.parquet"


def timeseries_files(folder: Path) -> list[Path]:
    """The finished run files in ``folder`` (temporary files excluded)."""
    return sorted((Path(folder) / TIMESERIES).glob("*.parquet"))


def remove_temporary_files(folder: Path) -> None:
    """Delete temporary files a killed writer left behind (they never look complete)."""
    for directory in (Path(folder), Path(folder) / TIMESERIES):
        for leftover in directory.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


def write_timeseries(folder: Path, frame: pd.DataFrame) -> Path:
    """Write one run's time series as ``timeseries/<run_id>.parquet`` (atomically)."""
    run_ids = frame["run_id"].unique()
    if len(run_ids) != 1:
        raise ValueError("a time-series file holds exactly one run")
    path = timeseries_path(folder, str(run_ids[0]))
    atomic_write(path, lambda name: frame.to_parquet(name, index=False))
    return path


def read_manifest(folder: Path) -> dict[str, Any] | None:
    path = Path(folder) / MANIFEST
    if not path.exists():
        return None
    return json.loads(path.read_text())


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` atomically."""
    text = json.dumps(manifest, indent=2, sort_keys=False, default=str)
    atomic_write(Path(folder) / MANIFEST, lambda name: Path(name).write_text(text + "\n"))


def new_manifest(experiment: dict[str, Any], scenarios: list) -> dict[str, Any]:
    """A manifest with provenance: versions, code, calibration, the assumptions and sources of the figures used."""
    assumptions = provenance.assumptions_used(scenarios)
    return {
        "experiment": experiment,
        "code_version": provenance.code_version(),
        "packages": provenance.package_versions(),
        "calibration": calibration_provenance(),
        "sources": provenance.sources_cited(assumptions),
        "assumptions": assumptions,
        "started": now(),
        "finished": None,
        "runs": [],
    }


def run_entry(spec, status: str) -> dict[str, Any]:
    """A manifest row for one run."""
    return {
        "run_id": spec.run_id,
        "scenario": spec.scenario.name,
        "seed": spec.seed,
        "scale": spec.scale,
        "params": dict(spec.swept),
        "labels": dict(spec.labels),
        "status": status,
    }


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
