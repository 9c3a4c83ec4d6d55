"""Commands about one model run: ``run`` and ``policies``."""

from __future__ import annotations

from pathlib import Path

import click

from abm.cli.options import check_seed_and_scale, results_folder


@click.command("run")
@click.argument("scenario", required=False, type=click.Path(path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True, help="The run's seed (non-negative integer).")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Market scale: 1.0 is Hong Kong.")
@click.option("--out", type=click.Path(path_type=Path), help="Results folder (default: results/<scenario name>).")
def run_command(scenario: Path | None, seed: int, scale: float, out: Path | None) -> None:
    """Run one SCENARIO file (default: the baseline) with one seed; write results/<name>/."""
    from abm.calibration.targets import survey_targets
    from abm.runs.scenarios import load_scenario
    from abm.runs.single import run_single

    check_seed_and_scale(seed, scale)
    loaded = load_scenario(scenario)
    folder = out if out is not None else results_folder(loaded.name, str(scenario or "the default scenario"))
    frame, path = run_single(loaded, seed=seed, scale=scale, folder=folder, scenario_file=scenario)
    survey = frame[frame["month"] == loaded.calendar.survey - loaded.calendar.first_month_recorded].iloc[0]
    click.echo(f"scenario {loaded.name}, seed {seed}, scale {scale}: {len(frame)} months written to {path}")
    click.echo(f"at the survey month {loaded.calendar.survey_month} (HKPC figure in brackets):")
    for target in survey_targets():
        click.echo(f"  {target.name:<22} {survey[target.name]:6.1%}  ({target.value:.0%})")
    last = frame.iloc[-1]
    click.echo(
        f"at {loaded.calendar.horizon_month}: difficulty_share {last['difficulty_share']:.1%}, "
        f"employed {last['employed']:,}, unemployment rate {last['unemployment_rate']:.1%}, "
        f"median wage HK${last['median_wage_hkd']:,.0f}"
    )


@click.command("policies")
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
