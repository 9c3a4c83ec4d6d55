"""Futures files: the committed set, users' own files, and their validation (file and field named)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from abm.core.errors import InputError
from abm.runs.committed import near_optimal_sets
from experiments.futures import load_futures

pytestmark = pytest.mark.xdist_group(__name__)


@pytest.fixture(scope="module")
def committed():
    return load_futures()


def test_the_committed_futures_cross_calibrations_growth_entry_level_and_downturn(committed):
    assert (committed.name, committed.version) == ("hk_ai_futures", 1)
    assert len(committed.futures) == 3 * 3 * 2 * 2
    sets = [entry["id"] for entry in near_optimal_sets()[:3]]
    assert committed.names[0] == f"set={sets[0]} growth=low entry_level=off downturn=off"
    by_name = {future.name: future for future in committed.futures}
    central = by_name[f"set={sets[1]} growth=central entry_level=on downturn=on"].scenario
    calibrated = near_optimal_sets()[1]["parameters"]["drivers.ai_adoption.growth_per_year"]
    assert central.drivers.ai_adoption.growth_per_year == pytest.approx(calibrated)  # central: the set's own value
    assert central.drivers.entry_level_shift.enabled and central.drivers.macro_shock.enabled
    assert central.drivers.macro_shock.demand_change == -0.15  # downturn_2026.toml's macro shock
    assert not central.drivers.chip_supply_shock.enabled  # the downturn driver is the macro shock only
    high = by_name[f"set={sets[2]} growth=high entry_level=off downturn=off"].scenario
    assert high.drivers.ai_adoption.growth_per_year == 0.10 and not high.drivers.entry_level_shift.enabled


def test_features_describe_each_future(committed):
    features = committed.features()
    assert list(features.index) == committed.names
    assert {"drivers.ai_adoption.growth_per_year", "drivers.entry_level_shift.enabled",
            "drivers.macro_shock.enabled"} <= set(features.columns)  # fmt: skip
    assert features["drivers.macro_shock.enabled"].dtype == bool
    assert "drivers.macro_shock.demand_change" not in features  # splits the futures as `enabled` does
    calibrated = set(near_optimal_sets()[0]["parameters"]) - {"drivers.ai_adoption.growth_per_year"}
    kept = calibrated & set(features.columns)
    assert kept  # the sets differ, and their parameters have columns...
    assert len({tuple(pd.factorize(features[name])[0]) for name in kept}) == len(kept)  # ...none splitting alike
    growth = features["drivers.ai_adoption.growth_per_year"]
    centrals = {s["parameters"]["drivers.ai_adoption.growth_per_year"] for s in near_optimal_sets()[:3]}
    assert growth.min() == 0.0 and growth.max() == 0.10 and growth.nunique() == 2 + len(centrals)  # low, high, sets


def test_a_users_file_with_common_parts_and_named_futures(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("""
name = "mine"
version = 2
common = { calendar = { horizon_month = "2028-12" } }
[[factors]]
name = "growth"
levels = [{ name = "slow", overlay = { drivers.ai_adoption.growth_per_year = 0.01 } }, { name = "fast" }]
[[futures]]
name = "vendor boom"
overlay = { drivers.ai_adoption = { path = "vendor_2030" } }
""")
    futures = load_futures(path)
    assert futures.names == ["growth=slow", "growth=fast", "vendor boom"]
    assert futures.horizon_month() == "2028-12"
    assert futures.futures[2].scenario.drivers.ai_adoption.path == "vendor_2030"
    assert futures.futures[0].overlay["calendar"]["horizon_month"] == "2028-12"
    before = futures.fingerprint
    path.write_text(path.read_text().replace("0.01", "0.02"))
    assert load_futures(path).fingerprint != before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\nversion = 1\nfuturs = []', "field 'futurs': unknown key"),
        ('name = "x"\n[[futures]]\nname = "a"', "field 'version': Field required"),
        ('name = "x"\nversion = 1', "no futures"),
        ('name = "x"\nversion = 1\n[[futures]]\nname = "a"\noverlay = { drivers = { ai_adoption = { growth = 1 } } }',
         "in 'futures[0].overlay': field 'drivers.ai_adoption.growth': unknown key"),
        ('name = "x"\nversion = 1\n[[factors]]\nname = "g"\nlevels = [{ name = "a", overlay = { search = '
         '{ skill_slack = -5.0 } } }]', "in 'factors[0].levels[0].overlay': field 'search.skill_slack'"),
        ('name = "x"\nversion = 1\n[[futures]]\nname = "a"\n[[futures]]\nname = "a"', "future names must be distinct"),
        ('name = "x"\nversion = 1\n[[futures]]\nname = "a"\noverlay = { name = "b" }', "does not rename"),
        ('name = "x"\nversion = 1\n[calibration_sets]\nsource = "missing.toml"', "no such file"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_naming_the_file_and_the_field(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(InputError, match=re.escape(message)) as error:
        load_futures(path)
    assert str(error.value).startswith(str(path))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match=f"{tmp_path / 'none.toml'}: no such futures file"):
        load_futures(tmp_path / "none.toml")
