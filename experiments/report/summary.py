"""The summary of a results folder: the status quo, effects, costs, value for money, the order of the policies.

The policies (each arm: a scenario, with its swept parameter values) are sorted by their
effect per HK$1bn on the headline measure (the difficulty share; most negative, the largest
reduction per HK$1bn, first) in the chosen cost view where that ratio is shown, then by the mean
effect on the headline measure where it is not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from abm.core.errors import InputError
from experiments.intervals import t_interval
from experiments.report.costs import PER, VIEW_LABELS, available_views, paired_costs, ratio_interval, value_for_money
from experiments.report.effects import (
    HEADLINE,
    MEASURES,
    annual_values,
    effects_table,
    full_years,
    paired_effects,
    report_years,
)
from experiments.report.results import CALIBRATION_SET, Results


@dataclass(frozen=True)
class Summary:
    """Everything the summary tables show.

    Attributes:
        years: the years of the effects (see :func:`experiments.report.effects.report_years`).
        headline_year: the last of them: the year of the effect per HK$1bn and the end of the costs.
        discount_rate: the real discount rate a year.
        status_quo: ``measure, year, mean, low, high, runs``: the baseline's annual values (in the
            measures' shown units: % for shares) at the first full year and at ``years``.
        effects: ``measure, arm, year, mean, low, high, pairs`` in shown units.
        costs: ``view, arm, mean, low, high, pairs``: discounted cost against the baseline, HK$, in
            every cost view the runs support.
        value: ``measure, arm, per_bn, low, high, shown``: effect per HK$1bn at the headline year in
            ``cost_view``, for the measures where it means something (``Measure.per_bn``).
        order: the arms, sorted (see the module docstring).
        ranking: by calibration set, each arm's effect per HK$1bn on the headline measure and its
            rank (1 = largest reduction per HK$1bn); None unless the folder has calibration sets.
        cost_view: the view that ranks (``"programme"`` or ``"fiscal"``).
        labels: each arm's name in words.
    """

    years: tuple[int, ...]
    headline_year: int
    discount_rate: float
    status_quo: pd.DataFrame
    effects: pd.DataFrame
    costs: pd.DataFrame
    value: pd.DataFrame
    order: list[str]
    ranking: pd.DataFrame | None
    cost_view: str
    labels: dict[str, str]

    @property
    def views(self) -> list[str]:
        """The cost views in :attr:`costs`, the ranking one first."""
        views = list(dict.fromkeys(self.costs["view"]))
        return sorted(views, key=lambda view: view != self.cost_view)

    def label(self, arm: str) -> str:
        """An arm's name in words."""
        return self.labels.get(arm, arm)


def summarise(results: Results, discount_rate: float, cost_view: str = "programme") -> Summary:
    """Paired effects, costs and effects per HK$1bn of every policy arm against the baseline.

    Args:
        results: the results folder.
        discount_rate: the real discount rate a year.
        cost_view: the cost that ranks the arms: ``"programme"`` or ``"fiscal"``.

    Raises:
        InputError: no policy run has a baseline partner, the runs cover no calendar year in full, or
            the cost view is unknown or needs columns the runs lack.
    """
    views = available_views(results)
    years = report_years(results.frame)
    headline_year = years[-1]
    differences = paired_effects(results, years)
    if differences.empty:
        raise InputError(
            f"{results.folder}: no policy run has a baseline run with the same {', '.join(results.strata)}"
        )
    effects = effects_table(differences)
    cost_pairs = {view: paired_costs(results, discount_rate, headline_year, view) for view in {*views, cost_view}}
    costs = pd.DataFrame(
        [
            (view, arm, *t_interval(group["difference"]), len(group))
            for view in views
            for arm, group in cost_pairs[view].groupby("arm", sort=False)
        ],
        columns=["view", "arm", "mean", "low", "high", "pairs"],
    )
    meaningful = [measure.column for measure in MEASURES if measure.per_bn]
    value = value_for_money(
        differences[differences["measure"].isin(meaningful)], cost_pairs[cost_view], effects, headline_year
    )
    order = _order(effects, value, headline_year)
    headline = differences[(differences["measure"] == HEADLINE.column) & (differences["year"] == headline_year)]
    ranking = _calibration_ranking(headline, cost_pairs[cost_view]) if CALIBRATION_SET in results.strata else None
    return Summary(
        years,
        headline_year,
        discount_rate,
        status_quo(results, years),
        effects,
        costs,
        value,
        order,
        ranking,
        cost_view,
        dict(results.labels),
    )


