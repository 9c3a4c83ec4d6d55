"""Diagnostic figures: the calibration fit, sensitivity indices, the ranking under calibration uncertainty.

Like :mod:`experiments.report.figures`, each function takes a table and returns a
:class:`~experiments.report.figures.Figure`; the caller decides whether the folder has the data.
Targets, outputs and parameters are shown in words (:mod:`abm.core.columns`, the parameters' labels).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from abm.core.columns import COLUMNS, words
from experiments.report.effects import HEADLINE
from experiments.report.figures import MAX_HEIGHT_IN, WIDTH_IN, Figure, drawn, themed, wrap
from experiments.report.numbers import number, significant
from experiments.report.results import CALIBRATION_SET
from experiments.report.summary import Summary

TARGET_LABELS = {
    "job_ending_rate": "Job-ending rate (a month)",
    "time_to_fill_months": "Time to fill (months)",
    "time_to_fill_days": "Time to fill (days)",
    "employment_growth_2019_2024": "Employment growth, 2019 to 2024 (ratio)",
    "market_pay_level": "Market pay level (index)",
}
"""Calibration targets that are not output columns, in words."""
METHODS = {
    "morris": ("Sensitivity: Morris screening", "Morris μ*: mean absolute effect on the share"),
    "sobol": ("Sensitivity: Sobol indices", "Sobol total-effect index (share of variance)"),
}
"""Each sensitivity method's figure title and axis label."""


def target_label(name: str) -> str:
    """A calibration target in words."""
    return TARGET_LABELS.get(name) or (COLUMNS[name].label if name in COLUMNS else words(name))


def _target_value(name: str, value: float) -> str:
    """A target's value as a reader writes it: shares and rates in %, counts with separators."""
    if name.endswith(("_share", "_rate")):
        return f"{number(value * 100, 1)}%"
    return significant(value)


@themed
def calibration_fit(calibration: dict) -> Figure:
    """Each calibration target's model mean against its target, in units of its tolerance."""
    kinds = {"hard": "HKPC survey share (hard target)", "soft": "Other figure (soft target)"}
    rows = [
        {
            "target": target_label(name),
            "kind": kinds.get(entry.get("kind", ""), "Target"),
            "gap": (entry["model_mean"] - entry["value"]) / entry["tolerance"],
            "text": f"model {_target_value(name, entry['model_mean'])}, target {_target_value(name, entry['value'])}",
        }
        for name, entry in calibration["targets"].items()
    ]
    table = pd.DataFrame(rows)
    fig, ax = plt.subplots(figsize=(WIDTH_IN * 0.85, min(MAX_HEIGHT_IN, 0.42 * len(table) + 1.4)), layout="constrained")
    ax.axvspan(-1, 1, color="0.9", zorder=0)
    sns.barplot(table, x="gap", y="target", hue="kind", dodge=False, ax=ax, palette=["#0067A5", "#F38400"])
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1.0), title="", frameon=False)
    for i, row in table.iterrows():  # beside the bar's end, or beside zero for a bar to the left: never on the labels
        ax.annotate(
            row["text"], (max(row["gap"], 0.0), i), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8
        )
    ax.set(xlabel="Model mean minus target, in tolerances (grey: within one)", ylabel="")
    ax.set_xlim(min(-3.5, table["gap"].min() - 0.5), max(5.5, table["gap"].max() + 4.5))
    return drawn(
        "calibration",
        "Calibration fit",
        "Model mean at the calibration seeds against each target, in units of the target's tolerance (grey: within "
        "one tolerance); the hard targets are the HKPC survey's shares.",
        fig,
    )


@themed
def sensitivity(table: pd.DataFrame, method: str, value: str, error: str, labels: dict[str, str], top: int = 10):
    """Sensitivity indices (``value``, with ``error`` bars) of the ``top`` parameters of the last year, one
    panel per output, one bar per year."""
    outputs = list(dict.fromkeys(table["output"]))
    height = min(MAX_HEIGHT_IN, len(outputs) * (0.38 * top + 0.9))
    fig, axes = plt.subplots(len(outputs), 1, figsize=(WIDTH_IN, height), squeeze=False, layout="constrained")
    years = sorted(table["year"].unique())
    colours = dict(zip(years, sns.color_palette("crest", len(years))))
    for ax, output in zip(axes.flat, outputs):
        rows = table[table["output"] == output]
        last = rows[rows["year"] == years[-1]].nlargest(top, value)["parameter"].tolist()
        shown = rows[rows["parameter"].isin(last)].assign(
            name=lambda t: t["parameter"].map(lambda p: wrap(labels.get(p, words(p.split(".")[-1])), 45))
        )
        order = [wrap(labels.get(p, words(p.split(".")[-1])), 45) for p in last]
        sns.barplot(shown, x=value, y="name", hue="year", order=order, hue_order=years, palette=colours, ax=ax)
        for patch_group, year in zip(ax.containers, years):
            data = shown[shown["year"] == year].set_index("name").reindex(order)
            centres = [bar.get_y() + bar.get_height() / 2 for bar in patch_group]
            ax.errorbar(data[value], centres, xerr=data[error], fmt="none", ecolor="black", elinewidth=0.7, capsize=1.5)
        sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1.0), title="Year", frameon=False)
        axis = METHODS.get(method, (method, value))[1]
        output_label = COLUMNS[output].label if output in COLUMNS else words(output)
        ax.set(xlabel=axis, ylabel="", title=output_label)
        ax.tick_params(axis="y", labelsize=8)
    return drawn(
        f"sensitivity_{method}",
        METHODS.get(method, (words(method),))[0],
        f"The {min(top, table['parameter'].nunique())} most influential parameters in {years[-1]}: index by year "
        "(black bars: its confidence "
        "half-width), for each output.",
        fig,
    )


@themed
def calibration_ranking(summary: Summary) -> Figure:
    """How often each arm takes each rank across calibration sets (rank 1: largest reduction per HK$1bn).

    Each row is a share of the calibration sets in which that arm was run, so it sums to 100%.
    """
    ranking, order = summary.ranking, summary.order
    counts = ranking.groupby(["arm", "rank"]).size().unstack("rank", fill_value=0).reindex(order).fillna(0)
    shares = counts.div(counts.sum(axis=1), axis=0)
    shares.index = [wrap(summary.label(arm), 34) for arm in shares.index]
    size = (min(WIDTH_IN, 0.55 * shares.shape[1] + 3.6), min(MAX_HEIGHT_IN, 0.36 * len(order) + 1.2))
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    labels = shares.map(lambda share: f"{share:.0%}" if share > 0 else "")  # empty cells stay empty
    sns.heatmap(
        shares, annot=labels, fmt="", cmap="Blues", vmin=0, vmax=1, cbar=False, ax=ax, annot_kws={"fontsize": 7}
    )
    ax.set(xlabel=f"Rank by effect per HK$1bn on the {HEADLINE.label.lower()}", ylabel="")
    ax.tick_params(labelsize=8)
    return drawn(
        "ranking",
        "Ranking under calibration uncertainty",
        f"Share of the calibration sets ({ranking[CALIBRATION_SET].nunique()} in all) in which each option takes "
        f"each rank by its effect per HK$1bn on the {HEADLINE.label.lower()} in {summary.headline_year} (1 = largest "
        "reduction; an option without a positive cost ranks last).",
        fig,
    )
