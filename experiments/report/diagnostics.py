"""Diagnostic figures: the calibration fit, sensitivity indices, the ranking under calibration uncertainty.

Like :mod:`experiments.report.figures`, each function takes a table and returns a
:class:`~experiments.report.figures.Figure`; the caller decides whether the folder has the data.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from experiments.report.effects import HEADLINE
from experiments.report.figures import Figure, png_uri
from experiments.report.results import CALIBRATION_SET


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


def sensitivity(table: pd.DataFrame, method: str, value: str, error: str, top: int = 10) -> Figure:
    """Sensitivity indices (``value`` with ``error`` bars) of the ``top`` parameters per output, at its last year."""
    last = table[table["year"] == table.groupby("output")["year"].transform("max")]
    outputs = list(dict.fromkeys(last["output"]))
    fig, axes = plt.subplots(1, len(outputs), figsize=(5.5 * len(outputs), 0.35 * top + 1.5), squeeze=False)
    for ax, output in zip(axes[0], outputs):
        rows = last[last["output"] == output].nlargest(top, value)
        sns.barplot(rows, x=value, y="parameter", color=sns.color_palette("colorblind")[0], ax=ax)
        ax.errorbar(rows[value], range(len(rows)), xerr=rows[error], fmt="none", color="black", capsize=2)
        ax.set(title=f"{output} ({int(rows['year'].iloc[0])})", xlabel=value, ylabel="")
    return Figure(
        f"sensitivity_{method}",
        f"Sensitivity: {method}",
        f"{method} indices ({value}, bars: {error}) "
        f"of the {top} most influential parameters for each output at its last year.",
        png_uri(fig),
    )


def calibration_ranking(ranking: pd.DataFrame, order: list[str]) -> Figure:
    """How often each arm takes each rank across calibration sets (rank 1: largest reduction per HK$1bn)."""
    sets = ranking[CALIBRATION_SET].nunique()
    counts = ranking.groupby(["arm", "rank"]).size().unstack("rank", fill_value=0).reindex(order).fillna(0) / sets
    fig, ax = plt.subplots(figsize=(1.0 * counts.shape[1] + 4, 0.5 * len(order) + 1.5))
    sns.heatmap(counts, annot=True, fmt=".0%", cmap="Blues", vmin=0, vmax=1, cbar=False, ax=ax)
    ax.set(xlabel="Rank by effect per HK$1bn on the difficulty share", ylabel="")
    return Figure(
        "ranking",
        "Ranking under calibration uncertainty",
        f"Share of the {sets} calibration sets in which "
        "each policy takes each rank by its effect per HK$1bn on the "
        f"{HEADLINE.label.lower()} (1 = largest reduction).",
        png_uri(fig),
    )
