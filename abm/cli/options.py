"""Checks and options shared by several commands."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import click

from abm.core.errors import InputError

EXTRAS = {
    "app": ("solara", "ipyvuetify", "matplotlib"),
    "report": ("seaborn", "matplotlib", "scipy"),
    "pdf": ("weasyprint",),
    "calibration": ("optuna", "SALib", "scipy"),
    "dask": ("distributed",),
}
"""Each optional feature's extra (``pip install 'talentgap[<extra>]'``) and the modules it brings.
The PDF needs the ``report`` extra, which includes WeasyPrint."""


def require_extra(extra: str, command: str) -> None:
    """Raise InputError with the one-line install hint if ``extra``'s modules are missing."""
    missing = [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]
    if missing:
        package = "report" if extra == "pdf" else extra
        raise InputError(
            f"{command} needs the '{package}' extra ({', '.join(missing)} not installed): "
            f"pip install 'talentgap[{package}]' (in a checkout: .venv/bin/pip install -e '.[{package}]')"
        )


def check_seed_and_scale(seed: int, scale: float) -> None:
    """Raise InputError for a negative seed or a scale that is not a positive number."""
    if seed < 0:
        raise InputError(f"option --seed: must be a non-negative integer, got {seed}")
    if not (scale > 0 and math.isfinite(scale)):
        raise InputError(f"option --scale: must be a positive number (1.0 = Hong Kong), got {scale}")


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
