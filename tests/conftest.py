"""Shared fixtures: small, fast scenarios and models."""

from __future__ import annotations

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
