"""The search: an optuna multi-objective study over packages, each evaluated in every future on
paired seeds; resumable from its journal.

The study (``study.journal`` in the optimisation folder, optuna's journal storage) minimises the
present-value cost, maximises the share of futures meeting the target and minimises the harm to
local graduates (:data:`experiments.optimise.evaluate.OBJECTIVES`), with the budget as a
constraint (``Trial.set_constraint``: added programme spending less the budget, feasible at 0 or
less). The sampler is optuna's multi-objective, constraint-aware TPE (``TPESampler``,
multivariate; random for the first :data:`STARTUP_TRIALS` trials). Trials run one after another;
each trial's runs (every future x search seed) go to the executor at once. The first trials are
the anchors (:func:`experiments.optimise.space.anchors`): the status quo, everything at its most,
each instrument alone at its most.

**Same inputs, same study.** Trial ``i`` is asked with a new sampler seeded by the study seed and
``i``, so its package depends only on the seed and the trials before it, not on when the process
started. A killed optimisation leaves its last trial running; on resume that trial is marked
failed and listed in the study's ``killed_trials`` attribute, and the next trial takes its index,
so it is asked again with the same seed after the same finished trials (optuna's TPE ignores
failed trials): the resumed study's finished trials are those an uninterrupted run would have.

Each run is summarised (:func:`experiments.optimise.evaluate.summarise_runs`) once: the summaries,
by run id, are kept in ``evaluations.parquet``, so a package evaluated twice (an anchor, a repeat)
runs nothing the second time, and the status-quo runs come from the baseline folder.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import optuna
import pandas as pd
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalFileBackend
from optuna.trial import TrialState

from abm.core.errors import InputError
from abm.core.scenario import merge_tables
from abm.runs.forking import Family, family
from abm.runs.output import atomic_write
from abm.runs.scenarios import build_scenario
from abm.runs.simulation import RunSpec
from experiments.futures import Future, Futures
from experiments.optimise import space
from experiments.optimise.evaluate import DIRECTIONS, FUTURE, OBJECTIVES, package_metrics, summarise_runs
from experiments.optimise.result import CHECKPOINTS, EVALUATIONS, JOURNAL
from experiments.optimise.settings import Settings

STUDY_NAME = "talentgap-optimise"
KILLED = "killed_trials"
"""Study attribute: the numbers of trials a killed process left running (failed on resume)."""
STARTUP_TRIALS = 10
"""Trials sampled at random before TPE models the objectives (optuna's default)."""


def run_spec(package: list[dict[str, Any]], future: Future, seed: int, settings: Settings) -> RunSpec:
    """The run of ``package`` (policy entries; empty: the status quo) in ``future`` with ``seed``:
    its scenario is the status quo plus the package, the future's overlay on top, and the calendar
    ending with the target year (later months enter no objective)."""
    name = space.package_name(package)
    table = merge_tables({"policies": package}, future.overlay)
    table = merge_tables(table, {"name": name, "calendar": {"horizon_month": f"{settings.by}-12"}})
    scenario = build_scenario(table, source=f"package {name} in future {future.name!r}")
    return RunSpec(scenario, seed=seed, scale=settings.scale, labels=((FUTURE, future.name),))


def open_study(folder: Path, study_settings: dict[str, Any]) -> optuna.Study:
    """Create the study in ``folder``, or load it and fail the trials a killed process left running.

    Raises:
        InputError: the journal holds a study made with other settings.
    """
    optuna.logging.set_verbosity(optuna.logging.WARNING)  # the progress bar and the summary say what happens
    storage = JournalStorage(JournalFileBackend(str(Path(folder) / JOURNAL)))
    names = [summary.study_name for summary in optuna.get_all_study_summaries(storage)]
    if STUDY_NAME not in names:
        study = optuna.create_study(study_name=STUDY_NAME, storage=storage, directions=list(DIRECTIONS))
        study.set_user_attr("settings", study_settings)
        return study
    study = optuna.load_study(study_name=STUDY_NAME, storage=storage)
    if study.user_attrs.get("settings") != study_settings:
        raise InputError(f"{Path(folder) / JOURNAL}: holds a study made with other settings than its folder's "
                         "manifest; choose another --out")  # fmt: skip
    running = [t.number for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))]
    for number in running:
        study.tell(number, state=TrialState.FAIL)
    if running:
        study.set_user_attr(KILLED, sorted({*study.user_attrs.get(KILLED, []), *running}))
    return study


def made(study: optuna.Study) -> int:
    """Trials made so far, those a killed process left excluded: the index of the next trial."""
    finished = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE, TrialState.FAIL))
    return len(finished) - len(study.user_attrs.get(KILLED, []))


def sampler(seed: int, index: int) -> optuna.samplers.TPESampler:
    """The sampler that asks trial ``index`` of a study seeded ``seed``."""
    return optuna.samplers.TPESampler(
        multivariate=True, n_startup_trials=STARTUP_TRIALS, seed=(seed * 1_000_003 + index) % 2**32
    )


