"""`talentgap compare`: scenarios and the status quo on the same seeds through the sweep machinery, the
printed paired differences checked against a hand computation from the run files it wrote."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest
from scipy import stats

from abm.cli import main

pytestmark = pytest.mark.xdist_group(__name__)

SCALE = 0.05
SEEDS = 3
CALENDAR = '[calendar]\nhorizon_month = "2026-12"\nburn_in_months = 12\n'
SCENARIOS = {
    "more_admission": 'display_name = "More admission"\n[[policies]]\nname = "talent_admission"\n'
    'id = "talent_admission_expansion"\nstart = "2024-01"\narrivals_per_year = 180000.0\n',
    "more_reskilling": '[[policies]]\nname = "reskilling_subsidy"\nid = "reskilling_subsidy_expansion"\n'
    'start = "2024-01"\ntrainees_per_year = 3000.0\n',
}
MEASURES = {
    # printed label: (column, annual "mean" or "sum", shown factor, decimals, a count read at Hong Kong's size)
    "Firms reporting difficulty (percentage points)": ("difficulty_share", "mean", 100, 2, False),
    "AI employment (workers)": ("employed", "mean", 1, 0, True),
    "Unfilled vacancy-months (vacancy-months)": ("vacancies", "sum", 1, 0, True),
    "Local graduates' unemployment rate (percentage points)": (
        "local_graduate_unemployment_rate",
        "mean",
        100,
        2,
        False,
    ),
    "Local graduates' median wage (HK$ a month)": ("local_graduate_median_wage_hkd", "mean", 1, 0, False),
}


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """Two short scenarios (to 2026-12) compared with the status quo on seeds 0-2 at scale 0.05."""
    folder = tmp_path_factory.mktemp("compare")
    files = []
    for name, body in SCENARIOS.items():
        path = folder / f"{name}.toml"
        path.write_text(f'name = "{name}"\n{body}{CALENDAR}')
        files.append(str(path))
    out = folder / "out"
    return files, out


def run_compare(capsys, files, out) -> str:
    args = ["compare", *files, "--seeds", str(SEEDS), "--scale", str(SCALE), "--out", str(out), "--quiet"]
    assert main(args) == 0
    return capsys.readouterr().out


def hand_difference(frames: pd.DataFrame, scenario: str, column: str, how: str, factor: float, count: bool):
    """Mean over seeds of (scenario run - status quo run) of the 2026 annual value, and its 90% t interval."""
    rows = frames[frames["date"].dt.year == 2026]
    grouped = rows.groupby(["scenario", "seed"])[column]
    annual = (grouped.sum() if how == "sum" else grouped.mean()).unstack("scenario")
    if count:
        annual = annual / SCALE
    differences = ((annual[scenario] - annual["baseline"]) * factor).to_numpy()
    mean, sd, n = differences.mean(), differences.std(ddof=1), len(differences)
    half = stats.t.ppf(0.95, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def shown(value: float, digits: int) -> str:
    return f"{round(value, digits) + 0.0:,.{digits}f}"


def test_compare_prints_the_paired_differences_of_its_own_run_files(compared, capsys):
    files, out = compared
    printed = run_compare(capsys, files, out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["experiment"]["baseline"] == "baseline" and len(manifest["runs"]) == 3 * SEEDS
    assert {run["seed"] for run in manifest["runs"]} == set(range(SEEDS))
    frames = pd.concat(pd.read_parquet(path) for path in (out / "timeseries").glob("*.parquet"))
    assert set(frames.groupby("scenario")["date"].max().dt.strftime("%Y-%m")) == {"2026-12"}  # the same months
    blocks = dict(re.findall(r"^(\S.*) minus the status quo .*?:\n((?:  .*\n)+)", printed, flags=re.M))
    assert set(blocks) == {"More admission", "More reskilling"}
    for scenario, title in (("more_admission", "More admission"), ("more_reskilling", "More reskilling")):
        assert blocks[title].splitlines()[0].split() == ["2026"]
        for label, (column, how, factor, digits, count) in MEASURES.items():
            mean, low, high = hand_difference(frames, scenario, column, how, factor, count)
            line = next(line for line in blocks[title].splitlines() if line.strip().startswith(label))
            expected = f"{shown(mean, digits)} [{shown(low, digits)}, {shown(high, digits)}]"
            assert line.strip().removeprefix(label).strip() == expected, (title, label)
    assert printed.splitlines()[-1] == f"the full report: .venv/bin/talentgap report {out}"


def test_a_repeated_comparison_reuses_its_runs_and_the_report_reads_the_folder(compared, capsys):
    files, out = compared
    first = run_compare(capsys, files, out)
    again = run_compare(capsys, files, out)
    assert again.splitlines()[0].startswith(f"{3 * SEEDS} runs ({3 * SEEDS} already done)")
    assert first.splitlines()[1:] == again.splitlines()[1:]
    assert main(["report", str(out), "--out", str(out / "report.html")]) == 0
    report = capsys.readouterr().out
    assert "More admission" in report and "More reskilling" in report
    title = "<title>Against the status quo: More admission, More reskilling</title>"
    assert title in (out / "report.html").read_text()


def test_scenarios_with_different_calendars_or_too_few_seeds_are_refused_before_any_run(tmp_path, capsys):
    short = tmp_path / "short.toml"
    short.write_text(f'name = "short"\n{CALENDAR}')
    long = tmp_path / "long.toml"
    long.write_text('name = "long"\n[calendar]\nhorizon_month = "2027-12"\nburn_in_months = 12\n')
    assert main(["compare", str(short), str(long), "--out", str(tmp_path / "out")]) == 2
    assert "the scenarios have different calendars" in capsys.readouterr().err
    assert main(["compare", str(short), "--seeds", "1", "--out", str(tmp_path / "out")]) == 2
    assert "option --seeds: must be at least 2" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_report_of_status_quo_runs_only_points_to_compare(tmp_path, capsys):
    scenario = tmp_path / "short.toml"
    scenario.write_text(f'name = "baseline"\n{CALENDAR}')
    assert main(["run", str(scenario), "--scale", str(SCALE), "--out", str(tmp_path / "single")]) == 0
    capsys.readouterr()
    assert main(["report", str(tmp_path / "single")]) == 2
    error = capsys.readouterr().err
    assert "a comparison needs policy runs: run `talentgap compare SCENARIO.toml`" in error
    assert error.endswith("\n") and error.count("\n") == 1
