"""The optimisation report's figures: the Pareto front, and the recommended package's check on fresh seeds.

Drawn in the policy report's style (:mod:`experiments.report.figures`: its theme, sizes and colours, labels
in words) from the folder's tables; front points carry the numbers of the front's table rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from experiments.optimise import OptimisationResult
from experiments.report.figures import MAX_HEIGHT_IN, OPTION_COLOURS, WIDTH_IN, Figure, drawn, themed, wrap
from experiments.report.optimisation import words

MET, MISSED = OPTION_COLOURS[0], OPTION_COLOURS[3]
"""Colours of a future in which the package meets the target, and of one in which it misses it."""


@themed
def front(result: OptimisationResult) -> Figure:
    """Every trial's present-value cost against its difficulty share at the target year: the front's points
    numbered as in its table and coloured by the harm to local graduates, other packages within the budget in
    grey, packages over it as grey crosses, the target dashed, the recommended package ringed."""
    settings = result.settings
    done = result.trials[result.trials["state"] == "complete"].assign(cost_m=lambda t: t["cost_hkd"] / 1e6)
    others = done[~done["trial"].isin(result.front["trial"])]
    within, over = others[others["feasible"].astype(bool)], others[~others["feasible"].astype(bool)]
    points = result.front.reset_index(drop=True).assign(cost_m=lambda t: t["cost_hkd"] / 1e6)
    left, right = _cost_range(pd.concat([points["cost_m"], within["cost_m"]]))
    beyond, over = over[over["cost_m"] > right], over[over["cost_m"] <= right]
    colours = sns.color_palette("rocket_r", as_cmap=True)
    norm = Normalize(*_range(points["harm"]))
    fig, ax = plt.subplots(figsize=(WIDTH_IN * 0.8, 4.6), layout="constrained")
    ax.scatter(within["cost_m"], within["difficulty_share"], color="0.72", s=22, zorder=2)
    ax.scatter(over["cost_m"], over["difficulty_share"], color="0.5", marker="x", s=26, zorder=2)
    ax.scatter(
        [right] * len(beyond), beyond["difficulty_share"], color="0.5", marker=">", s=30, zorder=2, clip_on=False
    )
    ax.scatter(
        points["cost_m"],
        points["difficulty_share"],
        c=points["harm"],
        cmap=colours,
        norm=norm,
        s=80,
        edgecolors="black",
        linewidths=0.7,
        zorder=3,
    )
    chosen = result.recommended
    if chosen is not None:
        ax.scatter(
            [chosen["cost_hkd"] / 1e6],
            [chosen["difficulty_share"]],
            s=380,
            facecolors="none",
            edgecolors=MET,
            linewidths=2.2,
            zorder=4,
        )
    ax.axhline(settings["target"], color="0.3", linestyle="--", linewidth=1)
    ax.set_xlim(left, right)
    ax.get_ylim()  # settles the y limits, so the labels below are placed in the final coordinates
    _number_points(ax, points)
    fig.colorbar(ScalarMappable(norm=norm, cmap=colours), ax=ax, label="Harm to local graduates (points)")
    view = words.cost_view(settings["cost_view"])
    ax.set_xlabel(f"Present-value {view} 2023 to {settings['by']} against the status quo (HK$ million)")
    ax.set_ylabel(wrap(f"Firms reporting difficulty in {settings['by']} (share of firms)", 34))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    handles = [
        Line2D([], [], marker="o", linestyle="", color="0.45", markeredgecolor="black", label="Pareto front (number)"),
        Line2D([], [], color="0.3", linestyle="--", label=f"Target {words.difficulty(settings['target'])}"),
    ]
    for shown, marker, colour, label in (
        (within, "o", "0.72", "Other package within the budget"),
        (over, "x", "0.5", "Package over the budget"),
        (beyond, ">", "0.5", "Over the budget, costlier"),
    ):
        if len(shown):
            handles.append(Line2D([], [], marker=marker, linestyle="", color=colour, label=label))
    if chosen is not None:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="none",
                markeredgecolor=MET,
                markeredgewidth=2,
                markersize=11,
                label="Recommended",
            )
        )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.16), ncol=3, frameon=False, fontsize=8)
    costlier = (
        f" {len(beyond)} package{'s' * (len(beyond) != 1)} over the budget cost{'s' * (len(beyond) == 1)} "
        f"more than the axis shows and sit{'s' * (len(beyond) == 1)} on its right edge (triangles)."
        if len(beyond)
        else ""
    )
    return drawn(
        "front",
        "The Pareto front: cost against the gap",
        f"Each point is a package the search tried: its present-value {view} to {settings['by']} against the "
        f"status quo and its share of firms reporting difficulty in {settings['by']}, both means over the futures "
        "and search seeds. The front's packages are numbered as in the table above and coloured by the harm to "
        f"local graduates (darker: more harm); the dashed line is the target.{costlier}",
        fig,
    )


@themed
def check(table: pd.DataFrame, settings: Mapping[str, Any], fresh_seeds: int) -> Figure:
    """The recommended package's difficulty share at the target year in each future on the fresh seeds: the
    mean with its 90% interval, in one colour where it meets the target and another where it misses."""
    table = table.reset_index(drop=True)
    height = min(MAX_HEIGHT_IN, 0.17 * len(table) + 1.3)
    fig, ax = plt.subplots(figsize=(WIDTH_IN * 0.8, height), layout="constrained")
    positions = np.arange(len(table))
    met = table["met"].astype(bool).to_numpy()
    colours = np.where(met, MET, MISSED)
    mean = table["difficulty_share"].to_numpy(dtype=float)
    low = table["difficulty_share_low"].to_numpy(dtype=float).clip(0, 1)
    high = table["difficulty_share_high"].to_numpy(dtype=float).clip(0, 1)
    errors = np.nan_to_num(np.array([mean - low, high - mean]))
    ax.errorbar(mean, positions, xerr=errors.clip(min=0), fmt="none", ecolor="0.6", elinewidth=1, zorder=2)
    ax.scatter(mean, positions, c=colours, s=26, zorder=3, edgecolors="white", linewidths=0.4)
    ax.axvline(settings["target"], color="0.3", linestyle="--", linewidth=1)
    ax.set_xlim(0, 1)
    size = 8 if len(table) <= 20 else 6.5
    ax.set_yticks(positions, [words.future(name) for name in table["future"]], fontsize=size)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(f"Firms reporting difficulty in {settings['by']} (share of firms)")
    handles = [
        Line2D([], [], marker="o", linestyle="", color=MET, label="Meets the target"),
        Line2D([], [], marker="o", linestyle="", color=MISSED, label="Misses it"),
        Line2D([], [], color="0.3", linestyle="--", label=f"Target {words.difficulty(settings['target'])}"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=8)
    return drawn(
        "check",
        "The recommended package in each future, on fresh seeds",
        f"The package's share of firms reporting difficulty in {settings['by']}, mean over {fresh_seeds} fresh "
        f"seed{'s' * (fresh_seeds != 1)} per future (seeds the search never saw) with its 90% confidence interval "
        "(grey bars, cut at 0% and 100%; none with one seed).",
        fig,
    )


OFFSETS = ((7, 5), (-15, -15), (7, -15), (-15, 5), (7, 16), (-15, -26))
"""Where a front point's number goes, in points from the point: the first place clear of numbers already set."""


