"""What an optimisation writes from its study: the trials, the Pareto front and its figure, and the
recommended package as a scenario file.

- **Trials** (``trials.csv``): one row per trial (killed ones left out), with its decision
  variables, its metrics (:mod:`experiments.optimise.evaluate`), ``feasible`` (within the budget
  every year in every future and search seed) and ``on_front``.
- **Front** (``front.csv``): optuna's Pareto front of the feasible trials (``Study.best_trials``:
  no other feasible trial is at least as good on cost, share of futures met and harm, and better
  on one), cheapest first.
- **Recommended package**: the cheapest front point that meets the target in at least
  ``min_share`` of the futures (ties: less harm, then the earlier trial); it is within the budget
  by being on the front. It is written as a scenario file: the status quo plus the package's
  instruments, which ``talentgap run`` runs as it is (the futures are not part of it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the figure is written as a PNG file

import matplotlib.pyplot as plt
import optuna
import pandas as pd
import seaborn as sns
import tomli_w
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.ticker import PercentFormatter
from optuna.trial import TrialState

from abm.runs.output import atomic_write
from experiments.optimise import space
from experiments.optimise.settings import Settings
from experiments.optimise.study import KILLED

RECOMMENDED_NAME = "optimised_package"
"""The recommended scenario's name (``talentgap run`` writes it to ``results/optimised_package/``)."""


def trials_table(study: optuna.Study, chosen: tuple[space.Instrument, ...]) -> pd.DataFrame:
    """One row per finished trial (see the module docstring)."""
    killed = set(study.user_attrs.get(KILLED, []))
    front = {trial.number for trial in study.best_trials}
    rows = []
    for trial in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE, TrialState.FAIL)):
        if trial.number in killed:
            continue
        row: dict[str, Any] = {"trial": trial.number, "state": trial.state.name.lower()}
        row |= {name: trial.params.get(name) for instrument in chosen
                for name in (instrument.include, instrument.size, instrument.start)}  # fmt: skip
        row["package"] = space.package_name(space.entries(chosen, trial.params))
        row |= {name: value for name, value in trial.user_attrs.items() if name != "package"}  # old journals held one
        row["description"] = space.describe(chosen, trial.params)
        constraints = trial.constraints
        row["feasible"] = trial.state == TrialState.COMPLETE and all(v <= 0 for v in constraints.values())
        row["on_front"] = trial.number in front
        rows.append(row)
    return pd.DataFrame(rows)


def front_table(trials: pd.DataFrame) -> pd.DataFrame:
    """The Pareto front's trials, cheapest first; a package found by several trials appears once (its first)."""
    front = trials[trials["on_front"]].sort_values(["cost_hkd", "harm", "trial"], kind="stable")
    return (
        front.sort_values("trial")
        .drop_duplicates("package")
        .sort_values(["cost_hkd", "harm", "trial"], kind="stable")
        .reset_index(drop=True)
    )


def recommend(front: pd.DataFrame, settings: Settings) -> pd.Series | None:
    """The cheapest front point meeting the target in at least ``min_share`` of futures, or None."""
    meeting = front[front["share_met"] >= settings.min_share]
    return None if meeting.empty else meeting.iloc[0]


def closest(front: pd.DataFrame, count: int = 3) -> pd.DataFrame:
    """The front points nearest the target: most futures met, then lowest difficulty share."""
    return front.sort_values(["share_met", "difficulty_share", "cost_hkd"], ascending=[False, True, True]).head(count)


def scenario_file(row: pd.Series, chosen: tuple[space.Instrument, ...], settings: Settings, source: str) -> str:
    """The recommended package as a scenario file's text (a comment header, then TOML)."""
    params = {name: row[name] for instrument in chosen for name in (instrument.include, instrument.size,
                                                                    instrument.start)}  # fmt: skip
    package = space.entries(chosen, params)
    views = {"fiscal": "net fiscal cost", "programme": "programme cost"}
    header = (
        f"# Written by `talentgap optimise` ({source}, trial {int(row['trial'])}): the cheapest package on the\n"
        f"# Pareto front that met the target difficulty share {settings.target:.1%} in {settings.by} in "
        f"{row['share_met']:.0%} of the futures\n"
        f"# (at least {settings.min_share:.0%} asked), adding at most HK${settings.budget_hkd_per_year:,.0f} a year "
        f"to programme spending.\n"
        f"# Present-value {views[settings.cost_view]} 2023-{settings.by} at {settings.discount_rate:.0%}: "
        f"HK${row['cost_hkd']:,.0f} (mean over futures and search seeds).\n"
        f"# It is the status quo plus the package; run it with: talentgap run <this file>\n"
    )
    document = {
        "name": RECOMMENDED_NAME,
        "description": f"Optimised package: {row['description']}.",
        "policies": package,
    }
    return header + tomli_w.dumps(document)


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    atomic_write(path, lambda name: frame.to_csv(name, index=False))


def draw_front(trials: pd.DataFrame, recommended: pd.Series | None, settings: Settings, path: Path) -> None:
    """The front's figure: every trial's present-value cost against its difficulty share at the
    target year (mean over futures and seeds), the front coloured by the harm to local graduates,
    other feasible trials grey, trials over the budget as crosses, the target dashed, the
    recommended package starred."""
    done = trials[trials["state"] == "complete"].assign(cost_m=lambda t: t["cost_hkd"] / 1e6)
    front, over = done[done["on_front"]], done[~done["feasible"]]
    others = done[done["feasible"] & ~done["on_front"]]
    colours = sns.color_palette("rocket_r", as_cmap=True)
    norm = Normalize(*_harm_range(front["harm"]))
    with sns.axes_style("whitegrid"), sns.plotting_context("notebook"):
        figure, axes = plt.subplots(figsize=(8.5, 5))
        axes.scatter(others["cost_m"], others["difficulty_share"], color="0.7", s=18, label="other feasible trials")
        axes.scatter(over["cost_m"], over["difficulty_share"], color="0.55", marker="x", s=22, label="over the budget")
        sns.scatterplot(data=front, x="cost_m", y="difficulty_share", hue="harm", hue_norm=norm, palette=colours,
                        s=70, edgecolor="black", legend=False, ax=axes)  # fmt: skip
        figure.colorbar(ScalarMappable(norm=norm, cmap=colours), ax=axes, label="harm to local graduates (points)")
        axes.axhline(settings.target, color="0.3", linestyle="--", linewidth=1, label=f"target {settings.target:.0%}")
        if recommended is not None:
            axes.scatter([recommended["cost_hkd"] / 1e6], [recommended["difficulty_share"]], marker="*", s=320,
                         color="gold", edgecolor="black", zorder=5, label="recommended")  # fmt: skip
        view = "net fiscal" if settings.cost_view == "fiscal" else "programme"
        axes.set_xlabel(f"present-value {view} cost 2023-{settings.by} against the status quo, HK$ million")
        axes.set_ylabel(f"difficulty share in {settings.by}")
        axes.yaxis.set_major_formatter(PercentFormatter(1.0))
        axes.set_title("Pareto front (coloured): cost against the gap at the date")
        axes.legend(fontsize="small", loc="best")
        figure.tight_layout()
    atomic_write(path, lambda name: figure.savefig(name, format="png", dpi=110))
    plt.close(figure)


def _harm_range(harm: pd.Series) -> tuple[float, float]:
    """The colour scale's range: the front's harm, widened to a point if it is one value."""
    low, high = (float(harm.min()), float(harm.max())) if len(harm) else (0.0, 0.0)
    return (low - 0.5, high + 0.5) if high - low < 1e-9 else (low, high)
