"""The policy comparison report on tiny hand-made results folders: paired effects, intervals,
costs, the ratio rule, the sort order, bad input, the figures a folder supports, and the PDF.

Every folder here is written by hand (one calendar year, 2026, constant months), so each
expected number is worked out on paper; the browser test runs the report on real runs.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from abm.cli import main
from abm.core.errors import InputError
from abm.runs.output import write_manifest, write_timeseries
from abm.runs.provenance import assumptions_used
from abm.runs.scenarios import build_scenario
from experiments.report import ROBUSTNESS, build_report
from experiments.report.costs import discount_factors
from experiments.report.numbers import number, significant
from experiments.report.results import load_results
from experiments.report.summary import summarise

T_95_2 = 2.919986
"""Student-t 95% quantile with 2 degrees of freedom (tables): the 90% interval of three pairs."""


def run_frame(scenario: str, seed: int, difficulty: float, spend: float = 0.0, vacancies: float = 10.0, **extra):
    """One run's twelve months of 2026 with constant values; ``spend`` is HK$ a month."""
    dates = pd.date_range("2026-01-01", periods=12, freq="MS").astype("datetime64[ms]")
    frame = pd.DataFrame(
        {
            "run_id": f"{scenario}-{seed}-{'-'.join(map(str, extra.values()))}",
            "scenario": scenario,
            "seed": seed,
            "month": np.arange(36, 48),
            "date": dates,
            **extra,
            "difficulty_share": difficulty,
            "employed": 1000.0,
            "vacancies": vacancies,
            "unemployment_rate": 0.03,
            "vacancy_rate": 0.05,
            "time_to_fill_days": 60.0,
            "median_wage_hkd": 40000.0,
            "local_graduate_unemployment_rate": 0.04,
            "local_graduate_median_wage_hkd": 30000.0,
            "graduates": 80,
            "imported": 50,
            "reskilled": 30,
            "emigrants": 40,
            "government_spend_hkd": spend,
            "spend_talent_admission_hkd": spend,
        }
    )
    return frame


def write_folder(folder, frames, scales=None, **manifest_fields):
    """A results folder of ``frames`` (all done) with a minimal manifest."""
    runs = []
    for frame in frames:
        write_timeseries(folder, frame)
        run_id = frame["run_id"].iloc[0]
        runs.append(
            {
                "run_id": run_id,
                "scenario": frame["scenario"].iloc[0],
                "seed": int(frame["seed"].iloc[0]),
                "scale": (scales or {}).get(run_id, 1.0),
                "params": {},
                "labels": {},
                "status": "done",
            }
        )
    manifest = {
        "experiment": {"name": "tiny", "baseline": "baseline", "kind": "sweep"},
        "sources": {},
        "calibration": None,
        "runs": runs,
    } | manifest_fields
    write_manifest(folder, manifest)
    return folder


BASELINE = [0.50, 0.60, 0.40]
"""Baseline difficulty shares of seeds 0, 1, 2."""

POLICIES = {
    # name: (difficulty change in pp by seed, spend a month in HK$)
    "steady": ([-4.0, -5.0, -6.0], 1e9 / 12),  # -5 pp for HK$1bn: -5 per HK$1bn, interval excludes zero
    "cheap": ([-1.0, -1.5, -2.0], 1e8 / 12),  # -1.5 pp for HK$0.1bn: -15 per HK$1bn, interval excludes zero
    "noisy": ([-10.0, 0.0, 1.0], 1e8 / 12),  # -3 pp, interval includes zero: no ratio shown
}


@pytest.fixture()
def tiny(tmp_path):
    frames = [run_frame("baseline", seed, share) for seed, share in enumerate(BASELINE)]
    for name, (changes, spend) in POLICIES.items():
        frames += [run_frame(name, seed, BASELINE[seed] + change / 100, spend) for seed, change in enumerate(changes)]
    return write_folder(tmp_path / "tiny", frames)


def test_paired_effect_and_t_interval_match_a_hand_computation(tiny):
    summary = summarise(load_results(tiny), discount_rate=0.0)
    effects = summary.effects.set_index(["arm", "measure", "year"])
    steady = effects.loc[("steady", "difficulty_share", 2026)]
    # differences -4, -5, -6: mean -5, sd 1, half-width t x 1 / sqrt(3)
    assert steady["mean"] == pytest.approx(-5.0)
    assert steady["low"] == pytest.approx(-5.0 - T_95_2 / math.sqrt(3), abs=1e-5)
    assert steady["high"] == pytest.approx(-5.0 + T_95_2 / math.sqrt(3), abs=1e-5)
    assert steady["pairs"] == 3
    noisy = effects.loc[("noisy", "difficulty_share", 2026)]
    sd = math.sqrt(((-10 + 3) ** 2 + 3**2 + 4**2) / 2)
    assert noisy["mean"] == pytest.approx(-3.0)
    assert noisy["high"] == pytest.approx(-3.0 + T_95_2 * sd / math.sqrt(3), abs=1e-5)
    assert effects.loc[("steady", "employed", 2026), "mean"] == pytest.approx(0.0)


