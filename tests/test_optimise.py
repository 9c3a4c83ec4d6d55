"""`talentgap optimise` end to end on a toy: two futures to 2026 at scale 0.05, two instruments, a few
trials. The recommended package runs with `talentgap run`, keeps to the budget in every year of every
future by the ledger, a killed optimisation resumes the same study, and one killed during its check
resumes to the same check."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import TOY_FUTURES as FUTURES

from abm.cli import main
from abm.runs.simulation import run
from experiments.futures import load_futures
from experiments.optimise import load_result
from experiments.optimise.evaluate import OBJECTIVES
from experiments.optimise.settings import Settings
from experiments.optimise.study import run_spec

pytestmark = pytest.mark.xdist_group(__name__)

SCALE = 0.05
BUDGET = 100e6
TOY = ["--target", "0.5", "--by", "2026", "--budget-hkd-per-year", str(BUDGET), "--trials", "5", "--seeds", "2",
       "--check-seeds", "2", "--scale", str(SCALE), "--policies", "talent_admission,research_talent_subsidy",
       "--min-share", "0.5", "--quiet"]  # fmt: skip
"""The toy: the status quo misses a 50% difficulty share in 2026 in both futures; the most talent
admission meets it in the central one; the most research subsidy is over the budget."""


def optimise(*options: str) -> tuple[int, str, str]:
    """``talentgap optimise OPTIONS`` in this process: exit status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["optimise", *options])
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def futures_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("futures") / "toy_futures.toml"
    path.write_text(FUTURES)
    return path


