"""The command line: outputs of `talentgap run`, and exit code 2 on bad input."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import click
import pandas as pd
import pytest

from abm.cli import main
from abm.cli.options import results_folder
from abm.core.errors import InputError

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
    assert "Firms reporting difficulty" in printed and "(49%)" in printed
    employed = frame["employed"].iloc[-1]  # at scale 0.05: counts are shown at Hong Kong's size, and the run's
    assert f"employed {employed / 0.05:,.0f} at Hong Kong's size (this run at scale 0.05 has {employed:,})" in printed


def test_rerun_gives_same_id_and_data(tmp_path):
    scenario = tmp_path / "cli.toml"
    scenario.write_text(SHORT)
    for out in ("a", "b"):
        assert main(["run", str(scenario), "--scale", "0.05", "--out", str(tmp_path / out)]) == 0
    a, b = (next((tmp_path / o / "timeseries").glob("*.parquet")) for o in "ab")
    assert a.name == b.name
    pd.testing.assert_frame_equal(pd.read_parquet(a), pd.read_parquet(b))


def in_a_terminal(command: list[str]) -> str:
    """What ``command`` writes to a pseudo-terminal on stdout and stderr (escape codes included)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    written = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        written += chunk
    os.close(leader)
    assert process.wait() == 0
    return written.decode(errors="replace")


def test_run_shows_its_months_in_a_terminal_unless_quiet(tmp_path):
    scenario = tmp_path / "cli.toml"
    scenario.write_text(SHORT)  # 12 months of burn-in, then 2023's 12
    command = [sys.executable, "-m", "abm.cli", "run", str(scenario), "--scale", "0.05", "--out", str(tmp_path / "a")]
    shown = in_a_terminal(command)
    assert "simulating months" in shown and "24/24" in shown and "Firms reporting difficulty" in shown
    quiet = in_a_terminal([*command, "--quiet"])
    assert "simulating months" not in quiet and "Firms reporting difficulty" in quiet


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


def test_policies_lists_every_entry_key_and_parameter_rounded_with_units_in_words(capsys):
    assert main(["policies"]) == 0
    out = capsys.readouterr().out
    for key in ("name", "id", "start", "end", "enabled"):
        assert re.search(rf"^    {key} = ", out, flags=re.M), key
    assert 'Talent admission (name = "talent_admission"; in the status quo)' in out
    assert re.search(
        r"allowance_hkd_month = 11_190 +HK\$ a month +Allowance per intern \(sourced: stem_internship_2022\)", out
    )
    assert re.search(r"subsidy_share = 0\.6667 +share \(0 to 1\)", out)
    assert re.search(
        r'programme = "undergraduate" +choice +Programme; one of "undergraduate", "taught_postgraduate"', out
    )
    assert "[-]" not in out and not re.search(r"\d\.\d{5,}", out)  # no raw units, no long floats
    assert main(["policies", "internship"]) == 0
    one = capsys.readouterr().out
    assert "Internships (name" in one and "Talent admission (name" not in one
    assert "Monthly allowance the government pays per intern." in one  # with a policy's name: its descriptions


def test_parameters_lists_the_model_parameters_with_unit_source_and_role(capsys):
    assert main(["parameters"]) == 0
    everything = capsys.readouterr().out
    assert "market.large_firm_share = 0.25" in everything and "drivers.ai_adoption.growth_per_year" in everything
    assert "policies." not in everything.split("parameters;")[0]
    assert main(["parameters", "emigration", "--role", "assumption"]) == 0
    some = capsys.readouterr().out
    lines = [line for line in some.splitlines() if line.startswith("    ")]
    assert lines and all("(assumption" in line and "emigration" in line.lower() for line in lines)
    assert re.search(
        r"flows\.local_emigration_rate_per_year = [\d.]+ +a year \(rate\) +Emigration rate of residents", some
    )
    assert main(["parameters", "no such thing"]) == 2


def _commands():
    from abm.cli.main import cli

    return cli.commands


