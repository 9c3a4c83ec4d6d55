"""The report's figures, drawn with seaborn on matplotlib's Agg backend and embedded as PNG data URIs.

Every function takes what it shows (the results folder, the summary, a table) and returns a
:class:`Figure`; none reads files or fetches anything. Colours follow the arms: the baseline is
dark grey, each policy arm keeps its colour in every figure.
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: the report renders to PNG bytes only

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator

from abm.calibration.targets import survey_target
from abm.core.calendar import DAYS_PER_MONTH
from experiments.report.effects import LEVEL, MEASURES, full_years
from experiments.report.results import Results
from experiments.report.summary import Summary

SURVEY_SHARE = survey_target("difficulty_share").value
"""HKPC AI Industry Development Study (mid-2023): the share of AI firms reporting difficulty (``targets.toml``)."""

USUAL_TIME_TO_HIRE_MONTHS = 3.0
"""Robert Half: IT roles take about 3 months to fill (docs/sources.md)."""

BAND = ("pi", round(LEVEL * 100))
"""Bands span the middle 90% of runs (seeds) around the mean."""

DPI = 100
FLOWS = {"graduates": "Graduates", "imported": "Imported talent", "reskilled": "Reskilled", "emigrants": "Emigrants"}


@dataclass(frozen=True)
class Figure:
    """One embedded figure: a key (for anchors and tests), a title, a caption and a PNG data URI."""

    key: str
    title: str
    caption: str
    uri: str


def themed(draw: Callable[..., Figure]) -> Callable[..., Figure]:
    """Draw under the report's seaborn theme (white grid, notebook sizes), leaving the global style alone."""

    @functools.wraps(draw)
    def themed_draw(*args, **kwargs) -> Figure:
        with sns.axes_style("whitegrid"), sns.plotting_context("notebook"):
            return draw(*args, **kwargs)

    return themed_draw


def png_uri(figure: matplotlib.figure.Figure) -> str:
    """The figure as a ``data:image/png;base64,...`` URI; closes the figure."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def palette(results: Results, summary: Summary) -> dict[str, tuple]:
    """Baseline arms dark grey, policy arms in the summary's order from seaborn's colour-blind palette."""
    baseline_arms = results.frame.loc[results.frame["scenario"] == results.baseline, "arm"].unique()
    colours = sns.color_palette("colorblind", max(len(summary.order), 1))
    return {arm: (0.25, 0.25, 0.25) for arm in baseline_arms} | dict(zip(summary.order, colours))


def _annual(results: Results, columns: list[str], how: str) -> pd.DataFrame:
    """Annual mean or sum of ``columns`` by run, over the calendar years every run covers in full."""
    frame = results.frame[results.frame["year"].isin(full_years(results.frame))]
    grouped = frame.groupby(["run_id", "arm", "year"])[columns]
    return (grouped.sum() if how == "sum" else grouped.mean()).reset_index()


@themed
def difficulty(results: Results, colours: dict) -> Figure:
    """Monthly difficulty share by arm: mean over seeds with a 90% band, and the survey's line."""
    frame = results.frame.assign(share=results.frame["difficulty_share"] * 100)
    fig, ax = plt.subplots(figsize=(10, 4.8))
    sns.lineplot(frame, x="date", y="share", hue="arm", hue_order=list(colours), palette=colours, errorbar=BAND, ax=ax)
    ax.axhline(SURVEY_SHARE * 100, color="black", linestyle="--", linewidth=1)
    ax.annotate(
        f"HKPC survey, mid-2023: {SURVEY_SHARE:.0%}",
        (frame["date"].min(), SURVEY_SHARE * 100),
        xytext=(4, 4),
        textcoords="offset points",
        fontsize=9,
    )
    ax.set(xlabel="", ylabel="Firms reporting difficulty (%)")
    ax.legend(title="", fontsize=9)
    return Figure(
        "difficulty",
        "Difficulty share",
        "Share of AI firms reporting difficulty recruiting technical "
        "talent (survey-weighted, 25% large firms), monthly; line: mean over seeds, band: middle 90% of "
        f"runs; dashed: the HKPC survey's {SURVEY_SHARE:.0%}.",
        png_uri(fig),
    )


