"""The ``talentgap`` command line: parse, validate, call the library, print a short summary.

Bad input exits with status 2 and one line on stderr naming the file or option, the
field and what is allowed, without a traceback, and writes nothing.
"""

from __future__ import annotations

import math
import sys
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
