"""One run: building a model with its policies, and the pure function ``run(RunSpec) -> DataFrame``
that every executor maps.

A :class:`RunSpec` is a scenario, a seed, a scale and the swept parameters that made the
scenario (for the ``param_<name>`` columns). Its ``run_id`` is a short hash of exactly
these, so a rerun or a resumed sweep gives the same id, and identical inputs give
identical Parquet data on any executor.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from abm.core.errors import InputError
from abm.core.footprint import estimated_peak_bytes
from abm.core.model import TalentModel
from abm.core.scenario import Scenario
from abm.runs.allocator import keep_freed_memory
from abm.runs.scenarios import default_scenario
from policies.registry import build_policies

ID_COLUMNS = ("run_id", "scenario", "seed", "month", "date")


@dataclass(frozen=True)
class RunSpec:
    """What one run simulates.

    Attributes:
        scenario: the validated scenario (swept values already applied).
        seed: the run's seed (non-negative).
        scale: market scale (1.0 = Hong Kong).
        swept: swept parameter names and values, written as ``param_<name>`` columns.
        labels: extra constant columns (for example ``calibration_set``), after the params.
    """

    scenario: Scenario
    seed: int
    scale: float = 1.0
    swept: tuple[tuple[str, Any], ...] = ()
    labels: tuple[tuple[str, Any], ...] = field(default=())

    @property
    def run_id(self) -> str:
        """12 hex digits of SHA-256 over the scenario's content, the swept values, labels, seed and scale."""
        payload = {
            "scenario": self.scenario.model_dump(mode="json"),
            "swept": [list(item) for item in self.swept],
            "labels": [list(item) for item in self.labels],
            "seed": self.seed,
            "scale": self.scale,
        }
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def available_memory_bytes() -> int:
    """Memory this machine can give a new run now: ``MemAvailable`` of /proc/meminfo, else the total."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def check_memory(scenario: Scenario, scale: float) -> None:
    """Refuse (InputError) a run whose estimated peak memory exceeds what the machine has available.

    The estimate is :func:`abm.core.footprint.estimated_peak_bytes`; the message gives it, the memory
    available and the largest scale that would fit.
    """
    needed, available = estimated_peak_bytes(scenario, scale), available_memory_bytes()
    if needed <= available:
        return
    per_scale = (estimated_peak_bytes(scenario, 2.0) - estimated_peak_bytes(scenario, 1.0)) or 1
    largest = max(0.0, (available - estimated_peak_bytes(scenario, 0.0)) / per_scale)
    raise InputError(
        f"option --scale: a run of {scenario.name!r} at scale {scale:g} needs an estimated {needed / 2**30:,.1f} GiB "
        f"of memory, more than the {available / 2**30:,.1f} GiB available; the largest scale that fits here is "
        f"about {largest:,.0f}"
    )


def build_model(scenario: Scenario | None = None, *, seed: int = 0, scale: float = 1.0) -> TalentModel:
    """A model of ``scenario`` (default: the calibrated status quo) with its policies built (and this
    process's allocator set to keep freed memory, :mod:`abm.runs.allocator`).

    Args:
        scenario: a validated scenario (:func:`abm.runs.load_scenario`, :func:`abm.runs.build_scenario`).
        seed: the run's seed (non-negative).
        scale: market scale (1.0 = Hong Kong).

    Raises:
        InputError: the run would need more memory than the machine has (:func:`check_memory`).
    """
    scenario = scenario if scenario is not None else default_scenario()
    check_memory(scenario, scale)
    keep_freed_memory()
    return TalentModel(scenario, seed=seed, scale=scale, policies=build_policies(scenario.policies))


def run(spec: RunSpec, after_month: Callable[[], None] | None = None) -> pd.DataFrame:
    """Simulate ``spec`` from the burn-in to the horizon, calling ``after_month`` (if given) after
    each month; return its time series.

    Columns: ``run_id, scenario, seed, month, date``, then ``param_<name>`` for each swept
    parameter, the labels, then every metric (:func:`abm.core.metrics.monthly_record`).
    """
    model = build_model(spec.scenario, seed=spec.seed, scale=spec.scale)
    model.run_to(spec.scenario.calendar.horizon, after_month)
    return label(model.results(), spec)


def label(metrics: pd.DataFrame, spec: RunSpec) -> pd.DataFrame:
    """Put the identifying columns in front of a run's metrics."""
    front = pd.DataFrame(
        {"run_id": spec.run_id, "scenario": spec.scenario.name, "seed": spec.seed}, index=metrics.index
    )
    for name, value in spec.swept:
        front[f"param_{name}"] = value
    for name, value in spec.labels:
        front[name] = value
    frame = pd.concat([front, metrics], axis=1)
    frame["month"] = frame["month"].astype("int64")
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ms]")  # as Parquet stores it
    first = ["run_id", "scenario", "seed", "month", "date"]
    return frame[first + [c for c in frame.columns if c not in first]]
