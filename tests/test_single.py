"""``talentgap run``'s library call: runs accumulate in one folder, and a folder it does not own is refused."""

from __future__ import annotations

import json

import pytest
from conftest import short_scenario

from abm.core.errors import InputError
from abm.runs import single
from abm.runs.simulation import RunSpec
from experiments.sweep import sweep

SCALE = 0.05
SHORT = {"calendar": {"horizon_month": "2023-12", "burn_in_months": 12}}


def listed(folder) -> dict[str, str]:
    """Run id -> scenario of every run the folder's manifest lists."""
    return {r["run_id"]: r["scenario"] for r in json.loads((folder / "manifest.json").read_text())["runs"]}


def files(folder) -> set[str]:
    return {path.stem for path in (folder / "timeseries").glob("*.parquet")}


def test_runs_of_two_scenarios_into_one_folder_are_both_listed(tmp_path):
    first = short_scenario(name="first", **SHORT)
    second = short_scenario(name="second", policies=[{"name": "talent_admission", "id": "extra"}], **SHORT)
    single.run_single(first, seed=0, scale=SCALE, folder=tmp_path)
    single.run_single(second, seed=1, scale=SCALE, folder=tmp_path)
    single.run_single(first, seed=0, scale=SCALE, folder=tmp_path)  # the same run again: listed once
    assert sorted(listed(tmp_path).values()) == ["first", "second"] and set(listed(tmp_path)) == files(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["experiment"]["kind"] == "single run" and manifest["experiment"]["scenarios"] == ["first", "second"]
    rows = {row["name"]: row["scenarios"] for row in manifest["assumptions"]}
    assert rows["policies.extra.arrivals_per_year"] == ["second"]
    assert rows["market.large_firm_share"] == ["first", "second"]


@pytest.fixture()
def never_run(monkeypatch):
    """A refusal must come before the simulation: running would fail the test."""
    monkeypatch.setattr(single, "run", lambda spec: pytest.fail("the run started"))


def test_a_sweeps_folder_is_refused_before_the_run_and_keeps_every_run(tmp_path, never_run):
    specs = [RunSpec(short_scenario(name="s", **SHORT), seed=seed, scale=SCALE) for seed in (0, 1)]
    sweep(specs, tmp_path, {"name": "exp", "kind": "sweep"}, show_progress=False)
    before = (tmp_path / "manifest.json").read_text()
    with pytest.raises(InputError, match=r"holds the results of sweep 'exp' \(2 runs\).*choose another --out"):
        single.run_single(specs[0].scenario, seed=5, scale=SCALE, folder=tmp_path)
    assert (tmp_path / "manifest.json").read_text() == before and len(listed(tmp_path)) == 2 == len(files(tmp_path))


@pytest.mark.parametrize(
    ("contents", "expected"),
    [
        ({"manifest.json": "not json"}, "manifest.json: damaged manifest: not valid JSON"),
        ({"manifest.json": '{"experiment": {"kind": "single run"}}'}, "damaged manifest: field 'runs': missing"),
        ({"notes.txt": "mine"}, "notes.txt: not written by talentgap"),
    ],
)
def test_a_folder_it_does_not_own_is_refused_and_left_as_it_was(tmp_path, never_run, contents, expected):
    for name, text in contents.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(InputError, match=expected):
        single.run_single(short_scenario(**SHORT), seed=0, scale=SCALE, folder=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(contents)
    assert all((tmp_path / name).read_text() == text for name, text in contents.items())
