"""Sweeps: identical data on every executor, resume after a kill, and refusals that write nothing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from abm.cli import main
from abm.core.errors import InputError
from experiments.experiment import load_experiment
from experiments.sweep import read_results, run_experiment

pytestmark = pytest.mark.xdist_group(__name__)

SCENARIOS = Path(__file__).resolve().parent.parent / "experiments" / "scenarios"


def small_experiment(tmp_path: Path, seeds: int = 2, name: str = "small", horizon: str = "2025-06") -> Path:
    """Baseline and talent admission x a two-point grid x ``seeds`` seeds at scale 0.1."""
    path = tmp_path / f"{name}.toml"
    path.write_text(f"""
name = "{name}"
baseline = "{SCENARIOS / "baseline.toml"}"
scenarios = ["{SCENARIOS / "talent_admission.toml"}"]
seeds = {seeds}
scale = 0.1
[grid]
"search.skill_slack" = [0.1, 0.2]
"calendar.horizon_month" = "{horizon}"
"calendar.burn_in_months" = 12
""")
    return path


def sweep_to(path: Path, folder: Path, **options) -> pd.DataFrame:
    experiment, path = load_experiment(path)
    summary = run_experiment(experiment, folder, source=path, show_progress=False, **options)
    assert summary.failed == 0
    return canonical(read_results(folder))


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["run_id", "month"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serial")
    path = small_experiment(tmp_path)
    return path, sweep_to(path, tmp_path / "out")


def test_sweep_writes_one_file_per_run_and_a_manifest(serial, tmp_path):
    path, frame = serial
    folder = tmp_path / "again"
    sweep_to(path, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    runs = manifest["runs"]
    assert len(runs) == 8 and {r["status"] for r in runs} == {"done"}
    assert sorted(p.stem for p in (folder / "timeseries").glob("*.parquet")) == sorted(r["run_id"] for r in runs)
    assert manifest["experiment"]["baseline"] == "baseline" and manifest["experiment"]["runs"] == 8
    assert manifest["assumptions"] and manifest["finished"] and manifest["code_version"]
    assert {"param_search.skill_slack", "param_calendar.horizon_month"} <= set(frame.columns)
    assert frame.groupby("run_id").size().eq(30).all()
    assert set(frame["param_search.skill_slack"]) == {0.1, 0.2}


def test_two_local_processes_give_identical_data(serial, tmp_path):
    path, frame = serial
    pd.testing.assert_frame_equal(sweep_to(path, tmp_path / "processes", workers=2), frame)


def test_a_dask_local_cluster_gives_identical_data(serial, tmp_path):
    from distributed import LocalCluster

    path, frame = serial
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:  # fmt: skip
        data = sweep_to(path, tmp_path / "dask", scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(data, frame)


def test_a_killed_sweep_resumes_to_identical_data(tmp_path):
    path = small_experiment(tmp_path, seeds=4, horizon="2027-12")  # 16 runs, a few tenths of a second each
    folder = tmp_path / "killed"
    command = [sys.executable, "-m", "abm.cli", "sweep", str(path), "--out", str(folder), "--quiet"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list((folder / "timeseries").glob("*.parquet"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_at_kill = len(list((folder / "timeseries").glob("*.parquet")))
    assert 3 <= done_at_kill < 16, "the sweep must be killed part-way for this test to mean anything"
    listed = json.loads((folder / "manifest.json").read_text())["runs"]
    missing = next(r["run_id"] for r in listed if not (folder / "timeseries" / f"{r['run_id']}.parquet").exists())
    cut_short = folder / "timeseries" / f".{missing}.parquet.0123abcd.tmp"  # a write the kill cut short
    theirs = [folder / "timeseries" / ".deadbeef0000.parquet.0123abcd.tmp", folder / "timeseries" / ".notes.tmp"]
    for leftover in (cut_short, *theirs):
        leftover.write_bytes(b"half a file")

    with pytest.raises(InputError, match="--resume"):
        sweep_to(path, folder)
    experiment, path = load_experiment(path)
    summary = run_experiment(experiment, folder, source=path, resume=True, show_progress=False)
    assert summary.skipped == done_at_kill and summary.ran == 16 - done_at_kill and summary.failed == 0
    assert sorted((folder / "timeseries").glob(".*")) == sorted(theirs)  # only its own leftovers are deleted
    for leftover in theirs:
        leftover.unlink()
    resumed = canonical(read_results(folder))
    assert resumed.groupby("run_id").ngroups == 16 and not resumed.duplicated(["run_id", "month"]).any()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {r["status"] for r in manifest["runs"]} == {"done"} and len(manifest["resumed"]) == 1
    pd.testing.assert_frame_equal(resumed, sweep_to(path, tmp_path / "uninterrupted"))


def test_resume_refuses_a_folder_made_by_another_experiment(serial, tmp_path):
    path, _ = serial
    other = small_experiment(tmp_path, seeds=1, name="other")
    folder = tmp_path / "mixed"
    sweep_to(other, folder)
    before = json.loads((folder / "manifest.json").read_text())
    code = main(["sweep", str(path), "--out", str(folder), "--resume", "--quiet"])
    assert code == 2
    assert json.loads((folder / "manifest.json").read_text()) == before


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (None, "could not reach the Dask scheduler"),
        ("notanaddress", "option --scheduler: 'notanaddress' is not a Dask scheduler address: give tcp://host:port"),
        ("tls://127.0.0.1:8786", "option --scheduler: tls://127.0.0.1:8786 needs --tls-ca-file"),
    ],
)
def test_an_unreachable_or_malformed_scheduler_exits_2_and_writes_nothing(serial, tmp_path, address, expected):
    path, _ = serial
    folder = tmp_path / "never"
    result = subprocess.run(
        [sys.executable, "-m", "abm.cli", "sweep", str(path), "--out", str(folder),
         "--scheduler", address or f"tcp://127.0.0.1:{free_port()}"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not folder.exists()


def test_a_malformed_experiment_exits_2_naming_the_field(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\nseeds = 0\n')
    assert main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    assert "bad.toml: field 'seeds'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert main(["sweep", str(path), "--workers", "0"]) == 2


def test_a_fresh_sweep_keeps_temporary_files_it_did_not_make(serial, tmp_path):
    path, _ = serial
    folder = tmp_path / "shared"
    (folder / "timeseries").mkdir(parents=True)
    theirs = [folder / ".editor.tmp", folder / "timeseries" / ".other.parquet.0123abcd.tmp"]
    for leftover in theirs:
        leftover.write_text("someone else's")
    sweep_to(path, folder)
    assert all(leftover.read_text() == "someone else's" for leftover in theirs)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda out: out.write_text("x"), "out: is a file, not a folder"),
        (lambda out: out.symlink_to(out.parent / "nowhere"), "out: is a broken symbolic link"),
        (lambda out: out.symlink_to(out), "out: cannot be a results folder (Too many levels of symbolic links)"),
        (lambda out: (out.mkdir(), (out / "timeseries").symlink_to(out.parent)), "timeseries: is a symbolic link"),
        (lambda out: (out.mkdir(), (out / "manifest.json").write_text("{")), "manifest.json: damaged manifest"),
        (lambda out: (out.mkdir(), (out / "manifest.json").write_text("[]")), "not a JSON object but a list"),
    ],
)
def test_an_out_that_cannot_be_a_results_folder_exits_2_and_nothing_is_written(
    serial, tmp_path, capsys, make, expected
):
    path, _ = serial
    out = tmp_path / "out"
    make(out)
    before = {p: p.read_bytes() if p.is_file() else None for p in tmp_path.rglob("*")}
    assert main(["sweep", str(path), "--out", str(out), "--resume", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("talentgap: error: ") and expected in err and err.count("\n") == 1
    assert {p: p.read_bytes() if p.is_file() else None for p in tmp_path.rglob("*")} == before


def test_a_design_above_the_limit_is_refused_with_its_count_before_it_is_expanded(tmp_path, capsys):
    path = tmp_path / "huge.toml"
    path.write_text('name = "huge"\nseeds = 100000000\nscale = 0.05\n[grid]\n"search.skill_slack" = [0.1, 0.2]\n')
    assert main(["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "huge.toml: 200,000,000 runs (1 calibration sets x 1 scenarios x 2 grid points x 100,000,000 seeds)" in err
    assert "exceed the limit of 100,000" in err and "--max-runs" in err
    small = small_experiment(tmp_path, seeds=1)  # 4 runs
    assert main(["sweep", str(small), "--out", str(tmp_path / "out"), "--max-runs", "3", "--quiet"]) == 2
    assert "4 runs" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_the_max_runs_option_defaults_to_the_library_limit():
    from abm.cli.experiment_commands import sensitivity_command, sweep_command
    from experiments.experiment import MAX_RUNS

    for command in (sweep_command, sensitivity_command):
        assert next(p.default for p in command.params if p.name == "max_runs") == MAX_RUNS


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        ('[[sets]]\nid = "a"\n', "sets.toml: field 'sets.0.parameters': Field required"),
        ('sets = "abc"\n', "sets.toml: field 'sets': Input should be a valid list (got 'abc')"),
    ],
)
def test_a_bad_calibration_sets_file_exits_2_naming_the_field(tmp_path, capsys, sets, expected):
    (tmp_path / "sets.toml").write_text(sets)
    path = tmp_path / "robust.toml"
    path.write_text('name = "robust"\nscale = 0.05\ncalibration_sets = "sets.toml"\n')
    assert main(["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert expected in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_failed_runs_exit_1(serial, tmp_path, monkeypatch, capsys):
    path, _ = serial

    def broken(*args, **kwargs):
        raise RuntimeError("the model broke")

    monkeypatch.setattr("abm.runs.simulation.TalentModel", broken)  # every run, trunk or branch, breaks
    assert main(["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert "failed runs are listed with their errors" in capsys.readouterr().err
    runs = json.loads((tmp_path / "out" / "manifest.json").read_text())["runs"]
    assert {r["status"] for r in runs} == {"failed"} and "the model broke" in runs[0]["error"]
