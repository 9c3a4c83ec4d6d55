"""Reproduce the committed optimisations (results/reference/optimise_<millions>m/ and docs/findings.md).

    .venv/bin/python experiments/reproduce_optimisations.py [--workers 2] [--budgets 300 600 1000]

For each annual budget (default HK$300m, HK$600m and HK$1bn): `talentgap optimise` for the cheapest
package that brings the difficulty share to 43% by 2030 in at least 80% of the committed futures
(net fiscal cost view), into ``results/optimisations/budget_<millions>m/``, then its report (HTML
and PDF), copied with the front, the check, the rule and the recommended scenario (those the run
wrote) to ``results/reference/optimise_<millions>m/``.

Why 43%: the calibrated status quo (stage 5) already brings the share from 49% (2023) to about 45%
by 2030 (44.9%, the reference comparison's 30 seeds), so a 49% target is met by doing nothing; 43%
asks for a package two points better than the market's own adjustment, the size of the largest
lasting effect in that comparison (extra university places, -2.3 points in 2035), in four futures
out of five. (The stage-4 runs aimed at 45%, when that calibration's status quo was at 46%.)
Each budget is its own search: a smaller budget's search spends its trials inside that budget.

The settings are what this project's 2-core machine affords, not what a decision needs: half of
Hong Kong's size, 2 search seeds per future, 20 trials (the first 10 are the anchors), 5 fresh
seeds per future for the check. On a cluster, raise them (``--scheduler``, docs/optimise.md).
Every step resumes: after a kill, run the script again.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from experiments.futures import load_futures
from experiments.optimise.result import summary_lines
from experiments.optimise.run import optimise
from experiments.optimise.settings import Settings
from experiments.report.optimisation import build_optimisation_report

HERE = Path(__file__).resolve().parent
RESULTS = HERE.parent / "results" / "optimisations"
REFERENCE = HERE.parent / "results" / "reference"
BUDGETS_MILLIONS_HKD = (300, 600, 1000)
SETTINGS = {"target": 0.43, "by": 2030, "cost_view": "fiscal", "trials": 20, "seeds": 2, "check_seeds": 5,
            "scale": 0.5}  # fmt: skip
KEPT = ("report.html", "report.pdf", "front.csv", "front.png", "check.csv", "rule.json", "result.json",
        "recommended.toml")  # fmt: skip


def run_budget(budget_hkd: float, workers: int) -> Path:
    """Run (or finish) the optimisation for one budget, print its summary; its folder."""
    folder = RESULTS / f"budget_{budget_hkd / 1e6:.0f}m"
    settings = Settings(budget_hkd_per_year=budget_hkd, **SETTINGS)
    resume = (folder / "study.journal").exists()
    result = optimise(settings, load_futures(), folder, workers=workers, resume=resume, show_progress=True)
    print("\n".join(summary_lines(result)))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="Local worker processes.")
    parser.add_argument("--budgets", type=int, nargs="+", default=BUDGETS_MILLIONS_HKD,
                        help="Annual budgets, HK$ millions.")  # fmt: skip
    args = parser.parse_args()
    for budget in (millions * 1e6 for millions in args.budgets):
        folder = run_budget(budget, args.workers)
        build_optimisation_report(folder, pdf=True)
        kept = REFERENCE / f"optimise_{budget / 1e6:.0f}m"
        kept.mkdir(parents=True, exist_ok=True)
        for name in KEPT:
            if (folder / name).exists():
                shutil.copy2(folder / name, kept / name)
            else:  # a file an earlier run kept, which this run did not write (no recommendation)
                (kept / name).unlink(missing_ok=True)
        print(f"HK${budget / 1e6:,.0f}m a year: {folder} (kept in {kept})")


if __name__ == "__main__":
    main()
