"""Reading an optimisation folder for its report: telling it from a sweep's, and checking what the page reads.

The numbers come from :func:`experiments.optimise.load_result` (``result.json`` and the CSV files the
optimiser wrote); this module only checks, before anything is drawn or written, that the fields the page
shows are there, so a damaged folder gives one line naming the file and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from abm.core.errors import InputError
from abm.runs.output import MANIFEST, read_manifest
from experiments.optimise import OptimisationResult, load_result
from experiments.optimise.result import CHECK, FRONT, KIND, RESULT, RULE, TRIALS

SETTINGS = (
    "target",
    "by",
    "budget_hkd_per_year",
    "cost_view",
    "trials",
    "seeds",
    "scale",
    "check_seeds",
    "min_share",
    "discount_rate",
    "futures",
)
"""Settings the page shows (``result.json`` → ``settings``)."""
POINT = (
    "trial",
    "description",
    "cost_hkd",
    "cost_programme_hkd",
    "cost_fiscal_hkd",
    "share_met",
    "difficulty_share",
    "harm",
    "max_added_spending_hkd",
)
"""Fields of a front point (``front.csv`` columns; ``result.json`` → ``recommended``, ``closest``)."""
TRIAL_COLUMNS = ("trial", "state", "cost_hkd", "difficulty_share", "harm", "feasible", "on_front")
"""``trials.csv`` columns the front's figure draws."""
CHECK_COLUMNS = (
    "future",
    "seeds",
    *(f"{name}{end}" for name in ("difficulty_share", "effect", "cost_hkd", "harm") for end in ("", "_low", "_high")),
    "met",
    "max_added_spending_hkd",
)
"""``check.csv`` columns the check's table shows."""
SUMMARY = ("fresh_seeds", "futures", "futures_met", "share_met", "within_budget", "max_added_spending_hkd")
"""Fields of ``result.json`` → ``check``."""
RULE_FIELDS = {"rule": ("terms", "coverage", "density", "cases", "misses", "cases_in_box", "base_rate")}
"""``rule.json`` fields beyond ``status`` and ``text``, by status."""


def is_optimisation(folder: str | Path) -> bool:
    """Whether ``folder`` holds an optimisation: a ``result.json``, or a manifest of kind ``optimisation``.

    Raises:
        InputError: the folder's manifest is damaged (:func:`abm.runs.output.read_manifest`).
    """
    folder = Path(folder)
    if (folder / RESULT).is_file():
        return True
    if not (folder / MANIFEST).is_file():
        return False
    return (read_manifest(folder) or {}).get("experiment", {}).get("kind") == KIND


def read_optimisation(folder: str | Path) -> tuple[OptimisationResult, dict[str, Any] | None]:
    """The optimisation's result (checked) and its manifest (None if it has none).

    Raises:
        InputError: ``result.json`` is missing (an unfinished optimisation), not JSON or lacks a field the
            page shows; a file it lists is missing or lacks a column; the manifest is damaged.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such results folder")
    path = folder / RESULT
    if path.is_file():
        _check_summary(path)
    try:
        result = load_result(folder)
    except (
        json.JSONDecodeError,
        UnicodeDecodeError,
        pd.errors.ParserError,
        pd.errors.EmptyDataError,
        ValueError,
        KeyError,
    ) as error:
        raise InputError(
            f"{folder}: a file of the optimisation is damaged ({_why(error)}); run `talentgap "
            "optimise` again into a new folder"
        ) from None
    _columns(folder / FRONT, result.front, POINT)
    _columns(folder / TRIALS, result.trials, TRIAL_COLUMNS)
    if result.recommended is not None:
        _columns(folder / CHECK, result.check, CHECK_COLUMNS)
        status = result.rule.get("status") if isinstance(result.rule, dict) else None
        if not isinstance(status, str) or not isinstance(result.rule.get("text"), str):
            raise InputError(f"{folder / RULE}: fields 'status' and 'text' are missing")
        _fields(folder / RULE, result.rule, RULE_FIELDS.get(status, ()), "")
        for index, term in enumerate(result.rule.get("terms") or []):
            _fields(folder / RULE, term, ("feature", "low", "high"), f"terms[{index}].")
    return result, read_manifest(folder)


def _check_summary(path: Path) -> None:
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(
            f"{path}: not valid JSON ({_why(error)}); run `talentgap optimise` again into a new folder"
        ) from None
    if not isinstance(summary, dict):
        raise InputError(f"{path}: not a JSON object")
    _fields(path, summary, ("settings", "recommended", "closest", "check"), "")
    _fields(path, summary["settings"], SETTINGS, "settings.")
    _numbers(
        path, summary["settings"], [name for name in SETTINGS if name not in ("cost_view", "futures")], "settings."
    )
    _fields(path, summary["settings"]["futures"], ("count",), "settings.futures.")
    if summary["recommended"] is not None:
        _fields(path, summary["recommended"], (*POINT, "policies"), "recommended.")
        _numbers(path, summary["recommended"], POINT[2:], "recommended.")
        _fields(path, summary["check"], SUMMARY, "check.")
    elif not isinstance(summary["closest"], list):
        raise InputError(f"{path}: field 'closest' must be a list of front points")
    for index, point in enumerate(summary["closest"] if isinstance(summary["closest"], list) else []):
        _fields(path, point, POINT, f"closest[{index}].")
        _numbers(path, point, POINT[2:], f"closest[{index}].")


def _fields(path: Path, table: Any, names: Iterable[str], prefix: str) -> None:
    if not isinstance(table, dict):
        raise InputError(f"{path}: field '{prefix.rstrip('.') or 'the file'}' must be an object")
    for name in names:
        if name not in table:
            raise InputError(f"{path}: field '{prefix}{name}' is missing")


def _numbers(path: Path, table: dict[str, Any], names: Iterable[str], prefix: str) -> None:
    for name in names:
        if isinstance(table[name], bool) or not isinstance(table[name], int | float):
            raise InputError(f"{path}: field '{prefix}{name}' must be a number, got {table[name]!r}")


def _columns(path: Path, frame: pd.DataFrame | None, names: Iterable[str]) -> None:
    missing = [name for name in names if frame is None or name not in frame.columns]
    if missing:
        raise InputError(f"{path}: column{'s' * (len(missing) > 1)} {', '.join(missing)} missing")


def _why(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno}"
    if isinstance(error, KeyError):
        return f"field {error.args[0]!r} is missing"
    return str(error).splitlines()[0] if str(error) else type(error).__name__
