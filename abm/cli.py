"""The ``talentgap`` command line: parse, validate, call the library, print a short summary.

Bad input exits with status 2 and one line on stderr naming the file or option, the
field and what is allowed, without a traceback, and writes nothing.
"""

from __future__ import annotations

import math
import sys
import tomllib
from pathlib import Path

import click

from abm.errors import InputError

SURVEY_TARGETS = {"difficulty_share": 0.49, "reduced_hiring_share": 0.20, "expansion_share": 0.45}


@click.group(help="talentgap: an agent-based model of Hong Kong's AI talent market.")
def cli() -> None:
    """The command group; each subcommand is a thin layer over a library function."""


def check_seed_and_scale(seed: int, scale: float) -> None:
    """Raise InputError for a negative seed or a scale that is not a positive number."""
    if seed < 0:
        raise InputError(f"option --seed: must be a non-negative integer, got {seed}")
    if not (scale > 0 and math.isfinite(scale)):
        raise InputError(f"option --scale: must be a positive number (1.0 = Hong Kong), got {scale}")


@cli.command("run")
@click.argument("scenario", required=False, type=click.Path(path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True, help="The run's seed (non-negative integer).")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Market scale: 1.0 is Hong Kong.")
@click.option("--out", type=click.Path(path_type=Path), help="Results folder (default: results/<scenario name>).")
def run_command(scenario: Path | None, seed: int, scale: float, out: Path | None) -> None:
    """Run one SCENARIO file (default: the baseline) with one seed; write results/<name>/."""
    from abm.scenario import load_scenario
    from experiments.sweep import run_single

    check_seed_and_scale(seed, scale)
    loaded = load_scenario(scenario)
    folder = out if out is not None else Path("results") / loaded.name
    frame, path = run_single(loaded, seed=seed, scale=scale, folder=folder, scenario_file=scenario)
    survey = frame[frame["month"] == loaded.calendar.survey - loaded.calendar.first_month_recorded].iloc[0]
    click.echo(f"scenario {loaded.name}, seed {seed}, scale {scale}: {len(frame)} months written to {path}")
    click.echo(f"at the survey month {loaded.calendar.survey_month} (HKPC figure in brackets):")
    for column, target in SURVEY_TARGETS.items():
        click.echo(f"  {column:<22} {survey[column]:6.1%}  ({target:.0%})")
    last = frame.iloc[-1]
    click.echo(
        f"at {loaded.calendar.horizon_month}: difficulty_share {last['difficulty_share']:.1%}, "
        f"employed {last['employed']:,}, unemployment rate {last['unemployment_rate']:.1%}, "
        f"median wage HK${last['median_wage_hkd']:,.0f}"
    )


@cli.command("policies")
def policies_command() -> None:
    """List every installed policy with its parameters, defaults, units and sources."""
    from policies.base import parameter_rows
    from policies.registry import registered
    from policies.status_quo import STATUS_QUO

    for name, policy_class in registered().items():
        flag = "  [in the status quo]" if name in STATUS_QUO else ""
        click.echo(f"{name}: {policy_class.summary}{flag}")
        for row in parameter_rows(policy_class):
            click.echo(f"    {row['name']} = {row['default']!r} [{row['unit']}] source: {row['source']}")


@cli.command("calibrate")
@click.option("--trials", type=int, default=200, show_default=True, help="Finished trials the study should hold.")
@click.option("--seeds", type=int, default=5, show_default=True, help="Seeds per trial (ensemble mean).")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Market scale (1.0 = Hong Kong).")
@click.option("--workers", type=int, default=1, show_default=True, help="Worker processes sharing the study.")
@click.option("--resume", is_flag=True, help="Continue the existing study instead of refusing to overwrite it.")
@click.option("--targets", "target_names", help="Comma-separated target names (default: all in abm/data/targets.toml).")
@click.option(
    "--space",
    "space_file",
    type=click.Path(path_type=Path),
    help="Search-space file (default: abm/data/calibration_space.toml).",
)
@click.option(
    "--study-file", type=click.Path(path_type=Path), help="Optuna journal (default: results/calibration/study.journal)."
)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Calibrated parameter file (default: abm/data/calibrated.toml)."
)
@click.option(
    "--reselect-top",
    type=int,
    default=10,
    show_default=True,
    help="Re-evaluate this many best trials on as many further seeds and keep the best (0: off).",
)
def calibrate_command(trials, seeds, scale, workers, resume, target_names, space_file, study_file, out, reselect_top):
    """Fit the free parameters to the survey targets; write the calibrated parameter file."""
    from abm.calibration import study as calibration
    from abm.scenario import CALIBRATED_FILE

    if trials < 1:
        raise InputError(f"option --trials: must be at least 1, got {trials}")
    names = [n.strip() for n in target_names.split(",")] if target_names else None
    setup = calibration.make_setup(seeds, scale, names, space_file)
    out = out or CALIBRATED_FILE
    calibration.calibrate(
        trials=trials, setup=setup, study_file=study_file or calibration.DEFAULT_STUDY_FILE, resume=resume,
        workers=workers, out=out, reselect_top=reselect_top,
    )  # fmt: skip
    chosen = tomllib.loads(Path(out).read_text())["provenance"]
    click.echo(f"chose trial {chosen['chosen_trial']} of {chosen['trials']}: loss {chosen['loss']:.3f} over "
               f"{len(chosen['seeds'])} seeds; written to {out}")  # fmt: skip
    for name, target in chosen["targets"].items():
        click.echo(f"  {name:<22} model {target['model_mean']:9.3f}   target {target['value']:g}")


