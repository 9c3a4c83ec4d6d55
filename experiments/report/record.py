"""The report's run record: what was run, with which code and calibration, written short.

Paths are shown relative to the project (or by file name when outside it), times to the minute,
the calibration's loss to three significant figures (its cell is cited by the written summary).
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

import pandas as pd

from abm.runs.provenance import short_path
from experiments.report.numbers import cell_id, significant
from experiments.report.results import Results


def code_versions(manifest: dict[str, Any]) -> str:
    """The code version a folder was last written with, and any earlier ones a resumed folder's results came from."""
    earlier = manifest.get("earlier_code_versions") or []
    shown = str(manifest.get("code_version", ""))
    return f"{shown} (earlier sessions: {', '.join(earlier)})" if earlier else shown


def short_time(text: str | None) -> str:
    """An ISO time as ``YYYY-MM-DD HH:MM UTC``; anything else as it is."""
    if not text:
        return ""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M") + (" UTC" if moment.tzinfo is not None else "")


def calibration_loss(manifest: dict[str, Any]) -> str | None:
    """The calibration's loss as the run record shows it, or None if the manifest has none."""
    loss = (manifest.get("calibration") or {}).get("loss")
    return significant(float(loss)) if isinstance(loss, int | float) and not isinstance(loss, bool) else None


def seed_ranges(seeds: list[int]) -> str:
    """Sorted seeds with runs of consecutive seeds collapsed: ``[0, 1, 2, 5]`` -> ``"0-2, 5"``."""
    ordered = sorted(set(seeds))
    parts, start = [], None
    for index, seed in enumerate(ordered):
        start = seed if start is None else start
        if index + 1 == len(ordered) or ordered[index + 1] != seed + 1:
            parts.append(str(seed) if seed == start else f"{start}-{seed}")
            start = None
    return ", ".join(parts)


def record_tables(results: Results) -> str:
    """The run record: experiment, versions, dates, calibration provenance, and the runs by scenario."""
    manifest = results.manifest
    experiment = manifest.get("experiment", {})
    calibration = manifest.get("calibration") or {}
    statuses = pd.Series([run.get("status", "unknown") for run in manifest["runs"]]).value_counts()
    names = manifest.get("display_names") or {}
    loss = calibration_loss(manifest)
    fitted = ", ".join(
        part
        for part in (
            f"fitted {short_time(calibration['date'])}" if calibration.get("date") else "",
            f"code {calibration['code_version']}" if calibration.get("code_version") else "",
            f"trial {calibration['chosen_trial']}" if "chosen_trial" in calibration else "",
        )
        if part
    )
    facts = [
        ("Experiment", escape(f"{experiment.get('name', '')} ({experiment.get('kind', '')})")),
        ("Experiment file", escape(short_path(experiment.get("file")))),
        ("Results folder", escape(short_path(results.folder))),
        ("Baseline", escape(names.get(results.baseline, results.baseline))),
        ("Code version", escape(code_versions(manifest))),
        ("Packages", escape(", ".join(f"{k} {v}" for k, v in (manifest.get("packages") or {}).items()))),
        ("Started, finished", escape(f"{short_time(manifest.get('started'))}, {short_time(manifest.get('finished'))}")),
        ("Runs by status", escape(", ".join(f"{status}: {count}" for status, count in statuses.items()))),
        (
            "Calibration",
            (f'loss <span id="{cell_id("loss")}">{escape(loss)}</span>; ' if loss else "")
            + (escape(fitted) or "none recorded"),
        ),
    ]
    listing = "".join(f'<tr><th scope="row">{escape(k)}</th><td>{v}</td></tr>' for k, v in facts)
    runs = pd.DataFrame(results.done_runs)
    body = "".join(
        f'<tr><td>{escape(names.get(scenario, str(scenario)))}</td><td class="num">{len(group)}</td>'
        f"<td>{escape(seed_ranges(group['seed'].tolist()))}</td>"
        f"<td>{escape(', '.join(f'{s:g}' for s in sorted(group.get('scale', pd.Series([1.0])).unique())))}</td></tr>"
        for scenario, group in runs.groupby("scenario", sort=False)
    )
    return (
        f'<table class="facts"><tbody>{listing}</tbody></table>'
        '<table class="runs"><thead><tr><th>Scenario</th><th>Done runs</th><th>Seeds</th><th>Scale</th></tr>'
        f"</thead><tbody>{body}</tbody></table>"
    )