def _number_points(ax, points: pd.DataFrame) -> None:
    """Write each front point's number (its table row) beside it, where it does not cover another number."""
    placed: list[np.ndarray] = []
    for number, row in enumerate(points.itertuples(), start=1):
        pixel = ax.transData.transform((row.cost_m, row.difficulty_share))
        scale = ax.figure.dpi / 72

        def crowding(offset: tuple[int, int]) -> float:
            spot = pixel + np.array(offset) * scale
            return sum(max(0.0, 16 * scale - float(np.hypot(*(spot - other)))) for other in placed)

        offset = min(OFFSETS, key=lambda o: (crowding(o) > 0, OFFSETS.index(o)))
        placed.append(pixel + np.array(offset) * scale)
        ax.annotate(
            str(number),
            (row.cost_m, row.difficulty_share),
            xytext=offset,
            textcoords="offset points",
            fontsize=9,
            weight="bold",
            zorder=5,
        )


def _cost_range(costs: pd.Series) -> tuple[float, float]:
    """The cost axis: the packages within the budget with a margin (packages over it may lie beyond)."""
    low, high = (float(costs.min()), float(costs.max())) if len(costs) else (0.0, 1.0)
    margin = max((high - low) * 0.08, 1.0)
    return low - margin, high + margin


def _range(harm: pd.Series) -> tuple[float, float]:
    """The colour scale's range: the front's harm, widened to a point if it is one value."""
    low, high = (float(harm.min()), float(harm.max())) if len(harm) else (0.0, 0.0)
    return (low - 0.5, high + 0.5) if high - low < 1e-9 else (low, high)
