"""The cost accounts by hand: a policy adds three workers in mid-2023, each using HK$2,000 of public
services and paying HK$1,500 of salaries tax a month, for a one-off programme cost of HK$30,000."""

from __future__ import annotations

import pandas as pd
import pytest

from experiments import accounts

SCALE = 0.5
"""The runs are at half of Hong Kong's size: every HK$ amount in their files is halved."""
ADDED_WORKERS = 3
SERVICES_PER_WORKER = 2_000.0
TAX_PER_WORKER = 1_500.0
PROGRAMME = 30_000.0


def _run(run_id: str, scenario: str, seed: int, policy: bool) -> pd.DataFrame:
    """14 months from 2023-01 of a status-quo run (HK$5,000 spending, 20,000 services and 30,000 tax a
    month for its own residents) or of the policy run (plus the added workers from 2023-07 on)."""
    dates = pd.date_range("2023-01-01", periods=14, freq="MS")
    added = [ADDED_WORKERS if policy and date >= pd.Timestamp("2023-07-01") else 0 for date in dates]
    spend = [5_000.0 + (PROGRAMME if policy and date == pd.Timestamp("2023-07-01") else 0.0) for date in dates]
    hong_kong = pd.DataFrame({
        "run_id": run_id, "scenario": scenario, "seed": seed, "date": dates,
        "government_spend_hkd": spend,
        "fiscal_services_hkd": [20_000.0 + n * SERVICES_PER_WORKER for n in added],
        "fiscal_salaries_tax_hkd": [30_000.0 + n * TAX_PER_WORKER for n in added],
    })  # fmt: skip
    money = list(accounts.MONEY_COLUMNS)
    hong_kong[money] = hong_kong[money] * SCALE  # as the run's file holds them
    return hong_kong


@pytest.fixture
def frame() -> pd.DataFrame:
    runs = pd.concat([_run("base", "baseline", 0, False), _run("pol", "policy", 0, True)], ignore_index=True)
    return accounts.at_hong_kong_size(runs, SCALE)


def test_both_views_by_hand_without_discounting(frame):
    programme = accounts.present_cost(frame, "programme", rate=0.0, through_year=2023)
    fiscal = accounts.present_cost(frame, "fiscal", rate=0.0, through_year=2023)
    # status quo: 12 months x 5,000 spent; 12 x (20,000 - 30,000) net of its own residents
    assert programme["base"] == pytest.approx(60_000.0)
    assert fiscal["base"] == pytest.approx(60_000.0 + 12 * (20_000.0 - 30_000.0))
    # the policy's cost against its partner: 30,000 once; + 6 months x 3 workers x (2,000 - 1,500)
    assert programme["pol"] - programme["base"] == pytest.approx(30_000.0)
    assert fiscal["pol"] - fiscal["base"] == pytest.approx(30_000.0 + 6 * 3 * 2_000.0 - 6 * 3 * 1_500.0)  # 39,000


def test_discounting_from_january_2023(frame):
    through_2024 = accounts.present_cost(frame, "programme", rate=0.04, through_year=2024)
    # the one-off 30,000 falls in 2023-07, half a year after January 2023
    assert through_2024["pol"] - through_2024["base"] == pytest.approx(30_000.0 / 1.04**0.5)
    fiscal = accounts.present_cost(frame, "fiscal", rate=0.04, through_year=2024)
    monthly = 3 * (2_000.0 - 1_500.0)
    months = [6, 7, 8, 9, 10, 11, 12, 13]  # 2023-07 to 2024-02, months after January 2023
    expected = 30_000.0 / 1.04**0.5 + sum(monthly / 1.04 ** (m / 12) for m in months)
    assert fiscal["pol"] - fiscal["base"] == pytest.approx(expected)
    assert accounts.discount_factors(pd.Series(pd.to_datetime(["2024-01-01"])), 0.04).iloc[0] == pytest.approx(1 / 1.04)


def test_annual_programme_spending_is_undiscounted_by_calendar_year(frame):
    annual = accounts.annual_programme_spending(frame)
    assert annual.loc["pol", 2023] - annual.loc["base", 2023] == pytest.approx(30_000.0)
    assert annual.loc["base", 2023] == pytest.approx(60_000.0)
    assert annual.loc["base", 2024] == pytest.approx(10_000.0)  # two months recorded
    assert list(accounts.annual_programme_spending(frame, through_year=2023).columns) == [2023]


def test_a_policy_arm_is_paired_with_the_baseline_run_of_its_seed(frame):
    other_seed = accounts.at_hong_kong_size(
        pd.concat([_run("base1", "baseline", 1, False), _run("pol1", "policy", 1, True)]), SCALE
    )
    both = pd.concat([frame, other_seed], ignore_index=True)
    values = accounts.present_cost(both, "fiscal", 0.0, 2023).rename("fiscal").reset_index()
    runs = both.drop_duplicates("run_id")[["run_id", "scenario", "seed"]]
    paired = accounts.paired(runs.merge(values, on="run_id"), keys=["seed"], baseline="baseline")
    assert sorted(paired["run_id"]) == ["pol", "pol1"]
    assert paired["fiscal"].tolist() == pytest.approx([39_000.0, 39_000.0])


def test_scales_by_run_and_views_are_checked():
    runs = pd.concat([_run("a", "baseline", 0, False), _run("b", "baseline", 1, False)], ignore_index=True)
    runs.loc[runs["run_id"] == "b", list(accounts.MONEY_COLUMNS)] *= 2  # run b at scale 1.0
    sized = accounts.at_hong_kong_size(runs, {"a": 0.5, "b": 1.0})
    assert sized.groupby("run_id")["government_spend_hkd"].first().tolist() == [5_000.0, 5_000.0]
    assert accounts.COST_VIEWS == ("programme", "fiscal")
    with pytest.raises(ValueError, match="unknown cost view 'social'"):
        accounts.monthly_cost(runs, "social")
