"""Commands over many runs: ``sweep``, ``sensitivity`` and ``report``."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from abm.cli.options import require_extra, results_folder, sweep_options, tls_files


@click.command("report")
@click.argument("results_dir", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="HTML file to write  [default: RESULTS_DIR/report.html]")
@click.option("--pdf", is_flag=True, help="Also write the same report as PDF, beside the HTML file (FILE.pdf).")
@click.option("--markdown", is_flag=True, help="Also write the summary and the headline table as Markdown (FILE.md).")
@click.option(
    "--discount-rate",
    type=float,
    default=0.04,
    show_default=True,
    help="Real discount rate a year for costs (an assumption: no sourced figure gives one).",
)
@click.option(
    "--cost-view",
    type=click.Choice(["programme", "fiscal"]),
    default="programme",
    show_default=True,
    help="The cost that ranks the options: programme spending, or the net fiscal cost (programme + public "
    "services used by added residents - the salaries tax they pay). An optimisation's report shows both views "
    "and keeps the one it minimised.",
)
def report_command(
    results_dir: Path, out: Path | None, pdf: bool, markdown: bool, discount_rate: float, cost_view: str
) -> None:
    """Write the report of a RESULTS_DIR (one offline HTML file; --pdf also a PDF).

    RESULTS_DIR is a sweep's or a comparison's folder (the policy comparison report) or an optimisation's
    (`talentgap optimise`: the front, the recommended package, its check and where it fails).
    """
    require_extra("pdf" if pdf else "report", "talentgap report" + (" --pdf" if pdf else ""))
    from experiments.report import build_report
    from experiments.report.optimisation import build_optimisation_report, is_optimisation
    from experiments.report.summary import top_rows

    if is_optimisation(results_dir):
        given = click.get_current_context().get_parameter_source
        chosen = build_optimisation_report(
            results_dir,
            out=out,
            pdf=pdf,
            markdown=markdown,
            discount_rate=None if given("discount_rate") == ParameterSource.DEFAULT else discount_rate,
            cost_view=None if given("cost_view") == ParameterSource.DEFAULT else cost_view,
        )
        written = [path for path in (chosen.html, chosen.pdf, chosen.markdown) if path is not None]
        click.echo("report written to " + ", ".join(map(str, written)))
        for line in chosen.lines:
            click.echo(line)
        return
    report = build_report(
        results_dir, out=out, pdf=pdf, discount_rate=discount_rate, cost_view=cost_view, markdown=markdown
    )
    written = [path for path in (report.html, report.pdf, report.markdown) if path is not None]
    click.echo("report written to " + ", ".join(map(str, written)))
    for line in top_rows(report.summary):
        click.echo(line)


@click.command("sweep")
@click.argument("experiment_file", type=click.Path(path_type=Path))
@sweep_options
def sweep_command(experiment_file: Path, workers: int, scheduler: str | None, tls_ca_file: Path | None,
                  tls_cert: Path | None, tls_key: Path | None, max_runs: int, resume: bool, out: Path | None,
                  quiet: bool) -> None:  # fmt: skip
    """Run every scenario x grid point x seed of EXPERIMENT_FILE; one Parquet file per run."""
    if scheduler is not None:
        require_extra("dask", "talentgap sweep --scheduler")
    tls = tls_files(tls_ca_file, tls_cert, tls_key)
    from experiments.experiment import load_experiment
    from experiments.sweep import run_experiment

    experiment, path = load_experiment(experiment_file)
    folder = out if out is not None else results_folder(experiment.name, str(path))
    summary = run_experiment(experiment, folder, source=path, max_runs=max_runs, workers=workers, scheduler=scheduler,
                             tls=tls, resume=resume, show_progress=not quiet)  # fmt: skip
    click.echo(f"{experiment.name}: {summary.total} runs, {summary.skipped} already done, {summary.ran} run now "
               f"({summary.executor}, {summary.seconds:.1f} s), {summary.failed} failed; in {folder}")  # fmt: skip
    if summary.failed:
        click.echo(f"failed runs are listed with their errors in {folder / 'manifest.json'}", err=True)
        raise click.exceptions.Exit(1)


@click.command("sensitivity")
@click.argument("design_file", type=click.Path(path_type=Path), default="experiments/sensitivity.toml", required=False)
@sweep_options
def sensitivity_command(design_file: Path, workers: int, scheduler: str | None, tls_ca_file: Path | None,
                        tls_cert: Path | None, tls_key: Path | None, max_runs: int, resume: bool, out: Path | None,
                        quiet: bool) -> None:  # fmt: skip
    """Morris screening of every uncertain parameter in DESIGN_FILE, then Sobol indices of the top ones.

    DESIGN_FILE defaults to experiments/sensitivity.toml (the design of the reference analysis).
    """
    require_extra("calibration", "talentgap sensitivity")
    if scheduler is not None:
        require_extra("dask", "talentgap sensitivity --scheduler")
    tls = tls_files(tls_ca_file, tls_cert, tls_key)
    from abm.runs.provenance import parameter_labels
    from experiments.sensitivity import load_design, run_counts, run_sensitivity

    design, path = load_design(design_file)
    folder = out if out is not None else results_folder(design.name, str(path))
    morris_runs, sobol_runs = run_counts(design)
    click.echo(f"{design.name}: Morris {morris_runs} runs, then Sobol {sobol_runs} runs; writing to {folder}")
    morris, sobol, summaries = run_sensitivity(design, folder, source=path, max_runs=max_runs, workers=workers,
                                               scheduler=scheduler, tls=tls, resume=resume,
                                               show_progress=not quiet)  # fmt: skip
    seconds = sum(summary.seconds for summary in summaries)
    last = max(design.years)
    click.echo(f"done in {seconds:.0f} s; {design.output} in {last}, largest Morris mu_star:")
    ranked = morris[morris["year"] == last].nlargest(5, "mu_star")
    labels = parameter_labels()
    for row in ranked.itertuples():
        label = labels.get(row.parameter, row.parameter)
        click.echo(f"  {label:<45} mu* {row.mu_star:.3f} (+/- {row.mu_star_conf:.3f})")
    click.echo(f"Sobol indices in {last}:")
    for row in sobol[sobol["year"] == last].itertuples():
        label = labels.get(row.parameter, row.parameter)
        click.echo(f"  {label:<45} S1 {row.S1:.2f} (+/- {row.S1_conf:.2f})  ST {row.ST:.2f} "
                   f"(+/- {row.ST_conf:.2f})")  # fmt: skip
    click.echo(f"tables: {folder / 'morris.csv'}, {folder / 'sobol.csv'}")
