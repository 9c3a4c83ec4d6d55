"""The optimisation from start to finish (:func:`optimise`), resumable at every step.

1. Everything is checked before anything is written: the settings, the futures (every overlay
   built into a scenario), the instruments, the number of runs, the folder (a new one, or with
   ``resume`` one this optimisation made with the same settings) and the executor.
2. The status quo runs in every future and search seed (a sweep into ``baseline/``), once.
3. The study (:mod:`experiments.optimise.study`) runs until it has made ``trials`` trials.
4. The trials, the Pareto front, its figure and the recommended package
   (:mod:`experiments.optimise.outputs`) are written.
5. The recommended package is checked on fresh seeds (:mod:`experiments.optimise.check`) and
   where it misses is described by a PRIM rule (:mod:`experiments.optimise.discovery`).
6. ``result.json`` is written and the manifest marked finished.

The folder's lock is held throughout; the layout is in :mod:`experiments.optimise.result`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from abm.core.errors import InputError
from abm.runs import checkpoints, folders, output
from abm.runs.provenance import short_path
from experiments.executors import TLSFiles, open_executor
from experiments.experiment import MAX_RUNS, check_run_count
from experiments.futures import Futures
from experiments.optimise import outputs, result, space
from experiments.optimise.check import check_package, summarise_check
from experiments.optimise.discovery import discover
from experiments.optimise.evaluate import summarise_runs
from experiments.optimise.settings import OPTIONS, Settings
from experiments.optimise.study import Evaluator, open_study, run_spec, run_trials
from experiments.sweep import read_results, sweep

METRICS = ("cost_hkd", "cost_programme_hkd", "cost_fiscal_hkd", "share_met", "difficulty_share", "gap", "harm",
           "harm_unemployment_pp", "harm_wage_pct", "max_added_spending_hkd")  # fmt: skip
"""A trial's metrics as result.json reports them."""


def optimise(
    settings: Settings,
    futures: Futures,
    folder: str | Path,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    tls: TLSFiles | None = None,
    resume: bool = False,
    show_progress: bool = True,
    max_runs: int = MAX_RUNS,
) -> result.OptimisationResult:
    """Find the cheapest package that meets the target in enough futures within the budget.

    Args:
        settings: the optimisation's settings (checked here).
        futures: the futures (:func:`experiments.futures.load_futures`).
        folder: the optimisation folder.
        workers: local processes (1: serial); ignored with a scheduler.
        scheduler: a Dask scheduler address; ``tls`` its TLS files.
        resume: continue the optimisation ``folder`` holds (same settings); without it a folder
            holding one is refused.
        show_progress: progress bars on stderr.
        max_runs: most runs accepted (counted before anything runs).

    Raises:
        InputError: bad settings, instruments, folder or executor, or too many runs; nothing is
            written then. Or a run of the status quo or of the check failed.
    """
    settings.check(futures)
    chosen = space.instruments(settings.policies)
    ours = json.loads(json.dumps(settings.study_settings([i.policy for i in chosen], futures)))
    n_futures, n_seeds = len(futures.futures), settings.seeds
    count = n_futures * n_seeds * (settings.trials + 1) + n_futures * 2 * settings.check_seeds
    made_of = (f"({settings.trials} trials + the status quo) x {n_futures} futures x {n_seeds} seeds, and the "
               f"check: {n_futures} futures x 2 x {settings.check_seeds} seeds")  # fmt: skip
    check_run_count(count, max_runs, "talentgap optimise", made_of)
    folder = Path(folder)
    _check_folder(folder, ours, resume)
    options = {"workers": workers, "scheduler": scheduler, "tls": tls, "show_progress": show_progress}
    executor = open_executor(workers, scheduler, tls)  # a bad scheduler fails here, before anything is written
    try:
        with folders.locked(folder):
            manifest = _manifest(settings, ours, futures, _check_folder(folder, ours, resume))
            output.write_manifest(folder, manifest)
            study, searched, status_quo = _search(settings, futures, folder, chosen, ours, executor, options)
            executor.close()  # its workers are idle from here on (the check opens its own)
            _write_outputs(study, searched, status_quo, settings, futures, folder, chosen, options)
            manifest |= {"finished": output.now(), "status": "done"}
            output.write_manifest(folder, manifest)
    finally:
        executor.close()
    return result.load_result(folder)


def _search(settings: Settings, futures: Futures, folder: Path, chosen: tuple[space.Instrument, ...],
            ours: dict[str, Any], executor: Any, options: dict[str, Any]) -> tuple[Any, Any, Any]:  # fmt: skip
    """Steps 2 and 3: the status quo's runs, then the study; returns the study, the summaries of every run
    the search made, and the status quo's."""
    status_quo = _status_quo(settings, futures, folder, options)
    checkpoints.remove_temporary_files(folder / result.CHECKPOINTS)  # what a killed run left
    outputs.write_csv(folder / result.FUTURES, futures.features().reset_index())
    evaluator = Evaluator(settings, futures, executor, folder)
    evaluator.load(status_quo)
    study = open_study(folder, ours)
    with _TrialsBar(settings.trials, options["show_progress"]) as advance:
        run_trials(study, evaluator, chosen, advance)
    checkpoints.remove_checkpoints(folder / result.CHECKPOINTS)  # kept only for a killed search to resume
    return study, pd.DataFrame(list(evaluator.summaries.values())), status_quo