def test_cost_ratio_shown_only_where_the_effect_interval_excludes_zero_and_sorted_by_it(tiny):
    summary = summarise(load_results(tiny), discount_rate=0.0)
    costs = summary.costs.set_index("arm")["mean"]
    assert costs["steady"] == pytest.approx(1e9)  # 12 months x 1e9/12, undiscounted, minus the baseline's 0
    assert costs["cheap"] == pytest.approx(1e8)
    value = summary.value[summary.value["measure"] == "difficulty_share"].set_index("arm")
    assert value.loc["steady", "per_bn"] == pytest.approx(-5.0)
    assert value.loc["cheap", "per_bn"] == pytest.approx(-15.0)
    assert value.loc["steady", "shown"] and value.loc["cheap", "shown"]
    assert not value.loc["noisy", "shown"]
    # constant cost: the delta-method interval is the effect's interval divided by the cost
    assert value.loc["steady", "low"] == pytest.approx(-5.0 - T_95_2 / math.sqrt(3), abs=1e-5)
    assert summary.order == ["cheap", "steady", "noisy"]
    html = build_report(tiny, discount_rate=0.0).html.read_text()
    assert re.search(r'data-arm="noisy" data-measure="difficulty_share".*?data-ratio="hidden"', html)
    cheap = r'data-arm="cheap" data-measure="difficulty_share".*?data-ratio="shown"[^>]*><span class="mean">-15.0<'
    assert re.search(cheap, html)
    assert html.index('data-arm="cheap"') < html.index('data-arm="steady"') < html.index('data-arm="noisy"')


def test_discounting_and_annual_sums():
    dates = pd.Series(pd.to_datetime(["2023-01-01", "2024-01-01", "2025-07-01"]))
    assert discount_factors(dates, 0.04).tolist() == pytest.approx([1.0, 1 / 1.04, 1.04**-2.5])


def test_unfilled_vacancy_months_sum_the_year_and_counts_read_at_hong_kong_scale(tmp_path):
    frames = [run_frame("baseline", 0, 0.5, vacancies=10.0), run_frame("more", 0, 0.5, vacancies=12.0)]
    folder = write_folder(tmp_path / "scaled", frames, scales={frames[1]["run_id"].iloc[0]: 0.5})
    summary = summarise(load_results(folder), discount_rate=0.0)
    effect = summary.effects.set_index(["arm", "measure"]).loc[("more", "vacancies"), "mean"]
    assert effect == pytest.approx(12 / 0.5 * 12 - 10 * 12)  # 288 vacancy-months against 120
    assert math.isnan(summary.effects["low"].iloc[0])  # one pair: no interval


def test_calibration_sets_pair_within_a_set_and_rank(tmp_path):
    frames = []
    for calibration_set, better in (("a", "first"), ("b", "second")):
        for seed in range(2):
            frames.append(run_frame("baseline", seed, 0.5, calibration_set=calibration_set))
            for name in ("first", "second"):
                change = 0.05 if name == better else 0.01 * (seed + 1)
                frames.append(run_frame(name, seed, 0.5 - change, 1e8, calibration_set=calibration_set))
    folder = write_folder(tmp_path / "sets", frames)
    summary = summarise(load_results(folder), discount_rate=0.0)
    assert summary.effects.set_index(["arm", "measure"]).loc[("first", "difficulty_share"), "pairs"] == 4
    ranks = summary.ranking.set_index(["calibration_set", "arm"])["rank"]
    assert ranks[("a", "first")] == 1 and ranks[("a", "second")] == 2
    assert ranks[("b", "second")] == 1 and ranks[("b", "first")] == 2
    figures = re.findall(r'data-figure="(\w+)"', build_report(folder).html.read_text())
    assert "ranking" in figures and "calibration" not in figures


def test_a_robustness_subfolder_gives_the_ranking(tiny):
    frames = []
    for calibration_set in ("a", "b"):
        frames.append(run_frame("baseline", 0, 0.5, calibration_set=calibration_set))
        frames.append(run_frame("steady", 0, 0.45, 1e8, calibration_set=calibration_set))
    write_folder(tiny / ROBUSTNESS, frames)
    report = build_report(tiny)
    assert set(report.summary.ranking["calibration_set"]) == {"a", "b"}
    assert "ranking" in re.findall(r'data-figure="(\w+)"', report.html.read_text())


