"""The results folder: atomic writes and the manifest's provenance."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import SMALL_SCALE

from abm.runs import output
from abm.runs.simulation import RunSpec, run


def test_timeseries_file_is_written_whole_or_not_at_all(tmp_path, short, monkeypatch):
    frame = run(RunSpec(short, seed=0, scale=SMALL_SCALE))

    def killed(self, path, **kwargs):
        with open(path, "wb") as handle:
            handle.write(b"PAR1 half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_parquet", killed)
    with pytest.raises(KeyboardInterrupt):
        output.write_timeseries(tmp_path, frame)
    assert list((tmp_path / "timeseries").iterdir()) == []  # nothing that looks complete
    monkeypatch.undo()
    path = output.write_timeseries(tmp_path, frame)
    pd.testing.assert_frame_equal(pd.read_parquet(path), frame)


def test_manifest_records_versions_calibration_and_sources(tmp_path, short):
    manifest = output.new_manifest({"name": "t"}, [short])
    manifest["runs"].append(output.run_entry(RunSpec(short, seed=3, scale=SMALL_SCALE), "done"))
    output.write_manifest(tmp_path, manifest)
    read = output.read_manifest(tmp_path)
    assert read["runs"][0]["seed"] == 3 and read["runs"][0]["status"] == "done"
    assert read["packages"]["mesa"].startswith("3.5") and read["code_version"]
    assert read["calibration"]["trials"] >= 200
    assert read["sources"]["hkpc_ai_study_2023"]["confidence"] == "H"


def test_one_file_holds_one_run(tmp_path, short):
    a = run(RunSpec(short, seed=0, scale=SMALL_SCALE))
    b = run(RunSpec(short, seed=1, scale=SMALL_SCALE))
    with pytest.raises(ValueError, match="exactly one run"):
        output.write_timeseries(tmp_path, pd.concat([a, b]))


def test_written_files_get_the_usual_permissions(tmp_path):
    output.atomic_write(tmp_path / "a.txt", lambda name: Path(name).write_text("x"))
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o666 & ~output._UMASK
    assert not list(tmp_path.glob(".*"))
