"""The report's figures over time: each option against the status quo (small multiples), or the options that
move a measure most highlighted against the rest.

Every function takes the results folder and the colours of :func:`experiments.report.figures.palette`
and returns a :class:`~experiments.report.figures.Figure`; labels come from :mod:`abm.core.columns` and
the arms' display names.
"""

from __future__ import annotations

import pandas as pd
import seaborn as sns
from matplotlib import patheffects
from matplotlib.ticker import MaxNLocator

from abm.calibration.targets import survey_target
from abm.core.calendar import DAYS_PER_MONTH
from abm.core.columns import COLUMNS, column, words
from experiments.report.figures import (
    BASELINE_COLOUR,
    WIDTH_IN,
    Figure,
    annual,
    drawn,
    legend_below,
    line_handle,
    panel_grid,
    themed,
    thousands,
    wrap,
)
from experiments.report.results import Results
from policies.registry import registered

SURVEY_SHARE = survey_target("difficulty_share").value
"""HKPC AI Industry Development Study (mid-2023): the share of AI firms reporting difficulty (``targets.toml``)."""
USUAL_TIME_TO_HIRE_MONTHS = 3.0
"""Robert Half: IT roles take about 3 months to fill (docs/sources.md)."""
QUANTILES = (0.05, 0.95)
"""The band: the middle 90% of runs."""
FLOWS = ("graduates", "imported", "reskilled", "emigrants")
HIGHLIGHTED = 4
"""Options drawn in colour in a highlighted figure: those that move the measure most."""


