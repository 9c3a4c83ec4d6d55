"""Checkpoints: a branch carried on from a trunk's saved model equals the branch run from the start."""

from __future__ import annotations

import pickle
import zlib

import pandas as pd
import pytest
from conftest import short_scenario

import abm.runs.forking as forking
from abm.core.calendar import parse_month
from abm.runs import RunSpec, checkpoints, run
from abm.runs.forking import family, run_family
from abm.runs.output import atomic_write
from policies.registry import BUILT_INS

SCALE = 0.1
SEED = 5
START = "2023-06"


def branch(name: str, start: str = START) -> RunSpec:
    entry = {"name": name, "id": f"extra_{name}", "start": start}
    return RunSpec(short_scenario(name=f"{name}-{start}", policies=[entry]), seed=SEED, scale=SCALE)


TRUNK = RunSpec(short_scenario(), seed=SEED, scale=SCALE)


def carried_on(spec: RunSpec, folder) -> pd.DataFrame:
    [(done, frame, error)] = run_family(family(TRUNK, [spec], with_trunk=False, checkpoints=folder))
    assert done is spec and error is None
    return frame


def no_new_trunk(monkeypatch) -> None:
    """Make building the trunk's model fail: what runs must come from a checkpoint."""

    def refuse(*args, **kwargs):
        raise AssertionError("the trunk was built again")

    monkeypatch.setattr(forking, "build_model", refuse)


@pytest.mark.parametrize("name", sorted(policy.name for policy in BUILT_INS))
def test_a_branch_from_a_saved_checkpoint_equals_the_branch_run_from_the_start(name, tmp_path, monkeypatch):
    spec = branch(name)
    alone = run(spec)
    pd.testing.assert_frame_equal(carried_on(spec, tmp_path), alone)  # makes the checkpoint
    assert list(tmp_path.iterdir()) == [checkpoints.checkpoint_path(tmp_path, TRUNK, parse_month(START))]
    no_new_trunk(monkeypatch)
    pd.testing.assert_frame_equal(carried_on(spec, tmp_path), alone)  # starts from it


def test_a_later_branch_starts_from_the_latest_earlier_checkpoint_and_adds_its_own(tmp_path, monkeypatch):
    carried_on(branch("internship"), tmp_path)
    later = branch("internship", "2024-03")
    alone = run(later)
    no_new_trunk(monkeypatch)
    pd.testing.assert_frame_equal(carried_on(later, tmp_path), alone)
    saved = sorted(path.name.split("-", 1)[1][:7] for path in tmp_path.iterdir())
    assert saved == [START, "2024-03"]


def test_a_damaged_checkpoint_is_made_again_and_one_of_other_code_is_not_read(tmp_path, monkeypatch):
    spec = branch("talent_admission")
    alone = run(spec)
    path = checkpoints.checkpoint_path(tmp_path, TRUNK, parse_month(START))
    path.write_bytes(b"not a pickle")
    pd.testing.assert_frame_equal(carried_on(spec, tmp_path), alone)
    assert pickle.loads(zlib.decompress(path.read_bytes())).month == parse_month(START)  # made again
    monkeypatch.setattr(checkpoints, "code_fingerprint", lambda: "0123456789ab")
    assert checkpoints.load_latest(tmp_path, TRUNK, parse_month(START)) is None


def test_the_trunk_with_checkpoints_gives_its_own_run_too(tmp_path):
    outcomes = {spec.run_id: frame for spec, frame, _ in
                run_family(family(TRUNK, [branch("internship")], checkpoints=tmp_path))}  # fmt: skip
    pd.testing.assert_frame_equal(outcomes[TRUNK.run_id], run(TRUNK))


def test_only_checkpoints_and_their_temporary_files_are_removed(tmp_path):
    kept = [tmp_path / ".results.csv.0a1b2c3d.tmp", tmp_path / "notes.txt"]
    for path in kept:
        path.write_text("mine")
    saved = checkpoints.checkpoint_path(tmp_path, TRUNK, 300)
    leftover = tmp_path / f".{saved.name}.0a1b2c3d.tmp"
    leftover.write_bytes(b"half")
    atomic_write(saved, lambda name: open(name, "wb").close())
    checkpoints.remove_temporary_files(tmp_path)
    assert not leftover.exists() and saved.exists() and all(path.exists() for path in kept)
    leftover.write_bytes(b"half")
    checkpoints.remove_checkpoints(tmp_path)
    assert not saved.exists() and not leftover.exists() and all(path.exists() for path in kept)
    for path in kept:
        path.unlink()
    checkpoints.remove_checkpoints(tmp_path)
    assert not tmp_path.exists()