def test_swept_parameters_make_arms(tmp_path):
    frames = [run_frame("baseline", 0, 0.5)]
    frames += [run_frame("places", 0, 0.5 - 0.01 * extra, param_extra=extra) for extra in (1, 2)]
    summary = summarise(load_results(write_folder(tmp_path / "grid", frames)), discount_rate=0.0)
    assert set(summary.order) == {"places (extra=1)", "places (extra=2)"}


def test_sensitivity_tables_add_figures(tiny):
    (tiny / "sensitivity").mkdir()
    pd.DataFrame(
        {
            "output": "difficulty_share",
            "year": 2035,
            "parameter": ["a", "b"],
            "mu_star": [0.2, 0.1],
            "mu_star_conf": 0.01,
            "sigma": 0.1,
        }
    ).to_csv(tiny / "sensitivity" / "morris.csv", index=False)
    pd.DataFrame(
        {
            "output": "difficulty_share",
            "year": 2035,
            "parameter": ["a"],
            "S1": [0.5],
            "S1_conf": 0.1,
            "ST": [0.6],
            "ST_conf": 0.1,
        }
    ).to_csv(tiny / "sobol.csv", index=False)
    html = build_report(tiny).html.read_text()
    assert re.findall(r'data-figure="(\w+)"', html) == [
        "difficulty",
        "effects",
        "beveridge",
        "time_to_fill",
        "wages",
        "flows",
        "spending",
        "sensitivity_morris",
        "sensitivity_sobol",
    ]
    assert 'id="sensitivity"' in html and "holds no assumptions table" in html


def test_report_has_no_external_references_and_a_pdf(tiny):
    report = build_report(tiny, out=tiny / "out" / "comparison.html", pdf=True)
    html = report.html.read_text()
    assert report.pdf == tiny / "out" / "comparison.pdf"
    assert report.pdf.read_bytes().startswith(b"%PDF") and report.pdf.stat().st_size > 10_000
    sources = re.findall(r'(?:src|href)="([^"#][^"]*)"', html)
    assert sources and all(source.startswith("data:") for source in sources)
    assert "<script" not in html and "@import" not in html and "url(" not in html


def _error(capsys, argv):
    status = main(argv)
    return status, capsys.readouterr().err.strip()


def test_bad_folders_exit_2_with_one_line_naming_the_problem(tmp_path, capsys, tiny):
    status, message = _error(capsys, ["report", str(tmp_path / "missing")])
    assert status == 2 and message == f"talentgap: error: {tmp_path / 'missing'}: no such results folder"
    (tmp_path / "empty").mkdir()
    status, message = _error(capsys, ["report", str(tmp_path / "empty")])
    assert status == 2 and "manifest.json: missing" in message
    manifest = json.loads((tiny / "manifest.json").read_text())
    cases = {
        "experiment.baseline": manifest | {"experiment": {"name": "tiny"}},
        "no run has status 'done'": manifest | {"runs": [r | {"status": "failed"} for r in manifest["runs"]]},
        "no done run of the baseline scenario 'status_quo'": manifest | {"experiment": {"baseline": "status_quo"}},
    }
    for expected, broken in cases.items():
        write_manifest(tiny, broken)
        status, message = _error(capsys, ["report", str(tiny)])
        assert status == 2 and expected in message and "\n" not in message
    baseline_only = [r for r in manifest["runs"] if r["scenario"] == "baseline"]
    write_manifest(tiny, manifest | {"runs": baseline_only})
    status, message = _error(capsys, ["report", str(tiny)])
    assert status == 2 and "every done run is of the baseline 'baseline'" in message
    write_manifest(tiny, manifest)
    for run in manifest["runs"]:
        if run["scenario"] == "baseline":
            continue
        frame = pd.read_parquet(tiny / "timeseries" / f"{run['run_id']}.parquet").assign(seed=7)
        write_timeseries(tiny, frame)
    status, message = _error(capsys, ["report", str(tiny)])
    assert status == 2 and "no policy run has a baseline run with the same seed" in message
    next((tiny / "timeseries").glob("*.parquet")).unlink()
    status, message = _error(capsys, ["report", str(tiny)])
    assert status == 2 and ".parquet: missing, but the manifest lists run" in message
    status, message = _error(capsys, ["report", str(tmp_path / "missing"), "--discount-rate", "-0.1"])
    assert status == 2 and "--discount-rate" in message
    with pytest.raises(InputError, match="no such results folder"):
        build_report(tmp_path / "missing")


