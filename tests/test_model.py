"""The model: determinism, invariants at every month, Mesa views."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import SMALL_SCALE, short_scenario

from abm.core.agents import Firm, Graduate
from abm.core.model import TalentModel
from abm.core.state import Status, VacancyState
from abm.runs import build_model
from abm.runs.simulation import RunSpec, run

NAN_ALLOWED = {
    "time_to_fill_days": "hires",  # NaN exactly when nobody was hired that month
    "visa_extender_median_wage_hkd": "visa_first_extensions",  # NaN when no employed worker's first term was extended
    "imported_employed_median_wage_hkd": "imported_stock",
    "local_graduate_median_wage_hkd": None,  # NaN only when no local graduate is employed
}


def test_same_seed_same_data_different_seed_different_data(short):
    first = run(RunSpec(short, seed=3, scale=SMALL_SCALE))
    again = run(RunSpec(short, seed=3, scale=SMALL_SCALE))
    other = run(RunSpec(short, seed=4, scale=SMALL_SCALE))
    pd.testing.assert_frame_equal(first, again)
    assert not first.drop(columns=["run_id", "seed"]).equals(other.drop(columns=["run_id", "seed"]))
    assert first["run_id"].iloc[0] == RunSpec(short, seed=3, scale=SMALL_SCALE).run_id
    assert first["run_id"].iloc[0] != other["run_id"].iloc[0]


def test_run_id_depends_on_content_not_on_object(short):
    rebuilt = short_scenario()
    assert RunSpec(rebuilt, seed=1, scale=0.1).run_id == RunSpec(short, seed=1, scale=0.1).run_id
    changed = short_scenario(search={"applications_per_seeker": 4})
    assert RunSpec(changed, seed=1, scale=0.1).run_id != RunSpec(short, seed=1, scale=0.1).run_id
    assert RunSpec(short, seed=1, scale=0.2).run_id != RunSpec(short, seed=1, scale=0.1).run_id


def check_month(model: TalentModel, before: dict, record: dict) -> None:
    """Every invariant of one simulated month."""
    workers, vacancies, firms = model.workers, model.vacancies, model.firms
    employed = workers.status == Status.EMPLOYED
    # no worker in two jobs: each filled vacancy has exactly one worker, each worker at most one vacancy
    filled = vacancies.state == VacancyState.FILLED
    holders = vacancies.worker[filled]
    assert len(np.unique(holders)) == len(holders) and (holders >= 0).all()
    assert employed[holders].all()
    assert (workers.employer[holders] == vacancies.firm[filled]).all()
    assert (workers.employer[employed] >= 0).all() and (workers.employer[~employed] == -1).all()
    assert (workers.wage[employed] > 0).all() and (workers.wage[~employed] == 0).all()
    assert (firms.employed == np.bincount(workers.employer[employed], minlength=len(firms))).all()
    # stocks = previous stocks + inflows - outflows
    assert record["employed"] == before["employed"] + record["hires"] - record["separations"]
    leaving = record["emigrants"] + record["retirements"] - record["emigrants_not_in_labour_force"]
    outflows = leaving + record["exits_to_other_sectors"]
    assert record["labour_force"] == before["labour_force"] + record["entrants"] - outflows
    withdrawn = record["vacancies_cut"] + record["vacancies_withdrawn_unfilled"]
    assert record["vacancies"] == before["vacancies"] + record["vacancies_posted"] - record["hires"] - withdrawn
    # shares in [0, 1]; NaN only where stated
    for column, value in record.items():
        if column.endswith(("_share", "_rate")) or "_share_" in column:
            assert 0.0 <= value <= 1.0, column
        if isinstance(value, float) and np.isnan(value):
            assert column in NAN_ALLOWED, column
    assert np.isnan(record["time_to_fill_days"]) == (record["hires"] == 0)


def test_invariants_hold_every_month():
    scenario = short_scenario(drivers={"macro_shock": {"enabled": True, "start": "2023-06", "demand_change": -0.3}})
    model = build_model(scenario, seed=11, scale=SMALL_SCALE)
    model.run_to(scenario.calendar.first_month_recorded - 1)
    first = len(model.records)
    before = {
        "employed": int((model.workers.status == Status.EMPLOYED).sum()),
        "labour_force": int(np.isin(model.workers.status, (Status.EMPLOYED, Status.UNEMPLOYED)).sum()),
        "vacancies": int((model.vacancies.state == VacancyState.OPEN).sum()),
    }
    assert first == 0
    while model.month <= scenario.calendar.horizon:
        model.step()
        record = model.records[-1]
        check_month(model, before, record)
        before = record
    assert len(model.records) == scenario.calendar.horizon - scenario.calendar.first_month_recorded + 1


def test_records_start_at_first_recorded_month_and_have_dates(short):
    frame = run(RunSpec(short, seed=0, scale=SMALL_SCALE))
    assert frame["month"].tolist() == list(range(len(frame)))
    assert frame["date"].iloc[0] == pd.Timestamp("2023-01-01")
    assert frame["date"].iloc[-1] == pd.Timestamp("2024-12-01")
    assert list(frame.columns[:5]) == ["run_id", "scenario", "seed", "month", "date"]


def test_views_read_and_write_rows_and_are_made_once():
    model = build_model(short_scenario(), seed=0, scale=SMALL_SCALE)
    employed_row = int(np.flatnonzero(model.workers.status == Status.EMPLOYED)[0])
    view = model.graduate(employed_row)
    assert isinstance(view, Graduate) and view is model.graduate(employed_row)
    assert view.status == Status.EMPLOYED and view.wage == model.workers.wage[employed_row]
    view.skill = 0.75
    assert model.workers.skill[employed_row] == 0.75
    firm = model.firm(0)
    assert isinstance(firm, Firm) and firm.employed == model.firms.employed[0]
    agents_before = len(model.agents)
    model.graduate(employed_row), model.firm(0)
    assert len(model.agents) == agents_before  # no accumulation of views
    with pytest.raises(IndexError):
        model.graduate(len(model.workers))


def test_departed_workers_views_leave_mesa_registry():
    model = build_model(short_scenario(flows={"retirement_rate_per_year": 0.9}), seed=0, scale=SMALL_SCALE)
    rows = np.flatnonzero(model.workers.status == Status.EMPLOYED)[:50]
    views = [model.graduate(int(r)) for r in rows]
    for _ in range(3):
        model.step()
    departed = [v for v in views if model.workers.status[v.row] == Status.DEPARTED]
    assert departed, "with a 90% yearly retirement hazard some of 50 workers retire in 3 months"
    for view in departed:
        assert view not in model.agents


def test_universities_and_government_are_mesa_agents(short):
    model = build_model(short, seed=0, scale=SMALL_SCALE)
    kinds = {type(agent).__name__ for agent in model.agents}
    assert {"University", "Government"} <= kinds
    assert len(model.universities) == 8


def test_rejects_bad_seed_and_scale(short):
    with pytest.raises(ValueError, match="seed"):
        build_model(short, seed=-1)
    with pytest.raises(ValueError, match="scale"):
        build_model(short, scale=0.0)


def test_a_worker_hired_earlier_in_the_month_does_not_search_again_until_next_month():
    """An intern converted before matching (July) is employed with a filled vacancy this month; even
    if every employed worker searched on the job, it would not, so it cannot take a second job."""
    from abm.core.job_search import seekers_and_thresholds

    scenario = short_scenario(search={"match_shock_rate_per_month": 0.5, "on_the_job_search_rate_per_month": 1.0})
    model = build_model(scenario, seed=2, scale=SMALL_SCALE)
    model.step()
    model._start_month()
    unemployed = np.flatnonzero(model.workers.status == Status.UNEMPLOYED)[:3]
    vacancies = np.flatnonzero(model.vacancies.state == VacancyState.OPEN)[:3]
    model.hire(unemployed, vacancies)
    seekers, _ = seekers_and_thresholds(model)
    employed = np.flatnonzero(model.workers.status == Status.EMPLOYED)
    assert not np.isin(unemployed, seekers).any()
    assert len(np.intersect1d(seekers, employed)) == len(employed) - 3  # every other employed worker searches
