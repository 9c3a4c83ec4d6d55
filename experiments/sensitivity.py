"""Global sensitivity analysis of the talent gap: Morris screening, then Sobol indices.

A sensitivity design (TOML, validated; ``experiments/sensitivity.toml``) names the uncertain
parameters with bounds (every free parameter of the calibration space, with its calibration
bounds, plus the assumptions and survey thresholds it lists), the output (by default
``difficulty_share``), the years at which it is read (the output's mean over that calendar
year), the seeds every sample point is run with (the same seeds at every point: common random
numbers), and the sizes of the two stages:

1. **Morris** elementary effects over all parameters: ``(k + 1) x trajectories`` points, each
   run with every seed. ``mu_star``, the mean absolute elementary effect, is the change of
   the output (in its own units: a share for ``difficulty_share``) when one parameter moves by
   ``p / (2 (p - 1))`` of its range (two thirds with ``p = 4`` levels); it ranks the parameters
   and ``sigma`` shows non-linearity and interactions.
2. **Sobol** first-order and total indices, with bootstrap confidence intervals, for the
   ``top`` parameters by ``mu_star`` (averaged over the years), the others held at the
   scenario's values: ``base_samples x (top + 2)`` points (Saltelli's scheme, no second order).

Each stage is a sweep (:mod:`experiments.sweep`) in ``<out>/morris`` and ``<out>/sobol``, so
it runs on any executor and resumes; the indices are written as ``<out>/morris.csv``
(``output, year, parameter, mu_star, mu_star_conf, sigma``) and ``<out>/sobol.csv``
(``output, year, parameter, S1, S1_conf, ST, ST_conf``). Integer parameters are rounded to the
nearest integer for the model; the analysis uses the unrounded design.

Everything the design names is checked before the Morris stage runs or writes: every parameter
is a numeric scenario parameter, the output a numeric column of a run's time series, the years
recorded ones, and the two stages together at most ``max_runs`` runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis
from SALib.sample import morris as morris_sampling
from SALib.sample import sobol as sobol_sampling

from abm.calibration.space import SPACE_FILE, load_space, numeric_value
from abm.core.errors import InputError, read_toml, validated
from abm.core.metrics import monthly_record
from abm.core.scenario import Scenario
from abm.runs.output import atomic_write
from abm.runs.simulation import RunSpec, build_model
from experiments.experiment import MAX_RUNS, check_run_count, scenario_at, scenario_tables, validate_experiment
from experiments.sweep import SweepSummary, read_results, sweep


class Bounds(BaseModel):
    """An uncertain parameter's range and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: float
    high: float
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if not self.low < self.high:
            raise ValueError(f"bounds need low < high, got [{self.low}, {self.high}]")
        return self


class MorrisStage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    trajectories: int = Field(10, ge=2, description="Morris trajectories r; runs = (k + 1) x r x seeds.")
    levels: int = Field(4, ge=2, description="Grid levels p of the Morris design (even).")


class SobolStage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    top: int = Field(4, ge=1, description="Parameters with the largest mu_star that get Sobol indices.")
    base_samples: int = Field(
        128, ge=8, description="Saltelli base sample N (a power of 2); runs = N x (top + 2) x seeds."
    )


class SensitivityDesign(BaseModel):
    """A validated sensitivity design (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    scenario: str | dict[str, Any] | None = None
    scale: float = Field(1.0, gt=0.0, le=100.0)
    seeds: list[int] = Field(default_factory=lambda: [0], min_length=1)
    output: str = "difficulty_share"
    years: list[int] = Field(default_factory=lambda: [2026, 2030, 2035], min_length=1)
    calibration_space: bool = Field(True, description="Include every free parameter with its calibration bounds.")
    sample_seed: int = Field(
        2023, ge=1, description="Seed of SALib's sampling and bootstrap (SALib treats 0 as no seed: not reproducible)."
    )
    parameters: dict[str, Bounds] = Field(default_factory=dict)
    morris: MorrisStage = Field(default_factory=MorrisStage)
    sobol: SobolStage = Field(default_factory=SobolStage)


def load_design(path: str | Path) -> tuple[SensitivityDesign, Path]:
    """Read and validate a sensitivity design; errors name the file and the field."""
    path = Path(path)
    table = read_toml(path, "sensitivity design file")
    table.setdefault("name", path.stem)
    return validated(SensitivityDesign, table, str(path)), path


def uncertain_parameters(design: SensitivityDesign) -> dict[str, Bounds]:
    """Every parameter the design varies, by dotted name: the calibration space, then its own list."""
    found: dict[str, Bounds] = {}
    if design.calibration_space:
        for free in load_space(SPACE_FILE):
            found[free.name] = Bounds(low=free.low, high=free.high, reason=free.reason)
    return found | dict(design.parameters)


PROBE_SCALE = 0.01
"""Scale of the tiny model built (not run) to list the columns a run's time series has."""


