"""HTML tables of the report: the summary, the status quo, the ranking, the assumptions and sources, the run record.

Every cell is escaped; numbers are formatted by :mod:`experiments.report.numbers`. Summary rows
carry ``data-arm`` and ``data-measure`` attributes and effect cells ``data-year``; every cell the
written summary cites has the id :func:`~experiments.report.numbers.cell_id` gives it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from html import escape
from typing import Any

import pandas as pd

from abm.core.columns import unit_words
from experiments.intervals import LEVEL
from experiments.report.costs import VIEW_LABELS
from experiments.report.effects import MEASURES
from experiments.report.numbers import cell_id, interval, millions, number, percent, significant
from experiments.report.summary import Summary

ROLE_ORDER = {"fixed": 0, "definition": 1, "free": 2, "assumption": 3}
"""Assumption rows: sourced figures first, then definitions, calibrated parameters, assumptions."""
ROLE_WORDS = {"fixed": "sourced", "definition": "definition", "free": "calibrated", "assumption": "assumption"}
"""Each role as the table shows it."""


def _cell(mean: float, low: float, high: float, formatter, attributes: str = "", extra: str = "") -> str:
    """A numeric cell: the mean, then its interval (and ``extra``, a line of muted text) in smaller type."""
    bounds = interval(low, high, formatter)
    ci = f' <span class="ci">{escape(bounds)}</span>' if bounds else ""
    note = f' <span class="ci">{escape(extra)}</span>' if extra else ""
    return f'<td class="num"{attributes}><span class="mean">{escape(formatter(mean))}</span>{ci}{note}</td>'


def _id(kind: str, arm: str = "", measure: str = "", year: int | str = "") -> str:
    return f' id="{escape(cell_id(kind, arm, measure, year))}"'


def summary_table(summary: Summary) -> str:
    """The summary: one block of rows per policy arm (in the summary's order), one row per measure."""
    effects = summary.effects.set_index(["arm", "measure", "year"]).sort_index()
    ratios = summary.value.set_index(["arm", "measure"]).sort_index()
    costs = summary.costs.set_index(["view", "arm"]).sort_index()
    years = "".join(f"<th>{year}</th>" for year in summary.years)
    rate = f"<span{_id('discount-rate')}>{escape(number(summary.discount_rate * 100, 1))}</span>%"
    views = "".join(
        f'<th>{escape(VIEW_LABELS[view].capitalize())}, HK$ million<br><span class="muted">present value at {rate} a '
        f"year, {LEVEL:.0%} interval</span></th>"
        for view in summary.views
    )
    per_bn = f"Change per HK$1bn of {VIEW_LABELS[summary.cost_view]}, {summary.headline_year}"
    blocks = "".join(
        "<tbody>" + "".join(_arm_rows(summary, arm, effects.loc[arm], ratios, costs)) + "</tbody>"
        for arm in summary.order
    )
    return (
        f'<table class="summary" id="summary-table"><thead><tr><th>Option</th>{views}'
        f"<th>Measure (unit of the change)</th>{years}<th>{escape(per_bn)}</th></tr></thead>{blocks}</table>"
    )


def _arm_rows(
    summary: Summary, arm: str, effects: pd.DataFrame, ratios: pd.DataFrame, costs: pd.DataFrame
) -> Iterator[str]:
    """One row per measure; the first opens with the arm, its number of pairs and its costs, spanning the block."""
    span = f' rowspan="{len(MEASURES)}"'
    pairs = int(costs.loc[(summary.cost_view, arm), "pairs"])
    lead = (
        f'<th scope="row" class="arm"{span}>{escape(summary.label(arm))}<br>'
        f'<span class="muted"><span{_id("pairs", arm)}>{pairs}</span> pairs</span></th>'
    )
    for view in summary.views:
        cost = costs.loc[(view, arm)]
        attributes = f'{span} data-cost="{view}"{_id("cost-" + view, arm)}'
        lead += _cell(cost["mean"], cost["low"], cost["high"], millions, attributes)
    for index, measure in enumerate(MEASURES):
        fixed = partial(number, digits=measure.digits)
        cells = "".join(
            _cell(
                *effects.loc[(measure.column, year), ["mean", "low", "high"]],
                fixed,
                f' data-year="{year}"{_id("effect", arm, measure.column, year)}',
            )
            for year in summary.years
        )
        yield (
            f'<tr data-arm="{escape(arm)}" data-measure="{measure.column}">{lead if index == 0 else ""}'
            f'<td>{escape(measure.label)} <span class="muted">({escape(measure.unit)})</span></td>{cells}'
            f"{_ratio_cell(arm, measure, ratios)}</tr>"
        )


def _ratio_cell(arm: str, measure, ratios: pd.DataFrame) -> str:
    """The effect per HK$1bn, where cost-effectiveness means something and the effect is clear; else empty."""
    if not measure.per_bn:
        return '<td class="num muted" data-ratio="none"></td>'
    ratio = ratios.loc[(arm, measure.column)]
    if not ratio["shown"]:
        return '<td class="num muted" data-ratio="hidden" title="effect not clear of zero">&mdash;</td>'
    attributes = f' data-ratio="shown"{_id("per-bn", arm, measure.column)}'
    return _cell(ratio["per_bn"], ratio["low"], ratio["high"], significant, attributes, measure.per_bn)


def status_quo_table(summary: Summary, label: str) -> str:
    """The baseline's annual values by measure and year, with the 90% interval of the mean over its runs."""
    levels = summary.status_quo.set_index(["measure", "year"]).sort_index()
    years = sorted(set(summary.status_quo["year"]))
    head = "".join(f"<th>{year}</th>" for year in years)
    body = ""
    for measure in MEASURES:
        cells = "".join(
            _cell(
                *levels.loc[(measure.column, year), ["mean", "low", "high"]],
                partial(number, digits=measure.digits),
                _id("level", measure=measure.column, year=year),
            )
            for year in years
        )
        body += (
            f'<tr data-measure="{measure.column}"><td>{escape(measure.label)} <span class="muted">'
            f"({escape(measure.level_unit)})</span></td>{cells}</tr>"
        )
    runs = int(summary.status_quo["runs"].max())
    return (
        f'<table class="status-quo"><caption>{escape(label)}: annual values, mean of {runs} runs with the '
        f"{LEVEL:.0%} interval of the mean</caption><thead><tr><th>Measure (unit)</th>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def ranking_table(summary: Summary) -> str:
    """How each arm ranks across calibration sets by its effect per HK$1bn on the difficulty share."""
    ranking = summary.ranking
    body = ""
    for arm in summary.order:
        ranks = ranking[ranking["arm"] == arm]["rank"]
        if ranks.empty:
            continue
        first = percent(float((ranks == 1).mean()))
        body += (
            f'<tr data-arm="{escape(arm)}"><td>{escape(summary.label(arm))}</td>'
            f'<td class="num"{_id("rank-first", arm)}><span class="mean">{first}</span></td>'
            f'<td class="num">{escape(number(float(ranks.median()), 1))}</td>'
            f'<td class="num">{ranks.min()} to {ranks.max()}</td><td class="num">{len(ranks)}</td></tr>'
        )
    return (
        '<table class="ranking"><thead><tr><th>Option</th><th>Ranked first</th><th>Median rank</th><th>Ranks</th>'
        f"<th>Calibration sets</th></tr></thead><tbody>{body}</tbody></table>"
    )


def assumptions_table(rows: list[dict[str, Any]], scenarios: list[str], names: dict[str, str]) -> str:
    """Every parameter the runs used, sourced figures first.

    Columns: the parameter in words (its group, its description and its name in scenario files in
    smaller type), value, unit in words, role, source key (linked to the sources table), the
    source's confidence, and the scenarios (by display name) using the value when the rows name them.
    """
    ordered = sorted(rows, key=lambda row: (ROLE_ORDER.get(row.get("role", ""), 9), row.get("name", "")))
    with_scenarios = any("scenarios" in row for row in rows)
    body = []
    for row in ordered:
        key = row.get("source", "")
        source = f'<a href="#source-{escape(key)}">{escape(key)}</a>' if key else ""
        used = ""
        if with_scenarios:
            listed = row.get("scenarios", [])
            shown = "all" if set(scenarios) <= set(listed) else ", ".join(names.get(s, s) for s in listed)
            used = f"<td>{escape(shown)}</td>"
        label = row.get("label") or row.get("name", "")
        group = f'<span class="muted">{escape(row["group"])}: </span>' if row.get("group") else ""
        body.append(
            f'<tr><td>{group}{escape(label)}<br><span class="muted">{escape(row.get("doc", ""))} '
            f"<code>{escape(row.get('name', ''))}</code></span></td>"
            f'<td class="num">{escape(_value(row.get("value")))}</td><td>{escape(unit_words(row.get("unit", "")))}</td>'
            f"<td>{escape(ROLE_WORDS.get(row.get('role', ''), row.get('role', '')))}</td><td>{source}</td>"
            f"<td>{escape(row.get('confidence', ''))}</td>{used}</tr>"
        )
    extra = "<th>Scenarios</th>" if with_scenarios else ""
    return (
        '<table class="assumptions"><thead><tr><th>Parameter</th><th>Value</th><th>Unit</th><th>Role</th>'
        f"<th>Source</th><th>Confidence</th>{extra}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _value(value: Any) -> str:
    """A parameter value, short: floats to 4 significant figures, lists item by item."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return significant(value, 4)
    if isinstance(value, list | tuple):
        return ", ".join(map(_value, value))
    return str(value)


def sources_table(sources: dict[str, dict[str, Any]]) -> str:
    """The sources the runs cited (``manifest["sources"]``), by key, with their confidence."""
    body = []
    for key, entry in sorted(sources.items()):
        title = escape(entry.get("title", ""))
        if entry.get("url"):
            title = f'<a href="{escape(entry["url"])}">{title}</a>'
        body.append(
            f'<tr id="source-{escape(key)}"><td>{escape(key)}</td><td>{title}</td>'
            f"<td>{escape(entry.get('confidence', ''))}</td></tr>"
        )
    return (
        '<table class="sources"><thead><tr><th>Key</th><th>Source</th><th>Confidence</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
