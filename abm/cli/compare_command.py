"""Comparing scenarios with the status quo: ``compare``."""

from __future__ import annotations

from pathlib import Path

import click

from abm.cli.options import check_seed_and_scale, require_extra
from abm.core.errors import InputError


@click.command("compare")
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--seeds", type=int, default=10, show_default=True, help="Seeds 0..N-1, the same for every scenario.")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Market scale: 1.0 is Hong Kong.")
@click.option("--workers", type=int, default=1, show_default=True, help="Local worker processes.")
@click.option(
    "--out", type=click.Path(path_type=Path), help="Results folder  [default: results/compare-<scenario names>]"
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def compare_command(
    scenarios: tuple[Path, ...], seeds: int, scale: float, workers: int, out: Path | None, quiet: bool
) -> None:
    """Run each SCENARIO file and the status quo on the same seeds; print the paired differences.

    The differences (scenario run minus the status quo's run of the same seed, mean and 90% interval)
    are those of the report's measures at 2026, 2030 and 2035 (the years the runs cover). The results
    folder is a sweep's: `talentgap report` turns it into the full report. Running the same comparison
    again reuses the runs already in the folder.
    """
    require_extra("report", "talentgap compare")
    from experiments.report.compare import difference_lines, run_comparison

    check_seed_and_scale(0, scale)
    if seeds < 2:
        raise InputError(f"option --seeds: must be at least 2 (an interval needs two pairs), got {seeds}")
    comparison = run_comparison(
        list(scenarios), seeds=seeds, scale=scale, workers=workers, out=out, show_progress=not quiet
    )
    sweep = comparison.sweep
    click.echo(
        f"{sweep.total} runs ({sweep.skipped} already done) at scale {scale:g} in {comparison.folder}; "
        "counts at Hong Kong's size"
    )
    for line in difference_lines(comparison.differences):
        click.echo(line)
    click.echo(f"the full report: .venv/bin/talentgap report {comparison.folder}")
