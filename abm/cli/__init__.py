"""The ``talentgap`` command line: parse, validate, call the library, print a short summary.

:func:`main` is the console script. Each subcommand lives in a small module by topic
(:mod:`~abm.cli.model_commands`, :mod:`~abm.cli.calibration_commands`,
:mod:`~abm.cli.experiment_commands`, :mod:`~abm.cli.app_command`) and imports what it needs
only when it runs, so ``talentgap run`` loads neither the app nor the report.
"""

from abm.cli.main import cli, main

__all__ = ["cli", "main"]
