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
    "pdf": ("seaborn", "matplotlib", "scipy", "weasyprint"),
    "calibration": ("optuna", "cmaes", "SALib", "scipy", "prim", "seaborn"),
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


def results_folder(name: str, source: str) -> Path:
    """``results/<name>``, the default results folder; InputError if ``name`` would lead elsewhere.

    Args:
        name: a scenario's or an experiment's name.
        source: where the name comes from, for the message.
    """
    if name in ("", ".", "..") or Path(name).name != name:
        raise InputError(f"{source}: field 'name': {name!r} cannot name a folder under results/ "
                         "(one folder name, not '.' or '..'); rename it, or pass --out")  # fmt: skip
    return Path("results") / name


def tls_files(ca_file: Path | None, cert: Path | None, key: Path | None):
    """The ``--tls-*`` options as :class:`experiments.executors.TLSFiles`, or None without them."""
    if (cert is None) != (key is None):
        raise InputError("option --tls-cert: give --tls-cert and --tls-key together (this client's certificate, key)")
    if ca_file is None:
        if cert is not None:
            raise InputError("option --tls-cert: needs --tls-ca-file (the CA that signed the scheduler's certificate)")
        return None
    from experiments.executors import TLSFiles

    return TLSFiles(ca_file, cert, key)


def sweep_options(command):
    """The executor, TLS, limit and folder options shared by ``sweep`` and ``sensitivity``."""
    existing = click.Path(exists=True, dir_okay=False, path_type=Path)
    scheduler = "Address of a trusted Dask scheduler (tcp://host:port, or tls://host:port with --tls-ca-file)."
    limit = "Refuse a design of more runs than this (counted before anything runs)."
    options = [
        click.option("--workers", type=int, default=1, show_default=True, help="Local worker processes."),
        click.option("--scheduler", help=scheduler + " Overrides --workers.  [default: none: local processes]"),
        click.option(
            "--tls-ca-file", type=existing, help="CA certificate (PEM) of a tls:// scheduler.  [default: none]"
        ),
        click.option(
            "--tls-cert", type=existing, help="This client's certificate (PEM), with --tls-key.  [default: none]"
        ),
        click.option(
            "--tls-key", type=existing, help="This client's private key (PEM), with --tls-cert.  [default: none]"
        ),
        click.option("--max-runs", type=int, default=100_000, show_default=True, help=limit),  # = experiment.MAX_RUNS
        click.option("--resume", is_flag=True, help="Run only what is missing from a folder this file made."),
        click.option("--out", type=click.Path(path_type=Path), help="Results folder (default: results/<name>)."),
        click.option("--quiet", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        command = option(command)
    return command