@cli.command("uncertainty")
@click.option("--seeds", type=int, default=30, show_default=True, help="Fresh seeds (never used by calibration).")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Market scale (1.0 = Hong Kong).")
@click.option(
    "--study-file", type=click.Path(path_type=Path), help="Optuna journal (default: results/calibration/study.journal)."
)
@click.option("--tolerance", type=float, default=1.0, show_default=True, help="Loss above the best still near-optimal.")
def uncertainty_command(seeds: int, scale: float, study_file: Path | None, tolerance: float) -> None:
    """Spread of the targets on fresh seeds, and the near-optimal parameter sets."""
    from abm.calibration import study as calibration
    from abm.calibration import uncertainty
    from abm.calibration.targets import load_targets
    from abm.output import now

    check_seed_and_scale(0, scale)
    if seeds < 2:
        raise InputError(f"option --seeds: must be at least 2, got {seeds}")
    study_file = study_file or calibration.DEFAULT_STUDY_FILE
    if not Path(study_file).exists():
        raise InputError(f"{study_file}: no calibration study; run `talentgap calibrate` first")
    targets = load_targets()
    fresh = list(range(seeds))
    table = uncertainty.summarise(uncertainty.spread(fresh, scale), targets)
    table.to_csv(uncertainty.SPREAD_FILE, index=False)
    click.echo(table.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    sets = uncertainty.near_optimal_sets(Path(study_file), targets, fresh[:10], scale, tolerance)
    provenance = {"date": now(), "study_file": str(study_file), "tolerance": tolerance, "fresh_seeds": fresh[:10],
                  "scale": scale}  # fmt: skip
    uncertainty.write_near_optimal(sets, provenance)
    click.echo(f"{len(sets)} near-optimal sets written to {uncertainty.NEAR_OPTIMAL_FILE}")


@cli.command("report")
@click.argument("results_dir", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="HTML file to write (default: RESULTS_DIR/report.html).")
@click.option("--pdf", is_flag=True, help="Also write the same report as PDF, beside the HTML file.")
@click.option("--discount-rate", type=float, help="Real discount rate a year for costs (default 0.04, an assumption).")
def report_command(results_dir: Path, out: Path | None, pdf: bool, discount_rate: float | None) -> None:
    """Write the policy comparison report of a RESULTS_DIR (one offline HTML file; --pdf also a PDF)."""
    from experiments.report import build_report
    from experiments.report.summary import top_rows

    rate = {} if discount_rate is None else {"discount_rate": discount_rate}
    report = build_report(results_dir, out=out, pdf=pdf, **rate)
    click.echo(f"report written to {report.html}" + (f" and {report.pdf}" if report.pdf else ""))
    for line in top_rows(report.summary):
        click.echo(line)


def sweep_options(command):
    """The executor and folder options shared by ``sweep`` and ``sensitivity``."""
    options = [
        click.option("--workers", type=int, default=1, show_default=True, help="Local worker processes."),
        click.option("--scheduler", help="Dask scheduler address (tcp://host:port); overrides --workers."),
        click.option("--resume", is_flag=True, help="Run only what is missing from a folder this file made."),
        click.option("--out", type=click.Path(path_type=Path), help="Results folder (default: results/<name>)."),
        click.option("--quiet", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command("sweep")
@click.argument("experiment_file", type=click.Path(path_type=Path))
@sweep_options
def sweep_command(experiment_file: Path, workers: int, scheduler: str | None, resume: bool, out: Path | None,
                  quiet: bool) -> None:  # fmt: skip
    """Run every scenario x grid point x seed of EXPERIMENT_FILE; one Parquet file per run."""
    from experiments.experiment import load_experiment
    from experiments.sweep import run_experiment

    experiment, path = load_experiment(experiment_file)
    folder = out if out is not None else Path("results") / experiment.name
    summary = run_experiment(experiment, folder, source=path, workers=workers, scheduler=scheduler, resume=resume,
                             show_progress=not quiet)  # fmt: skip
    click.echo(f"{experiment.name}: {summary.total} runs, {summary.skipped} already done, {summary.ran} run now "
               f"({summary.executor}, {summary.seconds:.1f} s), {summary.failed} failed; in {folder}")  # fmt: skip
    if summary.failed:
        click.echo(f"failed runs are listed with their errors in {folder / 'manifest.json'}", err=True)
        raise click.exceptions.Exit(1)


@cli.command("sensitivity")
@click.argument("design_file", type=click.Path(path_type=Path), default="experiments/sensitivity.toml")
@sweep_options
def sensitivity_command(design_file: Path, workers: int, scheduler: str | None, resume: bool, out: Path | None,
                        quiet: bool) -> None:  # fmt: skip
    """Morris screening of every uncertain parameter in DESIGN_FILE, then Sobol indices of the top ones."""
    from experiments.sensitivity import load_design, run_counts, run_sensitivity

    design, path = load_design(design_file)
    folder = out if out is not None else Path("results") / design.name
    morris_runs, sobol_runs = run_counts(design)
    click.echo(f"{design.name}: Morris {morris_runs} runs, then Sobol {sobol_runs} runs; writing to {folder}")
    morris, sobol, summaries = run_sensitivity(design, folder, source=path, workers=workers, scheduler=scheduler,
                                               resume=resume, show_progress=not quiet)  # fmt: skip
    seconds = sum(summary.seconds for summary in summaries)
    last = max(design.years)
    click.echo(f"done in {seconds:.0f} s; {design.output} in {last}, largest Morris mu_star:")
    ranked = morris[morris["year"] == last].nlargest(5, "mu_star")
    for row in ranked.itertuples():
        click.echo(f"  {row.parameter:<45} mu* {row.mu_star:.3f} (+/- {row.mu_star_conf:.3f})")
    click.echo(f"Sobol indices in {last}:")
    for row in sobol[sobol["year"] == last].itertuples():
        click.echo(f"  {row.parameter:<45} S1 {row.S1:.2f} (+/- {row.S1_conf:.2f})  ST {row.ST:.2f} "
                   f"(+/- {row.ST_conf:.2f})")  # fmt: skip
    click.echo(f"tables: {folder / 'morris.csv'}, {folder / 'sobol.csv'}")


@cli.command("viz")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback: this host only).")
@click.option("--port", type=int, default=8765, show_default=True, help="TCP port to listen on.")
def viz_command(host: str, port: int) -> None:
    """Serve the browser app (sliders, policy switches, live plots) until Ctrl-C."""
    from abm.app_server import serve

    status = serve(host, port)
    if status:
        raise click.exceptions.Exit(status)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``talentgap`` console script: exit 2 with one line for bad input."""
    try:
        cli.main(args=argv, prog_name="talentgap", standalone_mode=False)
    except InputError as error:
        print(f"talentgap: error: {error}", file=sys.stderr)
        return 2
    except click.exceptions.Abort:
        print("talentgap: aborted", file=sys.stderr)
        return 130
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else str(error))
        return 0
    except click.exceptions.ClickException as error:
        print(f"talentgap: error: {error.format_message()}", file=sys.stderr)
        return error.exit_code
    except click.exceptions.Exit as done:
        return done.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