@pytest.fixture(scope="module")
def toy(futures_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("toy") / "out"
    status, out, _ = optimise(*TOY, "--futures", str(futures_file), "--workers", "2", "--out", str(folder))
    return status, out, folder, load_result(folder)


def test_a_toy_optimisation_runs_end_to_end(toy):
    status, out, folder, result = toy
    assert status == 0
    assert not (folder / "checkpoints").exists()  # the search's cache is gone once it is done
    assert "recommended: trial" in out and "check on 2 fresh seeds" in out and "where it fails:" in out
    for name in ("manifest.json", "study.journal", "trials.csv", "front.csv", "front.csv", "recommended.toml",
                 "check.csv", "rule.json", "result.json", "futures.csv", "evaluations.parquet"):  # fmt: skip
        assert (folder / name).is_file(), name
    assert (folder / "front.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads((folder / "manifest.json").read_text())["status"] == "done"
    assert len(result.trials) == 5 and list(result.futures.index) == ["central", "boom"]
    front, trials = result.front, result.trials
    assert front["cost_hkd"].is_monotonic_increasing
    feasible = trials[trials["feasible"]]
    for row in front.itertuples():  # no feasible trial dominates a front point
        better = (feasible["cost_hkd"] <= row.cost_hkd) & (feasible["share_met"] >= row.share_met)
        better &= feasible["harm"] <= row.harm
        strictly = (feasible["cost_hkd"] < row.cost_hkd) | (feasible["share_met"] > row.share_met)
        assert not (better & (strictly | (feasible["harm"] < row.harm))).any()
    assert not trials[~trials["feasible"]]["on_front"].any()
    chosen = result.recommended
    assert chosen["trial"] in set(front["trial"]) and chosen["share_met"] >= 0.5
    meeting = front[front["share_met"] >= 0.5]
    assert chosen["cost_hkd"] == meeting["cost_hkd"].min()  # the cheapest front point meeting the target
    assert result.settings["target"] == 0.5 and result.settings["futures"]["name"] == "toy"
    assert list(result.check["future"]) == ["central", "boom"]
    assert {"difficulty_share_low", "difficulty_share_high", "effect_low", "effect_high"} <= set(result.check.columns)
    assert result.rule["status"] in {"rule", "no misses", "all miss", "no features"} and result.rule["text"]


def test_the_recommended_package_runs_with_talentgap_run(toy, tmp_path, capsys):
    _, _, folder, result = toy
    assert main(["run", str(folder / "recommended.toml"), "--scale", str(SCALE), "--out", str(tmp_path)]) == 0
    frame = pd.read_parquet(tmp_path / "timeseries")
    assert frame["scenario"].iloc[0] == "optimised_package"
    for policy in result.recommended["policies"]:
        spent = frame.loc[frame["date"] >= pd.Timestamp(policy["start"]), f"spend_{policy['id']}_hkd"]
        assert spent.sum() > 0


def test_the_recommended_package_keeps_to_the_budget_every_year_in_every_future(toy, futures_file):
    """By the ledgers of its runs on the search seeds, made again here: the check ran it on fresh seeds
    only, and took its search-seed summaries from the search."""
    _, _, folder, result = toy
    settings = Settings(**{field.name: result.settings[field.name] for field in dataclasses.fields(Settings)})
    futures = load_futures(futures_file).futures
    package = pd.concat(run(run_spec(result.recommended["policies"], future, seed, settings))
                        for future in futures for seed in settings.search_seeds)  # fmt: skip
    status_quo = pd.read_parquet(folder / "baseline" / "timeseries")
    assert sorted(pd.read_parquet(Path(result.recommended["check_runs"]) / "timeseries")["seed"].unique()) == [2, 3]

    def ledger(frame: pd.DataFrame) -> pd.Series:  # HK$ at Hong Kong's size, by future, seed and year
        year = frame["date"].dt.year.rename("year")
        return frame.groupby(["future", "seed", year])["government_spend_hkd"].sum() / SCALE

    added = ledger(package) - ledger(status_quo)
    assert len(added) == 2 * 2 * 4  # futures x seeds x years 2023-2026
    assert (added <= BUDGET).all()
    assert added.max() == pytest.approx(result.recommended["max_added_spending_hkd"])
    by_future = added.groupby("future").max()
    assert result.check.set_index("future")["max_added_spending_hkd"].ge(by_future * (1 - 1e-12)).all()
    over = result.trials[~result.trials["feasible"]]
    assert (over["max_added_spending_hkd"] > BUDGET).all() and len(over) >= 1  # the budget binds


def _journal_has_a_finished_trial(path: Path) -> bool:
    if not path.is_file():
        return False
    for line in path.read_text().splitlines():
        try:
            operation = json.loads(line)
        except json.JSONDecodeError:  # a line being written
            continue
        if operation.get("op_code") == 6 and operation.get("state") == 1:  # a trial set COMPLETE
            return True
    return False


def kill_the_toy_when(ready: Callable[[], bool], folder: Path, futures_file: Path) -> None:
    """Start the toy optimisation into ``folder`` in another process and kill it (SIGKILL, its whole
    process group) as soon as ``ready()``; fails if it ends first or is not ready within 5 minutes."""
    command = [sys.executable, "-m", "abm.cli", "optimise", *TOY, "--futures", str(futures_file), "--out", str(folder)]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not ready():
            assert process.poll() is None, "the optimisation ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL


def test_a_killed_optimisation_resumes_the_same_study(toy, futures_file, tmp_path):
    folder = tmp_path / "killed"
    kill_the_toy_when(lambda: _journal_has_a_finished_trial(folder / "study.journal"), folder, futures_file)
    assert not (folder / "result.json").exists()

    status, _, err = optimise(*TOY, "--futures", str(futures_file), "--out", str(folder))
    assert status == 2 and "pass --resume" in err  # a folder holding a study is not overwritten
    share = TOY.index("--min-share") + 1
    stricter = [*TOY[:share], "1.0", *TOY[share + 1 :]]  # --min-share may change; no check then
    status, _, _ = optimise(*stricter, "--futures", str(futures_file), "--out", str(folder), "--resume")
    resumed, uninterrupted = load_result(folder), toy[3]
    assert status == 0 and resumed.settings["min_share"] == 1.0
    columns = [c for c in uninterrupted.trials.columns if "." in c] + list(OBJECTIVES) + ["package"]
    pd.testing.assert_frame_equal(  # the same trials as a run never killed (numbers shift by a killed one)
        resumed.trials[columns].reset_index(drop=True), uninterrupted.trials[columns].reset_index(drop=True)
    )
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "done" and len(manifest["resumed"]) == 1


def test_an_optimisation_killed_during_its_check_resumes_to_the_same_check(toy, futures_file, tmp_path):
    folder = tmp_path / "killed_in_check"
    kill_the_toy_when(lambda: any(folder.glob("check/*/timeseries/*.parquet")), folder, futures_file)  # a check run
    (check_runs,) = folder.glob("check/*")
    assert 1 <= len(list(check_runs.glob("timeseries/*.parquet"))) < 8 and not (folder / "check.csv").exists()

    status, _, _ = optimise(*TOY, "--futures", str(futures_file), "--out", str(folder), "--resume")
    resumed, uninterrupted = load_result(folder), toy[3]
    assert status == 0 and len(list(check_runs.glob("timeseries/*.parquet"))) == 8
    assert (folder / "check.csv").read_bytes() == (uninterrupted.folder / "check.csv").read_bytes()
    assert resumed.check_summary == uninterrupted.check_summary


def test_an_unreachable_target_says_so_and_exits_0(futures_file, tmp_path):
    folder = tmp_path / "unreachable"
    options = ["--target", "0.0", "--by", "2026", "--budget-hkd-per-year", "0", "--trials", "2", "--seeds", "1",
               "--scale", str(SCALE), "--policies", "talent_admission,research_talent_subsidy", "--quiet"]  # fmt: skip
    status, out, _ = optimise(*options, "--futures", str(futures_file), "--out", str(folder))
    assert status == 0
    assert "no package meets the target" in out
    assert "trial   0:" in out.split("no package meets the target")[1]  # the closest front point: the status quo
    result = load_result(folder)
    assert result.recommended is None and result.closest[0]["trial"] == 0
    assert not (folder / "recommended.toml").exists() and not (folder / "check").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--target", "1.5"], "option --target: must be a share from 0 to 1"),
        (["--by", "2027"], "option --by: must be a year from 2025"),  # the toy futures end in 2026
        (["--budget-hkd-per-year", "-1"], "option --budget-hkd-per-year"),
        (["--cost-view", "social"], "option --cost-view: must be one of programme, fiscal"),
        (["--policies", "free_lunch"], "option --policies: unknown policy 'free_lunch'"),
        (["--futures", "missing.toml"], "missing.toml: no such futures file"),
        (["--futures", "BAD"], "in 'futures[0].overlay': field 'drivers.wind': unknown key"),
        (
            ["--trials", "5", "--seeds", "2", "--check-seeds", "2", "--max-runs", "31"],
            "32 runs ((5 trials + the status quo) x 2 futures x 2 seeds, and the check: 2 futures x 2 x 2 seeds) "
            "exceed the limit of 31",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(futures_file, tmp_path, monkeypatch, options, message):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad_futures.toml"
    bad.write_text('name = "bad"\nversion = 1\n[[futures]]\nname = "x"\noverlay = { drivers = { wind = 1 } }\n')
    options = [str(bad) if value == "BAD" else value for value in options]
    arguments = ["--target", "0.5", "--by", "2026", "--futures", str(futures_file), "--scale", str(SCALE), *options,
                 "--out", str(tmp_path / "out")]  # fmt: skip
    status, _, err = optimise(*arguments)
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("talentgap: error: ") and message in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "results").exists()


def test_resuming_with_other_settings_is_refused_before_anything_changes(toy, futures_file):
    _, _, folder, _ = toy
    before = {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}
    target = TOY.index("--target") + 1
    changed = [*TOY[:target], "0.45", *TOY[target + 1 :]]
    status, _, err = optimise(*changed, "--futures", str(futures_file), "--out", str(folder), "--resume")
    assert status == 2 and "option --target: the optimisation in" in err and "0.5" in err
    assert {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()} == before
