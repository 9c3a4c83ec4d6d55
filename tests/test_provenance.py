"""Provenance: every parameter a scenario uses is sourced."""

from __future__ import annotations

from abm.runs.provenance import PROJECT, assumptions_table, short_path, sources, sources_cited
from abm.runs.scenarios import default_scenario


def test_every_parameter_cites_a_known_source():
    known = sources()
    for row in assumptions_table(default_scenario()):
        assert row["source"] in known, row["name"]
        assert row["unit"] and row["role"], row["name"]


def test_the_sources_used_include_the_survey_and_every_status_quo_instrument():
    used = sources_cited(assumptions_table(default_scenario()))
    for key in (
        "hkpc_ai_study_2023",
        "talent_schemes_2023",
        "itf_nittp",
        "research_talent_hub",
        "stem_internship_2022",
    ):
        assert key in used


def test_recorded_paths_are_relative_to_the_project_or_just_a_file_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert short_path(PROJECT / "experiments" / "futures.toml") == "experiments/futures.toml"
    assert short_path(tmp_path / "mine" / "futures.toml") == "mine/futures.toml"  # under the working folder
    assert short_path("/elsewhere/futures.toml") == "futures.toml"
    assert short_path(None) == ""