def test_every_option_states_its_default_in_help():
    for name, command in _commands().items():
        for param in command.params:
            if isinstance(param, click.Option) and not param.is_flag and param.name != "help":
                text = (param.help or "").lower()
                assert param.show_default or "default" in text, f"talentgap {name} {param.opts[0]}: no default"
    assert "defaults to experiments/sensitivity.toml" in _commands()["sensitivity"].help


def test_the_readme_lists_every_command_with_the_venv_path():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    table = readme.split("## Commands")[1].split("\n## ")[0]
    for name in _commands():
        assert f"`.venv/bin/talentgap {name}" in table, name
    assert not re.search(r"(?<![/\w])talentgap (run|sweep|report|compare|policies|parameters|viz)\b", readme)


def listed_runs(folder) -> list[str]:
    return [r["run_id"] for r in json.loads((folder / "manifest.json").read_text())["runs"]]


def test_two_runs_into_one_folder_are_both_listed(tmp_path):
    scenario = tmp_path / "cli.toml"
    scenario.write_text(SHORT)
    out = tmp_path / "out"
    assert main(["run", "--scale", "0.05", "--out", str(out)]) == 0  # the default scenario
    assert main(["run", str(scenario), "--seed", "1", "--scale", "0.05", "--out", str(out)]) == 0
    files = sorted(p.stem for p in (out / "timeseries").glob("*.parquet"))
    assert len(files) == 2 and sorted(listed_runs(out)) == files


def test_a_run_into_a_sweeps_folder_exits_2_and_the_sweep_keeps_its_runs(tmp_path, capsys):
    scenario = tmp_path / "cli.toml"
    scenario.write_text(SHORT)
    experiment = tmp_path / "exp.toml"
    experiment.write_text(f'name = "exp"\nbaseline = "{scenario}"\nseeds = 2\nscale = 0.05\n')
    out = tmp_path / "out"
    assert main(["sweep", str(experiment), "--out", str(out), "--quiet"]) == 0
    before = (out / "manifest.json").read_text()
    assert main(["run", str(scenario), "--seed", "7", "--scale", "0.05", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    expected = "holds the results of sweep 'exp' (2 runs); `talentgap run` adds runs only to a folder of single runs"
    assert err == f"talentgap: error: {out}: {expected}: choose another --out\n"
    assert (out / "manifest.json").read_text() == before and len(list((out / "timeseries").iterdir())) == 2


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda out: out.write_text("x"), "out: is a file, not a folder"),
        (lambda out: out.symlink_to(out.parent / "nowhere"), "out: is a broken symbolic link"),
        (lambda out: out.symlink_to(out), "out: cannot be a results folder (Too many levels of symbolic links)"),
        (lambda out: (out.mkdir(), (out / "manifest.json").write_text("{")), "damaged manifest: not valid JSON"),
        (lambda out: (out.mkdir(), (out / "notes.txt").write_text("x")), "notes.txt: not written by talentgap"),
    ],
)
def test_run_refuses_an_out_it_cannot_write_with_exit_2(tmp_path, capsys, make, expected):
    out = tmp_path / "out"
    make(out)
    before = sorted(tmp_path.rglob("*"))
    assert main(["run", "--scale", "0.05", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("talentgap: error: ") and expected in err and err.count("\n") == 1
    assert sorted(tmp_path.rglob("*")) == before


def test_a_scenario_named_dots_writes_nothing_outside_results(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "...toml").write_text(SHORT.replace("name = 'cli'\n", ""))  # its name is its stem, ".."
    result = subprocess.run([sys.executable, "-m", "abm.cli", "run", "...toml", "--scale", "0.05"],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 2 and "'..'" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["...toml"]


def test_a_default_results_folder_is_one_folder_under_results():
    assert results_folder("policy_comparison", "exp.toml") == Path("results") / "policy_comparison"
    for name in ("..", ".", "", "a/b", "/tmp/x"):
        with pytest.raises(InputError, match="cannot name a folder under results/"):
            results_folder(name, "exp.toml")
