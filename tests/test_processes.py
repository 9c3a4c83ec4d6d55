"""Worker processes die with their parent: a real sweep on a real process pool, killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from abm.runs.processes import process_pool

SCENARIOS = Path(__file__).resolve().parent.parent / "experiments" / "scenarios"


def living(processes: list[psutil.Process]) -> list[psutil.Process]:
    """The processes still running (a zombie, dead but not yet reaped, does not count)."""
    alive = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.NoSuchProcess:
            pass
    return alive


def test_workers_and_the_resource_tracker_die_when_a_sweep_is_killed(tmp_path):
    path = tmp_path / "long.toml"
    path.write_text(f"""
name = "long"
baseline = "{SCENARIOS / "baseline.toml"}"
seeds = 16
scale = 0.1
[grid]
"calendar.horizon_month" = "2027-12"
"calendar.burn_in_months" = 12
""")
    folder = tmp_path / "out"
    command = [sys.executable, "-m", "abm.cli", "sweep", str(path), "--workers", "2", "--out", str(folder), "--quiet"]
    sweep = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while not list((folder / "timeseries").glob("*.parquet")):
            assert sweep.poll() is None and time.monotonic() < deadline, "the sweep wrote no run"
            time.sleep(0.05)
        children = psutil.Process(sweep.pid).children(recursive=True)
        commands = [" ".join(child.cmdline()) for child in children]
        assert sum("multiprocessing" in c and "resource_tracker" not in c for c in commands) == 2, commands
        assert any("resource_tracker" in c for c in commands), commands
        sweep.send_signal(signal.SIGKILL)  # the parent only, not its process group
        sweep.wait()
        deadline = time.monotonic() + 10
        while living(children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert living(children) == []
        assert len(list((folder / "timeseries").glob("*.parquet"))) < 16, "killed part-way, or the test means nothing"
    finally:
        for child in living(children):
            child.kill()
        if sweep.poll() is None:
            os.killpg(sweep.pid, signal.SIGKILL)
            sweep.wait()


def test_a_pool_worker_has_the_parent_death_signal():
    with process_pool(1) as pool:
        assert pool.submit(_parent_death_signal).result() == signal.SIGKILL


def _parent_death_signal() -> int:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    value = ctypes.c_int(0)
    assert libc.prctl(2, ctypes.byref(value), 0, 0, 0) == 0  # PR_GET_PDEATHSIG
    return value.value
