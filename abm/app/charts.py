"""The browser app's figures: matplotlib drawings of one run's recorded months and its firms.

Each chart takes the run (a :class:`abm.core.model.TalentModel`) and its recorded months (its
``records`` as a DataFrame, one row per month; columns in :mod:`abm.core.metrics`) and returns a
:class:`matplotlib.figure.Figure` (object-oriented API only: no pyplot state, safe in the
server's threads). Before the first recorded month the axes are drawn empty with a hint.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from abm.calibration.targets import survey_target
from abm.core.calendar import DAYS_PER_MONTH, format_month
from abm.core.columns import SECTOR_LABELS
from abm.core.state import SECTORS, SizeClass

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from abm.core.model import TalentModel

HKPC_DIFFICULTY_SHARE = survey_target("difficulty_share").value
"""Share of Hong Kong AI firms reporting difficulty recruiting technical talent (HKPC, 2023; ``targets.toml``)."""

FIGURE_SIZE_INCHES = (6.0, 3.6)
DOTS_PER_INCH = 80
DIFFICULTY_COLOUR, NO_DIFFICULTY_COLOUR = "#d62728", "#9fb3c8"
ORIGINS = {
    "graduates_local": "local graduates",
    "graduates_nonlocal": "non-local graduates",
    "imported": "imported talent",
    "reskilled": "reskilled workers",
    "career_switchers": "career switchers",
}
"""Inflow columns by origin, with their legend labels."""


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes (what the page shows)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DOTS_PER_INCH)
    return buffer.getvalue()


def _axes(title: str, bottom: float = 0.3) -> tuple[Figure, Axes]:
    figure = Figure(figsize=FIGURE_SIZE_INCHES, dpi=DOTS_PER_INCH)
    figure.subplots_adjust(left=0.15, right=0.97, top=0.9, bottom=bottom)  # fixed: twice as fast as a layout engine
    axes = figure.add_subplot()
    axes.set_title(title, fontsize=11)
    axes.grid(alpha=0.3)
    return figure, axes


def _legend_below(axes: Axes, columns: int = 2) -> None:
    """The chart's legend under its axes, outside the data."""
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=columns, fontsize=8, frameon=False)


def _dates(frame: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(frame["date"])


def _date_axis(axes: Axes, frame: pd.DataFrame) -> None:
    if len(frame) < 2:  # one month: matplotlib's own ticks (a date locator needs a range)
        return
    locator = AutoDateLocator(maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator, show_offset=False))


def _hint_if_empty(axes: Axes, frame: pd.DataFrame, market: TalentModel) -> None:
    if frame.empty:
        first = format_month(market.settings.calendar.first_month_recorded)
        axes.text(0.5, 0.5, f"press Step or ▶ to simulate from {first}", transform=axes.transAxes,
                  ha="center", va="center", color="0.4")  # fmt: skip


def difficulty(market: TalentModel, frame: pd.DataFrame) -> Figure:
    """Survey-weighted share of firms reporting difficulty, against the HKPC's figure."""
    figure, axes = _axes("Firms reporting difficulty recruiting technical talent")
    axes.axhline(
        100 * HKPC_DIFFICULTY_SHARE,
        color="black",
        linestyle="--",
        linewidth=1,
        label=f"HKPC 2023: {HKPC_DIFFICULTY_SHARE:.0%}",
    )
    if not frame.empty:
        dates = _dates(frame)
        axes.plot(dates, 100 * frame["difficulty_share"], color=DIFFICULTY_COLOUR, label="model (survey-weighted)")
        axes.plot(dates, 100 * frame["difficulty_share_sample216"], ".", color=DIFFICULTY_COLOUR, alpha=0.35,
                  label="one survey of 216 firms")  # fmt: skip
        _date_axis(axes, frame)
    axes.set_ylim(0, 100)
    axes.set_ylabel("% of firms")
    _legend_below(axes)
    _hint_if_empty(axes, frame, market)
    return figure


def beveridge(market: TalentModel, frame: pd.DataFrame) -> Figure:
    """Vacancy rate against unemployment rate, month by month (the Beveridge curve)."""
    figure, axes = _axes("Vacancies against unemployment", bottom=0.15)
    if not frame.empty:
        u, v = 100 * frame["unemployment_rate"], 100 * frame["vacancy_rate"]
        axes.plot(u, v, "-", color="0.6", linewidth=1)
        axes.scatter(u, v, c=np.arange(len(frame)), cmap="viridis", s=14, zorder=3)
        axes.annotate(format_month(market.month - 1), (u.iloc[-1], v.iloc[-1]), textcoords="offset points",
                      xytext=(5, 5), fontsize=8)  # fmt: skip
    axes.set_xlabel("unemployment rate (%)")
    axes.set_ylabel("vacancy rate (%)")
    _hint_if_empty(axes, frame, market)
    return figure


def time_to_fill(market: TalentModel, frame: pd.DataFrame) -> Figure:
    """Median days from posting to hire of the vacancies filled each month."""
    figure, axes = _axes("Time to fill a technical vacancy")
    months = market.settings.survey.difficulty_threshold_months
    threshold = months * DAYS_PER_MONTH
    axes.axhline(threshold, color="black", linestyle="--", linewidth=1,
                 label=f"difficulty threshold ({months} months)")  # fmt: skip
    if not frame.empty:
        axes.plot(_dates(frame), frame["time_to_fill_days"], color="#1f77b4", label="median of the month's hires")
        _date_axis(axes, frame)
    axes.set_ylim(0, max(threshold + 30, frame["time_to_fill_days"].max() + 30 if not frame.empty else 0))
    axes.set_ylabel("days")
    _legend_below(axes)
    _hint_if_empty(axes, frame, market)
    return figure