def bands(frame: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    """Mean and the middle 90% of runs of ``y`` by arm and ``x``: columns ``arm, x, mean, low, high``."""
    grouped = frame.groupby(["arm", x])[y]
    table = pd.DataFrame(
        {"mean": grouped.mean(), "low": grouped.quantile(QUANTILES[0]), "high": grouped.quantile(QUANTILES[1])}
    )
    return table.reset_index()


def _draw(ax, table: pd.DataFrame, arm: str, x: str, colour, band: bool = True, **style) -> None:
    """One arm's mean line (and its band of the middle 90% of runs) from a :func:`bands` table."""
    rows = table[table["arm"] == arm]
    if band:
        ax.fill_between(rows[x], rows["low"], rows["high"], color=colour, alpha=0.18, linewidth=0)
    ax.plot(rows[x], rows["mean"], color=colour, linewidth=style.pop("linewidth", 1.6), **style)


def _per_option(results: Results, colours: dict, table: pd.DataFrame, x: str, ylabel: str, reference=None):
    """Small multiples: one panel per option, its line and band against the status quo's (grey)."""
    base = results.baseline_arms[0]
    fig, axes = panel_grid(len(results.arms))
    for ax, arm in zip(axes, results.arms):
        if reference is not None:
            ax.axhline(reference, color="black", linestyle="--", linewidth=0.8)
        _draw(ax, table, base, x, BASELINE_COLOUR, linewidth=1.1)
        _draw(ax, table, arm, x, colours[arm])
        ax.set_title(wrap(results.label(arm)), fontsize=9)
        ax.tick_params(labelsize=8)
        ax.set(xlabel="", ylabel="")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    for ax in axes[:: min(4, len(axes))]:
        ax.set_ylabel(ylabel, fontsize=8)
    return fig


@themed
def difficulty(results: Results, colours: dict) -> Figure:
    """Monthly difficulty share, one panel per option against the status quo, with the survey's figure."""
    frame = results.frame.assign(
        share=results.frame["difficulty_share"] * 100,
        time=results.frame["date"].dt.year + (results.frame["date"].dt.month - 1) / 12,
    )
    fig = _per_option(results, colours, bands(frame, "time", "share"), "time", "% of firms", SURVEY_SHARE * 100)
    base = results.label(results.baseline_arms[0])
    handles = [
        line_handle(BASELINE_COLOUR),
        line_handle("0.6", linewidth=6, alpha=0.4),
        line_handle("black", linestyle="--", linewidth=0.8),
    ]
    legend_below(fig, handles, [base, "Middle 90% of runs", f"HKPC survey, mid-2023: {SURVEY_SHARE:.0%}"])
    return drawn(
        "difficulty",
        "Firms reporting difficulty",
        "Share of AI firms reporting difficulty recruiting technical talent (survey-weighted: large firms 25%), "
        f"month by month, each option (its colour) against {base.lower()} (grey); line: mean over runs, band: "
        f"middle 90% of runs; dashed: the HKPC survey's {SURVEY_SHARE:.0%} in mid-2023.",
        fig,
    )


@themed
def time_to_fill(results: Results, colours: dict) -> Figure:
    """Annual mean of the monthly median days to fill, one panel per option against the status quo."""
    table = bands(annual(results, ["time_to_fill_days"]), "year", "time_to_fill_days")
    usual = USUAL_TIME_TO_HIRE_MONTHS * DAYS_PER_MONTH
    fig = _per_option(results, colours, table, "year", "days", usual)
    base = results.label(results.baseline_arms[0])
    handles = [line_handle(BASELINE_COLOUR), line_handle("black", linestyle="--", linewidth=0.8)]
    legend_below(fig, handles, [base, f"Usual IT time to hire, about {USUAL_TIME_TO_HIRE_MONTHS:.0f} months"])
    return drawn(
        "time_to_fill",
        "Time to fill a vacancy",
        "Median days from posting to hire of the vacancies filled each month, annual mean, each option against "
        f"{base.lower()} (grey); band: middle 90% of runs; dashed: the usual IT time to hire, about 3 months "
        "(Robert Half).",
        fig,
    )


def _year_label(ax, row: pd.Series, offset: tuple[int, int], align: str, colour) -> None:
    """A year at its point of a Beveridge path, on a white outline so lines behind it do not blur it."""
    ax.annotate(
        str(row["year"]),
        (row["unemployment_rate"], row["vacancy_rate"]),
        xytext=offset,
        textcoords="offset points",
        ha=align,
        va="center",
        fontsize=7.5,
        color=colour,
        path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
    )


@themed
def beveridge(results: Results, colours: dict) -> Figure:
    """Annual vacancy rate against unemployment rate (means over runs), one panel per option: a Beveridge diagram."""
    table = annual(results, ["unemployment_rate", "vacancy_rate"])
    means = table.groupby(["arm", "year"])[["unemployment_rate", "vacancy_rate"]].mean().mul(100).reset_index()
    base = results.baseline_arms[0]
    fig, axes = panel_grid(len(results.arms), height=1.7)
    for ax, arm in zip(axes, results.arms):
        # the option's last year right of its end, the status quo's left of its: never on top of each other
        for name, colour, offset, align in (
            (base, BASELINE_COLOUR, (-5, -3), "right"),
            (arm, colours[arm], (5, 2), "left"),
        ):
            rows = means[means["arm"] == name]
            ax.plot(
                rows["unemployment_rate"], rows["vacancy_rate"], color=colour, marker="o", markersize=2.5, linewidth=1.1
            )
            _year_label(ax, rows.iloc[-1], offset, align, colour)
        _year_label(ax, means[means["arm"] == base].iloc[0], (5, 2), "left", "black")
        ax.margins(x=0.18, y=0.08)  # room for the labels inside the panel
        ax.set_title(wrap(results.label(arm)), fontsize=9)
        ax.tick_params(labelsize=8)
    for ax in axes[:: min(4, len(axes))]:
        ax.set_ylabel("Vacancy rate (%)", fontsize=8)
    for ax in axes[-min(4, len(axes)) :]:
        ax.set_xlabel("Unemployment rate (%)", fontsize=8)
    legend_below(fig, [line_handle(BASELINE_COLOUR, marker="o", markersize=3)], [results.label(base)])
    return drawn(
        "beveridge",
        "Vacancies against unemployment",
        "Annual vacancy rate (vacancies over vacancies plus employed) against the unemployment rate of the AI "
        "labour force, mean over runs, each option against the status quo (grey); the first and last years are "
        "labelled.",
        fig,
    )


def _highlighted(results: Results, colours: dict, table: pd.DataFrame, x: str, ax) -> list[str]:
    """Draw the status quo (grey), the options that move the measure most (their colours) and the rest (thin,
    light); return the highlighted arms."""
    base = results.baseline_arms[0]
    reference = table[table["arm"] == base].set_index(x)["mean"]
    gaps = {
        arm: (table[table["arm"] == arm].set_index(x)["mean"] - reference).abs().max() for arm in results.arms
    }  # the largest distance from the status quo in any year
    scale = max(reference.abs().max(), 1e-9)
    chosen = [arm for arm, gap in sorted(gaps.items(), key=lambda item: -item[1]) if gap > 0.01 * scale][:HIGHLIGHTED]
    for arm in results.arms:
        if arm not in chosen:
            _draw(ax, table, arm, x, "0.75", band=False, linewidth=0.7)
    _draw(ax, table, base, x, BASELINE_COLOUR, linewidth=1.3)
    for arm in chosen:
        _draw(ax, table, arm, x, colours[arm])
    return chosen


def _highlight_figure(results: Results, colours: dict, columns: dict[str, str], how: str, ylabel: str, columns_wide):
    """Panels of ``columns`` (name: title), each highlighting the options that move it most; legend outside."""
    annual_table = annual(results, list(columns), how)
    fig, axes = panel_grid(len(columns), height=2.3, columns=columns_wide, sharey=False)
    shown: list[str] = []
    for ax, (name, title) in zip(axes, columns.items()):
        chosen = _highlighted(results, colours, bands(annual_table, "year", name), "year", ax)
        shown += [arm for arm in chosen if arm not in shown]
        ax.set_title(title, fontsize=9)
        ax.set(xlabel="", ylabel=ylabel)
        thousands(ax.yaxis)
        ax.tick_params(labelsize=8)
    base = results.baseline_arms[0]
    handles = [line_handle(BASELINE_COLOUR), *(line_handle(colours[arm]) for arm in shown), line_handle("0.75")]
    labels = [results.label(base), *(results.label(arm) for arm in shown), "Other options"]
    fig.legend(handles, [wrap(label, 26) for label in labels], loc="outside right center", frameon=False, fontsize=8)
    return fig


@themed
def wages(results: Results, colours: dict) -> Figure:
    """Median wage of all AI workers and of local graduates, annual means, the options that move it most highlighted."""
    columns = {"median_wage_hkd": "All AI workers", "local_graduate_median_wage_hkd": "Local graduates"}
    fig = _highlight_figure(results, colours, columns, "mean", "Median wage (HK$ a month)", 2)
    return drawn(
        "wages",
        "Wages",
        "Median monthly wage of employed AI workers and of employed local graduates, annual mean of the monthly "
        f"medians; in colour the {HIGHLIGHTED} options that move each most (band: middle 90% of runs), in light "
        "grey the others.",
        fig,
    )


@themed
def flows(results: Results, colours: dict) -> Figure:
    """Annual inflows by origin and emigration, the options that move each most highlighted."""
    columns = {name: COLUMNS[name].label for name in FLOWS}
    fig = _highlight_figure(results, colours, columns, "sum", "People a year", 2)
    return drawn(
        "flows",
        "Inflows by origin and emigration",
        "People entering the AI labour force a year by origin (graduates, imported talent, reskilled workers) and AI "
        f"workers emigrating, at Hong Kong's size; in colour the {HIGHLIGHTED} options that move each flow most "
        "(band: middle 90% of runs), in light grey the others.",
        fig,
    )


def _owner(key: str, policies: dict) -> str | None:
    """The policy a policy instance (its id) is of: the longest policy name it equals or starts with."""
    return max((name for name in policies if key == name or key.startswith(name + "_")), key=len, default=None)


def instrument_titles(keys: list[str]) -> dict[str, str]:
    """Each policy instance (its id) in words: the policy's title, then what its id adds."""
    policies = registered()
    return {key: policies[o].instance_title(key) if (o := _owner(key, policies)) else words(key) for key in keys}


def instrument_colours(keys: list[str]) -> dict[str, tuple]:
    """A colour per policy instance: one hue per policy (tab20's pairs, grey left out), the first instance
    dark and a second (an expansion) light, so that the instances of one policy read together."""
    pairs = [pair for index, pair in enumerate(zip(*[iter(sns.color_palette("tab20", 20))] * 2)) if index != 7]
    policies = registered()
    owners = list(dict.fromkeys(_owner(key, policies) or key for key in keys))
    colours, seen = {}, {}
    for key in keys:
        owner = _owner(key, policies) or key
        index = owners.index(owner)
        dark, light = pairs[index % len(pairs)]
        colours[key] = dark if seen.setdefault(owner, key) == key else light
    return colours


@themed
def spending(results: Results, colours: dict) -> Figure:
    """Government spending a year by instrument (HK$ million, undiscounted, mean over runs), one panel per arm."""
    frame = results.frame
    keys = sorted(
        c.removeprefix("spend_").removesuffix("_hkd")
        for c in frame.columns
        if c.startswith("spend_") and frame[c].fillna(0).any()
    )
    columns = [f"spend_{key}_hkd" for key in keys]
    titles, tints = instrument_titles(keys), instrument_colours(keys)
    means = annual(results, columns, "sum").fillna(0.0).groupby(["arm", "year"])[columns].mean() / 1e6
    arms = [*results.baseline_arms[:1], *results.arms]
    fig, axes = panel_grid(len(arms), height=1.45, columns=5)
    for ax, arm in zip(axes, arms):
        rows = means.loc[arm]
        bottom = pd.Series(0.0, index=rows.index)
        for name in columns:
            key = name.removeprefix("spend_").removesuffix("_hkd")
            ax.bar(rows.index, rows[name], bottom=bottom, width=0.85, color=tints[key], linewidth=0)
            bottom += rows[name]
        ax.set_title(wrap(results.label(arm), 24), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        thousands(ax.yaxis)
    for ax in axes[::5]:
        ax.set_ylabel("HK$ million a year", fontsize=8)
    handles = [line_handle(tints[key], linewidth=6) for key in keys]
    labels = [column(name, titles).label.removeprefix("Spending: ") for name in columns]
    fig.legend(handles, [wrap(label, 24) for label in labels], loc="outside right center", frameon=False, fontsize=7)
    fig.set_size_inches(WIDTH_IN, fig.get_figheight())
    return drawn(
        "spending",
        "Spending by instrument and year",
        "Government spending a year on each instrument (the status quo's included), mean over runs, HK$ million, "
        "undiscounted, at Hong Kong's size; one panel per option.",
        fig,
    )