def output_columns(scenario: Scenario) -> list[str]:
    """The numeric columns of ``scenario``'s time series (metrics, spending by policy), read off a
    tiny model's first row of metrics without simulating a month."""
    model = build_model(scenario, seed=0, scale=PROBE_SCALE)
    model.collect_metrics()
    record = monthly_record(model)
    return [name for name, value in record.items() if name != "month" and isinstance(value, int | float)]


class Analysis:
    """One design bound to its base scenario: builds sample points' runs and reads their outputs."""

    def __init__(self, design: SensitivityDesign, source: Path | None) -> None:
        self.design = design
        self.source = str(source or design.name)
        folder = source.parent if source is not None else Path.cwd()
        shell = validate_experiment({"name": design.name, "baseline": design.scenario}, self.source)
        self.table = scenario_tables(shell, folder, self.source)[0]
        self.base = scenario_at(self.table, {}, {}, self.source)
        self.parameters = uncertain_parameters(design)
        for name in self.parameters:
            try:
                numeric_value(self.base, name)
            except ValueError as error:
                raise InputError(f"{self.source}: field 'parameters.{name}': {error}") from None
        columns = output_columns(self.base)
        if design.output not in columns:
            raise InputError(f"{self.source}: field 'output': no numeric column {design.output!r} in a run's time "
                             f"series; one of: {', '.join(columns)}")  # fmt: skip
        last_year = int(self.base.calendar.horizon_month[:4])
        first_year = int(self.base.calendar.first_recorded_month[:4])
        bad = [year for year in design.years if not first_year <= year <= last_year]
        if bad:
            raise InputError(f"{self.source}: field 'years': {bad} outside the recorded years {first_year}-{last_year}")

    def problem(self, names: list[str]) -> dict[str, Any]:
        """SALib's problem definition for ``names``."""
        bounds = [[self.parameters[n].low, self.parameters[n].high] for n in names]
        return {"num_vars": len(names), "names": names, "bounds": bounds}

    def specs(self, names: list[str], points: np.ndarray) -> list[list[RunSpec]]:
        """For each sample point, its runs (one per seed)."""
        defaults = [numeric_value(self.base, n) for n in names]
        integer = [isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in defaults]
        out = []
        for point in points:
            values = tuple((n, int(np.rint(v)) if is_int else float(v)) for n, v, is_int in zip(names, point, integer))
            scenario = scenario_at(self.table, {}, dict(values), self.source)
            out.append([RunSpec(scenario, seed=s, scale=self.design.scale, swept=values) for s in self.design.seeds])
        return out

    def run_stage(self, stage: str, names: list[str], points: np.ndarray, folder: Path, **executor) -> tuple:
        """Sweep the stage's runs into ``folder``; return (outputs per point and year, summary)."""
        per_point = self.specs(names, points)
        unique = list({spec.run_id: spec for runs in per_point for spec in runs}.values())
        experiment = {
            "name": f"{self.design.name}-{stage}", "file": self.source, "kind": f"sensitivity ({stage})",
            "baseline": self.base.name, "scenarios": [self.base.name], "seeds": self.design.seeds,
            "scale": self.design.scale, "parameters": names, "points": len(points),
        }  # fmt: skip
        summary = sweep(unique, folder, experiment, **executor)
        if summary.failed:
            raise InputError(f"{folder}: {summary.failed} runs failed (see manifest.json); indices not computed")
        return self.outputs(per_point, read_results(folder)), summary

    def outputs(self, per_point: list[list[RunSpec]], frame: pd.DataFrame) -> np.ndarray:
        """Array (points x years): the output's mean over each year, averaged over the point's seeds."""
        frame = frame.assign(year=pd.to_datetime(frame["date"]).dt.year)
        annual = frame[frame["year"].isin(self.design.years)].groupby(["run_id", "year"])[self.design.output].mean()
        table = annual.unstack("year")[self.design.years]
        return np.array([table.loc[[spec.run_id for spec in runs]].mean().to_numpy() for runs in per_point])