def wages(market: TalentModel, frame: pd.DataFrame) -> Figure:
    """Median monthly wage of employed technical staff, with the 10th-90th percentile band."""
    figure, axes = _axes("Wages of technical staff")
    if not frame.empty:
        dates = _dates(frame)
        axes.fill_between(dates, frame["wage_p10_hkd"], frame["wage_p90_hkd"], color="#2ca02c", alpha=0.15,
                          label="10th-90th percentile")  # fmt: skip
        axes.plot(dates, frame["median_wage_hkd"], color="#2ca02c", label="median")
        _legend_below(axes)
        axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
        _date_axis(axes, frame)
    axes.set_ylabel("HK$ a month")
    _hint_if_empty(axes, frame, market)
    return figure


def flows(market: TalentModel, frame: pd.DataFrame) -> Figure:
    """People who entered the AI labour force since the first recorded month, by origin
    (stacked), and those who left Hong Kong (emigrants and visa departures, below 0)."""
    figure, axes = _axes("Inflows by origin and emigration, cumulative")
    if not frame.empty:
        dates = _dates(frame)
        axes.stackplot(dates, *(frame[column].cumsum() for column in ORIGINS), labels=list(ORIGINS.values()))
        axes.fill_between(dates, -frame["emigrants"].cumsum(), color="0.45", label="emigrants and visa departures")
        _legend_below(axes, 2)
        axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
        _date_axis(axes, frame)
    axes.axhline(0, color="black", linewidth=0.8)
    axes.set_ylabel(f"people since {format_month(market.settings.calendar.first_month_recorded)}")
    _hint_if_empty(axes, frame, market)
    return figure


def spending(market: TalentModel, frame: pd.DataFrame) -> Figure:
    """Government spending on each active policy in the month (stacked), HK$ million."""
    figure, axes = _axes("Government spending on talent policies")
    if not frame.empty and market.policies:
        dates = _dates(frame)
        spent = [frame[f"spend_{policy.key}_hkd"] / 1e6 for policy in market.policies]
        labels = [type(policy).instance_title(policy.key) for policy in market.policies]
        axes.stackplot(dates, *spent, labels=labels)
        _legend_below(axes, 3)
        _date_axis(axes, frame)
    axes.set_ylim(bottom=0)
    axes.set_ylabel("HK$ million a month")
    _hint_if_empty(axes, frame, market)
    return figure


def firm_positions(sector: np.ndarray, size_class: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x, y of each firm: one cell per sector (columns) and size class (rows), firms on a grid
    inside their cell in row order, so a firm keeps its place from month to month."""
    x, y = np.zeros(len(sector)), np.zeros(len(sector))
    for s in range(len(SECTORS)):
        for c in SizeClass:
            rows = np.flatnonzero((sector == s) & (size_class == c))
            side = max(1, int(np.ceil(np.sqrt(len(rows)))))
            rank = np.arange(len(rows))
            x[rows] = s + 0.1 + 0.8 * (rank % side + 0.5) / side
            y[rows] = int(c) + 0.1 + 0.8 * (rank // side + 0.5) / side
    return x, y


def firms(market: TalentModel, frame: pd.DataFrame) -> Figure:
    """Every firm, placed by sector and size class, red if it would now report difficulty."""
    table = market.firms
    difficulty_now = market.survey_answers["difficulty"]
    share = frame["difficulty_share"].iloc[-1] if not frame.empty else float(difficulty_now.mean())
    figure, axes = _axes(f"Firms in {format_month(market.month - 1)}: {share:.0%} report difficulty", bottom=0.3)
    x, y = firm_positions(table.sector, table.size_class)
    area = 4 + 36 * np.sqrt(table.employed / max(1, table.employed.max()))
    colour = np.where(difficulty_now, DIFFICULTY_COLOUR, NO_DIFFICULTY_COLOUR)
    axes.scatter(x, y, s=area, c=colour, linewidths=0)
    names = [textwrap.fill(SECTOR_LABELS[s], 14) for s in SECTORS]
    axes.set_xticks(np.arange(len(SECTORS)) + 0.5, names, fontsize=8)
    axes.set_yticks([0.5, 1.5], ["large", "SME"])
    axes.set_xlim(0, len(SECTORS))
    axes.set_ylim(2, 0)
    axes.grid(False)
    for edge in range(1, len(SECTORS)):
        axes.axvline(edge, color="0.85", linewidth=0.8)
    axes.axhline(1, color="0.85", linewidth=0.8)
    axes.scatter([], [], c=DIFFICULTY_COLOUR, label="reports difficulty")
    axes.scatter([], [], c=NO_DIFFICULTY_COLOUR, label="does not")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, fontsize=8, frameon=False)
    return figure


CHARTS: dict[str, Callable[[TalentModel, pd.DataFrame], Figure]] = {
    "difficulty": difficulty,
    "firms": firms,
    "beveridge": beveridge,
    "time_to_fill": time_to_fill,
    "wages": wages,
    "flows": flows,
    "spending": spending,
}
"""The app's charts by name, in page order (survey share and firms first)."""
