"""Calibration commands: ``calibrate``, ``uncertainty`` and ``install-calibration``.

``calibrate`` and ``uncertainty`` write into ``results/calibration/`` by default, never into the
package; ``install-calibration`` is the one explicit step that makes a calibration the default
scenario's.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import click

from abm.cli.options import check_seed_and_scale, require_extra
from abm.core.errors import InputError


@click.command("calibrate")
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
    "--out",
    type=click.Path(path_type=Path),
    help="Calibrated parameter file (default: results/calibration/calibrated.toml).",
)
@click.option(
    "--reselect-top",
    type=int,
    default=10,
    show_default=True,
    help="Re-evaluate this many best trials on further seeds and keep the best (0: off).",
)
@click.option(
    "--reselect-seeds",
    type=int,
    default=None,
    help="Further seeds for the re-evaluation.  [default: as many as --seeds]",
)
@click.option(
    "--sampler",
    type=click.Choice(["tpe", "cmaes"]),
    default="tpe",
    show_default=True,
    help="tpe explores the whole space; cmaes refines from the study's best trial (resume a TPE study with it).",
)
@click.option(
    "--within-tolerance",
    "within_tolerance",
    default="",
    help="Comma-separated targets the chosen trial must meet within their tolerance (the re-evaluated trial "
    "with the lowest loss among those that do; all, if none does).  [default: none]",
)
@click.option(
    "--cmaes-step",
    type=float,
    default=0.1,
    show_default=True,
    help="CMA-ES's first step, as a share of each parameter's range (smaller: a closer look around the best trial).",
)
def calibrate_command(
    trials,
    seeds,
    scale,
    workers,
    resume,
    target_names,
    space_file,
    study_file,
    out,
    reselect_top,
    reselect_seeds,
    sampler,
    within_tolerance,
    cmaes_step,
):
    """Fit the free parameters to the survey targets; write the calibrated parameter file.

    The file goes to results/calibration/ (or --out); the default scenario keeps its committed
    calibration until you run `talentgap install-calibration` on it.
    """
    require_extra("calibration", "talentgap calibrate")
    from abm.calibration import study as calibration

    if trials < 1:
        raise InputError(f"option --trials: must be at least 1, got {trials}")
    names = [n.strip() for n in target_names.split(",")] if target_names else None
    setup = calibration.make_setup(seeds, scale, names, space_file)
    out = out or calibration.DEFAULT_OUT
    calibration.calibrate(
        trials=trials, setup=setup, study_file=study_file or calibration.DEFAULT_STUDY_FILE, resume=resume,
        workers=workers, out=out, reselect_top=reselect_top,
        reselect_seeds=reselect_seeds, sampler=sampler, cmaes_step=cmaes_step,
        within_tolerance=tuple(n.strip() for n in within_tolerance.split(",") if n.strip()),
    )  # fmt: skip
    chosen = tomllib.loads(Path(out).read_text())["provenance"]
    if chosen["within_tolerance"] and not chosen["within_tolerance_met"]:
        click.echo(f"no re-evaluated trial meets {', '.join(chosen['within_tolerance'])} within tolerance: "
                   "chose the lowest loss of all")  # fmt: skip
    click.echo(f"chose trial {chosen['chosen_trial']} of {chosen['trials']}: loss {chosen['loss']:.3f} over "
               f"{len(chosen['seeds'])} seeds; written to {out}")  # fmt: skip
    for name, target in chosen["targets"].items():
        click.echo(f"  {name:<22} model {target['model_mean']:9.3f}   target {target['value']:g}")
    click.echo(f"to make it the default scenario's calibration: talentgap install-calibration {out}")


@click.command("uncertainty")
@click.option("--seeds", type=int, default=30, show_default=True, help="Fresh seeds (never used by calibration).")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Market scale (1.0 = Hong Kong).")
@click.option(
    "--study-file", type=click.Path(path_type=Path), help="Optuna journal (default: results/calibration/study.journal)."
)
@click.option(
    "--tolerance",
    type=float,
    default=4.0,
    show_default=True,
    help="Loss above the best still near-optimal (4: two more standard errors on one target).",
)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Folder for the spread and the sets (default: results/calibration)."
)
def uncertainty_command(seeds: int, scale: float, study_file: Path | None, tolerance: float, out: Path | None) -> None:
    """Spread of the targets on fresh seeds, and the near-optimal parameter sets (written to --out)."""
    require_extra("calibration", "talentgap uncertainty")
    from abm.calibration import study as calibration
    from abm.calibration import uncertainty
    from abm.calibration.targets import load_targets
    from abm.runs.folders import check_folder
    from abm.runs.output import atomic_write, now

    check_seed_and_scale(0, scale)
    if seeds < 2:
        raise InputError(f"option --seeds: must be at least 2, got {seeds}")
    if not (math.isfinite(tolerance) and tolerance >= 0):
        raise InputError(f"option --tolerance: must be a non-negative number (loss above the best), got {tolerance}")
    study_file = study_file or calibration.DEFAULT_STUDY_FILE
    folder = Path(out) if out is not None else calibration.DEFAULT_FOLDER
    check_folder(folder)
    study = uncertainty.finished_study(Path(study_file))
    targets = load_targets()
    fresh = list(range(seeds))
    table = uncertainty.summarise(uncertainty.spread(fresh, scale), targets)
    atomic_write(folder / uncertainty.SPREAD_NAME, lambda name: table.to_csv(name, index=False))
    click.echo(table.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    sets = uncertainty.near_optimal_sets(study, targets, fresh[:10], scale, tolerance)
    provenance = {"date": now(), "study_file": str(study_file), "tolerance": tolerance, "fresh_seeds": fresh[:10],
                  "scale": scale}  # fmt: skip
    path = folder / uncertainty.NEAR_OPTIMAL_NAME
    uncertainty.write_near_optimal(sets, provenance, path)
    click.echo(f"{len(sets)} near-optimal sets written to {path}; to commit them: "
               f"talentgap install-calibration --near-optimal {path}")  # fmt: skip


@click.command("install-calibration")
@click.argument("calibrated", required=False, type=click.Path(path_type=Path))
@click.option(
    "--near-optimal",
    type=click.Path(path_type=Path),
    help="A near-optimal file from `talentgap uncertainty`.  [default: none: only CALIBRATED]",
)
def install_calibration_command(calibrated: Path | None, near_optimal: Path | None) -> None:
    """Make CALIBRATED (from `talentgap calibrate`) the default scenario's calibration, and/or commit
    the near-optimal sets; prints what each replaces."""
    from abm.calibration.install import install_calibration

    for line in install_calibration(calibrated, near_optimal):
        click.echo(line)
