"""The report as one self-contained HTML page: inline CSS, figures as data URIs, no external requests.

The page loads nothing: no scripts, no web fonts, no stylesheets or images by address, an
empty inline favicon (so the browser does not ask for ``/favicon.ico``); links to sources are
plain links, fetched only if clicked, and DNS prefetching is switched off.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from abm.core.columns import words
from abm.runs.provenance import parameter_labels
from experiments.intervals import LEVEL
from experiments.report import diagnostics, figures, tables, trajectories
from experiments.report.compare import COMPARE_PREFIX
from experiments.report.conclusions import as_html, conclusions
from experiments.report.costs import DISCOUNT_BASE_YEAR, VIEW_LABELS
from experiments.report.effects import HEADLINE, YEARS
from experiments.report.figures import Figure
from experiments.report.record import calibration_loss, record_tables
from experiments.report.results import Results
from experiments.report.summary import Summary

CSS = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 14px; color: #222;
       max-width: 1200px; margin: 0 auto; padding: 1.5em; line-height: 1.4; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
h1, h2, h3, caption { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
caption { text-align: left; color: #444; padding-bottom: 0.3em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
thead th { background: #f2f2f2; } td.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; } tr, tbody { break-inside: avoid; page-break-inside: avoid; }
.muted, .ci { color: #666; font-size: 0.85em; } .ci { display: block; }
table.summary tbody tr:first-child td, table.summary tbody tr:first-child th { border-top: 2px solid #999; }
.conclusions p { margin: 0.5em 0; max-width: 60em; } a.cite { color: inherit; text-decoration: underline dotted; }
figure { margin: 1.5em 0; break-inside: avoid; page-break-inside: avoid; }
figure h3 { margin: 0 0 0.4em 0; } figure img { display: block; max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.9em; max-width: 60em; } code { font-size: 0.9em; }
dl.definitions dt { font-weight: bold; margin-top: 0.6em; break-after: avoid; page-break-after: avoid; }
table.status-quo, table.ranking, table.facts, table.runs { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4 landscape; margin: 1.2cm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10px; }
  h2 { margin-top: 1.2em; }
  figure { margin: 0.8em 0; }
  figure img { width: auto; max-width: 100%; max-height: 14.6cm; }
}
"""


def _figure(figure: Figure) -> str:
    return (
        f'<figure id="figure-{figure.key}" data-figure="{figure.key}"><h3>{escape(figure.title)}</h3>'
        f'<img src="{figure.uri}" alt="{escape(figure.title)}"><figcaption>{escape(figure.caption)}</figcaption>'
        "</figure>"
    )


