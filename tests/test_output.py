"""The results folder: atomic writes, temporary names, leftovers, damaged manifests and provenance."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from conftest import SMALL_SCALE

from abm.core.errors import InputError
from abm.runs import output
from abm.runs.committed import CALIBRATED_FILE
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
    committed = tomllib.loads(CALIBRATED_FILE.read_text())["provenance"]
    assert read["calibration"]["trials"] == committed["trials"] > 0  # the committed fit's own study
    assert read["calibration"]["study_file"] == committed["study_file"]
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


def test_temporary_files_are_named_after_the_file_they_become(tmp_path, monkeypatch):
    seen = []

    def write(name):
        seen.append(Path(name).name)
        Path(name).write_text("x")

    output.atomic_write(tmp_path / "abc123def456.parquet", write)
    assert re.fullmatch(r"\.abc123def456\.parquet\.[0-9a-f]{8}\.tmp", seen[0])
    assert output.temporary_target(seen[0]) == "abc123def456.parquet"
    assert output.temporary_target(".notes.tmp") is None and output.temporary_target("a.parquet") is None


def test_only_the_given_runs_leftovers_are_removed_and_never_through_a_link(tmp_path):
    series = tmp_path / "timeseries"
    series.mkdir()
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    own = [series / ".aaaaaaaaaaaa.parquet.0123abcd.tmp", tmp_path / ".manifest.json.0123abcd.tmp"]
    kept = [
        series / ".bbbbbbbbbbbb.parquet.0123abcd.tmp",  # another run's
        series / ".notes.tmp",  # someone else's
        tmp_path / ".foreign.tmp",
        series / "aaaaaaaaaaaa.parquet",  # a finished run
        outside / ".aaaaaaaaaaaa.parquet.0123abcd.tmp",
    ]
    for path in own + kept:
        path.write_text("x")
    (series / ".aaaaaaaaaaaa.parquet.feedbeef.tmp").symlink_to(outside / ".aaaaaaaaaaaa.parquet.0123abcd.tmp")
    output.remove_temporary_files(tmp_path, {"aaaaaaaaaaaa"})
    assert not any(path.exists() for path in own)
    assert all(path.exists() for path in kept)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object but a list"),
        ('{"runs": []}', "field 'experiment': missing"),
        ('{"experiment": {}, "runs": {}}', "field 'runs': is an object"),
        ('{"experiment": {}, "runs": [{"status": "done"}]}', "field 'runs[0].run_id': missing"),
        ('{"experiment": {}, "runs": [{"run_id": "../../x"}]}', "field 'runs[0].run_id': is text"),
    ],
)
def test_a_damaged_manifest_is_reported_with_the_way_out_and_left_alone(tmp_path, text, problem):
    (tmp_path / "manifest.json").write_text(text)
    with pytest.raises(InputError) as error:
        output.read_manifest(tmp_path)
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'manifest.json'}: damaged manifest: {problem}")
    assert "move it aside" in message and "--resume" in message and "\n" not in message
    assert (tmp_path / "manifest.json").read_text() == text


def test_a_linked_manifest_is_refused(tmp_path):
    (tmp_path / "elsewhere.json").write_text('{"experiment": {}, "runs": []}')
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "manifest.json").symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(InputError, match=r"manifest\.json: is a symbolic link"):
        output.read_manifest(tmp_path / "folder")


def test_a_run_id_names_one_file_in_the_folder(tmp_path):
    assert output.timeseries_path(tmp_path, "0a1b2c3d4e5f") == tmp_path / "timeseries" / "0a1b2c3d4e5f.parquet"
    for bad in ("../x", "..", ".hidden", "a/b", ""):
        with pytest.raises(ValueError, match="not a run id"):
            output.timeseries_path(tmp_path, bad)


def test_a_resumed_manifest_keeps_its_first_start_and_the_code_versions_its_results_came_from():
    first = {"started": "2026-01-01T00:00:00+00:00", "code_version": "aaa", "resumed": []}
    second = output.carry_over({"started": "later", "code_version": "bbb"}, first)
    assert second["started"] == first["started"] and len(second["resumed"]) == 1
    assert second["earlier_code_versions"] == ["aaa"]
    third = output.carry_over({"started": "later still", "code_version": "bbb"}, second)
    assert third["earlier_code_versions"] == ["aaa"] and len(third["resumed"]) == 2  # "bbb" is this one's
    same = output.carry_over({"started": "x", "code_version": "aaa"}, first)
    assert "earlier_code_versions" not in same
    assert output.carry_over({"started": "x", "code_version": "aaa"}, None) == {"started": "x", "code_version": "aaa"}
