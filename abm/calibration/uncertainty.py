"""Uncertainty of the calibration: the spread on fresh seeds and the near-optimal set.

- :func:`spread`: at the calibrated parameters, every target metric over seeds calibration never
  used (0, 1, ...): mean, standard deviation, 5th and 95th percentiles.
- :func:`near_optimal_sets`: up to 10 of the study's trials whose loss is within ``tolerance`` of
  the best (4.0 from the CLI: as if one hard target missed by two more survey standard errors;
  1.0 kept only the stage-3 line search, which varied one parameter), chosen and ordered
  spread-first (:func:`spread_first`) among all of them, so that the sets, and an experiment
  taking the first few (the futures take three), span the near-optimal region rather than one
  corner of it; each re-evaluated on fresh seeds.
  Written as ``near_optimal.toml`` in the results folder (``results/calibration/`` by default;
  ``talentgap install-calibration --near-optimal`` commits it): ``[[sets]]`` entries with an ``id``, the ``loss``
  in the study, the fresh-seed ``means`` and a ``[sets.parameters]`` table of dotted-name
  overrides, which the calibration-robustness experiment repeats the policy comparison under.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import optuna
import pandas as pd
import tomli_w
from optuna.trial import TrialState

from abm.calibration.evaluate import ensemble, loss
from abm.calibration.study import STUDY_NAME, _storage
from abm.calibration.targets import Target
from abm.core.errors import InputError
from abm.runs.output import atomic_write

NEAR_OPTIMAL_NAME = "near_optimal.toml"
SPREAD_NAME = "calibration_spread.csv"


def spread(seeds: list[int], scale: float, values: dict[str, Any] | None = None) -> pd.DataFrame:
    """Per-seed target metrics at the calibrated parameters (plus ``values`` if given)."""
    return ensemble(values or {}, seeds, scale)


def summarise(metrics: pd.DataFrame, targets: list[Target]) -> pd.DataFrame:
    """One row per target: target value, model mean, sd, 5th/95th percentiles, and the z-score."""
    rows = []
    for target in targets:
        column = metrics[target.name]
        rows.append(
            {
                "target": target.name, "kind": target.kind, "value": target.value, "tolerance": target.tolerance,
                "model_mean": column.mean(), "model_sd": column.std(ddof=1),
                "p05": column.quantile(0.05), "p95": column.quantile(0.95),
                "z": (column.mean() - target.value) / target.tolerance, "seeds": len(column),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def finished_study(study_file: Path) -> optuna.Study:
    """The calibration study in ``study_file`` (an optuna journal), which has a complete trial.

    Raises:
        InputError: no such file, not the journal of a talentgap calibration, or no complete trial.
    """
    if not Path(study_file).is_file():
        raise InputError(f"{study_file}: no calibration study; run `talentgap calibrate` first")
    try:
        study = optuna.load_study(study_name=STUDY_NAME, storage=_storage(Path(study_file)))
    except (KeyError, ValueError, TypeError, AssertionError, OSError) as error:  # optuna's ways to fail on a bad file
        raise InputError(f"{study_file}: not the journal of a talentgap calibration ({type(error).__name__}); "
                         "give the --study-file that `talentgap calibrate` wrote") from None  # fmt: skip
    if not study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        raise InputError(f"{study_file}: the study has no complete trial; finish it: `talentgap calibrate --resume`")
    return study


def near_optimal_sets(
    study: optuna.Study, targets: list[Target], seeds: list[int], scale: float, tolerance: float = 4.0, limit: int = 10
) -> list[dict[str, Any]]:
    """:func:`near_optimal_trials` re-evaluated on ``seeds``, in that order."""
    sets = []
    for trial in near_optimal_trials(study, tolerance, limit):
        metrics = ensemble(dict(trial.params), seeds, scale)
        means = metrics.mean(numeric_only=True).drop("seed")
        sets.append(
            {
                "id": f"trial{trial.number}",
                "loss": float(trial.value),
                "fresh_loss": loss(metrics, targets),
                "means": {k: float(v) for k, v in means.items()},
                "parameters": {k: _plain(v) for k, v in trial.params.items()},
            }
        )
    return sets


def near_optimal_trials(study: optuna.Study, tolerance: float, limit: int) -> list[optuna.trial.FrozenTrial]:
    """At most ``limit`` of the study's trials whose loss is within ``tolerance`` of the best, chosen
    spread-first among all of them (:func:`spread_first`: the best, then each the farthest from those
    before), so that a long study's sets span its near-optimal region, not the few trials around its
    best."""
    done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    best = min(t.value for t in done)
    close = sorted((t for t in done if t.value <= best + tolerance), key=lambda t: t.value)
    return spread_first(close)[:limit]


def spread_first(trials: list[optuna.trial.FrozenTrial]) -> list[optuna.trial.FrozenTrial]:
    """``trials`` (best first) reordered so each next one is the farthest from those before it.

    The best trial stays first; then, greedily, the trial whose distance to the nearest already chosen
    one is largest (ties: the lower loss, i.e. the earlier in ``trials``). Distance is Euclidean with
    each parameter scaled to its calibration bounds (the trial's distribution), so a parameter counts
    by how far it moves across its plausible range, not by its units.
    """
    if not trials:
        return []
    names = sorted(trials[0].params)
    bounds = {name: trials[0].distributions[name] for name in names}
    points = np.array(
        [[(t.params[n] - bounds[n].low) / ((bounds[n].high - bounds[n].low) or 1.0) for n in names] for t in trials]
    )
    chosen = [0]
    nearest = np.linalg.norm(points - points[0], axis=1)
    while len(chosen) < len(trials):
        nearest[chosen] = -1.0
        pick = int(np.argmax(nearest))
        chosen.append(pick)
        nearest = np.minimum(nearest, np.linalg.norm(points - points[pick], axis=1))
    return [trials[i] for i in chosen]


def _plain(value: Any) -> int | float:
    """A TOML-writable number."""
    return int(value) if isinstance(value, (int, np.integer)) else float(value)


def write_near_optimal(sets: list[dict[str, Any]], provenance: dict[str, Any], path: Path) -> None:
    """Write the near-optimal sets (atomically)."""
    text = "# Written by `talentgap uncertainty`: near-optimal calibrated parameter sets.\n"
    text += tomli_w.dumps({"provenance": provenance, "sets": sets})
    atomic_write(Path(path), lambda name: Path(name).write_text(text))
