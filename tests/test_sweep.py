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
    (folder / "timeseries" / ".deadbeef.parquet.abc.tmp").write_bytes(b"half a file")  # a write the kill cut short

    with pytest.raises(InputError, match="--resume"):
        sweep_to(path, folder)
    experiment, path = load_experiment(path)
    summary = run_experiment(experiment, folder, source=path, resume=True, show_progress=False)
    assert summary.skipped == done_at_kill and summary.ran == 16 - done_at_kill and summary.failed == 0
    assert not list((folder / "timeseries").glob(".*"))
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


def test_an_unreachable_scheduler_fails_quickly_and_writes_nothing(serial, tmp_path):
    path, _ = serial
    folder = tmp_path / "never"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "abm.cli", "sweep", str(path), "--out", str(folder),
         "--scheduler", f"tcp://127.0.0.1:{free_port()}"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert time.monotonic() - started < 30
    assert result.returncode == 2 and "could not reach the Dask scheduler" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not folder.exists()


def test_a_malformed_experiment_exits_2_naming_the_field(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\nseeds = 0\n')
    assert main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    assert "bad.toml: field 'seeds'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert main(["sweep", str(path), "--workers", "0"]) == 2