class RunsFailedError(Exception):
    """Some runs of a package failed; the message lists the first error."""


@dataclass
class Evaluator:
    """Evaluates packages: runs what is not summarised yet, then pairs with the status quo.

    Attributes:
        settings: the optimisation's settings.
        futures: the futures.
        executor: runs families of runs (``map_unordered``, :mod:`experiments.executors`). Each of a
            package's runs is a branch of the status quo's run in its future and seed: with an
            executor whose runs see this machine's files, it carries on from the status quo's
            checkpoint at the package's first start (``checkpoints/``, :mod:`abm.runs.checkpoints`),
            so no trial simulates again the months before it; otherwise it runs alone.
        folder: the optimisation folder (``evaluations.parquet``, ``checkpoints/``).
        summaries: run summaries by run id (the status quo's included).
    """

    settings: Settings
    futures: Futures
    executor: Any
    folder: Path
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def load(self, status_quo: pd.DataFrame) -> None:
        """Take the status quo's summaries and those of earlier sessions (``evaluations.parquet``)."""
        path = self.folder / EVALUATIONS
        earlier = pd.read_parquet(path) if path.is_file() else status_quo.iloc[:0]
        for row in pd.concat([earlier, status_quo]).to_dict("records"):
            self.summaries[row["run_id"]] = row

    def specs(self, package: list[dict[str, Any]]) -> list[RunSpec]:
        """The package's runs: every future x search seed."""
        return [
            run_spec(package, future, seed, self.settings)
            for future in self.futures.futures
            for seed in self.settings.search_seeds
        ]

    @functools.cached_property
    def status_quo_specs(self) -> list[RunSpec]:
        """The status quo's runs, in the order of :meth:`specs` (built once: 0.2 s for 72 runs)."""
        return self.specs([])

    def _family(self, spec: RunSpec, trunk: RunSpec) -> Family:
        """The family that runs ``spec``: a branch of its status quo ``trunk`` from its checkpoints, or alone."""
        if not self.executor.shares_files:
            return family(spec, [])
        return family(trunk, [spec], with_trunk=False, checkpoints=self.folder / CHECKPOINTS)

    def evaluate(self, package: list[dict[str, Any]]) -> dict[str, float]:
        """Run the package's missing runs, then its metrics (:func:`experiments.optimise.evaluate.package_metrics`).

        Raises:
            RunsFailedError: a run failed.
        """
        specs = self.specs(package)
        trunks = self.status_quo_specs
        missing = [(spec, trunk) for spec, trunk in zip(specs, trunks) if spec.run_id not in self.summaries]
        errors = []
        for spec, frame, error in self.executor.map_unordered(self._family(spec, trunk) for spec, trunk in missing):
            if error is not None:
                errors.append(f"run {spec.run_id} ({spec.labels[0][1]}, seed {spec.seed}): {error}")
                continue
            for row in summarise_runs(frame, self.settings.scale, self.settings).to_dict("records"):
                self.summaries[row["run_id"]] = row
        if missing:
            table = pd.DataFrame(list(self.summaries.values()))
            atomic_write(self.folder / EVALUATIONS, lambda name: table.to_parquet(name, index=False))
        if errors:
            raise RunsFailedError(f"{len(errors)} runs failed, the first: {errors[0]}")
        status_quo = pd.DataFrame([self.summaries[spec.run_id] for spec in trunks])
        mine = pd.DataFrame([self.summaries[spec.run_id] for spec in specs])
        return package_metrics(mine, status_quo, self.settings)


def run_trials(study: optuna.Study, evaluator: Evaluator, chosen: tuple[space.Instrument, ...], advance) -> None:
    """Ask, evaluate and tell trials until the study has made ``settings.trials`` of them.

    Args:
        study: the study (:func:`open_study`).
        evaluator: evaluates a package.
        chosen: the instruments.
        advance: called with the number of trials made, after each trial.
    """
    settings = evaluator.settings
    distributions = space.distributions(chosen, settings.by)
    anchors = space.anchors(chosen, settings.by)
    while (index := made(study)) < settings.trials:
        if index < len(anchors) and not study.get_trials(deepcopy=False, states=(TrialState.WAITING,)):
            study.enqueue_trial(anchors[index])
        study.sampler = sampler(settings.seed, index)
        trial = study.ask(distributions)
        package = space.entries(chosen, trial.params)
        try:
            metrics = evaluator.evaluate(package)
        except RunsFailedError as error:
            trial.set_user_attr("error", str(error))
            study.tell(trial, state=TrialState.FAIL)
        else:
            for name, value in metrics.items():
                trial.set_user_attr(name, value)
            values = [metrics[name] for name in OBJECTIVES]
            if all(math.isfinite(value) for value in values):
                trial.set_constraint("budget", metrics["budget_excess_hkd"])
                study.tell(trial, values)
            else:
                trial.set_user_attr("error", "an objective is not a number (no local graduate employed?)")
                study.tell(trial, state=TrialState.FAIL)
        advance(made(study))
