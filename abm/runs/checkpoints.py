"""Checkpoints: a trunk run's model saved at a month, so later work carries on from it.

A policy optimisation runs every package in every future and seed, and each package's run is the
status quo of its future until the package's first instrument starts (2025 at the earliest): more
than half of a run to 2030. :func:`abm.runs.forking.run_family`, given a checkpoint folder, saves
the trunk's model at each month a branch diverges and, the next time the same trunk is asked for,
loads the latest checkpoint at or before that month instead of simulating the months again. A
branch carried on from a loaded checkpoint is the same run, byte for byte, as one carried on from
the trunk in memory, and as the branch run from the start (tested).

A checkpoint is ``<trunk run id>-<YYYY-MM>-<code>.pickle``: the trunk's model having simulated
every month before ``YYYY-MM``, made by the code whose fingerprint is ``<code>`` (the package's
and the policies' source and data, :func:`code_fingerprint`); a checkpoint of other code is never
read. It is the model pickled and compressed with zlib (level 1: 0.7 MiB for a half-scale model
in 2025, 2.8 MiB uncompressed, in about 20 ms). Files are written atomically (two processes that make the
same checkpoint write the same model, the last one stays); a checkpoint that cannot be read is
made again. The folder is a cache inside a results folder: deleting it loses only time
(:func:`remove_checkpoints` does, once the work that needed it is done). Checkpoints are pickles,
so read only folders this tool wrote.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import re
import zlib
from pathlib import Path

import abm
import policies
from abm.core.calendar import format_month, parse_month
from abm.core.model import TalentModel
from abm.runs.output import atomic_write, temporary_target
from abm.runs.simulation import RunSpec

_NAME = re.compile(r"(?P<run_id>.+)-(?P<month>\d{4}-\d{2})-(?P<code>[0-9a-f]{12})\.pickle")
UNREADABLE = (OSError, EOFError, zlib.error, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError)
"""What reading a damaged, truncated or foreign checkpoint raises: it is made again."""


@functools.cache
def code_fingerprint() -> str:
    """12 hex digits of SHA-256 over the source and data files of ``abm`` and the built-in policies:
    any change to the code that builds or steps a model (or to anything else there) makes a new
    fingerprint, so a checkpoint is never carried on by other code than made it."""
    digest = hashlib.sha256()
    for package in (abm, policies):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def checkpoint_path(folder: Path, trunk: RunSpec, month: int) -> Path:
    """Where the checkpoint of ``trunk`` before ``month`` (a month number) is kept in ``folder``."""
    return Path(folder) / f"{trunk.run_id}-{format_month(month)}-{code_fingerprint()}.pickle"


def load_latest(folder: Path, trunk: RunSpec, month: int) -> TalentModel | None:
    """The model of the latest readable checkpoint of ``trunk`` at or before ``month``, or None."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    saved = []
    for path in folder.glob(f"{trunk.run_id}-*-{code_fingerprint()}.pickle"):
        match = _NAME.fullmatch(path.name)
        if match and match["run_id"] == trunk.run_id and parse_month(match["month"]) <= month:
            saved.append((parse_month(match["month"]), path))
    for _, path in sorted(saved, reverse=True):
        try:
            model = pickle.loads(zlib.decompress(path.read_bytes()))
        except UNREADABLE:
            continue
        if isinstance(model, TalentModel):
            return model
    return None


def save(folder: Path, trunk: RunSpec, model: TalentModel) -> None:
    """Keep ``model`` (the run of ``trunk``, about to simulate ``model.month``) as a checkpoint."""
    data = zlib.compress(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL), 1)
    atomic_write(checkpoint_path(folder, trunk, model.month), lambda name: Path(name).write_bytes(data))


def remove_temporary_files(folder: Path) -> None:
    """Delete the temporary files a killed writer left in the checkpoint ``folder``; nothing else."""
    _remove(folder, lambda name: (target := temporary_target(name)) is not None and _NAME.fullmatch(target))


def remove_checkpoints(folder: Path) -> None:
    """Delete the checkpoints in ``folder`` (and what a killed writer left), then ``folder`` if
    that empties it; no other file."""
    _remove(folder, lambda name: _NAME.fullmatch(name) or _NAME.fullmatch(temporary_target(name) or ""))
    folder = Path(folder)
    if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
        folder.rmdir()


def _remove(folder: Path, owned) -> None:
    folder = Path(folder)
    if folder.is_symlink() or not folder.is_dir():
        return
    for path in folder.iterdir():
        if owned(path.name) and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