def status_quo(results: Results, years: tuple[int, ...]) -> pd.DataFrame:
    """The baseline's annual values at the first full year and at ``years``: mean over its runs and the 90%
    t interval of the mean, in the measures' shown units (shares as %).

    With several baseline arms (a swept parameter the baseline uses), the first one's. Runs of the same
    seed and calibration set within the arm are the same run labelled at several grid points (of a policy
    the baseline lacks): each counts once.
    """
    frame = results.frame
    base = frame[frame["arm"] == results.baseline_arms[0]]
    labels = [column for column in ("seed", CALIBRATION_SET) if column in base.columns]
    first = base.drop_duplicates("run_id").drop_duplicates(labels)["run_id"]
    base = base[base["run_id"].isin(first)]
    shown = tuple(sorted({full_years(results.frame)[0], *years}))
    rows = []
    for measure in MEASURES:
        values = annual_values(base, measure, shown)
        for year, group in values.groupby("year"):
            mean, low, high = t_interval(group["value"] * measure.factor)
            rows.append((measure.column, int(year), mean, low, high, len(group)))
    return pd.DataFrame(rows, columns=["measure", "year", "mean", "low", "high", "runs"])


def top_rows(summary: Summary, count: int = 5) -> list[str]:
    """The summary's first ``count`` arms as text lines, after a heading.

    Each line: the arm in words, its change in the difficulty share in the headline year with the interval
    (percentage points), its discounted cost in the ranking view (HK$ million) and its effect per HK$1bn
    (``-`` where not shown).
    """
    year = summary.headline_year
    effects = summary.effects.set_index(["arm", "measure", "year"])
    ratios = summary.value.set_index(["arm", "measure"])
    costs = summary.costs[summary.costs["view"] == summary.cost_view].set_index("arm")["mean"]
    width = max(len(summary.label(arm)) for arm in summary.order[:count])
    lines = [
        f"change in the share of firms reporting difficulty in {year} (percentage points, 90% interval), "
        f"{VIEW_LABELS[summary.cost_view]} (HK$ million, present value), points per HK$1bn:"
    ]
    for arm in summary.order[:count]:
        effect, ratio = effects.loc[(arm, HEADLINE.column, year)], ratios.loc[(arm, HEADLINE.column)]
        per_bn = f"{ratio['per_bn']:+.2f}" if ratio["shown"] else "-"
        lines.append(
            f"  {summary.label(arm):<{width}}  {effect['mean']:+7.2f} [{effect['low']:+.2f}, {effect['high']:+.2f}]  "
            f"{costs[arm] / 1e6:10,.1f}  {per_bn}"
        )
    return lines


def _order(effects: pd.DataFrame, value: pd.DataFrame, year: int) -> list[str]:
    """Arms with a shown headline ratio by that ratio, then the rest by their headline mean effect."""
    headline = effects[(effects["measure"] == HEADLINE.column) & (effects["year"] == year)].set_index("arm")
    ratios = value[value["measure"] == HEADLINE.column].set_index("arm")
    shown = ratios[ratios["shown"]].sort_values("per_bn")
    rest = headline.drop(index=shown.index, errors="ignore").sort_values("mean")
    return list(shown.index) + list(rest.index)


def _calibration_ranking(headline: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """Within each calibration set, each arm's headline effect per HK$1bn and its rank among the arms."""
    merged = headline.merge(costs[["run_id", "difference"]].rename(columns={"difference": "cost"}), on="run_id")
    rows = [
        {
            CALIBRATION_SET: calibration_set,
            "arm": arm,
            "per_bn": ratio_interval(group["difference"].to_numpy(), group["cost"].to_numpy())[0] * PER,
        }
        for (calibration_set, arm), group in merged.groupby([CALIBRATION_SET, "arm"], sort=False)
    ]
    ranking = pd.DataFrame(rows, columns=[CALIBRATION_SET, "arm", "per_bn"])
    ranking["rank"] = ranking.groupby(CALIBRATION_SET)["per_bn"].rank(method="min", na_option="bottom").astype(int)
    return ranking
