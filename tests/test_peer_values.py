"""The plain-Mesa peer (benchmarks/plain_mesa_*.py) runs on talentgap's default values, so that the
speed comparison times the same market: a recalibration that does not reach the peer fails here."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from abm.core.parameters import parameter_table
from abm.runs.scenarios import default_scenario

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_the_peer_runs_on_talentgaps_default_values(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from plain_mesa_parameters import PeerParameters

    scenario = default_scenario()
    values = {row["name"].split(".")[-1]: row["value"] for row in parameter_table(scenario)}
    values["ai_adoption_growth_per_year"] = scenario.drivers.ai_adoption.growth_per_year
    peer = PeerParameters()
    shared = [field.name for field in dataclasses.fields(peer) if field.name in values]
    assert len(shared) >= 70, shared
    mismatched = {name: (getattr(peer, name), values[name]) for name in shared
                  if getattr(peer, name) != pytest.approx(values[name], rel=1e-12)}  # fmt: skip
    assert not mismatched, f"peer value != talentgap's (update benchmarks/plain_mesa_parameters.py): {mismatched}"