def test_cli_prints_where_it_wrote_and_the_top_rows(tiny, capsys):
    assert main(["report", str(tiny), "--discount-rate", "0", "--markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"report written to {tiny / 'report.html'}, {tiny / 'report.md'}"
    assert [line.split()[0] for line in lines[2:]] == ["Cheap", "Steady", "Noisy"]  # the arms in words
    assert lines[2].split()[-1] == "-15.00" and lines[4].split()[-1] == "-"


def test_assumptions_used_name_the_scenarios_using_each_value():
    baseline = build_scenario({"name": "baseline"})
    expansion = build_scenario({"name": "more", "policies": [{"name": "talent_admission", "id": "extra"}]})
    rows = {row["name"]: row for row in assumptions_used([baseline, expansion])}
    assert rows["policies.extra.arrivals_per_year"]["scenarios"] == ["more"]
    assert rows["market.large_firm_share"]["scenarios"] == ["baseline", "more"]
    assert rows["market.large_firm_share"]["confidence"] == "H"


def test_runs_without_a_full_calendar_year_are_refused(tmp_path):
    frames = [run_frame(name, 0, 0.5).iloc[:6] for name in ("baseline", "policy")]
    with pytest.raises(InputError, match="no calendar year in full"):
        build_report(write_folder(tmp_path / "half", frames))


def test_numbers_are_shown_without_negative_zero_or_scientific_notation():
    assert number(-0.001, 2) == "0.00" and number(-1234.6, 0) == "-1,235"
    assert significant(-0.04123) == "-0.0412" and significant(12345.6) == "12,346" and significant(math.nan) == "n/a"


def _first_policy_file(folder):
    run = next(r for r in json.loads((folder / "manifest.json").read_text())["runs"] if r["scenario"] != "baseline")
    return folder / "timeseries" / f"{run['run_id']}.parquet"


def _baseline_file(folder):
    run = next(r for r in json.loads((folder / "manifest.json").read_text())["runs"] if r["scenario"] == "baseline")
    return folder / "timeseries" / f"{run['run_id']}.parquet"


DAMAGES = {
    "unrelated parquet": (
        lambda f: pd.DataFrame({"a": [1, 2]}).to_parquet(_first_policy_file(f)),
        "{policy}: field 'run_id': missing; not the time series of a talentgap run",
    ),
    "another run's parquet": (
        lambda f: _first_policy_file(f).write_bytes(_baseline_file(f).read_bytes()),
        "{policy}: field 'run_id': holds baseline-0-, not ",
    ),
    "truncated parquet": (
        lambda f: _first_policy_file(f).write_bytes(_first_policy_file(f).read_bytes()[:100]),
        "{policy}: not a readable Parquet file (Parquet magic bytes not found in footer); the manifest lists it as run",
    ),
    "empty parquet": (
        lambda f: _first_policy_file(f).write_bytes(b""),
        "{policy}: not a readable Parquet file (Parquet file size is 0 bytes)",
    ),
    "non-JSON manifest": (
        lambda f: (f / "manifest.json").write_text("{not json"),
        "{manifest}: damaged manifest: not valid JSON",
    ),
    "list manifest": (
        lambda f: (f / "manifest.json").write_text("[]"),
        "{manifest}: damaged manifest: not a JSON object but a list",
    ),
    "scale = 'big'": (
        lambda f: (f / "manifest.json").write_text(
            (f / "manifest.json").read_text().replace('"scale": 1.0', '"scale": "big"', 1)
        ),
        "{manifest}: field 'runs[0].scale': must be a positive number (the run's market scale), got 'big'",
    ),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_copy_of_a_valid_folder_exits_2_naming_the_file_and_field_and_writes_nothing(tiny, capsys, damage):
    make, expected = DAMAGES[damage]
    expected = expected.format(policy=_first_policy_file(tiny), manifest=tiny / "manifest.json")
    make(tiny)
    before = sorted(tiny.rglob("*"))
    status, message = _error(capsys, ["report", str(tiny)])
    assert status == 2 and message.startswith(f"talentgap: error: {expected}") and "\n" not in message
    assert sorted(tiny.rglob("*")) == before


def test_an_out_that_is_a_folder_exits_2_before_anything_is_written(tiny, capsys):
    (tiny / "out").mkdir()
    status, message = _error(capsys, ["report", str(tiny), "--out", str(tiny / "out")])
    assert (
        status == 2
        and message == f"talentgap: error: option --out: {tiny / 'out'} is a folder; give the name of a file to write"
    )
    assert list((tiny / "out").iterdir()) == [] and not (tiny / "report.html").exists()
