"""What free firm entry would change: the status quo's pay growth and difficulty share by entry elasticity.

    .venv/bin/python experiments/free_entry.py [--elasticities 0 1 2 3 4] [--seeds 3] [--fit-seeds 8] [--scale 1.0]

The calibrated model lets firms enter at InvestHK's startup growth whatever pay does
(``market.firm_entry_pay_elasticity`` = 0), so from about 2028 AI pay outgrows anything Hong Kong's
wages have done. This runs the calibrated status quo with entry answering pay
(:func:`abm.core.firm_dynamics.entry_deterrence`) at each elasticity, on the same seeds, without
recalibrating, and prints two markdown tables, one row per elasticity. The projection (means over
``--seeds`` seeds): the growth of AI workers' median monthly wage over 2024-30 and 2030-35, and the
difficulty share at the survey and after. The fit, as calibration sees it (on ``--fit-seeds``
seeds calibration never uses, 100 onwards): the loss over the targets of ``abm/data/targets.toml``
with and without the 2019-24 pay growth the installed calibration was not fitted to (C&SD's median
hourly wage grew 3.3% a year over 2014-24, 2.5% to 4.2% by industry section), and the model's
pay growth over 2019-24. docs/validation.md ("Pay against the economy's wages") shows its output.
Outputs are recorded from 2019-01 with a 12-month burn-in, so runs start in 2018-01 as the
calibrated scenario's do.
"""

from __future__ import annotations

import argparse

import pandas as pd

from abm.calibration.evaluate import ensemble, loss
from abm.calibration.targets import load_targets
from abm.core.scenario import table_from_dotted
from abm.runs import RunSpec, build_scenario, run

CALENDAR = {"first_recorded_month": "2019-01", "burn_in_months": 12}
"""The calibrated scenario's start (2018-01), with outputs from 2019 so that 2019-24 can be compared."""
PERIODS = (("2024-06", "2030-06"), ("2030-06", "2035-06"))
"""Projected periods over which wage growth is reported (June to June); 2019-24 is the fit table's."""
DATES = ("2023-06", "2030-06", "2035-06")
"""Months at which the difficulty share is reported."""
ELASTICITY = "market.firm_entry_pay_elasticity"
PAY_GROWTH = "wage_growth_2019_2024"
"""The target the installed calibration was not fitted to."""


def status_quo(elasticity: float, seeds: range, scale: float) -> pd.DataFrame:
    """The status quo's months at ``elasticity``, averaged over ``seeds``, indexed by ``YYYY-MM``."""
    entry = table_from_dotted({ELASTICITY: elasticity})
    scenario = build_scenario({"name": "free-entry", "calendar": CALENDAR} | entry)
    runs = pd.concat([run(RunSpec(scenario, seed=seed, scale=scale)) for seed in seeds], ignore_index=True)
    runs["month"] = runs["date"].dt.strftime("%Y-%m")
    return runs.groupby("month")[["median_wage_hkd", "difficulty_share", "firms_active"]].mean()


def row(elasticity: float, months: pd.DataFrame) -> dict[str, str]:
    """One elasticity's markdown cells."""
    cells = {"entry elasticity": f"{elasticity:g}"}
    for start, end in PERIODS:
        years = (pd.Timestamp(end) - pd.Timestamp(start)).days / 365.25
        growth = (months.loc[end, "median_wage_hkd"] / months.loc[start, "median_wage_hkd"]) ** (1 / years) - 1
        cells[f"wage growth {start[:4]}-{end[2:4]}"] = f"{growth:.1%} a year"
    for date in DATES:
        cells[f"difficulty {date}"] = f"{months.loc[date, 'difficulty_share']:.1%}"
    cells["firms 2035 / 2024"] = f"{months.loc['2035-06', 'firms_active'] / months.loc['2024-06', 'firms_active']:.2f}"
    return cells


def fit(elasticity: float, seeds: range, scale: float) -> dict[str, str]:
    """The calibration's view at ``elasticity``: its loss with and without the pay-growth target, and
    the figures of the targets free entry moves most."""
    metrics = ensemble({ELASTICITY: elasticity}, list(seeds), scale)
    targets = load_targets()
    means = metrics.mean(numeric_only=True)
    return {
        "entry elasticity": f"{elasticity:g}",
        "loss, all targets": f"{loss(metrics, targets):.2f}",
        "loss without pay growth": f"{loss(metrics, [t for t in targets if t.name != PAY_GROWTH]):.2f}",
        "pay growth 2019-24": f"{means[PAY_GROWTH]:.1%} a year",
        "difficulty 2023-06": f"{means['difficulty_share']:.1%}",
        "employment 2024 / 2019": f"{means['employment_growth_2019_2024']:.3f}",
        "workforce 2024": f"{means['employed']:,.0f}",
    }


def markdown(rows: list[dict[str, str]]) -> str:
    """A markdown table of ``rows`` (one dict of cells per row, the first row's keys as the header)."""
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    return "\n".join(lines + ["| " + " | ".join(cells.values()) + " |" for cells in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elasticities", type=float, nargs="+", default=[0.0, 1.0, 2.0, 3.0, 4.0])
    parser.add_argument("--seeds", type=int, default=3, help="Seeds 0 .. N-1, the same for every elasticity.")
    parser.add_argument("--fit-seeds", type=int, default=8, help="Seeds 100 .. 100 + N - 1 for the loss.")
    parser.add_argument("--scale", type=float, default=1.0, help="Share of Hong Kong's size (1: calibrated).")
    args = parser.parse_args()
    print(markdown([row(e, status_quo(e, range(args.seeds), args.scale)) for e in args.elasticities]))
    print()
    print(markdown([fit(e, range(100, 100 + args.fit_seeds), args.scale) for e in args.elasticities]))


if __name__ == "__main__":
    main()
