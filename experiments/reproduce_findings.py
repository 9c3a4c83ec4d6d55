"""Reproduce the committed policy comparison (results/reference/ and docs/findings.md), top to bottom.

    .venv/bin/python experiments/reproduce_findings.py [--workers 2] [--scheduler tcp://host:8786]

1. the policy comparison: every built-in policy and package against the status quo, 30 paired
   seeds at scale 1 (390 runs), into ``results/policy_comparison/``;
2. the same comparison under each near-optimal calibration set (10 committed), 10 seeds (1,300 runs), into
   ``results/policy_comparison/calibration_robustness/`` (the report's ranking figure);
3. the sensitivity analysis (Morris then Sobol, 1,988 runs; ``--morris-only`` stops after Morris's
   1,220) into
   ``results/policy_comparison/sensitivity/`` (the report's sensitivity figures);
4. the report, HTML and PDF, copied with the summary table and the manifest to ``results/reference/``.

Every step resumes: after a kill, run the script again and it continues where it stopped.
On this machine's 2 cores (stage-5 calibration, with other work sharing the CPU at times): the
comparison 8 minutes, the robustness 53, the Morris stage 53 (its extreme-growth points are slow),
the Sobol stage more (docs/experiments.md).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from experiments.experiment import load_experiment
from experiments.report import ROBUSTNESS, build_report
from experiments.sensitivity import load_design, run_sensitivity
from experiments.sweep import run_experiment

HERE = Path(__file__).resolve().parent
RESULTS = HERE.parent / "results" / "policy_comparison"
REFERENCE = HERE.parent / "results" / "reference"


def sweep(experiment_file: Path, folder: Path, **executor) -> None:
    """Run (or finish) one experiment file into ``folder``."""
    experiment, path = load_experiment(experiment_file)
    summary = run_experiment(experiment, folder, source=path, resume=True, **executor)
    print(f"{experiment.name}: {summary.total} runs ({summary.skipped} already done) in {summary.seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="Local worker processes.")
    parser.add_argument("--scheduler", help="Dask scheduler address (tcp://host:port).")
    parser.add_argument(
        "--morris-only",
        action="store_true",
        help="Stop the sensitivity analysis after its Morris stage (as the reference was made).",
    )
    args = parser.parse_args()
    executor = {"workers": args.workers, "scheduler": args.scheduler}

    sweep(HERE / "policy_comparison.toml", RESULTS, **executor)
    sweep(HERE / "calibration_robustness.toml", RESULTS / ROBUSTNESS, **executor)
    design, path = load_design(HERE / "sensitivity.toml")
    run_sensitivity(design, RESULTS / "sensitivity", source=path, resume=True, sobol=not args.morris_only, **executor)

    report = build_report(RESULTS, pdf=True)
    REFERENCE.mkdir(parents=True, exist_ok=True)
    for source in (report.html, report.pdf, RESULTS / "manifest.json"):
        shutil.copy2(source, REFERENCE / source.name)
    for table in ("morris.csv",) if args.morris_only else ("morris.csv", "sobol.csv"):
        shutil.copy2(RESULTS / "sensitivity" / table, REFERENCE / f"sensitivity_{table}")
    report.summary.effects.to_csv(REFERENCE / "effects.csv", index=False)
    report.summary.value.to_csv(REFERENCE / "value_for_money.csv", index=False)
    report.summary.costs.to_csv(REFERENCE / "costs.csv", index=False)
    print(f"report: {report.html}; reference record: {REFERENCE}")


if __name__ == "__main__":
    main()
