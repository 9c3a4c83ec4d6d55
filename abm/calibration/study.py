"""The calibration study: optuna over the free parameters, resumable.

Two samplers (``--sampler``): multivariate TPE, which explores the whole space (the default), and
CMA-ES (with margin, for the integer parameters), which refines from the best trial so far: a
study is typically run with TPE, then resumed with CMA-ES.

The study lives in an optuna journal file, so a killed calibration resumes where it
stopped (``resume=True`` loads the same study and runs only the missing trials), and
several worker processes can share it (numba kernels hold the GIL, so threads would not
help); the workers die with the calibration that started them (:mod:`abm.runs.processes`).
The first trial of a new study evaluates the documented defaults.

The best trial on a few seeds is partly luck (the winner's curse), so the ``reselect`` best
trials are re-evaluated on further calibration seeds (as many again, or ``--reselect-seeds``)
and the one with the lowest loss over all its seeds is written as the calibrated parameter file, with its
provenance.
"""

from __future__ import annotations

import datetime as dt
import math
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import optuna
import pandas as pd
import tomli_w
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalFileBackend
from optuna.study import MaxTrialsCallback
from optuna.trial import TrialState
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from abm.calibration import CALIBRATION_SEED_BASE
from abm.calibration.evaluate import ensemble, loss
from abm.calibration.space import FreeParameter, load_space
from abm.calibration.targets import SOFT_WEIGHT, Target, load_targets
from abm.core.errors import InputError
from abm.core.scenario import table_from_dotted
from abm.runs import provenance
from abm.runs.output import atomic_write
from abm.runs.processes import process_pool
from abm.runs.scenarios import default_scenario, dotted_value

STUDY_NAME = "talentgap-baseline"
DEFAULT_FOLDER = Path("results") / "calibration"
"""Where a calibration writes by default (relative to the working folder; never the package)."""
DEFAULT_STUDY_FILE = DEFAULT_FOLDER / "study.journal"
DEFAULT_OUT = DEFAULT_FOLDER / "calibrated.toml"


@dataclass(frozen=True)
class Setup:
    """What a calibration fits, against what, on which seeds and scale."""

    space: tuple[FreeParameter, ...]
    targets: tuple[Target, ...]
    seeds: tuple[int, ...]
    scale: float

    def attributes(self) -> dict[str, Any]:
        return {
            "space": [p.name for p in self.space],
            "targets": [t.name for t in self.targets],
            "seeds": list(self.seeds),
            "scale": self.scale,
            "soft_weight": SOFT_WEIGHT,
        }


def make_setup(n_seeds: int, scale: float, target_names: list[str] | None, space_file: Path | None) -> Setup:
    """Validate the options of a calibration (InputError on bad values)."""
    if n_seeds < 1:
        raise InputError(f"option --seeds: must be at least 1, got {n_seeds}")
    if not (scale > 0 and math.isfinite(scale)):
        raise InputError(f"option --scale: must be a positive number, got {scale}")
    space = load_space(space_file) if space_file else load_space()
    targets = load_targets(target_names)
    seeds = tuple(range(CALIBRATION_SEED_BASE, CALIBRATION_SEED_BASE + n_seeds))
    return Setup(tuple(space), tuple(targets), seeds, float(scale))


def _storage(study_file: Path) -> JournalStorage:
    study_file.parent.mkdir(parents=True, exist_ok=True)
    return JournalStorage(JournalFileBackend(str(study_file)))


def suggest(trial: optuna.Trial, space: tuple[FreeParameter, ...]) -> dict[str, Any]:
    """The trial's values of the free parameters."""
    return {
        p.name: trial.suggest_int(p.name, p.low, p.high) if p.integer else trial.suggest_float(p.name, p.low, p.high)
        for p in space
    }


def _objective(setup: Setup):
    def objective(trial: optuna.Trial) -> float:
        metrics = ensemble(suggest(trial, setup.space), list(setup.seeds), setup.scale)
        for name, value in metrics.mean(numeric_only=True).items():
            if name != "seed":
                trial.set_user_attr(f"mean_{name}", float(value))
        return loss(metrics, list(setup.targets))

    return objective


SAMPLERS = ("tpe", "cmaes")
"""The samplers a calibration can use (see the module docstring)."""
DEFAULT_CMAES_STEP = 0.1
"""CMA-ES's initial step, as a share of each parameter's range (optuna searches the unit cube)."""


