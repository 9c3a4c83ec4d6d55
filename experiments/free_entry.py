"""What free firm entry would change: the status quo's pay growth and difficulty share by entry elasticity.

    .venv/bin/python experiments/free_entry.py [--elasticities 0 1 2 3 4] [--seeds 3] [--scale 1.0]

The calibrated model lets firms enter at InvestHK's startup growth whatever pay does
(``market.firm_entry_pay_elasticity`` = 0), so from about 2028 AI pay outgrows anything Hong Kong's
wages have done. This runs the calibrated status quo with entry answering pay
(:func:`abm.core.firm_dynamics.entry_deterrence`) at each elasticity, on the same seeds, without
recalibrating, and prints one markdown row per elasticity (means over the seeds): the growth of
AI workers' median monthly wage over 2019-24 (in sample: C&SD's median hourly wage grew 3.3% a
year over 2014-24, 2.5% to 4.2% by industry section), 2024-30 and 2030-35, and the difficulty
share at the survey and after. docs/validation.md ("Pay against the economy's wages") shows its
output. Outputs are recorded from 2019-01 with a 12-month burn-in, so runs start in 2018-01 as the
calibrated scenario's do.
"""

from __future__ import annotations

import argparse

import pandas as pd

from abm.runs import RunSpec, build_scenario, run

CALENDAR = {"first_recorded_month": "2019-01", "burn_in_months": 12}
"""The calibrated scenario's start (2018-01), with outputs from 2019 so that 2019-24 can be compared."""
PERIODS = (("2019-06", "2024-06"), ("2024-06", "2030-06"), ("2030-06", "2035-06"))
"""Periods over which wage growth is reported (June to June)."""
DATES = ("2023-06", "2030-06", "2035-06")
"""Months at which the difficulty share is reported."""


def status_quo(elasticity: float, seeds: range, scale: float) -> pd.DataFrame:
    """The status quo's months at ``elasticity``, averaged over ``seeds``, indexed by ``YYYY-MM``."""
    scenario = build_scenario(
        {"name": "free-entry", "calendar": CALENDAR, "market": {"firm_entry_pay_elasticity": elasticity}}
    )
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elasticities", type=float, nargs="+", default=[0.0, 1.0, 2.0, 3.0, 4.0])
    parser.add_argument("--seeds", type=int, default=3, help="Seeds 0 .. N-1, the same for every elasticity.")
    parser.add_argument("--scale", type=float, default=1.0, help="Share of Hong Kong's size (1: calibrated).")
    args = parser.parse_args()
    rows = [row(e, status_quo(e, range(args.seeds), args.scale)) for e in args.elasticities]
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for cells in rows:
        print("| " + " | ".join(cells.values()) + " |")


if __name__ == "__main__":
    main()
