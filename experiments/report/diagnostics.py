"""Diagnostic figures: the calibration fit, sensitivity indices, the ranking under calibration uncertainty.

Like :mod:`experiments.report.figures`, each function takes a table and returns a
:class:`~experiments.report.figures.Figure`; the caller decides whether the folder has the data.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from experiments.report.effects import HEADLINE
from experiments.report.figures import Figure, png_uri, themed
from experiments.report.results import CALIBRATION_SET


@themed
def calibration_fit(calibration: dict) -> Figure:
    """Each calibration target's model mean against its target, in units of its tolerance."""
    rows = [
        {
            "target": name,
            "kind": entry.get("kind", ""),
            "gap": (entry["model_mean"] - entry["value"]) / entry["tolerance"],
            "text": f"model {entry['model_mean']:.3g} vs {entry['value']:.3g}",
        }
        for name, entry in calibration["targets"].items()
    ]
    table = pd.DataFrame(rows)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(table) + 1.5))
    ax.axvspan(-1, 1, color="0.9", zorder=0)
    sns.barplot(table, x="gap", y="target", hue="kind", dodge=False, ax=ax)
    sns.move_legend(ax, "center left", bbox_to_anchor=(1.0, 0.5), title="Target")
    for i, row in table.iterrows():
        ax.annotate(
            row["text"],
            (row["gap"], i),
            xytext=(4 if row["gap"] >= 0 else -4, 0),
            textcoords="offset points",
            ha="left" if row["gap"] >= 0 else "right",
            va="center",
            fontsize=8,
        )
    ax.set(xlabel="(model mean - target) / tolerance", ylabel="")
    ax.set_xlim(min(-2.5, table["gap"].min() - 1.5), max(2.5, table["gap"].max() + 1.5))
    return Figure(
        "calibration",
        "Calibration fit",
        "Model mean at the calibration seeds against each target, in "
        "units of the target's tolerance (grey: within one tolerance); hard targets are the HKPC survey "
        "shares.",
        png_uri(fig),
    )


@themed
def sensitivity(table: pd.DataFrame, method: str, value: str, error: str, top: int = 10) -> Figure:
    """Sensitivity indices (``value``, with ``error`` bars) of the ``top`` parameters, one panel per output and year."""
    panels = list(table.groupby(["output", "year"], sort=True))
    columns = min(3, len(panels))
    rows = math.ceil(len(panels) / columns)
    size = (7 * columns, (0.35 * top + 1.5) * rows)
    fig, axes = plt.subplots(rows, columns, figsize=size, squeeze=False, layout="constrained")
    for ax, ((output, year), panel) in zip(axes.flat, panels):
        largest = panel.nlargest(top, value)
        sns.barplot(largest, x=value, y="parameter", color=sns.color_palette("colorblind")[0], ax=ax)
        ax.errorbar(largest[value], range(len(largest)), xerr=largest[error], fmt="none", color="black", capsize=2)
        ax.set(title=f"{output}, {year}", xlabel=value, ylabel="")
    for ax in axes.flat[len(panels) :]:
        ax.set_visible(False)
    return Figure(
        f"sensitivity_{method}",
        f"Sensitivity: {method}",
        f"{method} indices ({value}; bars: {error}, the confidence half-width) of the {top} most influential "
        "parameters, for each output and year.",
        png_uri(fig),
    )


@themed
def calibration_ranking(ranking: pd.DataFrame, order: list[str]) -> Figure:
    """How often each arm takes each rank across calibration sets (rank 1: largest reduction per HK$1bn).

    Each row is a share of the calibration sets in which that arm was run, so it sums to 100%.
    """
    counts = ranking.groupby(["arm", "rank"]).size().unstack("rank", fill_value=0).reindex(order).fillna(0)
    shares = counts.div(counts.sum(axis=1), axis=0)
    fig, ax = plt.subplots(figsize=(1.0 * shares.shape[1] + 4, 0.5 * len(order) + 1.5))
    sns.heatmap(shares, annot=True, fmt=".0%", cmap="Blues", vmin=0, vmax=1, cbar=False, ax=ax)
    ax.set(xlabel=f"Rank by effect per HK$1bn on the {HEADLINE.label.lower()}", ylabel="")
    return Figure(
        "ranking",
        "Ranking under calibration uncertainty",
        f"Share of the calibration sets ({ranking[CALIBRATION_SET].nunique()} in all) in which each policy takes "
        f"each rank by its effect per HK$1bn on the {HEADLINE.label.lower()} in the headline year (1 = largest "
        "reduction; a policy without a positive cost ranks last).",
        png_uri(fig),
    )