def _write_outputs(study, searched, status_quo, settings: Settings, futures: Futures, folder: Path,
                   chosen: tuple[space.Instrument, ...], options: dict[str, Any]) -> None:  # fmt: skip
    """Steps 4 to 6: trials, front, figure, the recommendation and its check and rule, ``result.json``."""
    trials = outputs.trials_table(study, chosen)
    front = outputs.front_table(trials)
    outputs.write_csv(folder / result.TRIALS, trials)
    outputs.write_csv(folder / result.FRONT, front)
    chosen_row = outputs.recommend(front, settings)
    outputs.draw_front(trials, chosen_row, settings, folder / result.FIGURE)
    identity = {"policies": [i.policy for i in chosen], "futures": _identity(futures)}
    summary = {"settings": asdict(settings) | identity, "trials": len(trials), "front": len(front),
               "recommended": None, "check": None,
               "closest": [_point(row) for _, row in outputs.closest(front).iterrows()]}  # fmt: skip
    if chosen_row is not None:
        summary |= _recommend(chosen_row, chosen, settings, futures, searched, status_quo, folder, options)
    else:
        for stale in (result.RECOMMENDED, result.CHECK, result.RULE):
            (folder / stale).unlink(missing_ok=True)
    result.write_json(folder / result.RESULT, summary)


def _check_folder(folder: Path, ours: dict[str, Any], resume: bool) -> dict[str, Any] | None:
    """The folder's manifest if ``resume`` may continue it, None for a new folder; else InputError."""
    folders.check_folder(folder)
    manifest = output.read_manifest(folder)
    if manifest is None:
        entries = [e.name for e in folder.iterdir() if e.name != folders.LOCK] if folder.is_dir() else []
        if entries:
            raise InputError(f"{folder}: holds files ({', '.join(sorted(entries)[:3])}) but no optimisation; "
                             "choose another --out")  # fmt: skip
        return None
    experiment = manifest["experiment"]
    if experiment.get("kind") != result.KIND:
        raise InputError(f"{folder}: holds the results of {experiment.get('kind') or 'an experiment'} "
                         f"{experiment.get('name')!r}, not an optimisation; choose another --out")  # fmt: skip
    if not resume:
        raise InputError(f"{folder}: already holds an optimisation; pass --resume to continue it, or choose "
                         "another --out")  # fmt: skip
    theirs = experiment.get("study_settings") or {}
    for key, value in ours.items():
        if theirs.get(key) != value:
            raise InputError(f"option {OPTIONS[key]}: the optimisation in {folder} was made with {theirs.get(key)!r}, "
                             f"not {value!r}; pass the same to resume it, or choose another --out")  # fmt: skip
    return manifest


def _identity(futures: Futures) -> dict[str, Any]:
    return {"name": futures.name, "version": futures.version, "fingerprint": futures.fingerprint,
            "file": short_path(futures.source), "count": len(futures.futures)}  # fmt: skip


def _manifest(settings: Settings, ours: dict[str, Any], futures: Futures, previous: dict[str, Any] | None) -> dict:
    experiment = {"name": "optimise", "kind": result.KIND, "baseline": space.STATUS_QUO,
                  "futures": _identity(futures), "settings": asdict(settings), "study_settings": ours}  # fmt: skip
    manifest = output.new_manifest(experiment, [future.scenario for future in futures.futures])
    manifest["status"] = "running"
    return output.carry_over(manifest, previous)


def _status_quo(settings: Settings, futures: Futures, folder: Path, options: dict[str, Any]):
    """Run (or find) the status quo in every future and search seed; return the runs' summaries."""
    specs = [run_spec([], future, seed, settings) for future in futures.futures for seed in settings.search_seeds]
    experiment = {"name": "optimise-status-quo", "kind": "optimisation status quo", "baseline": space.STATUS_QUO,
                  "scenarios": [space.STATUS_QUO], "seeds": settings.search_seeds, "scale": settings.scale}  # fmt: skip
    done = sweep(specs, folder / result.BASELINE, experiment, resume=True, **options)
    if done.failed:
        raise InputError(f"{folder / result.BASELINE}: {done.failed} status-quo runs failed (see its manifest.json)")
    return summarise_runs(read_results(folder / result.BASELINE), settings.scale, settings)


def _recommend(row, chosen, settings: Settings, futures: Futures, searched, status_quo, folder: Path,
               options) -> dict[str, Any]:  # fmt: skip
    """Write the recommended scenario, check it on fresh seeds, find where it fails; their summary."""
    path = folder / result.RECOMMENDED
    text = outputs.scenario_file(row, chosen, settings, str(folder / result.JOURNAL))
    output.atomic_write(path, lambda name: Path(name).write_text(text, encoding="utf-8"))
    package = space.entries(chosen, row.to_dict())
    name = space.package_name(package)
    table, cases = check_package(package, name, searched, status_quo, settings, futures,
                                 folder / result.CHECK_RUNS / name, **options)  # fmt: skip
    outputs.write_csv(folder / result.CHECK, table)
    rule = discover(cases, futures.features(), settings.target)
    result.write_json(folder / result.RULE, rule)
    recommended = _point(row) | {"package": name, "scenario_file": str(path), "policies": package,
                                 "check_runs": str(folder / result.CHECK_RUNS / name)}  # fmt: skip
    return {"recommended": recommended, "check": summarise_check(table, settings)}


def _point(row) -> dict[str, Any]:
    return {"trial": int(row["trial"]), "description": str(row["description"])} | {
        key: float(row[key]) for key in METRICS
    }


class _TrialsBar:
    """A rich progress bar of trials made; entering it gives ``advance(made)``."""

    def __init__(self, total: int, show: bool) -> None:
        self._bar = Progress(TextColumn("trials"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                             TextColumn("left"), TimeRemainingColumn(), console=Console(stderr=True),
                             disable=not show)  # fmt: skip
        self._task = self._bar.add_task("trials", total=total)

    def __enter__(self):
        self._bar.start()
        return lambda made: self._bar.update(self._task, completed=made)

    def __exit__(self, *exc) -> None:
        self._bar.stop()