@themed
def effects(summary: Summary) -> Figure:
    """Paired effects with their 90% intervals, one panel per measure, one row per policy arm."""
    fig, axes = plt.subplots(
        1, len(MEASURES), figsize=(15, 0.6 * len(summary.order) + 2.2), sharey=True, layout="constrained"
    )
    years = list(summary.years)
    year_colours = dict(zip(years, sns.color_palette("crest", len(years))))
    for ax, measure in zip(axes, MEASURES):
        table = summary.effects[summary.effects["measure"] == measure.column]
        for offset, year in enumerate(years):
            rows = table[table["year"] == year].set_index("arm").reindex(summary.order)
            position = [i + (offset - (len(years) - 1) / 2) * 0.22 for i in range(len(summary.order))]
            errors = [rows["mean"] - rows["low"], rows["high"] - rows["mean"]]
            ax.errorbar(
                rows["mean"], position, xerr=errors, fmt="o", color=year_colours[year], label=str(year), capsize=3
            )
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set(title=f"{measure.label}\n({measure.unit})", xlabel="")
        ax.title.set_fontsize(10)
    axes[0].set_yticks(range(len(summary.order)), summary.order)
    axes[0].invert_yaxis()
    handles, labels = axes[-1].get_legend_handles_labels()
    fig.legend(handles, labels, title="Year", loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    return Figure(
        "effects",
        "Paired effects against the baseline",
        "Mean paired effect (policy run minus the "
        "baseline run of the same seed) on annual values, with 90% t intervals, by year.",
        png_uri(fig),
    )


@themed
def beveridge(results: Results, colours: dict) -> Figure:
    """Annual vacancy rate against unemployment rate by arm (means over runs), a Beveridge diagram."""
    annual = _annual(results, ["unemployment_rate", "vacancy_rate"], "mean")
    means = annual.groupby(["arm", "year"])[["unemployment_rate", "vacancy_rate"]].mean().reset_index()
    means[["unemployment_rate", "vacancy_rate"]] *= 100
    fig, ax = plt.subplots(figsize=(8, 5.5))
    sns.lineplot(
        means,
        x="unemployment_rate",
        y="vacancy_rate",
        hue="arm",
        hue_order=list(colours),
        palette=colours,
        sort=False,
        estimator=None,
        marker="o",
        ax=ax,
    )
    for arm, rows in means.groupby("arm"):
        for _, row in rows.iloc[[0, -1]].iterrows():
            ax.annotate(
                str(row["year"]),
                (row["unemployment_rate"], row["vacancy_rate"]),
                fontsize=8,
                color=colours.get(arm),
                xytext=(3, 3),
                textcoords="offset points",
            )
    ax.set(xlabel="Unemployment rate of the AI labour force (%)", ylabel="Vacancy rate (%)")
    ax.legend(title="", fontsize=9)
    return Figure(
        "beveridge",
        "Vacancies against unemployment",
        "Annual means of the vacancy rate (vacancies / "
        "(vacancies + employed)) against the unemployment rate, mean over seeds; first and last years "
        "labelled.",
        png_uri(fig),
    )


@themed
def time_to_fill(results: Results, colours: dict) -> Figure:
    """Annual mean of the monthly median time to fill, by arm, with a 90% band over runs."""
    annual = _annual(results, ["time_to_fill_days"], "mean")
    fig, ax = plt.subplots(figsize=(10, 4.5))
    sns.lineplot(
        annual,
        x="year",
        y="time_to_fill_days",
        hue="arm",
        hue_order=list(colours),
        palette=colours,
        errorbar=BAND,
        marker="o",
        ax=ax,
    )
    ax.axhline(USUAL_TIME_TO_HIRE_MONTHS * DAYS_PER_MONTH, color="black", linestyle="--", linewidth=1)
    ax.set(xlabel="", ylabel="Days from posting to hire")
    ax.legend(title="", fontsize=9)
    return Figure(
        "time_to_fill",
        "Time to fill",
        "Median days from posting to hire of the vacancies filled each "
        "month (the posting month counts as 1), annual mean; band: middle 90% of runs; dashed: the usual "
        "IT time to hire, about 3 months (Robert Half).",
        png_uri(fig),
    )


@themed
def wages(results: Results, colours: dict) -> Figure:
    """Median wage of all AI workers and of local graduates, annual means, by arm."""
    columns = {"median_wage_hkd": "All AI workers", "local_graduate_median_wage_hkd": "Local graduates"}
    annual = _annual(results, list(columns), "mean").melt(
        ["run_id", "arm", "year"], var_name="group", value_name="wage"
    )
    annual["group"] = annual["group"].map(columns)
    grid = sns.relplot(
        annual,
        x="year",
        y="wage",
        hue="arm",
        hue_order=list(colours),
        palette=colours,
        col="group",
        kind="line",
        errorbar=BAND,
        marker="o",
        height=4,
        aspect=1.3,
    )
    grid.set_titles("{col_name}").set_axis_labels("", "Median monthly wage (HK$)")
    grid.legend.set_title("")
    return Figure(
        "wages",
        "Wages",
        "Median monthly wage of employed AI workers and of employed local graduates, "
        "annual mean of the monthly medians; band: middle 90% of runs.",
        png_uri(grid.figure),
    )


@themed
def flows(results: Results, colours: dict) -> Figure:
    """Annual inflows by origin (graduates, imported, reskilled) and emigration, by arm."""
    annual = _annual(results, list(FLOWS), "sum").melt(["run_id", "arm", "year"], var_name="flow", value_name="people")
    annual["flow"] = annual["flow"].map(FLOWS)
    grid = sns.relplot(
        annual,
        x="year",
        y="people",
        hue="arm",
        hue_order=list(colours),
        palette=colours,
        col="flow",
        col_wrap=2,
        kind="line",
        errorbar=BAND,
        marker="o",
        height=3.4,
        aspect=1.5,
        facet_kws={"sharey": False},
    )
    grid.set_titles("{col_name}").set_axis_labels("", "People a year")
    grid.legend.set_title("")
    return Figure(
        "flows",
        "Inflows by origin and emigration",
        "People entering the AI labour force a year by origin "
        "(graduates, imported talent, reskilled workers) and AI workers emigrating, Hong Kong scale; band: "
        "middle 90% of runs; lines overlap where a policy leaves a flow unchanged.",
        png_uri(grid.figure),
    )


@themed
def spending(results: Results, colours: dict) -> Figure:
    """Government spending a year by policy instrument (HK$m, undiscounted, mean over runs), one panel per arm."""
    columns = [c for c in results.frame.columns if c.startswith("spend_") and results.frame[c].fillna(0).any()]
    annual = _annual(results, columns, "sum").fillna(0.0)
    means = annual.groupby(["arm", "year"])[columns].mean().reset_index()
    long = means.melt(["arm", "year"], var_name="policy", value_name="hkd")
    long["policy"] = long["policy"].str.removeprefix("spend_").str.removesuffix("_hkd")
    long["hkd_m"] = long["hkd"] / 1e6
    grid = sns.displot(
        long,
        x="year",
        weights="hkd_m",
        hue="policy",
        col="arm",
        col_order=list(colours),
        col_wrap=min(3, len(colours)),
        multiple="stack",
        discrete=True,
        shrink=0.85,
        height=3.4,
        aspect=1.3,
        palette="tab20",
    )
    grid.set_titles("{col_name}").set_axis_labels("", "HK$m a year")
    for ax in grid.axes.flat:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return Figure(
        "spending",
        "Spending by policy and year",
        "Government spending a year by instrument (status-quo "
        "instruments included), mean over runs, HK$ million, undiscounted, Hong Kong scale.",
        png_uri(grid.figure),
    )
