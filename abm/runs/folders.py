"""Who may write a results folder, and how: checks made before anything is written, and the lock.

A results folder has one owner (DESIGN.md, "Outputs"):

- a sweep (``talentgap sweep``, each stage of ``talentgap sensitivity``): the manifest's
  ``experiment.fingerprint`` names the experiment, and only that experiment resumes the folder;
- single runs (``talentgap run``): the manifest's ``experiment.kind`` is ``"single run"`` and each
  run is added to it, so runs of any scenario and seed accumulate in one folder.

A writer holds the folder's lock (``.talentgap.lock``, :func:`locked`) while it writes: a sweep
for its whole length, a single run while it adds its file and its manifest entry, so two
commands never interleave their updates of one manifest. Nothing in a folder is written through
a symbolic link: a linked ``manifest.json``, ``timeseries/`` or lock file is refused.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from abm.core.errors import InputError
from abm.runs.output import MANIFEST, REPORT, SINGLE_RUN, TIMESERIES, is_run_id, read_manifest, temporary_target

LOCK = ".talentgap.lock"
"""The lock file inside a results folder (``filelock``; it stays after use, empty)."""
LOCK_WAIT_S = 10.0
"""Seconds a writer waits for another talentgap command to release a folder before giving up."""
_OWN_FILES = {MANIFEST, LOCK, REPORT, str(Path(REPORT).with_suffix(".pdf"))}
"""The files talentgap writes at the top of a folder of single runs (besides ``timeseries/``)."""


def check_folder(folder: Path) -> None:
    """Refuse a path that cannot be a results folder, before anything is written.

    Raises:
        InputError: ``folder`` is a file, a broken symbolic link, a link loop or under a file;
            or its ``manifest.json``, ``timeseries`` or lock file is a symbolic link; or its
            ``timeseries`` is not a folder. A missing folder is fine: it is created when written.
    """
    folder = Path(folder)
    create = "give a folder (it is created if missing)"
    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        if folder.is_symlink():
            raise InputError(f"{folder}: is a broken symbolic link (to {os.readlink(folder)}); {create}") from None
        return
    except OSError as error:
        raise InputError(f"{folder}: cannot be a results folder ({error.strerror}); {create}") from None
    if not stat.S_ISDIR(mode):
        raise InputError(f"{folder}: is a file, not a folder; {create}")
    for name in (MANIFEST, TIMESERIES, LOCK):
        if (folder / name).is_symlink():
            raise InputError(f"{folder / name}: is a symbolic link; talentgap writes only real files inside a "
                             "results folder, never through a link: replace it, or choose another folder")  # fmt: skip
    series = folder / TIMESERIES
    if series.exists() and not series.is_dir():
        raise InputError(f"{series}: is a file, not the folder of run files; move it away or choose another folder")


def single_run_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a folder ``talentgap run`` may add a run to; None for a new or empty folder.

    Raises:
        InputError: the path cannot be a results folder (:func:`check_folder`), its manifest is
            damaged (:func:`abm.runs.output.read_manifest`), it holds a sweep's results, or it
            holds a file talentgap did not write there.
    """
    folder = Path(folder)
    check_folder(folder)
    manifest = read_manifest(folder)
    if manifest is not None and manifest["experiment"].get("kind") != SINGLE_RUN:
        experiment = manifest["experiment"]
        raise InputError(
            f"{folder}: holds the results of {experiment.get('kind') or 'an experiment'} {experiment.get('name')!r} "
            f"({len(manifest['runs'])} runs); `talentgap run` adds runs only to a folder of single runs: "
            "choose another --out"
        )
    foreign = _foreign_entry(folder)
    if foreign is not None:
        raise InputError(f"{foreign}: not written by talentgap; `talentgap run` writes only into a new folder or "
                         "one of its own: choose another --out, or move the file away")  # fmt: skip
    return manifest


def _foreign_entry(folder: Path) -> Path | None:
    """The first entry of a single-run folder that talentgap would not have written there, or None."""
    if not folder.is_dir():
        return None
    for entry in sorted(folder.iterdir()):
        if entry.name == TIMESERIES or entry.name in _OWN_FILES or temporary_target(entry.name) in _OWN_FILES:
            continue
        return entry
    series = folder / TIMESERIES
    for entry in sorted(series.iterdir()) if series.is_dir() else []:
        target = temporary_target(entry.name) or entry.name
        if target.endswith(".parquet") and is_run_id(target.removesuffix(".parquet")) and not entry.is_symlink():
            continue
        return entry
    return None


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock (creating the folder) while the block writes.

    Raises:
        InputError: another talentgap command held the lock for :data:`LOCK_WAIT_S` seconds.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / LOCK, timeout=LOCK_WAIT_S)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(f"{folder}: another talentgap command is writing to this folder; "
                         "wait until it ends, or choose another folder") from None  # fmt: skip
    try:
        yield
    finally:
        lock.release()


def check_output_file(path: Path, option: str) -> None:
    """Refuse a file to write that is a folder or lies under a file, before anything is computed.

    Args:
        path: the file to write (its folder is created if missing).
        option: the option that named it, for the message (``"--out"``).
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(f"option {option}: {path} is a folder; give the name of a file to write")
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"option {option}: {parent} is a file, so {path} cannot be written; give another file name")
