"""The ``talentgap`` command group and its entry point.

Bad input exits with status 2 and one line on stderr naming the file or option, the field and
what is allowed, without a traceback, and writes nothing.
"""

from __future__ import annotations

import sys

import click

from abm.cli.app_command import viz_command
from abm.cli.calibration_commands import calibrate_command, install_calibration_command, uncertainty_command
from abm.cli.compare_command import compare_command
from abm.cli.experiment_commands import report_command, sensitivity_command, sweep_command
from abm.cli.model_commands import parameters_command, policies_command, run_command
from abm.cli.optimise_command import optimise_command
from abm.core.errors import InputError


@click.group(help="talentgap: an agent-based model of Hong Kong's AI talent market.")
def cli() -> None:
    """The command group; each subcommand is a thin layer over a library function."""


for _command in (
    run_command, policies_command, parameters_command, sweep_command, report_command, sensitivity_command,
    calibrate_command, uncertainty_command, install_calibration_command, viz_command,
):  # fmt: skip
    cli.add_command(_command)
cli.add_command(compare_command)
cli.add_command(optimise_command)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``talentgap`` console script: exit 2 with one line for bad input."""
    try:
        status = cli.main(args=argv, prog_name="talentgap", standalone_mode=False)  # a command's Exit(n) returns n
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
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
