"""The command line: outputs of `talentgap run`, and exit code 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from abm.cli import main

SHORT = "name = 'cli'\n[calendar]\nhorizon_month = '2023-12'\nburn_in_months = 12\n"


def test_run_writes_the_results_layout(tmp_path, capsys):
    scenario = tmp_path / "cli.toml"
    scenario.write_text(SHORT)
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--seed", "2", "--scale", "0.05", "--out", str(out)]) == 0
    files = list((out / "timeseries").glob("*.parquet"))
    assert len(files) == 1
    frame = pd.read_parquet(out / "timeseries")
    assert len(frame) == 12 and set(frame["seed"]) == {2}
    manifest = json.loads((out / "manifest.json").read_text())
    assert [r["run_id"] for r in manifest["runs"]] == [files[0].stem]
    assert manifest["runs"][0]["status"] == "done" and manifest["code_version"]
    assert "hkpc_ai_study_2023" in manifest["sources"]
    printed = capsys.readouterr().out
    assert "difficulty_share" in printed and "(49%)" in printed


def test_rerun_gives_same_id_and_data(tmp_path):
    scenario = tmp_path / "cli.toml"
    scenario.write_text(SHORT)
    for out in ("a", "b"):
        assert main(["run", str(scenario), "--scale", "0.05", "--out", str(tmp_path / out)]) == 0
    a, b = (next((tmp_path / o / "timeseries").glob("*.parquet")) for o in "ab")
    assert a.name == b.name
    pd.testing.assert_frame_equal(pd.read_parquet(a), pd.read_parquet(b))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "missing.toml"], "missing.toml: no such scenario file"),
        (["run", "--seed", "-1"], "--seed"),
        (["run", "--seed", "abc"], "--seed"),
        (["run", "--scale", "0"], "--scale"),
        (["run", "--scale", "-2"], "--scale"),
        (["calibrate", "--trials", "0"], "--trials"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    result = subprocess.run([sys.executable, "-m", "abm.cli", *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x = [\n", "not valid TOML"),
        ("[search]\nfoo = 1\n", "field 'search.foo': unknown key"),
        ("[search]\napplications_per_seeker = 'x'\n", "field 'search.applications_per_seeker'"),
        ("[calendar]\nsurvey_month = '2036-01'\n", "calendar"),
    ],
)
def test_bad_scenario_file_exits_2(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "abm.cli", "run", "bad.toml"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2 and "bad.toml" in result.stderr and expected in result.stderr
    assert not (tmp_path / "results").exists()


def test_policies_lists_parameters_units_and_sources(capsys):
    assert main(["policies"]) == 0
    out = capsys.readouterr().out
    assert "talent_admission:" in out and "[in the status quo]" in out
    assert "allowance_hkd_month = 11190.0 [HK$/month] source: stem_internship_2022" in out
