"""The ``optimise`` command: the cheapest package that closes the gap by a date under a budget."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from abm.cli.options import require_extra, results_folder, sweep_options, tls_files
from abm.core.errors import InputError

OPTIMISE_MODULES = ("prim", "seaborn")
"""Modules of the ``calibration`` extra that only ``optimise`` needs (PRIM, the front's figure)."""


@click.command("optimise")
@click.option(
    "--target",
    type=float,
    default=0.49,
    show_default=True,
    help="Difficulty share to reach (0-1), averaged over the target year.",
)
@click.option("--by", type=int, default=2030, show_default=True, help="Target year; costs count to its end.")
@click.option(
    "--budget-hkd-per-year",
    type=float,
    default=600e6,
    show_default=True,
    help="Most the package may add to programme spending in any year (HK$, Hong Kong scale).",
)
@click.option(
    "--cost-view",
    default="fiscal",
    show_default=True,
    help="Cost objective: 'fiscal' (programme + services used - salaries tax) or 'programme'.",
)
@click.option(
    "--futures",
    "futures_file",
    type=click.Path(path_type=Path),
    help="Futures file (default: experiments/futures.toml).",
)
@click.option("--policies", help="Comma-separated policies to combine (default: every policy with levers).")
@click.option(
    "--trials",
    type=int,
    default=60,
    show_default=True,
    help="Trials the study should hold; the first are anchors (none, all, each alone at its most).",
)
@click.option("--seeds", type=int, default=3, show_default=True, help="Search seeds per future (paired).")
@click.option(
    "--check-seeds",
    type=int,
    default=10,
    show_default=True,
    help="Fresh seeds per future for the recommended package's check.",
)
@click.option("--scale", type=float, default=1.0, show_default=True, help="Market scale (1.0 = Hong Kong).")
@click.option(
    "--min-share",
    type=float,
    default=0.8,
    show_default=True,
    help="Least share of futures in which the recommended package meets the target.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="The sampler's seed.")
@click.option("--discount-rate", type=float, default=0.04, show_default=True, help="Real discount rate a year.")
@sweep_options
def optimise_command(target, by, budget_hkd_per_year, cost_view, futures_file, policies, trials, seeds, check_seeds,
                     scale, min_share, seed, discount_rate, workers, scheduler, tls_ca_file, tls_cert, tls_key,
                     max_runs, resume, out, quiet) -> None:  # fmt: skip
    """Find the cheapest package of instruments that brings the difficulty share to TARGET by BY in at
    least MIN_SHARE of the futures, adding at most BUDGET to programme spending in any year.

    Writes the Pareto front, the recommended package as a scenario file, its check on fresh seeds and
    where it fails into --out (default results/optimise); see docs/optimise.md.
    """
    require_extra("calibration", "talentgap optimise")
    missing = [name for name in OPTIMISE_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise InputError(f"talentgap optimise needs the 'calibration' extra ({', '.join(missing)} not installed): "
                         "pip install 'talentgap[calibration]' (in a checkout: .venv/bin/pip install -e "
                         "'.[calibration]')")  # fmt: skip
    if scheduler is not None:
        require_extra("dask", "talentgap optimise --scheduler")
    tls = tls_files(tls_ca_file, tls_cert, tls_key)
    from experiments.futures import load_futures
    from experiments.optimise.result import summary_lines
    from experiments.optimise.run import optimise
    from experiments.optimise.settings import Settings

    names = tuple(name.strip() for name in policies.split(",") if name.strip()) if policies else ()
    settings = Settings(target=target, by=by, budget_hkd_per_year=budget_hkd_per_year, cost_view=cost_view,
                        trials=trials, seeds=seeds, scale=scale, check_seeds=check_seeds, min_share=min_share,
                        seed=seed, discount_rate=discount_rate, policies=names)  # fmt: skip
    futures = load_futures(futures_file)
    folder = out if out is not None else results_folder("optimise", "talentgap optimise")
    click.echo(f"optimise: {len(futures.futures)} futures ({futures.name} v{futures.version}) x {seeds} seeds, "
               f"{trials} trials; target difficulty share {target:.1%} by {by}, budget HK${budget_hkd_per_year:,.0f} "
               f"a year, cost view {cost_view}; writing to {folder}")  # fmt: skip
    result = optimise(settings, futures, folder, workers=workers, scheduler=scheduler, tls=tls, resume=resume,
                      show_progress=not quiet, max_runs=max_runs)  # fmt: skip
    for line in summary_lines(result):
        click.echo(line)
