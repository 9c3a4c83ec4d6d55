"""Running experiments into a results folder (a single run is a sweep of one).

:func:`sweep` maps :func:`abm.runs.simulation.run` over an experiment's runs with an executor
(serial, local processes or Dask; :mod:`experiments.executors`) and writes each finished run
at once, atomically, as ``timeseries/<run_id>.parquet``. ``manifest.json`` lists every run with
its scenario, parameters, seed and status (``pending``, ``done`` or ``failed``).

A run's Parquet file is the proof that it finished: after a kill at any moment, ``resume=True``
reads which files exist, runs only the missing runs, and the folder ends with each run exactly
once. A folder made by a different experiment (another fingerprint) is refused, and so is a path
that cannot be a results folder (:func:`abm.runs.folders.check_folder`). A sweep holds the
folder's lock while it runs and deletes only the temporary files its own runs' writes left.

The runs are any re-iterable collection (an :class:`~experiments.experiment.Design` makes them
lazily, a list holds them): the sweep reads them once to list them in the manifest, then again
as the executor asks for the pending ones.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from abm.core.errors import InputError
from abm.runs import folders, output
from abm.runs.forking import Family, families, family
from abm.runs.simulation import RunSpec
from experiments.executors import TLSFiles, open_executor
from experiments.experiment import MAX_RUNS, Experiment, fingerprint, plan

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
    max_runs: int = MAX_RUNS,
    workers: int = 1,
    scheduler: str | None = None,
    tls: TLSFiles | None = None,
    resume: bool = False,
    show_progress: bool = True,
) -> SweepSummary:
    """Count an experiment (paths relative to ``source``'s folder; at most ``max_runs`` runs) and
    sweep its runs into ``folder``, made lazily."""
    base = source.parent if source is not None else Path.cwd()
    design = plan(experiment, base, str(source or experiment.name), max_runs)
    description = {
        "name": experiment.name, "file": str(source) if source else None, "kind": "sweep",
        "description": experiment.description, "baseline": design.scenario_names[0],
        "scenarios": design.scenario_names, "seeds": experiment.seed_list,
        "scale": experiment.scale, "grid": experiment.grid, "calibration_sets": experiment.calibration_sets,
    }  # fmt: skip
    return sweep(design, folder, description, workers=workers, scheduler=scheduler, tls=tls, resume=resume,
                 show_progress=show_progress)  # fmt: skip


def sweep(
    runs: Iterable[RunSpec],
    folder: Path,
    experiment: dict[str, Any],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    tls: TLSFiles | None = None,
    resume: bool = False,
    show_progress: bool = True,
) -> SweepSummary:
    """Run every spec not yet in ``folder``; write each result at once; keep the manifest current.

    Args:
        runs: the runs, each with a distinct ``run_id``; iterated twice (see the module docstring).
        folder: the results folder.
        experiment: the manifest's ``experiment`` entry; the sweep adds ``fingerprint`` (its
            name and run ids, which identify the folder) and ``runs`` (their number).
        workers: local processes (1: serial in this process); ignored with a scheduler.
        scheduler: a Dask scheduler address (``tcp://host:port`` or ``tls://host:port``).
        tls: the TLS files for a ``tls://`` scheduler.
        resume: continue a folder this experiment made; without it a folder holding results is refused.
        show_progress: a progress bar with a time estimate on stderr.

    Raises:
        InputError: the folder cannot be a results folder, its manifest is damaged, it holds another
            experiment (or any results without ``resume``), another command is writing it, or the
            executor cannot start; nothing is written then.
    """
    folder = Path(folder)
    started = time.perf_counter()
    folders.check_folder(folder)
    listed = _Listing(runs)
    run_ids = listed.entries
    experiment = experiment | {"fingerprint": fingerprint(run_ids, experiment["name"]), "runs": len(run_ids)}
    _check_folder(folder, output.read_manifest(folder), experiment, resume)
    executor = open_executor(workers, scheduler, tls)  # an unreachable scheduler fails here, before any write
    try:
        with folders.locked(folder):
            previous = output.read_manifest(folder)  # again, now that no other command can write it
            _check_folder(folder, previous, experiment, resume)
            output.remove_temporary_files(folder, run_ids)
            status = {run_id: "pending" for run_id in run_ids}
            status |= {run_id: "done" for run_id in run_ids if output.timeseries_path(folder, run_id).exists()}
            skipped = sum(value == "done" for value in status.values())
            errors: dict[str, str] = {}
            manifest = _new_manifest(experiment, listed.scenarios, previous)
            _write(folder, manifest, listed, status, errors)
            last_write = time.monotonic()
            work = _families(runs, status, experiment.get("baseline"))
            with _ProgressBar(len(status), skipped, executor.description, show_progress) as advance:
                for spec, frame, error in executor.map_unordered(work):
                    if error is None:
                        output.write_timeseries(folder, frame)
                        status[spec.run_id] = "done"
                    else:
                        status[spec.run_id], errors[spec.run_id] = "failed", error
                    advance()
                    if time.monotonic() - last_write >= MANIFEST_INTERVAL_S:
                        _write(folder, manifest, listed, status, errors)
                        last_write = time.monotonic()
            manifest["finished"] = output.now()
            _write(folder, manifest, listed, status, errors)
    finally:
        executor.close()
    return SweepSummary(
        folder=folder, total=len(status), skipped=skipped, ran=len(status) - skipped - len(errors),
        failed=len(errors), seconds=time.perf_counter() - started, executor=executor.description,
    )  # fmt: skip


def _families(runs: Iterable[RunSpec], status: dict[str, str], baseline: str | None) -> list[Family]:
    """The pending runs as families: per seed, scale, labels and swept values, the baseline scenario's
    run is the trunk of the others (run even when its own file is done, for the months they share)."""
    grouped = families(list(runs), lambda spec: spec.scenario.name == baseline)
    work = []
    for group in grouped:
        branches = [spec for spec, _ in group.branches if status[spec.run_id] == "pending"]
        wanted = status[group.trunk.run_id] == "pending"
        if branches or wanted:
            work.append(family(group.trunk, branches, with_trunk=wanted))
    return work


class _Listing:
    """One pass over the runs: each run's manifest entry (by run id, in order) and the distinct scenarios."""

    def __init__(self, runs: Iterable[RunSpec]) -> None:
        if iter(runs) is runs:
            raise TypeError("a sweep reads its runs twice: give a list or a Design, not an iterator")
        self.entries: dict[str, dict[str, Any]] = {}
        distinct: dict[str, Any] = {}
        last = None
        for spec in runs:
            if spec.run_id in self.entries:
                raise ValueError(f"run {spec.run_id} is listed twice")
            self.entries[spec.run_id] = output.run_entry(spec, "pending")
            if spec.scenario is not last:  # a design gives each scenario's seeds one after another
                last = spec.scenario
                distinct.setdefault(last.model_dump_json(), last)
        self.scenarios = list(distinct.values())


def _check_folder(folder: Path, previous: dict[str, Any] | None, experiment: dict[str, Any], resume: bool) -> None:
    if previous is None:
        if not resume and any(output.timeseries_files(folder)):
            raise InputError(f"{folder}: holds run files but no manifest; choose another --out")
        return
    theirs = previous["experiment"]
    if theirs.get("fingerprint") != experiment["fingerprint"]:
        raise InputError(
            f"{folder}: was made by a different experiment ({theirs.get('name')!r}, file {theirs.get('file')}, "
            f"{len(previous['runs'])} runs); refusing to mix results: choose another --out"
        )
    if not resume:
        raise InputError(f"{folder}: already holds results of experiment {theirs.get('name')!r}; "
                         "pass --resume to run what is missing, or choose another --out")  # fmt: skip


def _new_manifest(experiment: dict[str, Any], scenarios: list, previous: dict[str, Any] | None) -> dict:
    return output.carry_over(output.new_manifest(experiment, scenarios), previous)


def _write(folder: Path, manifest: dict, listed: _Listing, status: dict[str, str], errors: dict[str, str]) -> None:
    manifest["runs"] = [
        entry | {"status": status[run_id]} | ({"error": errors[run_id]} if run_id in errors else {})
        for run_id, entry in listed.entries.items()
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
