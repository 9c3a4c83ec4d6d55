"""The results folder: one Parquet file per run and a manifest, written atomically.

Layout (DESIGN.md, "Outputs")::

    <folder>/timeseries/<run_id>.parquet   one file per run, one row per recorded month
    <folder>/manifest.json                 the experiment, every run and its status, provenance
    <folder>/report.html                   the report, when ``talentgap report`` wrote one there

Every file is written to a temporary name beside it, ``.<name>.<8 hex digits>.tmp`` (for a run,
``.<run_id>.parquet.<hex>.tmp``), and moved into place with ``os.replace``, so a killed
process never leaves a half-written file that looks complete, and whoever cleans up after a
kill can tell its own leftovers (named by its run ids) from anyone else's files.
Who may write a folder is checked in :mod:`abm.runs.folders`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

import pandas as pd

from abm.core.errors import InputError
from abm.runs import provenance
from abm.runs.committed import calibration_provenance

MANIFEST = "manifest.json"
TIMESERIES = "timeseries"
REPORT = "report.html"
"""Default name of the report ``talentgap report`` writes into a results folder (and ``report.pdf``)."""
SINGLE_RUN = "single run"
"""The manifest's ``experiment.kind`` of a folder of single runs (``talentgap run``); a sweep's is ``"sweep"``."""

_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{8}\.tmp")
_RUN_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}")
"""A run id is one safe file name: letters, digits, ``_``, ``-`` and ``.``, not starting with a dot."""
RECOVERY = (
    "it is left as it is: move it aside and rerun the command that made the folder "
    "(a sweep with --resume lists its runs again from their files)"
)

_UMASK = os.umask(0)  # read the process umask (only os.umask reveals it) ...
os.umask(_UMASK)  # ... and put it back: atomic_write gives files the permissions open() would


def atomic_write(path: Path, write: Callable[[str], object]) -> None:
    """Call ``write(temporary_name)``, then move the file to ``path``: readers never see half a file.

    The temporary file is ``.<name>.<8 hex digits>.tmp`` beside ``path``, created new (never
    through an existing file or link). The file gets the usual permissions (0666 less the
    umask), not the temporary file's 0600.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _new_temporary(path)
    try:
        write(str(temporary))
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _new_temporary(path: Path) -> Path:
    while True:
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return candidate


def temporary_target(name: str) -> str | None:
    """The file a temporary file called ``name`` was to become (``.x.parquet.0a1b2c3d.tmp`` ->
    ``x.parquet``), or None if ``name`` is not one :func:`atomic_write` makes."""
    match = _TEMPORARY.fullmatch(name)
    return match["name"] if match else None


def remove_temporary_files(folder: Path, run_ids: Container[str]) -> None:
    """Delete what a killed writer of these runs left: ``timeseries/.<run_id>.parquet.<hex>.tmp``
    for each of ``run_ids`` and ``.manifest.json.<hex>.tmp``. Nothing else is touched: no other
    file, nothing behind a symbolic link."""
    for directory, owned in (
        (Path(folder), lambda target: target == MANIFEST),
        (Path(folder) / TIMESERIES, lambda target: target.endswith(".parquet") and target[:-8] in run_ids),
    ):  # target[:-8]: the run id before ".parquet"
        if directory.is_symlink() or not directory.is_dir():
            continue
        with os.scandir(directory) as entries:
            for entry in entries:
                target = temporary_target(entry.name)
                if target is not None and owned(target) and entry.is_file(follow_symlinks=False):
                    Path(entry.path).unlink(missing_ok=True)


def is_run_id(text: str) -> bool:
    """True if ``text`` can name a run's file: one file name of safe characters (see ``_RUN_ID``)."""
    return bool(_RUN_ID.fullmatch(text))


def timeseries_path(folder: Path, run_id: str) -> Path:
    """``<folder>/timeseries/<run_id>.parquet``; ValueError for a run id that is not one file name."""
    if not is_run_id(run_id):
        raise ValueError(f"{run_id!r} is not a run id (letters, digits, '_', '-', '.'; not starting with '.')")
    return Path(folder) / TIMESERIES / f"{run_id}.parquet"


