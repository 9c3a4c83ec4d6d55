"""The report's figures: shared drawing helpers, the palette, and the paired-effects figure.

Figures are drawn with seaborn on matplotlib's Agg backend and embedded as PNG data URIs; every
function takes what it shows and returns a :class:`Figure`, reading no file. Rules every figure
keeps (checked by the tests):

- labels in words with their units (:mod:`abm.core.columns`, the arms' display names), no raw
  identifiers;
- one colour per option, the same in every figure of a report (:func:`palette`: a qualitative
  palette in the options' order of appearance; the status quo in dark grey);
- small multiples (one panel per option, against the status quo) or a highlighted subset
  instead of a dozen lines on one axis; legends outside the data;
- sized for print: at most :data:`WIDTH_IN` x :data:`MAX_HEIGHT_IN` inches, which fit an A4
  landscape page with its heading and caption (docs/report.md).
"""

from __future__ import annotations

import base64
import functools
import io
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: the report renders to PNG bytes only

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from experiments.intervals import LEVEL
from experiments.report.effects import MEASURES, full_years
from experiments.report.results import Results
from experiments.report.summary import Summary

DPI = 110
WIDTH_IN = 10.5
"""Widest figure, inches: an A4 landscape page less its margins (27.3 cm), with room to spare."""
MAX_HEIGHT_IN = 5.9
"""Tallest figure, inches: with its heading and caption it fits the page's 18.6 cm."""
BASELINE_COLOUR = (0.3, 0.3, 0.3)
OPTION_COLOURS = (
    "#0067A5",
    "#F38400",
    "#008856",
    "#BE0032",
    "#875692",
    "#882D17",
    "#E68FAC",
    "#8DB600",
    "#A1CAF1",
    "#F3C300",
    "#B3446C",
    "#C2B280",
    "#604E97",
    "#654522",
    "#E25822",
    "#2B3D26",
    "#F6A600",
    "#DCD300",
    "#F99379",
)
"""Kelly's colours of maximum contrast (grey, black and white left out), darker and more saturated first."""
BAND = ("pi", round(LEVEL * 100))
"""Bands span the middle 90% of runs (seeds) around the mean."""
TITLE_WIDTH = 30
"""Characters per line of a panel title before it wraps."""


@dataclass(frozen=True)
class Figure:
    """One embedded figure: a key (for anchors and tests), a title, a caption, a PNG data URI and every text
    drawn in it (titles, axis labels, tick labels, legend entries: what the tests read)."""

    key: str
    title: str
    caption: str
    uri: str
    texts: tuple[str, ...] = ()


def themed(draw: Callable[..., Figure]) -> Callable[..., Figure]:
    """Draw under the report's seaborn theme (white grid, paper sizes), leaving the global style alone."""

    @functools.wraps(draw)
    def themed_draw(*args, **kwargs) -> Figure:
        with sns.axes_style("whitegrid"), sns.plotting_context("paper", font_scale=1.1):
            return draw(*args, **kwargs)

    return themed_draw


def drawn(key: str, title: str, caption: str, fig: matplotlib.figure.Figure) -> Figure:
    """The :class:`Figure` of a finished matplotlib figure: its PNG and the texts visible in it once drawn
    (tick labels exist only then); closes the figure."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.08)
    texts = tuple(
        text.get_text() for text in fig.findobj(matplotlib.text.Text) if text.get_visible() and text.get_text()
    )
    plt.close(fig)
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return Figure(key, title, caption, uri, texts)


def palette(results: Results) -> dict[str, str | tuple]:
    """A colour per arm: the baseline's dark grey, the others from :data:`OPTION_COLOURS` in their order of
    appearance (so the same experiment gets the same colours in every report), then seaborn's husl."""
    options = [arm for arm in results.arms]
    extra = sns.color_palette("husl", max(0, len(options) - len(OPTION_COLOURS)))
    colours = [*OPTION_COLOURS, *extra]
    return {arm: BASELINE_COLOUR for arm in results.baseline_arms} | dict(zip(options, colours))


def wrap(text: str, width: int = TITLE_WIDTH) -> str:
    """``text`` broken into lines of at most ``width`` characters."""
    return textwrap.fill(text, width)


