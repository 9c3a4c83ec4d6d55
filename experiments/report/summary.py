"""The summary of a results folder: effects, costs, value for money, the order of the policies.

The policies (each arm: a scenario, with its swept parameter values) are sorted by their
effect per HK$1bn on the headline measure (the difficulty share; most negative, the largest
reduction per HK$1bn, first) where that ratio is shown, then by the mean effect on the
headline measure where it is not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from abm.core.errors import InputError
from experiments.report.costs import PER, paired_costs, ratio_interval, value_for_money
from experiments.report.effects import HEADLINE, effects_table, paired_effects, report_years, t_interval
from experiments.report.results import CALIBRATION_SET, Results


@dataclass(frozen=True)
class Summary:
    """Everything the summary table shows.

    Attributes:
        years: the years of the effects (see :func:`experiments.report.effects.report_years`).
        headline_year: the last of them: the year of the effect per HK$1bn and the end of the costs.
        discount_rate: the real discount rate a year.
        effects: ``measure, arm, year, mean, low, high, pairs`` in shown units.
        costs: ``arm, mean, low, high, pairs``: discounted cost against the baseline, HK$.
        value: ``measure, arm, per_bn, low, high, shown``: effect per HK$1bn at the headline year.
        order: the arms, sorted (see the module docstring).
        ranking: by calibration set, each arm's effect per HK$1bn on the headline measure and its
            rank (1 = largest reduction per HK$1bn); None unless the folder has calibration sets.
    """

    years: tuple[int, ...]
    headline_year: int
    discount_rate: float
    effects: pd.DataFrame
    costs: pd.DataFrame
    value: pd.DataFrame
    order: list[str]
    ranking: pd.DataFrame | None


def summarise(results: Results, discount_rate: float) -> Summary:
    """Paired effects, costs and effects per HK$1bn of every policy arm against the baseline.

    Raises:
        InputError: no policy run has a baseline partner, or the runs cover no calendar year in full.
    """
    years = report_years(results.frame)
    headline_year = years[-1]
    differences = paired_effects(results, years)
    if differences.empty:
        raise InputError(
            f"{results.folder}: no policy run has a baseline run with the same {', '.join(results.strata)}"
        )
    effects = effects_table(differences)
    cost_pairs = paired_costs(results, discount_rate, headline_year)
    costs = pd.DataFrame(
        [(arm, *t_interval(group["difference"]), len(group)) for arm, group in cost_pairs.groupby("arm", sort=False)],
        columns=["arm", "mean", "low", "high", "pairs"],
    )
    value = value_for_money(differences, cost_pairs, effects, headline_year)
    order = _order(effects, value, headline_year)
    headline = differences[(differences["measure"] == HEADLINE.column) & (differences["year"] == headline_year)]
    ranking = _calibration_ranking(headline, cost_pairs) if CALIBRATION_SET in results.strata else None
    return Summary(years, headline_year, discount_rate, effects, costs, value, order, ranking)


def top_rows(summary: Summary, count: int = 5) -> list[str]:
    """The summary's first ``count`` arms as text lines, after a heading.

    Each line: the arm, its headline effect in the headline year with the interval (pp), the
    discounted cost (HK$m) and the effect per HK$1bn (``-`` where not shown).
    """
    year = summary.headline_year
    effects = summary.effects.set_index(["arm", "measure", "year"])
    ratios = summary.value.set_index(["arm", "measure"])
    costs = summary.costs.set_index("arm")["mean"]
    lines = [f"change in {HEADLINE.column} in {year} (pp, 90% interval), cost (HK$m, PV), per HK$1bn:"]
    for arm in summary.order[:count]:
        effect, ratio = effects.loc[(arm, HEADLINE.column, year)], ratios.loc[(arm, HEADLINE.column)]
        per_bn = f"{ratio['per_bn']:+.2f}" if ratio["shown"] else "-"
        lines.append(
            f"  {arm:<28} {effect['mean']:+7.2f} [{effect['low']:+.2f}, {effect['high']:+.2f}]  "
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