def _definitions(summary: Summary) -> str:
    views = " ".join(
        {
            "programme": "The programme cost is government spending on every instrument, the status quo's included.",
            "fiscal": "The net fiscal cost adds the public services (health, welfare, schooling) used by the residents "
            "an option adds and subtracts the salaries tax they pay.",
        }[view]
        for view in summary.views
    )
    items = {
        "Annual value": "The mean of a calendar year's twelve monthly values (shares, employment, unemployment "
        "rates, median wages); for unfilled vacancy-months, their sum.",
        "Unfilled vacancy-months": "The sum over a calendar year of the open-vacancy stock at each month's end: a "
        "vacancy open all year counts 12.",
        "Paired effect": "An option's run's annual value minus that of the status quo's run with the same seed (and "
        "the same calibration set and swept parameters, if any). Both draw the same random numbers for everything "
        "the option leaves alone (common random numbers).",
        "Interval": f"The {LEVEL:.0%} Student-t confidence interval of the mean paired effect over the pairs; "
        "undefined (not shown) with one pair. Bands in the figures instead span the middle "
        f"{LEVEL:.0%} of runs.",
        "Cost": f"The option's run's government money minus that of its status-quo partner, 2023-01 to "
        f"{summary.headline_year}-12, discounted to January {DISCOUNT_BASE_YEAR} at "
        f"{summary.discount_rate:.1%} a year (real; an assumption: no sourced figure gives one). {views}",
        "Effect per HK$1bn": f"Mean paired effect in {summary.headline_year} divided by the mean "
        f"{VIEW_LABELS[summary.cost_view]}, times 10^9, with a delta-method {LEVEL:.0%} interval; shown for the "
        "measures of the gap (the difficulty share and unfilled vacancy-months), only where the effect's interval "
        "excludes zero and the cost is positive.",
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
    title = report_title(results)
    scenarios = list(dict.fromkeys(run["scenario"] for run in results.done_runs))
    names = {scenario: results.label(scenario) for scenario in scenarios} | (manifest.get("display_names") or {})
    missing = [year for year in YEARS if year not in summary.years]
    coverage = f" The runs do not cover {', '.join(map(str, missing))} in full." if missing else ""
    base = results.label(results.baseline_arms[0])
    intro = (
        f"{len(summary.order)} options against {escape(base.lower())}, {len(results.done_runs)} runs. Effects are "
        f"paired by seed, with {LEVEL:.0%} intervals, at {', '.join(map(str, summary.years))}.{coverage} Options are "
        f"sorted by their effect per HK$1bn of {VIEW_LABELS[summary.cost_view]} on the "
        f"{escape(HEADLINE.label.lower())} in {summary.headline_year} (largest reduction first); options whose "
        "effect's interval includes zero follow, by their mean effect."
    )
    description = manifest["experiment"].get("description")
    sensitive = most_sensitive(results)
    sections = [
        f"<h1>{escape(title)}</h1>",
        *([f"<p><i>{escape(description)}</i></p>"] if description else []),
        f'<p class="lead">{intro}</p>',
        '<h2 id="summary">Summary</h2>',
        as_html(conclusions(summary, calibration_loss(manifest), sensitive)),
        '<h2 id="status-quo">The status quo</h2>',
        tables.status_quo_table(summary, base),
        '<h2 id="options">Options against the status quo</h2>',
        tables.summary_table(summary),
    ]
    if summary.ranking is not None:
        sections += ['<h3 id="ranking-table">Ranking under calibration uncertainty</h3>', tables.ranking_table(summary)]
    for heading, items in figures.items():
        if items:
            anchor = heading.lower().replace(" ", "-")
            sections += [f'<h2 id="{anchor}">{escape(heading)}</h2>', *map(_figure, items)]
    assumptions = manifest.get("assumptions")
    sections += [
        '<h2 id="assumptions">Assumptions and sources</h2>',
        tables.assumptions_table(assumptions, scenarios, names)
        if assumptions
        else '<p class="muted">The manifest holds no assumptions table; only the sources the runs cited are '
        "listed.</p>",
        "<h3>Sources cited by the runs</h3>",
        tables.sources_table(manifest.get("sources") or {}),
        '<h2 id="record">Run record</h2>',
        record_tables(results),
        '<h2 id="definitions">Definitions</h2>',
        _definitions(summary),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="x-dns-prefetch-control" content="off"><link rel="icon" href="data:,">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(sections)}</body></html>\n"
    )


def report_title(results: Results) -> str:
    """The report's title in words: a comparison's options by name, else the experiment's name."""
    name = results.manifest["experiment"].get("name") or results.folder.name
    if name.startswith(COMPARE_PREFIX):
        return "Against the status quo: " + ", ".join(results.label(arm) for arm in results.arms)
    shown = words(name)
    return shown if "comparison" in shown.lower() else f"Policy comparison: {shown}"


def all_figures(results: Results, summary: Summary) -> dict[str, list[Figure]]:
    """Every figure the folder supports, by section heading."""
    colours = figures.palette(results)
    outcome = [
        trajectories.difficulty(results, colours),
        figures.effects(summary, colours),
        trajectories.beveridge(results, colours),
        trajectories.time_to_fill(results, colours),
        trajectories.wages(results, colours),
        trajectories.flows(results, colours),
        trajectories.spending(results, colours),
    ]
    calibration = []
    if (results.manifest.get("calibration") or {}).get("targets"):
        calibration.append(diagnostics.calibration_fit(results.manifest["calibration"]))
    if summary.ranking is not None:
        calibration.append(diagnostics.calibration_ranking(summary))
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
    labels = parameter_labels(results.manifest) if files else {}
    return [
        diagnostics.sensitivity(pd.read_csv(files[method]), method, value, error, labels)
        for method, value, error in SENSITIVITY
        if method in files
    ]


def most_sensitive(results: Results) -> str | None:
    """The parameter (in words) with the largest Morris index on the headline measure in the last year, if any."""
    path = sensitivity_files(results.folder).get("morris")
    if path is None:
        return None
    table = pd.read_csv(path)
    table = table[table["output"] == HEADLINE.column]
    if table.empty:
        return None
    top = table[table["year"] == table["year"].max()].nlargest(1, "mu_star")["parameter"].iloc[0]
    return parameter_labels(results.manifest).get(top, words(str(top).split(".")[-1]))