def compact(value: float) -> str:
    """A tick label, short: ``-75000`` -> ``"-75k"``, ``1500`` -> ``"1,500"``, ``0.25`` -> ``"0.25"``."""
    if abs(value) >= 10_000:
        return f"{value / 1000:,.0f}k"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"


def thousands(axis, ticks: int = 4) -> None:
    """Tick labels of ``axis`` short (:func:`compact`), at most ``ticks`` of them."""
    axis.set_major_locator(MaxNLocator(nbins=ticks))
    axis.set_major_formatter(FuncFormatter(lambda value, _: compact(value)))


def panel_grid(count: int, height: float = 1.55, columns: int = 4, sharey: bool = True):
    """A figure of ``count`` small panels in rows of ``columns``, page wide, the unused panels hidden."""
    columns = min(columns, count)
    rows = math.ceil(count / columns)
    size = (min(WIDTH_IN, 2.6 * columns + 0.6), min(MAX_HEIGHT_IN, height * rows + 0.9))
    fig, axes = plt.subplots(
        rows, columns, figsize=size, sharex=True, sharey=sharey, squeeze=False, layout="constrained"
    )
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, axes.flat[:count]


def legend_below(fig, handles: list, labels: list[str]) -> None:
    """A figure legend under the panels, outside the data."""
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 4), frameon=False)


def line_handle(colour, **style) -> Line2D:
    """A legend entry drawn as a line."""
    return Line2D([], [], color=colour, **style)


def annual(results: Results, columns: list[str], how: str = "mean") -> pd.DataFrame:
    """Annual mean or sum of ``columns`` by run and arm, over the calendar years every run covers in full."""
    frame = results.frame[results.frame["year"].isin(full_years(results.frame))]
    grouped = frame.groupby(["run_id", "arm", "year"])[columns]
    return (grouped.sum() if how == "sum" else grouped.mean()).reset_index()


YEAR_MARKERS = ("o", "s", "D", "^", "v")


@themed
def effects(summary: Summary, colours: dict) -> Figure:
    """Paired effects with their 90% intervals: one panel per measure, one row per option (in its colour),
    one marker shape per year."""
    order = summary.order
    fig, axes = plt.subplots(
        1,
        len(MEASURES),
        figsize=(WIDTH_IN, min(MAX_HEIGHT_IN, 0.3 * len(order) + 1.8)),
        sharey=True,
        layout="constrained",
    )
    years = list(summary.years)
    positions = np.arange(len(order))
    for ax, measure in zip(axes, MEASURES):
        table = summary.effects[summary.effects["measure"] == measure.column]
        for offset, year in enumerate(years):
            rows = table[table["year"] == year].set_index("arm").reindex(order)
            y = positions + (offset - (len(years) - 1) / 2) * 0.25
            errors = np.array([rows["mean"] - rows["low"], rows["high"] - rows["mean"]]).clip(min=0)
            ax.errorbar(rows["mean"], y, xerr=np.nan_to_num(errors), fmt="none", ecolor="0.55", elinewidth=0.9)
            ax.scatter(
                rows["mean"],
                y,
                c=[colours[arm] for arm in order],
                marker=YEAR_MARKERS[offset % 5],
                s=22,
                zorder=3,
                edgecolors="white",
                linewidths=0.4,
            )
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_title(wrap(f"{measure.label} ({measure.unit})", 22), fontsize=9)
        ax.set_xlabel("")
        thousands(ax.xaxis, ticks=3)
        ax.tick_params(axis="x", labelsize=8, labelrotation=0)
    axes[0].set_yticks(positions, [wrap(summary.label(arm), 28) for arm in order], fontsize=8)
    axes[0].invert_yaxis()
    handles = [line_handle("0.3", marker=YEAR_MARKERS[i % 5], linestyle="") for i in range(len(years))]
    legend_below(fig, handles, [str(year) for year in years])
    return drawn(
        "effects",
        "Paired effects against the status quo",
        f"Mean paired effect (an option's run minus the status quo's run with the same seed) on annual values, "
        f"with {LEVEL:.0%} confidence intervals (grey bars), by year (marker shape); one colour per option, as in "
        "every figure; the units are in each panel's title.",
        fig,
    )