def run_sensitivity(
    design: SensitivityDesign,
    folder: Path,
    *,
    source: Path | None = None,
    max_runs: int = MAX_RUNS,
    sobol: bool = True,
    **executor: Any,
) -> tuple[pd.DataFrame, pd.DataFrame | None, list[SweepSummary]]:
    """Morris over every uncertain parameter, then Sobol over the top ones; write both tables.

    ``executor`` takes the :func:`experiments.sweep.sweep` options (workers, scheduler, tls,
    resume, show_progress). ``sobol=False`` stops after the Morris stage (the Sobol table is then
    ``None`` and nothing of that stage is written). Returns the Morris table, the Sobol table and
    the stages' sweep summaries.

    Raises:
        InputError: a bad parameter, output or year, or more than ``max_runs`` runs in the two
            stages together; checked before anything runs or is written.
    """
    morris_runs, sobol_runs = run_counts(design)
    made_of = f"Morris {morris_runs:,} + Sobol {sobol_runs:,}"
    check_run_count(morris_runs + sobol_runs, max_runs, str(source or design.name), made_of)
    analysis = Analysis(design, source)
    folder = Path(folder)
    names = list(analysis.parameters)
    problem = analysis.problem(names)
    levels = design.morris.levels
    X = morris_sampling.sample(problem, design.morris.trajectories, num_levels=levels, seed=design.sample_seed)
    Y, morris_summary = analysis.run_stage("morris", names, X, folder / "morris", **executor)
    rows = []
    for j, year in enumerate(design.years):
        result = morris_analysis.analyze(problem, X, Y[:, j], num_levels=levels, seed=design.sample_seed)
        for i, name in enumerate(names):
            rows.append({"output": design.output, "year": year, "parameter": name, "mu_star": result["mu_star"][i],
                         "mu_star_conf": result["mu_star_conf"][i], "sigma": result["sigma"][i]})  # fmt: skip
    morris = pd.DataFrame(rows)
    _write_csv(folder / "morris.csv", morris)
    if not sobol:
        return morris, None, [morris_summary]

    ranking = morris.groupby("parameter")["mu_star"].mean().sort_values(ascending=False, kind="stable")
    top = list(ranking.index[: design.sobol.top])
    problem = analysis.problem(top)
    X = sobol_sampling.sample(problem, design.sobol.base_samples, calc_second_order=False, seed=design.sample_seed)
    Y, sobol_summary = analysis.run_stage("sobol", top, X, folder / "sobol", **executor)
    rows = []
    for j, year in enumerate(design.years):
        result = sobol_analysis.analyze(problem, Y[:, j], calc_second_order=False, seed=design.sample_seed)
        for i, name in enumerate(top):
            indices = {key: result[key][i] for key in ("S1", "S1_conf", "ST", "ST_conf")}
            rows.append({"output": design.output, "year": year, "parameter": name} | indices)
    sobol_table = pd.DataFrame(rows)
    _write_csv(folder / "sobol.csv", sobol_table)
    return morris, sobol_table, [morris_summary, sobol_summary]


def run_counts(design: SensitivityDesign) -> tuple[int, int]:
    """Runs of the Morris and Sobol stages (before identical points are merged)."""
    k = len(uncertain_parameters(design))
    seeds = len(design.seeds)
    return (k + 1) * design.morris.trajectories * seeds, design.sobol.base_samples * (design.sobol.top + 2) * seeds


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    atomic_write(path, lambda name: frame.to_csv(name, index=False))
