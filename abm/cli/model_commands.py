"""Commands about one model run: ``run``, and the listings ``policies`` and ``parameters``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from abm.cli.options import check_seed_and_scale, results_folder
from abm.core.columns import COLUMNS
from abm.core.errors import InputError


@click.command("run")
@click.argument("scenario", required=False, type=click.Path(path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True, help="The run's seed (non-negative integer).")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Market scale: 1.0 is Hong Kong.")
@click.option("--out", type=click.Path(path_type=Path), help="Results folder (default: results/<scenario name>).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def run_command(scenario: Path | None, seed: int, scale: float, out: Path | None, quiet: bool) -> None:
    """Run one SCENARIO file (default: the baseline) with one seed; write results/<name>/."""
    from abm.calibration.targets import survey_targets
    from abm.runs.scenarios import load_scenario
    from abm.runs.single import run_single

    check_seed_and_scale(seed, scale)
    loaded = load_scenario(scenario)
    folder = out if out is not None else results_folder(loaded.name, str(scenario or "the default scenario"))
    calendar = loaded.calendar
    with month_progress(calendar.horizon - calendar.first_simulated + 1, show=not quiet) as after_month:
        frame, path = run_single(loaded, seed=seed, scale=scale, folder=folder, scenario_file=scenario,
                                 after_month=after_month)  # fmt: skip
    survey = frame[frame["month"] == loaded.calendar.survey - loaded.calendar.first_month_recorded].iloc[0]
    click.echo(f"scenario {loaded.name}, seed {seed}, scale {scale:g}: {len(frame)} months written to {path}")
    click.echo(f"at the survey month {loaded.calendar.survey_month} (HKPC figure in brackets):")
    for target in survey_targets():
        click.echo(f"  {COLUMNS[target.name].label:<28} {survey[target.name]:6.1%}  ({target.value:.0%})")
    last = frame.iloc[-1]
    size = "" if scale == 1 else f" at Hong Kong's size (this run at scale {scale:g} has {last['employed']:,})"
    click.echo(
        f"at {loaded.calendar.horizon_month}: firms reporting difficulty {last['difficulty_share']:.1%}, "
        f"employed {last['employed'] / scale:,.0f}{size}, unemployment rate {last['unemployment_rate']:.1%}, "
        f"median wage HK${last['median_wage_hkd']:,.0f} a month"
    )


@contextlib.contextmanager
def month_progress(months: int, show: bool) -> Iterator[Callable[[], None]]:
    """A progress bar of simulated months on stderr if it is a terminal (cleared when done); yields the
    call that counts a month. The first run after install spends its first month compiling the kernels."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = (TextColumn("simulating months"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not (show and console.is_terminal)) as bar:
        task = bar.add_task("months", total=months)
        yield lambda: bar.advance(task)


@click.command("policies")
@click.argument("name", required=False)
def policies_command(name: str | None) -> None:
    """List every installed policy (or the one called NAME, with each parameter's description): the keys of a
    [[policies]] entry, each parameter's default, unit, role and source."""
    from abm.cli.listing import ENTRY_KEYS, policy_lines
    from policies.registry import get, registered
    from policies.status_quo import STATUS_QUO

    chosen = {name: get(name)} if name else registered()
    click.echo("A [[policies]] entry in a scenario file takes these keys, then its policy's parameters:")
    for key, example, meaning in ENTRY_KEYS:
        click.echo(f"    {f'{key} = {example}':<40} {meaning}")
    click.echo("Parameters: name = default, unit, what it is (role: source); sources in docs/sources.md.")
    for policy_name, policy_class in chosen.items():
        click.echo("")
        for line in policy_lines(policy_class, policy_name in STATUS_QUO, detailed=name is not None):
            click.echo(line)


@click.command("parameters")
@click.argument("text", required=False)
@click.option(
    "--role",
    type=click.Choice(["fixed", "definition", "free", "assumption"]),
    help="Only parameters of this role: fixed (by a sourced figure), definition, free (calibrated), assumption.  "
    "[default: every role]",
)
def parameters_command(text: str | None, role: str | None) -> None:
    """List the model's parameters (those whose name, label or group contains TEXT, if given) with their
    values in the default scenario (the calibrated status quo), units, roles and sources."""
    from abm.cli.listing import matches, parameter_line, toml_value
    from abm.runs.provenance import assumptions_table
    from abm.runs.scenarios import default_scenario

    rows = [
        row
        for row in assumptions_table(default_scenario())
        if not row["name"].startswith("policies.") and matches(row, text, role)
    ]
    if not rows:
        raise InputError(f"no parameter matches {text!r}" + (f" with role {role}" if role else ""))
    width = max(len(f"{row['name']} = {toml_value(row['value'])}") for row in rows)
    group = None
    for row in rows:
        if row["group"] != group:
            group = row["group"]
            click.echo(f"{group}:")
        line = parameter_line(row["name"], row["value"], row["unit"], row["label"], row["role"], row["source"], width)
        click.echo(line)
    click.echo(
        f"{len(rows)} parameters; a scenario file sets one as [group] name = value (policies: talentgap policies)."
    )
