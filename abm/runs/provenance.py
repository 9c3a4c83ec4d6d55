"""Provenance for manifests and reports: code version, package versions, sources used."""

from __future__ import annotations

import json
import subprocess
import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from abm.core.columns import words
from abm.core.parameters import Parameters, field_label, parameter_table
from abm.core.scenario import Scenario
from abm.runs.committed import DATA
from abm.runs.scenarios import default_scenario

PROJECT = DATA.parent.parent
"""The project folder (the checkout, for an editable install): paths under it are recorded relative to it."""
SOURCES_FILE = DATA / "sources.toml"
PACKAGES = ("talentgap", "mesa", "numba", "numpy", "pandas", "pyarrow", "pydantic")


@cache
def sources() -> dict[str, dict[str, str]]:
    """Every source the model may cite, by key (``abm/data/sources.toml``)."""
    return tomllib.loads(SOURCES_FILE.read_text())


@cache
def code_version() -> str:
    """The git commit of the code (with ``-dirty`` for uncommitted changes), else the package version."""
    root = PROJECT
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no", "--", "abm", "policies"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "talentgap-" + package_versions().get("talentgap", "unknown")


def short_path(path: str | Path | None) -> str:
    """``path`` relative to the project folder (or the working folder), else its file name; ``""`` for None."""
    if not path:
        return ""
    path = Path(path)
    for base in (PROJECT, Path.cwd()):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return path.name


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape results."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def assumptions_table(scenario: Scenario) -> list[dict[str, Any]]:
    """Every parameter of a scenario (model, drivers, policies) with its label and group in words, value,
    unit, role and source."""
    from policies.registry import validate_spec

    rows = parameter_table(Parameters(**{k: getattr(scenario, k) for k in Parameters.model_fields}))
    for name, driver in scenario.drivers:
        for field, info in type(driver).model_fields.items():
            extra = info.json_schema_extra or {}
            if not extra:
                continue  # a switch or a date (enabled, start, end), not a figure
            group = f"Driver: {words(name)}"
            rows.append(_row(f"drivers.{name}.{field}", group, field_label(field, info), getattr(driver, field), extra,
                             info.description))  # fmt: skip
    for spec in scenario.policies:
        policy = validate_spec(spec)
        for field, info in type(policy.params).model_fields.items():
            extra = info.json_schema_extra or {}
            group = f"Policy: {type(policy).instance_title(spec.key)}"
            rows.append(_row(f"policies.{spec.key}.{field}", group, field_label(field, info),
                             getattr(policy.params, field), extra, info.description))  # fmt: skip
    known = sources()
    for row in rows:
        entry = known.get(row["source"], {})
        row["source_title"] = entry.get("title", "")
        row["source_url"] = entry.get("url", "")
        row["confidence"] = entry.get("confidence", "")
    return rows


def assumptions_used(scenarios: list[Scenario]) -> list[dict[str, Any]]:
    """The assumptions tables of several scenarios merged: one row per parameter and distinct value.

    Each row is an :func:`assumptions_table` row plus ``scenarios``, the names of the scenarios
    that use that value (a parameter a policy scenario changes gets one row per value). This is
    what a results folder's manifest stores under ``"assumptions"`` for the report.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for scenario in scenarios:
        for row in assumptions_table(scenario):
            key = (row["name"], repr(row["value"]))
            names = rows.setdefault(key, row | {"scenarios": []})["scenarios"]
            if scenario.name not in names:
                names.append(scenario.name)
    return list(rows.values())


def _row(name: str, group: str, label: str, value: Any, extra: dict, doc: str | None) -> dict[str, Any]:
    return {"name": name, "label": label, "group": group, "value": value, "unit": extra.get("unit", ""),
            "source": extra.get("source", ""), "role": extra.get("role", ""), "doc": doc or ""}  # fmt: skip


def sources_cited(rows: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The sources that assumptions-table ``rows`` cite, by key."""
    keys = {row["source"] for row in rows if row["source"]}
    return {key: entry for key, entry in sources().items() if key in keys}


def merge_assumptions(rows: list[dict[str, Any]], scenario: Scenario) -> list[dict[str, Any]]:
    """``rows`` (an :func:`assumptions_used` table, as read back from a manifest) with ``scenario``'s
    assumptions added: its name joins the row of each value it uses, new values get new rows."""
    merged = [dict(row, scenarios=list(row.get("scenarios", []))) for row in rows]
    index = {(row.get("name"), _canonical(row.get("value"))): row for row in merged}
    for row in assumptions_table(scenario):
        key = (row["name"], _canonical(row["value"]))
        if key not in index:
            index[key] = row | {"scenarios": []}
            merged.append(index[key])
        if scenario.name not in index[key]["scenarios"]:
            index[key]["scenarios"].append(scenario.name)
    return merged


def _canonical(value: Any) -> str:
    """A value as the manifest stores it (JSON), so values read back compare equal to new ones."""
    return json.dumps(value, sort_keys=True, default=str)


def parameter_words(manifest: dict[str, Any] | None = None) -> dict[str, tuple[str, str]]:
    """Every parameter name (``group.field``, ``drivers.x.y``, ``policies.id.y``) in words with its unit, from
    the default scenario's assumptions and a results manifest's; a label shared by several parameters gets its
    group added."""
    rows = [*assumptions_table(default_scenario()), *((manifest or {}).get("assumptions") or [])]
    found = {row["name"]: (row.get("label") or words(row["name"].split(".")[-1]), row.get("group", ""),
                           row.get("unit", "")) for row in rows}  # fmt: skip
    counts = pd.Series([label for label, _, _ in found.values()]).value_counts()
    return {
        name: (f"{label} ({group})" if group and counts[label] > 1 else label, unit)
        for name, (label, group, unit) in found.items()
    }


def parameter_labels(manifest: dict[str, Any] | None = None) -> dict[str, str]:
    """Every parameter name in words (:func:`parameter_words` without the units)."""
    return {name: label for name, (label, _) in parameter_words(manifest).items()}