def make_sampler(
    name: str, study: optuna.Study, worker: int, setup: Setup, step: float = DEFAULT_CMAES_STEP, search: int = 0
) -> optuna.samplers.BaseSampler:
    """The sampler called ``name`` for one worker (seeded by the worker number). CMA-ES starts at the
    study's best trial or, in a new study, at the defaults (so a second stage run after
    ``install-calibration`` refines the installed calibration), with an initial step of ``step`` of
    each parameter's range.

    Each CMA-ES run is a search of its own, named ``search`` (the number of trials the study had
    finished when the run began; the run's workers share it): optuna keeps a CMA-ES search's state
    in its trials and would otherwise continue an earlier run's search, ignoring the start and the
    step (a study resumed after hand-proposed trials would never search around the best of them)."""
    if name == "tpe":
        return optuna.samplers.TPESampler(multivariate=True, seed=worker, n_startup_trials=20, constant_liar=True)
    done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if done:
        start = min(done, key=lambda trial: trial.value).params
    else:
        start = {p.name: dotted_value(default_scenario(), p.name) for p in setup.space}
    with warnings.catch_warnings():
        # x0 and sigma0 are deprecated in optuna 4.9 and removed in 6, which pyproject excludes.
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        sampler = optuna.samplers.CmaEsSampler(x0=start, sigma0=step, seed=worker, with_margin=True,
                                               warn_independent_sampling=False)  # fmt: skip
    sampler._attr_prefix += f"search{search}:"  # this search's state, apart from earlier runs' (private in optuna)
    return sampler


