"""Who may write a results folder: paths that cannot be one, single-run folders, the lock, output files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from abm.core.errors import InputError
from abm.runs import folders


def test_paths_that_cannot_be_a_results_folder_are_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    (tmp_path / "broken").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    expected = {
        "file": "file: is a file, not a folder",
        "broken": "broken: is a broken symbolic link",
        "loop": "loop: cannot be a results folder (Too many levels of symbolic links)",
        "file/sub": "sub: cannot be a results folder (Not a directory)",
    }
    for name, message in expected.items():
        with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
            folders.check_folder(tmp_path / name)
    assert not (tmp_path / "nowhere").exists()
    folders.check_folder(tmp_path / "new" / "folder")  # missing: created when written


@pytest.mark.parametrize("name", ["manifest.json", "timeseries", ".talentgap.lock"])
def test_links_inside_a_results_folder_are_refused(tmp_path, name):
    folder, outside = tmp_path / "folder", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (folder / name).symlink_to(outside)
    with pytest.raises(InputError, match=f"{name}: is a symbolic link"):
        folders.check_folder(folder)


def test_a_single_run_folder_refuses_a_sweeps_results_and_foreign_files(tmp_path):
    sweep = tmp_path / "sweep"
    sweep.mkdir()
    (sweep / "manifest.json").write_text(json.dumps({"experiment": {"name": "exp", "kind": "sweep"}, "runs": []}))
    with pytest.raises(InputError, match=r"holds the results of sweep 'exp' .*choose another --out"):
        folders.single_run_manifest(sweep)
    mine = tmp_path / "mine"
    (mine / "timeseries").mkdir(parents=True)
    for name in ("timeseries/0a1b2c3d4e5f.parquet", "timeseries/.0a1b2c3d4e5f.parquet.0123abcd.tmp", "report.html"):
        (mine / name).write_text("x")
    assert folders.single_run_manifest(mine) is None
    (mine / "timeseries" / "notes.txt").write_text("x")
    with pytest.raises(InputError, match=r"notes\.txt: not written by talentgap"):
        folders.single_run_manifest(mine)


def test_a_folder_locked_by_another_command_is_refused(tmp_path, monkeypatch):
    holder = "import sys, time, filelock; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); print(1, flush=True)"
    holder += "; time.sleep(60)"
    (tmp_path / "folder").mkdir()
    process = subprocess.Popen([sys.executable, "-c", holder, str(tmp_path / "folder" / folders.LOCK)],
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert process.stdout.readline().strip() == "1"
        monkeypatch.setattr(folders, "LOCK_WAIT_S", 0.2)
        with (
            pytest.raises(InputError, match="another talentgap command is writing to this folder"),
            folders.locked(tmp_path / "folder"),
        ):
            pass
    finally:
        process.kill()
        process.wait()
    with folders.locked(tmp_path / "folder"):  # released when its holder died
        pass


def test_an_output_file_that_is_a_folder_or_under_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match=r"option --out: .* is a folder; give the name of a file"):
        folders.check_output_file(tmp_path, "--out")
    with pytest.raises(InputError, match=r"option --out: .*file is a file"):
        folders.check_output_file(tmp_path / "file" / "deeper" / "report.html", "--out")
    folders.check_output_file(tmp_path / "new" / "report.html", "--out")
