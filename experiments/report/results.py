"""Reading a results folder for the report: the manifest and the time series of its done runs.

The report needs nothing but the folder (docs/architecture.md, "Outputs"): ``manifest.json`` names the
baseline scenario and lists every run with its status and scale, and
``timeseries/<run_id>.parquet`` holds each run's months. Only runs with status ``"done"``
count. Counts and HK$ amounts are divided by the run's scale, so every number in the report
reads at Hong Kong's size (a run at scale 0.1 has a tenth of the firms, people and spending).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow

from abm.core.columns import words
from abm.core.errors import InputError
from abm.core.metrics import FLOW_COLUMNS
from abm.core.scenario import STATUS_QUO_NAME
from abm.runs.output import MANIFEST, read_manifest, timeseries_path
from abm.runs.simulation import ID_COLUMNS
from experiments.report.effects import MEASURES

STOCKS = ("employed", "unemployed", "labour_force", "vacancies")
"""Stock columns counted in people or vacancies (scaled to Hong Kong)."""

MONEY_PREFIXES = ("spend_", "refused_", "government_spend_hkd", "fiscal_")
"""Columns of government HK$ amounts, spending and the fiscal account of added residents (scaled to Hong
Kong); wages are not scaled."""

CALIBRATION_SET = "calibration_set"
"""Label column of the calibration-robustness design: runs pair within a calibration set."""

REQUIRED_COLUMNS = (*ID_COLUMNS, *(measure.column for measure in MEASURES), "government_spend_hkd")
"""Columns every done run's time series must have: the report's effects and costs read them."""


@dataclass(frozen=True)
class Results:
    """A results folder, read and checked.

    Attributes:
        folder: the results folder.
        manifest: ``manifest.json`` as a dict.
        baseline: the name of the baseline scenario (``manifest["experiment"]["baseline"]``).
        frame: one row per run and recorded month, done runs only, with the columns of the
            time series plus ``year`` (calendar year), ``scale`` (the run's) and ``arm`` (the
            scenario name, followed by the values of the swept parameters that vary and that
            the scenario uses).
        strata: the columns a policy run and its baseline run must share to be paired: the
            seed, the calibration set (if any) and the swept parameters the baseline varies.
        labels: each arm's name in words: the scenario's display name, then the swept values in
            words (``"More talent admission (arrivals through all talent schemes: 45,000)"``).
    """

    folder: Path
    manifest: dict[str, Any]
    baseline: str
    frame: pd.DataFrame
    strata: tuple[str, ...]
    labels: dict[str, str]

    @property
    def arms(self) -> list[str]:
        """Every arm but the baseline's, in order of appearance."""
        policy = self.frame[self.frame["scenario"] != self.baseline]
        return list(dict.fromkeys(policy["arm"]))

    @property
    def done_runs(self) -> list[dict[str, Any]]:
        """The manifest's entries of the runs that count."""
        return [run for run in self.manifest["runs"] if run.get("status") == "done"]

    @property
    def baseline_arms(self) -> list[str]:
        """The baseline's arms (one, unless a parameter the baseline uses is swept)."""
        return list(dict.fromkeys(self.frame.loc[self.frame["scenario"] == self.baseline, "arm"]))

    def label(self, arm: str) -> str:
        """An arm's name in words."""
        return self.labels.get(arm, arm)