def _work(
    study_file: str, setup: Setup, total_trials: int, worker: int, sampler: str, step: float, search: int
) -> None:
    """One worker process: optimise until the study holds ``total_trials`` finished trials."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = _storage(Path(study_file))
    study = optuna.load_study(study_name=STUDY_NAME, storage=storage)
    study = optuna.load_study(
        study_name=STUDY_NAME, storage=storage, sampler=make_sampler(sampler, study, worker, setup, step, search)
    )
    stop = MaxTrialsCallback(total_trials, states=(TrialState.COMPLETE, TrialState.FAIL, TrialState.RUNNING))
    study.optimize(_objective(setup), n_trials=total_trials, callbacks=[stop])


def open_study(study_file: Path, setup: Setup, resume: bool) -> optuna.Study:
    """Create the study, or load it to resume (refusing one made for another setup)."""
    storage = _storage(study_file)
    exists = STUDY_NAME in [s.study_name for s in optuna.get_all_study_summaries(storage)]
    if exists and not resume:
        raise InputError(f"{study_file}: a calibration study exists; pass --resume to continue it, or remove the file")
    if not exists:
        study = optuna.create_study(study_name=STUDY_NAME, storage=storage, direction="minimize")
        for key, value in setup.attributes().items():
            study.set_user_attr(key, value)
        defaults = default_scenario()
        study.enqueue_trial({p.name: dotted_value(defaults, p.name) for p in setup.space})
        return study
    study = optuna.load_study(study_name=STUDY_NAME, storage=storage)
    for key, value in setup.attributes().items():
        if study.user_attrs.get(key) != value:
            raise InputError(
                f"{study_file}: cannot resume: the study's {key} was {study.user_attrs.get(key)!r}, not {value!r}"
            )
    return study


def finished(study: optuna.Study) -> int:
    return len(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE, TrialState.FAIL)))


@dataclass(frozen=True)
class Choice:
    """The trial written as the calibration: its loss and target means over ``seeds``."""

    trial: optuna.trial.FrozenTrial
    loss: float
    seeds: list[int]
    means: dict[str, float]
    within_tolerance: tuple[str, ...] = ()
    within_tolerance_met: bool = True


def _means(trial: optuna.trial.FrozenTrial) -> dict[str, float]:
    return {k[len("mean_") :]: v for k, v in trial.user_attrs.items() if k.startswith("mean_")}


def meets(means: pd.Series, targets: list[Target], within: tuple[str, ...]) -> bool:
    """Whether every target named in ``within`` has its mean within one tolerance of its figure."""
    return all(abs(means[t.name] - t.value) <= t.tolerance for t in targets if t.name in within)


def reselect(
    study: optuna.Study, setup: Setup, top: int, n_seeds: int | None = None, within: tuple[str, ...] = ()
) -> Choice:
    """Re-evaluate the ``top`` best trials on ``n_seeds`` further seeds (default: as many as the
    search used) and choose the best over all seeds: of those whose means are within tolerance of
    every target named in ``within`` if any is (a constraint, for figures the model must meet rather
    than trade against others), else of all."""
    done = sorted(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)), key=lambda t: t.value)
    if top < 1:
        return Choice(done[0], done[0].value, list(setup.seeds), _means(done[0]))
    extra = [setup.seeds[-1] + 1 + i for i in range(n_seeds or len(setup.seeds))]
    targets = list(setup.targets)
    scored = []
    for trial in done[:top]:
        further = ensemble(dict(trial.params), extra, setup.scale).mean(numeric_only=True).drop("seed")
        searched = pd.Series(_means(trial)).reindex(further.index)
        combined = (further * len(extra) + searched * len(setup.seeds)) / (len(extra) + len(setup.seeds))
        scored.append((loss(combined.to_frame().T, targets), trial, combined))
    meeting = [item for item in scored if meets(item[2], targets, within)]
    best_loss, best, combined = min(meeting or scored, key=lambda item: item[0])
    means = {k: float(v) for k, v in combined.items()}
    return Choice(best, best_loss, list(setup.seeds) + extra, means, within, bool(meeting))


def calibrate(
    *, trials: int, setup: Setup, study_file: Path = DEFAULT_STUDY_FILE, resume: bool = False, workers: int = 1,
    out: Path = DEFAULT_OUT, progress: bool = True, reselect_top: int = 10, reselect_seeds: int | None = None,
    sampler: str = "tpe", cmaes_step: float = DEFAULT_CMAES_STEP, within_tolerance: tuple[str, ...] = (),
) -> optuna.Study:  # fmt: skip
    """Run the study to ``trials`` finished trials and write the (reselected) best parameters to ``out``."""
    if trials < 1:
        raise InputError(f"option --trials: must be at least 1, got {trials}")
    if workers < 1:
        raise InputError(f"option --workers: must be at least 1, got {workers}")
    if reselect_seeds is not None and reselect_seeds < 1:
        raise InputError(f"option --reselect-seeds: must be at least 1, got {reselect_seeds}")
    if reselect_top < 0:
        raise InputError(f"option --reselect-top: must be 0 (off) or more, got {reselect_top}")
    if sampler not in SAMPLERS:
        raise InputError(f"option --sampler: must be one of {', '.join(SAMPLERS)}, got {sampler!r}")
    outside = sorted(set(within_tolerance) - {t.name for t in setup.targets})
    if outside:
        allowed = ", ".join(t.name for t in setup.targets)
        raise InputError(
            f"option --within-tolerance: {outside[0]!r} is not a target of this calibration; allowed: {allowed}"
        )
    if not 0 < cmaes_step <= 1:
        raise InputError(f"option --cmaes-step: must lie above 0 and at most 1, got {cmaes_step}")
    study = open_study(study_file, setup, resume)
    started = time.time()
    with process_pool(workers) as pool, _progress(progress) as bar:
        task = bar.add_task("calibration trials", total=trials, completed=min(finished(study), trials))
        search = finished(study)
        futures = [
            pool.submit(_work, str(study_file), setup, trials, w, sampler, cmaes_step, search) for w in range(workers)
        ]
        while not all(f.done() for f in futures):
            time.sleep(1.0)
            bar.update(task, completed=min(finished(study), trials))
        for future in futures:
            future.result()
        bar.update(task, completed=min(finished(study), trials))
    write_calibrated(
        study,
        reselect(study, setup, reselect_top, reselect_seeds, tuple(within_tolerance)),
        setup,
        study_file,
        out,
        time.time() - started,
    )
    return study


def _progress(enabled: bool) -> Progress:
    columns = [TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TimeElapsedColumn(), TimeRemainingColumn()]  # fmt: skip
    return Progress(*columns, disable=not enabled)


def write_calibrated(
    study: optuna.Study, choice: Choice, setup: Setup, study_file: Path, out: Path, seconds: float
) -> None:
    """Write the chosen trial's parameters and the provenance of the fit (atomically)."""
    best = choice.trial
    document = {
        "parameters": table_from_dotted(best.params),
        "provenance": {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "code_version": provenance.code_version(),
            "optimiser": f"optuna {optuna.__version__}: multivariate TPE, then resumed with CMA-ES where the "
            f"study's trials say so (trial system attributes), study {STUDY_NAME!r}",
            "study_file": str(study_file),
            "trials": finished(study),
            "chosen_trial": best.number,
            "chosen_trial_origin": best.user_attrs.get("origin", "the sampler"),
            "within_tolerance": list(choice.within_tolerance),
            "within_tolerance_met": choice.within_tolerance_met,
            "loss": choice.loss,
            "loss_on_search_seeds": best.value,
            "seeds": choice.seeds,
            "scale": setup.scale,
            "seconds_this_session": round(seconds, 1),
            "targets": {
                t.name: {
                    "value": t.value,
                    "kind": t.kind,
                    "tolerance": t.tolerance,
                    "date": t.date,
                    "source": t.source,
                    "model_mean": choice.means.get(t.name),
                }
                for t in setup.targets
            },
            "free_parameters": {p.name: {"low": p.low, "high": p.high, "reason": p.reason} for p in setup.space},
        },
    }
    header = "# Written by `talentgap calibrate`; `talentgap install-calibration` makes it the default scenario's.\n"
    atomic_write(Path(out), lambda name: Path(name).write_text(header + tomli_w.dumps(document)))
