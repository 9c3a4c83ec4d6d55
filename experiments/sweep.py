"""Running experiments into a results folder (a single run is a sweep of one).

:func:`sweep` maps :func:`abm.runs.simulation.run` over an experiment's runs with an executor
(serial, local processes or Dask; :mod:`experiments.executors`) and writes each finished run
at once, atomically, as ``timeseries/<run_id>.parquet``. ``manifest.json`` lists every run with
its scenario, parameters, seed and status (``pending``, ``done`` or ``failed``).

A run's Parquet file is the proof that it finished: after a kill at any moment, ``resume=True``
reads which files exist, runs only the missing runs, and the folder ends with each run exactly
once. A folder made by a different experiment (another fingerprint) is refused.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from abm.core.errors import InputError
from abm.runs import output
from abm.runs.simulation import RunSpec
from experiments.executors import open_executor
from experiments.experiment import Experiment, expand, fingerprint

MANIFEST_INTERVAL_S = 2.0
"""Least seconds between manifest rewrites while a sweep runs (files, not the manifest, prove a run done)."""


@dataclass(frozen=True)
class SweepSummary:
    """What a sweep did: runs in the experiment, already present, run now, failed; seconds taken."""

    folder: Path
    total: int
    skipped: int
    ran: int
    failed: int
    seconds: float
    executor: str


def run_experiment(
    experiment: Experiment,
    folder: Path,
    *,
    source: Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    show_progress: bool = True,
) -> SweepSummary:
    """Expand an experiment (paths relative to ``source``'s folder) and sweep it into ``folder``."""
    base = source.parent if source is not None else Path.cwd()
    specs = expand(experiment, base, str(source or experiment.name))
    description = {
        "name": experiment.name, "file": str(source) if source else None, "kind": "sweep",
        "description": experiment.description, "baseline": specs[0].scenario.name,
        "scenarios": list(dict.fromkeys(spec.scenario.name for spec in specs)), "seeds": experiment.seed_list,
        "scale": experiment.scale, "grid": experiment.grid, "calibration_sets": experiment.calibration_sets,
        "fingerprint": fingerprint(specs, experiment.name), "runs": len(specs),
    }  # fmt: skip
    return sweep(specs, folder, description, workers=workers, scheduler=scheduler, resume=resume,
                 show_progress=show_progress)  # fmt: skip


def sweep(
    specs: list[RunSpec],
    folder: Path,
    experiment: dict[str, Any],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    show_progress: bool = True,
) -> SweepSummary:
    """Run every spec not yet in ``folder``; write each result at once; keep the manifest current.

    Args:
        specs: the runs, each with a distinct ``run_id``.
        folder: the results folder.
        experiment: the manifest's ``experiment`` entry; its ``fingerprint`` identifies the folder.
        workers: local processes (1: serial in this process); ignored with a scheduler.
        scheduler: a Dask scheduler address (``tcp://host:port``).
        resume: continue a folder this experiment made; without it a folder holding results is refused.
        show_progress: a progress bar with a time estimate on stderr.

    Raises:
        InputError: the folder holds another experiment (or any results without ``resume``), or
            the executor cannot start; nothing is written then.
    """
    folder = Path(folder)
    started = time.perf_counter()
    previous = output.read_manifest(folder)
    _check_folder(folder, previous, experiment, resume)
    executor = open_executor(workers, scheduler)  # an unreachable scheduler fails here, before any write
    try:
        output.remove_temporary_files(folder)
        finished = {spec.run_id for spec in specs if output.timeseries_path(folder, spec.run_id).exists()}
        status = {spec.run_id: "done" if spec.run_id in finished else "pending" for spec in specs}
        errors: dict[str, str] = {}
        manifest = _new_manifest(experiment, specs, previous)
        _write(folder, manifest, specs, status, errors)
        pending = [spec for spec in specs if status[spec.run_id] == "pending"]
        last_write = time.monotonic()
        with _ProgressBar(len(specs), len(finished), executor.description, show_progress) as advance:
            for spec, frame, error in executor.map_unordered(pending):
                if error is None:
                    output.write_timeseries(folder, frame)
                    status[spec.run_id] = "done"
                else:
                    status[spec.run_id], errors[spec.run_id] = "failed", error
                advance()
                if time.monotonic() - last_write >= MANIFEST_INTERVAL_S:
                    _write(folder, manifest, specs, status, errors)
                    last_write = time.monotonic()
        manifest["finished"] = output.now()
        _write(folder, manifest, specs, status, errors)
    finally:
        executor.close()
    return SweepSummary(
        folder=folder, total=len(specs), skipped=len(finished), ran=len(pending) - len(errors), failed=len(errors),
        seconds=time.perf_counter() - started, executor=executor.description,
    )  # fmt: skip


def _check_folder(folder: Path, previous: dict[str, Any] | None, experiment: dict[str, Any], resume: bool) -> None:
    if previous is None:
        if not resume and any(output.timeseries_files(folder)):
            raise InputError(f"{folder}: holds run files but no manifest; choose another --out")
        return
    theirs = previous.get("experiment", {})
    if theirs.get("fingerprint") != experiment["fingerprint"]:
        raise InputError(
            f"{folder}: was made by a different experiment ({theirs.get('name')!r}, file {theirs.get('file')}, "
            f"{theirs.get('runs')} runs); refusing to mix results: choose another --out"
        )
    if not resume:
        raise InputError(f"{folder}: already holds results of experiment {theirs.get('name')!r}; "
                         "pass --resume to run what is missing, or choose another --out")  # fmt: skip


def _new_manifest(experiment: dict[str, Any], specs: list[RunSpec], previous: dict[str, Any] | None) -> dict:
    scenarios = list({spec.scenario.model_dump_json(): spec.scenario for spec in specs}.values())
    manifest = output.new_manifest(experiment, scenarios)
    if previous is not None:
        manifest["started"] = previous.get("started", manifest["started"])
        manifest["resumed"] = [*previous.get("resumed", []), output.now()]
    return manifest


def _write(folder: Path, manifest: dict, specs: list[RunSpec], status: dict[str, str], errors: dict[str, str]) -> None:
    manifest["runs"] = [
        output.run_entry(spec, status[spec.run_id]) | ({"error": errors[spec.run_id]} if spec.run_id in errors else {})
        for spec in specs
    ]
    output.write_manifest(folder, manifest)


class _ProgressBar:
    """A rich progress bar (runs done of total, elapsed, estimate); ``advance()`` counts one run."""

    def __init__(self, total: int, done: int, executor: str, show: bool) -> None:
        self._bar = Progress(
            TextColumn(f"runs ({executor})"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("left"), TimeRemainingColumn(), console=Console(stderr=True), disable=not show,
        )  # fmt: skip
        self._task = self._bar.add_task("runs", total=total, completed=done)

    def __enter__(self):
        self._bar.start()
        return lambda: self._bar.advance(self._task)

    def __exit__(self, *exc) -> None:
        self._bar.stop()


def read_results(folder: Path) -> pd.DataFrame:
    """Every finished run's time series in ``folder`` (one row per run and month)."""
    return pd.read_parquet(Path(folder) / output.TIMESERIES)