def timeseries_files(folder: Path) -> list[Path]:
    """The finished run files in ``folder`` (temporary files excluded)."""
    return sorted((Path(folder) / TIMESERIES).glob("*.parquet"))


def write_timeseries(folder: Path, frame: pd.DataFrame) -> Path:
    """Write one run's time series as ``timeseries/<run_id>.parquet`` (atomically)."""
    run_ids = frame["run_id"].unique()
    if len(run_ids) != 1:
        raise ValueError("a time-series file holds exactly one run")
    path = timeseries_path(folder, str(run_ids[0]))
    atomic_write(path, lambda name: frame.to_parquet(name, index=False))
    return path


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The folder's ``manifest.json``, or None if it has none.

    Raises:
        InputError: the manifest is a symbolic link, unreadable, not JSON, not an object, or
            lacks ``experiment`` (an object) or ``runs`` (a list of objects with a ``run_id``);
            the message names the file and the field, says how to recover, and the file is
            left untouched.
    """
    path = Path(folder) / MANIFEST
    if path.is_symlink():
        raise InputError(f"{path}: is a symbolic link; a manifest is a file inside its results folder: "
                         "replace the link with a copy of the file, or choose another folder")  # fmt: skip
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        problem = f"not valid JSON ({error.msg} at line {error.lineno})"
    except UnicodeDecodeError:
        problem = "not UTF-8 text"
    except OSError as error:
        problem = f"cannot be read ({error.strerror})"
    else:
        problem = _manifest_problem(manifest)
    if problem:
        raise InputError(f"{path}: damaged manifest: {problem}; {RECOVERY}")
    return manifest


def _manifest_problem(manifest: Any) -> str | None:
    """What is wrong with a parsed manifest's structure, or None."""
    if not isinstance(manifest, dict):
        return f"not a JSON object but {_json_type(manifest)}"
    if not isinstance(manifest.get("experiment"), dict):
        return f"field 'experiment': {_missing_or(manifest.get('experiment'), 'an object')}"
    runs = manifest.get("runs")
    if not isinstance(runs, list):
        return f"field 'runs': {_missing_or(runs, 'a list of runs')}"
    for index, run in enumerate(runs):
        if not isinstance(run, dict):
            return f"field 'runs[{index}]': is {_json_type(run)}, not an object"
        run_id = run.get("run_id")
        if not isinstance(run_id, str) or not is_run_id(run_id):
            return f"field 'runs[{index}].run_id': {_missing_or(run_id, 'a run id (letters, digits, _ - .)')}"
    return None


def _missing_or(value: Any, wanted: str) -> str:
    return "missing" if value is None else f"is {_json_type(value)} {value!r:.40}, not {wanted}"


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` atomically."""
    text = json.dumps(manifest, indent=2, sort_keys=False, default=str)
    atomic_write(Path(folder) / MANIFEST, lambda name: Path(name).write_text(text + "\n"))


def new_manifest(experiment: dict[str, Any], scenarios: list) -> dict[str, Any]:
    """A manifest with provenance: versions, code, calibration, the assumptions and sources of the figures used,
    and each scenario's display name (the report's words for it)."""
    assumptions = provenance.assumptions_used(scenarios)
    return {
        "experiment": experiment,
        "code_version": provenance.code_version(),
        "packages": provenance.package_versions(),
        "calibration": calibration_provenance(),
        "sources": provenance.sources_cited(assumptions),
        "assumptions": assumptions,
        "display_names": {scenario.name: scenario.display_name for scenario in scenarios},
        "started": now(),
        "finished": None,
        "runs": [],
    }


def carry_over(manifest: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """``manifest`` of a resumed folder: its first start kept, this resume's time added to ``resumed``,
    and the code versions of earlier sessions that differ from this one's in ``earlier_code_versions``
    (a folder's results may come from more than one commit). A new folder's (``previous`` None) as it is."""
    if previous is None:
        return manifest
    manifest["started"] = previous.get("started", manifest["started"])
    manifest["resumed"] = [*previous.get("resumed", []), now()]
    earlier = [*previous.get("earlier_code_versions", []), previous.get("code_version")]
    kept = [version for version in dict.fromkeys(earlier) if version and version != manifest["code_version"]]
    if kept:
        manifest["earlier_code_versions"] = kept
    return manifest


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
