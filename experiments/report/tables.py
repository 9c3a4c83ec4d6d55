"""HTML tables of the report: the summary, the assumptions and sources, the run manifest.

Every cell is escaped; numbers are formatted here and nowhere else. Summary rows carry
``data-arm`` and ``data-measure`` attributes and effect cells ``data-year``, so that tests and
scripts can find a number without parsing the layout.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import partial
from html import escape
from typing import Any

import pandas as pd

from experiments.report.effects import LEVEL, MEASURES
from experiments.report.results import Results
from experiments.report.summary import Summary

ROLE_ORDER = {"fixed": 0, "definition": 1, "free": 2, "assumption": 3}
"""Assumption rows: sourced figures first, then definitions, calibrated parameters, assumptions."""


def number(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals and thousands separators (never ``-0``); ``n/a`` when not finite."""
    return f"{round(value, digits) + 0.0:,.{digits}f}" if math.isfinite(value) else "n/a"


def significant(value: float, figures: int = 3) -> str:
    """``value`` to about ``figures`` significant figures, without scientific notation."""
    if not math.isfinite(value):
        return "n/a"
    if value == 0:
        return "0"
    return number(value, max(0, figures - 1 - math.floor(math.log10(abs(value)))))


def interval(low: float, high: float, formatter) -> str:
    """``[low, high]`` formatted, or an empty string when the interval is undefined (one pair)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return ""
    return f"[{formatter(low)}, {formatter(high)}]"


def _cell(mean: float, low: float, high: float, formatter, attributes: str = "") -> str:
    """A numeric cell: the mean, then its interval in smaller type."""
    bounds = interval(low, high, formatter)
    ci = f' <span class="ci">{escape(bounds)}</span>' if bounds else ""
    return f'<td class="num"{attributes}><span class="mean">{escape(formatter(mean))}</span>{ci}</td>'


def summary_table(summary: Summary) -> str:
    """The summary: one block of rows per policy arm (in the summary's order), one row per measure."""
    effects = summary.effects.set_index(["arm", "measure", "year"]).sort_index()
    ratios = summary.value.set_index(["arm", "measure"]).sort_index()
    costs = summary.costs.set_index("arm")
    rows = "".join(
        row
        for arm in summary.order
        for row in _arm_rows(arm, summary.years, effects.loc[arm], ratios.loc[arm], costs.loc[arm])
    )
    years = "".join(f"<th>{year}</th>" for year in summary.years)
    return (
        '<table class="summary" id="summary-table"><thead><tr><th>Policy</th>'
        f'<th>Cost, HK$m<br><span class="muted">PV at {summary.discount_rate:.1%}, {LEVEL:.0%} interval</span></th>'
        f"<th>Measure (unit)</th>{years}<th>Per HK$1bn ({summary.headline_year})</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _arm_rows(
    arm: str, years: tuple[int, ...], effects: pd.DataFrame, ratios: pd.DataFrame, cost: pd.Series
) -> Iterator[str]:
    """One row per measure; the first opens with the arm, its number of pairs and its cost, spanning the block."""
    span = f' rowspan="{len(MEASURES)}"'
    millions = [cost[key] / 1e6 for key in ("mean", "low", "high")]
    lead = (
        f'<th scope="row" class="arm"{span}>{escape(arm)}<br><span class="muted">{int(cost["pairs"])} pairs</span></th>'
        + _cell(*millions, partial(number, digits=1), f'{span} data-cost="hkd_m"')
    )
    for index, measure in enumerate(MEASURES):
        fixed = partial(number, digits=measure.digits)
        cells = "".join(
            _cell(*effects.loc[(measure.column, year), ["mean", "low", "high"]], fixed, f' data-year="{year}"')
            for year in years
        )
        ratio = ratios.loc[measure.column]
        per_bn = (
            _cell(ratio["per_bn"], ratio["low"], ratio["high"], significant, ' data-ratio="shown"')
            if ratio["shown"]
            else '<td class="num muted" data-ratio="hidden">&mdash;</td>'
        )
        yield (
            f'<tr data-arm="{escape(arm)}" data-measure="{measure.column}">{lead if index == 0 else ""}'
            f'<td>{escape(measure.label)} <span class="muted">({escape(measure.unit)})</span></td>{cells}{per_bn}</tr>'
        )


def assumptions_table(rows: list[dict[str, Any]], scenarios: list[str]) -> str:
    """Every parameter the runs used, sourced figures first.

    Columns: name (with its description), value, unit, role, source key (linked to the sources
    table), the source's confidence, and the scenarios using the value when the rows name them.
    """
    ordered = sorted(rows, key=lambda row: (ROLE_ORDER.get(row.get("role", ""), 9), row.get("name", "")))
    with_scenarios = any("scenarios" in row for row in rows)
    body = []
    for row in ordered:
        key = row.get("source", "")
        source = f'<a href="#source-{escape(key)}"><code>{escape(key)}</code></a>' if key else ""
        used = ""
        if with_scenarios:
            names = row.get("scenarios", [])
            used = f"<td>{'all' if set(scenarios) <= set(names) else escape(', '.join(names))}</td>"
        body.append(
            f'<tr><td><code>{escape(row.get("name", ""))}</code><br><span class="muted">'
            f'{escape(row.get("doc", ""))}</span></td><td class="num">{escape(_value(row.get("value")))}</td>'
            f"<td>{escape(row.get('unit', ''))}</td><td>{escape(row.get('role', ''))}</td><td>{source}</td>"
            f"<td>{escape(row.get('confidence', ''))}</td>{used}</tr>"
        )
    extra = "<th>Scenarios</th>" if with_scenarios else ""
    return (
        '<table class="assumptions"><thead><tr><th>Parameter</th><th>Value</th><th>Unit</th><th>Role</th>'
        f"<th>Source</th><th>Conf.</th>{extra}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _value(value: Any) -> str:
    return f"{value:,.6g}" if isinstance(value, float) else str(value)


def sources_table(sources: dict[str, dict[str, Any]]) -> str:
    """The sources the runs cited (``manifest["sources"]``), by key, with their confidence."""
    body = []
    for key, entry in sorted(sources.items()):
        title = escape(entry.get("title", ""))
        if entry.get("url"):
            title = f'<a href="{escape(entry["url"])}">{title}</a>'
        body.append(
            f'<tr id="source-{escape(key)}"><td><code>{escape(key)}</code></td><td>{title}</td>'
            f"<td>{escape(entry.get('confidence', ''))}</td></tr>"
        )
    return (
        '<table class="sources"><thead><tr><th>Key</th><th>Source</th><th>Conf.</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


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


def manifest_tables(results: Results) -> str:
    """The run manifest: experiment, versions, dates, calibration provenance, and the runs by scenario."""
    manifest = results.manifest
    experiment = manifest.get("experiment", {})
    calibration = manifest.get("calibration") or {}
    statuses = pd.Series([run.get("status", "unknown") for run in manifest["runs"]]).value_counts()
    facts = [
        ("Experiment", f"{experiment.get('name', '')} ({experiment.get('kind', '')})"),
        ("Experiment file", experiment.get("file") or ""),
        ("Baseline scenario", results.baseline),
        ("Code version", manifest.get("code_version", "")),
        ("Packages", ", ".join(f"{k} {v}" for k, v in (manifest.get("packages") or {}).items())),
        ("Started / finished", f"{manifest.get('started', '')} / {manifest.get('finished', '')}"),
        ("Runs by status", ", ".join(f"{status}: {count}" for status, count in statuses.items())),
        (
            "Calibration",
            ", ".join(
                f"{k} {calibration[k]}" for k in ("date", "code_version", "chosen_trial", "loss") if k in calibration
            )
            or "none recorded",
        ),
    ]
    listing = "".join(f'<tr><th scope="row">{escape(k)}</th><td>{escape(str(v))}</td></tr>' for k, v in facts)
    runs = pd.DataFrame(results.done_runs)
    body = "".join(
        f'<tr><td>{escape(str(scenario))}</td><td class="num">{len(group)}</td>'
        f"<td>{escape(seed_ranges(group['seed'].tolist()))}</td>"
        f"<td>{escape(', '.join(f'{s:g}' for s in sorted(group['scale'].unique())))}</td></tr>"
        for scenario, group in runs.groupby("scenario", sort=False)
    )
    return (
        f'<table class="facts"><tbody>{listing}</tbody></table>'
        '<table class="runs"><thead><tr><th>Scenario</th><th>Done runs</th><th>Seeds</th><th>Scale</th></tr>'
        f"</thead><tbody>{body}</tbody></table>"
    )
