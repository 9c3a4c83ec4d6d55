"""Sensitivity analysis at toy size: Morris ranks what matters, Sobol runs on the top ones, resumable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from abm.cli import main
from abm.core.errors import InputError
from experiments.sensitivity import load_design, run_counts, run_sensitivity, uncertain_parameters

pytestmark = pytest.mark.xdist_group(__name__)

TOY = """
name = "toy"
scenario = { name = "short", calendar = { horizon_month = "2025-12", burn_in_months = 12 } }
scale = 0.1
seeds = [0]
years = [2024, 2025]
calibration_space = false
[parameters."drivers.ai_adoption.growth_per_year"]
low = 0.0
high = 0.25
reason = "demand growth: moves the gap"
[parameters."survey.expansion_horizon_months"]
low = 6
high = 18
reason = "enters only the expansion question: cannot move the difficulty share"
[parameters."search.skill_slack"]
low = 0.0
high = 0.3
reason = "how far below the requirement firms hire"
[morris]
trajectories = 4
[sobol]
top = 2
base_samples = 8
"""


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("toy")
    path = folder / "toy.toml"
    path.write_text(TOY)
    design, path = load_design(path)
    morris, sobol, summaries = run_sensitivity(design, folder / "out", source=path, workers=2, show_progress=False)
    return design, path, folder / "out", morris, sobol, summaries


def test_morris_ranks_a_parameter_that_cannot_matter_at_zero(toy):
    _, _, out, morris, _, _ = toy
    assert list(morris.columns) == ["output", "year", "parameter", "mu_star", "mu_star_conf", "sigma"]
    assert len(morris) == 3 * 2
    mu = morris.groupby("parameter")["mu_star"].mean()
    assert mu["survey.expansion_horizon_months"] == 0.0  # common random numbers: exactly no effect
    assert mu["drivers.ai_adoption.growth_per_year"] > 0.0
    pd.testing.assert_frame_equal(pd.read_csv(out / "morris.csv"), morris, check_dtype=False)


def test_sobol_covers_the_top_parameters_with_intervals(toy):
    design, _, out, morris, sobol, summaries = toy
    assert set(sobol["parameter"]) == set(morris.groupby("parameter")["mu_star"].mean().nlargest(2).index)
    assert "survey.expansion_horizon_months" not in set(sobol["parameter"])
    assert list(sobol.columns) == ["output", "year", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    assert (sobol["ST_conf"] >= 0).all() and sobol["ST"].notna().all()
    assert (out / "sobol.csv").exists() and (out / "morris" / "manifest.json").exists()
    morris_runs, sobol_runs = run_counts(design)
    assert (morris_runs, sobol_runs) == ((3 + 1) * 4, 8 * (2 + 2))
    assert summaries[1].total == sobol_runs  # Saltelli points are distinct


def test_resuming_a_finished_analysis_runs_nothing_and_gives_the_same_indices(toy):
    design, path, out, morris, sobol, _ = toy
    again_morris, again_sobol, summaries = run_sensitivity(design, out, source=path, resume=True, show_progress=False)
    assert [s.ran for s in summaries] == [0, 0]
    pd.testing.assert_frame_equal(again_morris, morris)
    pd.testing.assert_frame_equal(again_sobol, sobol)


def test_morris_only_stops_before_the_sobol_stage(toy, tmp_path):
    design, path, out, morris, _, _ = toy
    shutil.copytree(out / "morris", tmp_path / "morris")
    again_morris, sobol, summaries = run_sensitivity(
        design, tmp_path, source=path, resume=True, sobol=False, show_progress=False
    )
    assert sobol is None and [s.ran for s in summaries] == [0]
    pd.testing.assert_frame_equal(again_morris, morris)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["morris", "morris.csv"]


def test_the_committed_design_covers_the_calibration_space_and_assumptions():
    design, _ = load_design(Path(__file__).resolve().parent.parent / "experiments" / "sensitivity.toml")
    parameters = uncertain_parameters(design)
    assert "search.skill_slack" in parameters and "survey.difficulty_threshold_months" in parameters
    assert len(parameters) >= 30
    assert run_counts(design) == ((len(parameters) + 1) * 10 * 2, 64 * 6 * 2)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("years = [2024, 2025]", "years = [2040]"), "field 'years'"),
        (('"search.skill_slack"]\nlow = 0.0', '"search.skill_slack"]\nlow = 0.5'), "low < high"),
        (("[morris]", "[morris]\nwalks = 3"), "field 'morris.walks'"),
        (('"search.skill_slack"]', '"search.no_such_thing"]'), "parameters.search.no_such_thing"),
        (
            ('"search.skill_slack"]', '"policies.x.y"]'),
            "field 'parameters.policies.x.y': no such scenario parameter (unknown policy 'x'",
        ),
        (('"search.skill_slack"]', '"calendar.horizon_month"]'), "calendar.horizon_month': not a numeric parameter"),
        (('name = "toy"', 'name = "toy"\noutput = "nope"'), "field 'output': no numeric column 'nope'"),
        (('name = "toy"', 'name = "toy"\noutput = "date"'), "field 'output': no numeric column 'date'"),
    ],
)
def test_a_bad_design_names_the_field_before_anything_runs(tmp_path, change, expected, capsys, monkeypatch):
    monkeypatch.setattr("experiments.sensitivity.sweep", lambda *args, **kwargs: pytest.fail("a stage ran"))
    path = tmp_path / "bad.toml"
    path.write_text(TOY.replace(*change))
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1 and err.startswith(f"talentgap: error: {path}: ")
    assert not (tmp_path / "out").exists()


def test_a_design_above_the_run_limit_is_refused_with_its_count(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("experiments.sensitivity.sweep", lambda *args, **kwargs: pytest.fail("a stage ran"))
    path = tmp_path / "toy.toml"
    path.write_text(TOY)
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "out"), "--quiet", "--max-runs", "47"]) == 2
    err = capsys.readouterr().err
    assert f"{path}: 48 runs (Morris 16 + Sobol 32) exceed the limit of 47" in err
    assert not (tmp_path / "out").exists()


def test_cli_prints_the_ranking(tmp_path, capsys):
    path = tmp_path / "toy.toml"
    path.write_text(TOY.replace("trajectories = 4", "trajectories = 2"))
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "Growth of AI labour demand" in printed and "Sobol indices in 2025" in printed
    assert "drivers.ai_adoption.growth_per_year" not in printed  # parameters in words, not code names


def test_load_design_reports_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such sensitivity design file"):
        load_design(tmp_path / "missing.toml")
