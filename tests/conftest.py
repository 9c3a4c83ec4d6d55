"""Shared fixtures: small, fast scenarios and models."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from abm.runs.scenarios import build_scenario

SMALL_SCALE = 0.1
"""Tests run at a tenth of Hong Kong: about 100 firms and 2,000 workers."""


def short_scenario(**table):
    """The default scenario with a short horizon (to 2024-12) plus ``table``'s changes."""
    base = {"name": "test", "calendar": {"horizon_month": "2024-12", "burn_in_months": 12}}
    for key, value in table.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = base[key] | value
        else:
            base[key] = value
    return build_scenario(base)


@pytest.fixture(scope="session")
def short():
    return short_scenario()


PLUGIN_DIR = Path(__file__).parent / "plugin"


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory) -> Path:
    """A folder holding the test plugin as pip would install it: a module plus a .dist-info whose
    entry_points.txt registers it in the ``talentgap.policies`` group (put it on sys.path or
    PYTHONPATH to install it)."""
    site = tmp_path_factory.mktemp("site")
    dist = site / "talentgap_hiring_bonus-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: talentgap-hiring-bonus\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[talentgap.policies]\nhiring_bonus = talentgap_hiring_bonus:HiringBonus\n")
    (site / "talentgap_hiring_bonus.py").write_text((PLUGIN_DIR / "talentgap_hiring_bonus.py").read_text())
    return site


@pytest.fixture
def installed_plugin(plugin_site, monkeypatch):
    """The test plugin installed in this process for one test."""
    from policies import registry

    monkeypatch.syspath_prepend(str(plugin_site))
    registry._plugins.cache_clear()
    yield
    registry._plugins.cache_clear()
    sys.modules.pop("talentgap_hiring_bonus", None)


TOY_FUTURES = """
name = "toy"
version = 1
common = { calendar = { horizon_month = "2026-12", burn_in_months = 12 } }

[[futures]]
name = "central"

[[futures]]
name = "boom"
overlay = { drivers.ai_adoption.growth_per_year = 0.15, drivers.entry_level_shift.enabled = true }
"""
"""Two futures to 2026 (a year of burn-in) for toy optimisations: the status quo and an AI boom with the entry-level
shift (tests/test_optimise.py, tests/test_report_optimisation.py)."""