def load_results(folder: str | Path) -> Results:
    """Read and check a results folder; every check is made before the report computes or writes.

    Raises:
        InputError: the folder or its manifest is missing or damaged, a manifest field the report
            needs is absent or of the wrong type, no run is done, a done run's time series is
            missing, unreadable or of another run, or the done runs are not of both the baseline
            and at least one other scenario. The message names the file and the field.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such results folder")
    manifest = read_manifest(folder)
    if manifest is None:
        raise InputError(f"{folder / MANIFEST}: missing; `talentgap report` reads the folder of a sweep, a comparison "
                         "or an optimisation (`talentgap sweep`, `compare` or `optimise` write one)")  # fmt: skip
    baseline = manifest["experiment"].get("baseline")
    if not baseline or not isinstance(baseline, str):
        raise InputError(f"{folder / MANIFEST}: field experiment.baseline is missing (the baseline scenario's name)")
    done = [(i, run) for i, run in enumerate(manifest["runs"]) if run.get("status") == "done"]
    if not done:
        raise InputError(f"{folder / MANIFEST}: no run has status 'done'")
    frame = pd.concat([_read_run(folder, index, run) for index, run in done], ignore_index=True)
    if not (frame["scenario"] == baseline).any():
        raise InputError(
            f"{folder / MANIFEST}: no done run of the baseline scenario '{baseline}' (field experiment.baseline)"
        )
    if (frame["scenario"] == baseline).all():
        raise InputError(
            f"{folder / MANIFEST}: every done run is of the baseline '{baseline}'; a comparison needs policy runs: "
            "run `talentgap compare SCENARIO.toml` (a scenario against the status quo on the same seeds) or "
            "`talentgap sweep EXPERIMENT.toml`"
        )
    strata = _strata(frame, baseline)
    arms = _arms(frame, manifest)
    frame["arm"] = frame["run_id"].map({run_id: key for run_id, (key, _) in arms.items()})
    labels = dict(arms.values())
    return Results(folder=folder, manifest=manifest, baseline=baseline, frame=frame, strata=strata, labels=labels)


def _read_run(folder: Path, index: int, run: dict[str, Any]) -> pd.DataFrame:
    """One done run's months, scaled to Hong Kong, with ``year`` and ``scale`` columns."""
    field = f"{folder / MANIFEST}: field 'runs[{index}]"
    scale = run.get("scale", 1.0)
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not (math.isfinite(scale) and scale > 0):
        raise InputError(f"{field}.scale': must be a positive number (the run's market scale), got {scale!r:.40}")
    if not isinstance(run.get("scenario"), str):
        raise InputError(f"{field}.scenario': must be the run's scenario name, got {run.get('scenario')!r:.40}")
    path = timeseries_path(folder, run["run_id"])
    if not path.is_file():
        raise InputError(f"{path}: missing, but the manifest lists run {run['run_id']} as done")
    try:
        frame = pd.read_parquet(path)
    except (pyarrow.ArrowException, OSError, ValueError) as error:
        reason = str(error).rpartition("': ")[2].split(". ")[0]  # pyarrow's message without the path
        raise InputError(f"{path}: not a readable Parquet file ({reason}); the manifest lists it as run "
                         f"{run['run_id']}: delete it and rerun the sweep with --resume") from None  # fmt: skip
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        raise InputError(f"{path}: field '{missing[0]}': missing; not the time series of a talentgap run "
                         f"(it lacks {', '.join(missing)})")  # fmt: skip
    for column in ("run_id", "scenario"):
        if not (frame[column] == run[column]).all():
            found = ", ".join(map(str, frame[column].unique()[:3]))
            raise InputError(f"{path}: field '{column}': holds {found}, not {run[column]}, which the manifest lists "
                             "for this file: the file belongs to another run")  # fmt: skip
    extensive = [
        column
        for column in frame.columns
        if column in STOCKS or column in FLOW_COLUMNS or column.startswith(MONEY_PREFIXES)
    ]
    frame[extensive] = frame[extensive].astype(float) / float(scale)
    frame["year"] = pd.to_datetime(frame["date"]).dt.year
    frame["scale"] = float(scale)
    return frame


def parameter_columns(frame: pd.DataFrame) -> list[str]:
    """The swept-parameter columns (``param_<name>``) whose values vary across runs."""
    return [c for c in frame.columns if c.startswith("param_") and frame[c].nunique(dropna=False) > 1]


def _strata(frame: pd.DataFrame, baseline: str) -> tuple[str, ...]:
    base = frame[frame["scenario"] == baseline]
    swept_in_baseline = [c for c in parameter_columns(frame) if base[c].notna().all() and base[c].nunique() > 1]
    labels = [CALIBRATION_SET] if CALIBRATION_SET in frame.columns else []
    return ("seed", *labels, *swept_in_baseline)


def _arms(frame: pd.DataFrame, manifest: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each run's arm and the arm's label in words, by run id.

    An arm is the scenario name, then ``(name=value, ...)`` for every swept parameter that varies
    and that the run's scenario uses: a policy's parameter (``policies.<id>.<parameter>``) only
    where the run has that policy (its ``spend_<id>_hkd`` column), so a baseline paired at every
    grid point of a policy it lacks is one arm, not one per value it never used.
    """
    columns = parameter_columns(frame)
    names = manifest.get("display_names") or {}
    parameter_labels = {row.get("name"): row.get("label") for row in manifest.get("assumptions") or []}
    arms = {}
    for run_id, run in frame.drop_duplicates("run_id").set_index("run_id").iterrows():
        used = [c for c in columns if pd.notna(run[c]) and _uses(run, c.removeprefix("param_"))]
        key = ", ".join(
            f"{c.removeprefix('param_')}={run[c]:g}"
            if isinstance(run[c], numbers.Real)
            else f"{c.removeprefix('param_')}={run[c]}"
            for c in used
        )
        shown = ", ".join(
            f"{_parameter_label(c.removeprefix('param_'), parameter_labels)}: {_short(run[c])}" for c in used
        )
        scenario = str(run["scenario"])
        display = names.get(scenario) or (STATUS_QUO_NAME if scenario == "baseline" else words(scenario))
        arms[run_id] = (f"{scenario} ({key})" if key else scenario, f"{display} ({shown})" if shown else display)
    return arms


def _uses(run: pd.Series, name: str) -> bool:
    """Whether a run's scenario has the parameter ``name``: a policy's only if the run has that policy."""
    parts = name.split(".")
    if parts[0] != "policies" or len(parts) != 3:
        return True
    spend = f"spend_{parts[1]}_hkd"
    return spend in run.index and pd.notna(run[spend])


def _parameter_label(name: str, labels: dict[str, str]) -> str:
    """A swept parameter in words, lower case: its label from the manifest's assumptions, else its last part."""
    label = labels.get(name) or words(name.split(".")[-1])
    return label[:1].lower() + label[1:]


def _short(value: Any) -> str:
    """A swept value, short: ``45000.0`` -> ``45,000``, ``0.125`` -> ``0.125``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:.4g}"
