"""The report as one self-contained HTML page: inline CSS, figures as data URIs, no external requests.

The page loads nothing: no scripts, no web fonts, no stylesheets or images by address, an
empty inline favicon (so the browser does not ask for ``/favicon.ico``); links to sources are
plain links, fetched only if clicked, and DNS prefetching is switched off.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from experiments.report import diagnostics, tables
from experiments.report import figures as draw
from experiments.report.costs import DISCOUNT_BASE_YEAR
from experiments.report.effects import HEADLINE, LEVEL, YEARS
from experiments.report.figures import Figure
from experiments.report.results import Results
from experiments.report.summary import Summary

CSS = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 14px; color: #222;
       max-width: 1200px; margin: 0 auto; padding: 1.5em; line-height: 1.4; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
thead th { background: #f2f2f2; } td.num { text-align: right; white-space: nowrap; }
.muted, .ci { color: #666; font-size: 0.85em; } .ci { display: block; }
table.summary tbody tr[data-measure="difficulty_share"] td, table.summary tbody tr[data-measure="difficulty_share"] th
  { border-top: 2px solid #999; }
figure { margin: 1.5em 0; page-break-inside: avoid; } figure img { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.9em; } code { font-size: 0.9em; }
dl.definitions dt { font-weight: bold; margin-top: 0.6em; }
@page { size: A4 landscape; margin: 1.2cm; }
@media print { body { max-width: none; padding: 0; font-size: 10px; } }
"""


def _figure(figure: Figure) -> str:
    return (
        f'<figure id="figure-{figure.key}" data-figure="{figure.key}"><h3>{escape(figure.title)}</h3>'
        f'<img src="{figure.uri}" alt="{escape(figure.title)}"><figcaption>{escape(figure.caption)}</figcaption>'
        "</figure>"
    )


def _definitions(summary: Summary) -> str:
    items = {
        "Annual value": "The mean of a calendar year's twelve monthly values (shares, employment, unemployment "
        "rates, median wages); for unfilled vacancy-months, their sum.",
        "Unfilled vacancy-months": "The sum over a calendar year of the open-vacancy stock at each month's end: a "
        "vacancy open all year counts 12.",
        "Paired effect": "A policy run's annual value minus that of the baseline run with the same seed (and the same "
        "calibration set and baseline parameters, if any). Both draw the same random numbers for everything the "
        "policy leaves alone (common random numbers).",
        "Interval": f"The {LEVEL:.0%} Student-t confidence interval of the mean paired effect over the pairs; "
        "undefined (not shown) with one pair. Bands in the trajectory figures instead span the middle "
        f"{LEVEL:.0%} of runs.",
        "Cost": f"Government spending (every instrument, the status quo included) of the policy run minus that of its "
        f"baseline partner, 2023-01 to {summary.headline_year}-12, discounted to January {DISCOUNT_BASE_YEAR} at "
        f"{summary.discount_rate:.1%} a year (real; an assumption: no sourced figure gives one).",
        "Effect per HK$1bn": f"Mean paired effect in {summary.headline_year} divided by mean cost, times 10^9, with a "
        f"delta-method {LEVEL:.0%} interval; shown only where the effect's interval excludes zero and the cost is "
        "positive.",
        "Scale": "Counts and HK$ are divided by each run's scale, so they read at Hong Kong's size.",
    }
    body = "".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in items.items())
    return f'<dl class="definitions">{body}</dl>'


def render(results: Results, summary: Summary, figures: dict[str, list[Figure]]) -> str:
    """The whole page.

    Args:
        results: the results folder.
        summary: its summary.
        figures: the figures by section heading (sections with no figures are left out).
    """
    manifest = results.manifest
    name = manifest["experiment"].get("name") or results.folder.name
    scenarios = list(dict.fromkeys(run["scenario"] for run in results.done_runs))
    missing = [year for year in YEARS if year not in summary.years]
    coverage = f" The runs do not cover {', '.join(map(str, missing))} in full." if missing else ""
    intro = (
        f"{len(summary.order)} policies and packages against the baseline <b>{escape(results.baseline)}</b>, "
        f"{len(results.done_runs)} runs. Effects are paired by seed, with {LEVEL:.0%} intervals, at "
        f"{', '.join(map(str, summary.years))}.{coverage} Rows are sorted by the effect per HK$1bn on the "
        f"{escape(HEADLINE.label.lower())} in {summary.headline_year} (largest reduction first); policies whose "
        "effect's interval includes zero follow, by their mean effect."
    )
    description = manifest["experiment"].get("description")
    sections = [
        f"<h1>Policy comparison: {escape(name)}</h1>",
        *([f"<p><i>{escape(description)}</i></p>"] if description else []),
        f'<p class="lead">{intro}</p>',
        '<h2 id="summary">Summary</h2>',
        tables.summary_table(summary),
    ]
    for heading, items in figures.items():
        if items:
            anchor = heading.lower().replace(" ", "-")
            sections += [f'<h2 id="{anchor}">{escape(heading)}</h2>', *map(_figure, items)]
    assumptions = manifest.get("assumptions")
    sections += [
        '<h2 id="assumptions">Assumptions and sources</h2>',
        tables.assumptions_table(assumptions, scenarios)
        if assumptions
        else '<p class="muted">The manifest holds no assumptions table (key "assumptions"); only the sources '
        "the runs cited are listed.</p>",
        "<h3>Sources cited by the runs</h3>",
        tables.sources_table(manifest.get("sources") or {}),
        '<h2 id="manifest">Run manifest</h2>',
        tables.manifest_tables(results),
        '<h2 id="definitions">Definitions</h2>',
        _definitions(summary),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="x-dns-prefetch-control" content="off"><link rel="icon" href="data:,">'
        f"<title>Policy comparison: {escape(name)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(sections)}</body></html>\n"
    )


def all_figures(results: Results, summary: Summary) -> dict[str, list[Figure]]:
    """Every figure the folder supports, by section heading."""
    colours = draw.palette(results, summary)
    outcome = [
        draw.difficulty(results, colours),
        draw.effects(summary),
        draw.beveridge(results, colours),
        draw.time_to_fill(results, colours),
        draw.wages(results, colours),
        draw.flows(results, colours),
        draw.spending(results, colours),
    ]
    calibration = []
    if (results.manifest.get("calibration") or {}).get("targets"):
        calibration.append(diagnostics.calibration_fit(results.manifest["calibration"]))
    if summary.ranking is not None:
        calibration.append(diagnostics.calibration_ranking(summary.ranking, summary.order))
    return {"Outcomes": outcome, "Calibration": calibration, "Sensitivity": _sensitivity(results)}


SENSITIVITY = (("morris", "mu_star", "mu_star_conf"), ("sobol", "ST", "ST_conf"))
"""Sensitivity tables the report draws: method (file stem), index, its confidence half-width."""


def sensitivity_files(folder: Path) -> dict[str, Path]:
    """The sensitivity tables of a folder by method.

    Looks for ``<folder>/sensitivity/<method>.csv``, then ``<folder>/<method>.csv`` (where
    ``talentgap sensitivity`` writes them).
    """
    found = {}
    for method, _, _ in SENSITIVITY:
        for path in (folder / "sensitivity" / f"{method}.csv", folder / f"{method}.csv"):
            if path.is_file():
                found[method] = path
                break
    return found


def _sensitivity(results: Results) -> list[Figure]:
    files = sensitivity_files(results.folder)
    return [
        diagnostics.sensitivity(pd.read_csv(files[method]), method, value, error)
        for method, value, error in SENSITIVITY
        if method in files
    ]
