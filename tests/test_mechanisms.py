"""Mechanisms against facts the model was not fitted to: pay that can fall and recover after a
shock, time to fill in days, firms entering and leaving, the entry-level driver.

(The visa cohort figures and the job-ending rate, which calibration targets, are checked on
unseen seeds in tests/test_calibration.py.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from abm.core.firm_dynamics import SCHEDULE_MONTH, entry_deterrence
from abm.runs import RunSpec, build_model, build_scenario, run
from abm.runs.forking import family, run_family
from experiments import free_entry, matching_mechanisms, university_places_mechanisms

pytestmark = pytest.mark.xdist_group(__name__)

SCALE = 0.3
SEEDS = (21, 22, 23, 24)
TEMPORARY = {"enabled": True, "start": "2025-01", "end": "2026-12", "ramp_months": 6}


def spec(drivers: dict, horizon: str, market: dict | None, seed: int) -> RunSpec:
    """The calibrated baseline with ``drivers`` (and ``market`` changes) to ``horizon``."""
    table = {"name": "shock", "calendar": {"horizon_month": horizon}, "drivers": drivers, "market": market or {}}
    return RunSpec(build_scenario(table), seed=seed, scale=SCALE)


def runs(drivers: dict, horizon: str = "2032-12", market: dict | None = None, seeds=SEEDS) -> pd.DataFrame:
    """The calibrated baseline with ``drivers`` (and ``market`` changes) on every seed of ``seeds``, to ``horizon``."""
    return pd.concat([run(spec(drivers, horizon, market, seed)) for seed in seeds], ignore_index=True)


def shocked(shocks: dict[str, dict], horizon: str, market: dict) -> dict[str, pd.DataFrame]:
    """``runs`` of the baseline (``"baseline"``) and of each of ``shocks`` (name: drivers) on every
    seed, each shock carried on from the baseline's model at the month it first differs: the same
    runs, byte for byte, as from the start (abm.runs.forking, tests/test_forking.py), in less time."""
    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in ("baseline", *shocks)}
    for seed in SEEDS:
        trunk = spec({}, horizon, market, seed)
        branches = {name: spec(drivers, horizon, market, seed) for name, drivers in shocks.items()}
        names = {id(trunk): "baseline"} | {id(branch): name for name, branch in branches.items()}
        for done, frame, error in run_family(family(trunk, list(branches.values()))):
            assert error is None, error
            frames[names[id(done)]].append(frame)
    return {name: pd.concat(parts, ignore_index=True) for name, parts in frames.items()}


@pytest.fixture(scope="module")
def baseline() -> pd.DataFrame:
    return runs({})


def at(frame: pd.DataFrame, date: str) -> pd.DataFrame:
    return frame[frame["date"] == pd.Timestamp(date)].set_index("seed")


def test_pay_falls_in_a_sustained_slump(baseline):
    """A lasting fall in demand lowers pay in every seed; pay below its trend then draws firms in
    (free entry), which is what later brings pay back toward its trend."""
    slump = runs({"macro_shock": {"enabled": True, "start": "2024-01", "demand_change": -0.4, "ramp_months": 3}})
    assert (at(slump, "2025-12")["market_pay_level"] < at(baseline, "2025-12")["market_pay_level"]).all()
    assert (at(slump, "2030-12")["firms_active"] > at(baseline, "2030-12")["firms_active"]).all()
    for _, path in slump.groupby("seed"):
        before = path.loc[path["date"] == pd.Timestamp("2024-01-01"), "market_pay_level"].iloc[0]
        after = path.loc[path["date"].between("2024-06-01", "2027-12-01"), "market_pay_level"]
        assert after.min() < before, "the market pay level falls below its level when the slump began"


@pytest.fixture(scope="module")
def gaps_after_temporary_shocks() -> dict[tuple[str, str], pd.DataFrame]:
    """For a temporary slump and boom of 20% (2025-26), under fixed entry (elasticity 0) and the
    calibrated free entry: by date, the mean over seeds of the log gap in pay, the gap in difficulty
    and the relative gap in the number of firms against the paired baseline."""
    gaps = {}
    changes = {"slump": -0.2, "boom": 0.2}
    shocks = {shock: {"macro_shock": TEMPORARY | {"demand_change": change}} for shock, change in changes.items()}
    for entry, market in (("fixed", {"firm_entry_pay_elasticity": 0.0}), ("free", {})):
        arms = {name: frame.set_index(["seed", "date"]) for name, frame in shocked(shocks, "2035-12", market).items()}
        base = arms["baseline"]
        for shock in shocks:
            gap = pd.DataFrame({
                "pay": np.log(arms[shock]["market_pay_level"] / base["market_pay_level"]),
                "difficulty": arms[shock]["difficulty_share"] - base["difficulty_share"],
                "firms": arms[shock]["firms_active"] / base["firms_active"] - 1,
            })  # fmt: skip
            gaps[entry, shock] = gap.groupby("date").mean()
    return gaps


@pytest.mark.parametrize("shock", ["slump", "boom"])
def test_after_a_temporary_shock_pay_and_difficulty_return_to_the_baseline(gaps_after_temporary_shocks, shock):
    """The pay mechanism leaves no lasting shift: with entry fixed, five years after the shock ends
    (2031-12) pay is within 3 log points and difficulty within 5 points of the paired baseline. With
    free entry the firms the shock drew in (slump) or kept out (boom) leave a longer echo through
    the number of firms, a damped swing (after the boom, pay falls below the baseline's and draws
    firms in past it): the largest gap in 2034-35 is at most a third of the largest in 2025-28, for
    pay and for the firms, pay's within 6 log points, and difficulty stays within 5 points from
    2031-12 (mean over the seeds; measured on the stage-5 calibration: ratios 0.07-0.23)."""
    fixed, free = gaps_after_temporary_shocks["fixed", shock], gaps_after_temporary_shocks["free", shock]
    during = fixed.loc[pd.Timestamp("2026-06"), "pay"]
    assert (during < -0.005) if shock == "slump" else (during > 0.005), "the shock moves pay while it lasts"
    assert abs(fixed.loc[pd.Timestamp("2031-12"), "pay"]) < 0.03
    assert abs(fixed.loc[pd.Timestamp("2031-12"), "difficulty"]) < 0.05
    early, late = free.loc["2025-01":"2028-12"].abs().max(), free.loc["2034-01":"2035-12"].abs().max()
    assert late["pay"] <= early["pay"] / 3 and late["pay"] < 0.06
    assert late["firms"] <= early["firms"] / 3
    assert (free.loc[pd.Timestamp("2031-12") :, "difficulty"].abs() < 0.05).all()


def test_time_to_fill_is_measured_in_days_and_varies(baseline):
    in_2023 = baseline[baseline["date"].dt.year == 2023]
    assert in_2023["time_to_fill_days"].nunique() > 12
    assert (in_2023["time_to_fill_days"] > 0).all()


def test_firms_enter_and_exit_and_their_number_grows_at_about_the_startup_rate():
    """With entry not answering pay (elasticity 0), the number of firms grows at the startup rate."""
    fixed = runs({}, market={"firm_entry_pay_elasticity": 0.0}, seeds=SEEDS[:2])
    assert (fixed.groupby("seed")["firm_entries"].sum() > 0).all()
    assert (fixed.groupby("seed")["firm_exits"].sum() > 0).all()
    first, last = at(fixed, "2023-01")["firms_active"], at(fixed, "2032-12")["firms_active"]
    growth = (last / first) ** (1 / 10) - 1
    assert abs(growth.mean() - 0.103) < 0.03


def test_entry_deterrence_is_one_at_trend_pay_and_falls_as_pay_outgrows_the_trend():
    model = build_model(build_scenario({"market": {"firm_entry_pay_elasticity": 2.0}}), seed=0, scale=0.05)
    model.month = SCHEDULE_MONTH + 24
    trend = 1.033**2
    model.pay_level = trend
    assert entry_deterrence(model) == pytest.approx(1.0)
    model.pay_level = trend * 1.1
    assert entry_deterrence(model) == pytest.approx(1.1**-2)
    model.pay_level = trend * 0.9
    assert entry_deterrence(model) == pytest.approx(0.9**-2)  # pay below trend draws entrants in
    model.pay_level = trend * 0.01
    assert entry_deterrence(model) == 2.0  # at most market.firm_entry_max_multiple times the trend rate
    fixed = build_model(build_scenario({"market": {"firm_entry_pay_elasticity": 0.0}}), seed=0, scale=0.05)
    fixed.pay_level = 3.0
    assert entry_deterrence(fixed) == 1.0  # elasticity 0: no effect


def test_free_entry_slows_firm_growth_and_pay_growth_when_pay_outgrows_the_economy():
    """With entry answering pay (elasticity 4), fewer firms enter once AI pay outgrows the economy's
    wage trend, so the number of firms and the pay level both grow more slowly than with fixed entry."""
    free = build_scenario({"market": {"firm_entry_pay_elasticity": 4.0}, "calendar": {"horizon_month": "2032-12"}})
    fixed = build_scenario({"market": {"firm_entry_pay_elasticity": 0.0}, "calendar": {"horizon_month": "2032-12"}})
    ended = {}
    for name, scenario in (("free", free), ("fixed", fixed)):
        months = pd.concat([run(RunSpec(scenario, seed=seed, scale=SCALE)) for seed in SEEDS[:2]])
        ended[name] = months.groupby("date").mean(numeric_only=True)
    last = pd.Timestamp("2032-12")
    assert ended["free"].loc[last, "firms_active"] < 0.95 * ended["fixed"].loc[last, "firms_active"]
    assert ended["free"].loc[last, "market_pay_level"] < 0.9 * ended["fixed"].loc[last, "market_pay_level"]


def test_the_entry_level_driver_slows_hiring_and_leaves_more_local_graduates_unemployed(baseline):
    """Vacancies asking more skill at the same pay (0.2 more, from 2024): on average over the seeds
    in 2028 they take longer to fill, fewer people are hired, and more local graduates, the least
    experienced, are unemployed. (The median pay of those employed rises, as those hired are the
    more skilled, and the difficulty share falls: both in docs/validation.md.)"""
    shifted = runs({"entry_level_shift": {"enabled": True, "start": "2024-01", "required_skill_increase": 0.2}})

    def mean_2028(frame, column):
        return frame[frame["date"].dt.year == 2028].groupby("seed")[column].mean().mean()

    assert mean_2028(shifted, "time_to_fill_days") > mean_2028(baseline, "time_to_fill_days")
    assert mean_2028(shifted, "hires") < mean_2028(baseline, "hires")
    unemployed = "local_graduate_unemployment_rate"
    assert mean_2028(shifted, unemployed) > 1.15 * mean_2028(baseline, unemployed)


def test_the_free_entry_tables_show_slower_pay_growth_and_the_calibration_loss(capsys, monkeypatch):
    options = ["--elasticities", "0", "4", "--seeds", "1", "--fit-seeds", "1", "--scale", "0.3"]
    monkeypatch.setattr("sys.argv", ["free_entry", *options])
    free_entry.main()
    projection, fit = (table.splitlines() for table in capsys.readouterr().out.strip().split("\n\n"))
    assert len(projection) == 4 and projection[0].startswith("| entry elasticity | wage growth 2024-30")
    late = [float(line.split(" | ")[2].removesuffix("% a year")) for line in projection[2:]]
    assert late[1] < late[0], "with entry answering pay, pay grows more slowly in 2030-35"
    assert len(fit) == 4 and fit[0].startswith("| entry elasticity | loss, all targets | loss without pay growth")
    for line in fit[2:]:
        with_pay, without = (float(cell) for cell in line.split(" | ")[1:3])
        assert with_pay >= without >= 0  # the pay-growth target only adds to the loss


def with_parameters(parameters: dict, horizon: str) -> pd.DataFrame:
    """The calibrated baseline with ``parameters`` (nested tables) on every seed of SEEDS, to ``horizon``."""
    scenario = build_scenario({"name": "variant", "calendar": {"horizon_month": horizon}} | parameters)
    return pd.concat([run(RunSpec(scenario, seed=seed, scale=SCALE)) for seed in SEEDS], ignore_index=True)


def test_screening_makes_finding_a_job_take_longer():
    """Below a pass rate of 1, firms turn down applicants who meet the skill bar: fewer of the
    unemployed are hired each month and unemployment rises, over the same seeds."""

    def finding_and_unemployment(pass_rate: float) -> tuple[float, float]:
        frame = with_parameters({"search": {"screening_pass_rate": pass_rate}}, "2025-12")
        months = frame[frame["date"].between("2023-01", "2025-12")].sort_values(["seed", "date"])
        unemployed_before = months.groupby("seed")["unemployed"].shift()
        return (months["hires_from_unemployment"] / unemployed_before).mean(), months["unemployment_rate"].mean()

    finding, unemployment = finding_and_unemployment(0.2)
    finding_everyone, unemployment_everyone = finding_and_unemployment(1.0)
    assert finding < 0.8 * finding_everyone
    assert unemployment > 1.3 * unemployment_everyone


def test_requirements_that_follow_the_workforce_keep_its_skilled_unemployed_employable():
    """With the skill mix asked fixed, the workforce outgrows it (learning on the job) and the skilled
    unemployed ask pay that few vacancies offer, so unemployment climbs; with requirements following
    the workforce's skill, it climbs less and pay is higher (screening off in both, so that only this
    differs). On the stage-5 calibration the climb is small, as firms hire up to 0.43 skill below
    what they ask: from 2023-24 to 2031-32 unemployment rises 4.5% with the mix fixed and 1.6% with
    requirements following (stage 3: 30% with the mix fixed), so the test asks for a point of growth
    between them."""

    def following(share: float) -> pd.DataFrame:
        parameters = {"demand": {"requirement_follows_workforce": share}, "search": {"screening_pass_rate": 1.0}}
        return with_parameters(parameters, "2032-12")

    def growth(frame: pd.DataFrame) -> float:
        def unemployment(years: tuple[int, int]) -> float:
            return frame.loc[frame["date"].dt.year.between(*years), "unemployment_rate"].mean()

        return unemployment((2031, 2032)) / unemployment((2023, 2024))

    fixed, upgraded = following(0.0), following(1.0)
    assert growth(fixed) > 1.0
    assert growth(fixed) > growth(upgraded) + 0.01
    assert growth(upgraded) < 1.05
    assert at(upgraded, "2032-12")["median_wage_hkd"].mean() > at(fixed, "2032-12")["median_wage_hkd"].mean()


def test_the_matching_mechanisms_table_has_a_row_per_variant_and_the_candidate(capsys, monkeypatch, tmp_path):
    candidate = tmp_path / "candidate.toml"
    candidate.write_text("[parameters.search]\nscreening_pass_rate = 0.5\n[parameters.drivers.ai_adoption]\n"
                         "growth_per_year = 0.05\n")  # fmt: skip
    options = ["--seeds", "1", "--fit-seeds", "1", "--scale", "0.05", "--candidate", str(candidate)]
    monkeypatch.setattr("sys.argv", ["matching_mechanisms", *options])
    matching_mechanisms.main()
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("| variant | on unemployed (s.e.) | on pool | on vacancies")
    assert [line.split(" | ")[0] for line in lines[2:]] == [
        "| both off", "| screening 0.3", "| requirements follow the workforce (1)",
        "| both", "| candidate: candidate.toml",
    ]  # fmt: skip
    assert all(float(line.split(" | ")[-1].removesuffix(" |")) >= 0 for line in lines[2:])


def test_the_university_places_table_has_a_row_per_mechanism_setting(capsys, monkeypatch):
    monkeypatch.setattr("sys.argv", ["university_places_mechanisms", "--seeds", "2", "--scale", "0.05"])
    university_places_mechanisms.main()
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == (
        "| variant | status quo 2030 | status quo 2035 | effect 2030, points (sd) | effect 2035, points (sd) |"
    )
    assert [line.split(" | ")[0] for line in lines[2:]] == [f"| {name}" for name in matching_mechanisms.VARIANTS]
    for line in lines[2:]:
        cells = line.strip("| ").split(" | ")
        assert all(0 < float(cell.removesuffix("%")) < 100 for cell in cells[1:3])
        assert all(cell.split(" ")[0][0] in "+-" and float(cell.split(" ")[0]) != 0 for cell in cells[3:])


def test_incumbents_pay_follows_the_pay_levels_running_peak(monkeypatch):
    """Stayers' pay is never cut, and a recovery after a fall does not raise it again until the
    market pay level passes its old peak: the monthly factors applied to incumbents multiply to the
    level's highest value so far, and are 1 in every month the level is below it."""
    from abm.core import model as model_module

    factors = []
    real_learn = model_module.learn

    def recording_learn(*args, **kwargs):
        factors.append(kwargs["pay_level_growth"])
        return real_learn(*args, **kwargs)

    monkeypatch.setattr(model_module, "learn", recording_learn)
    model = build_model(build_scenario({"name": "peak"}), seed=3, scale=0.1)
    levels = []
    for _ in range(48):
        model.step()
        levels.append(model.pay_level)
    peaks = np.maximum.accumulate(levels)
    assert (np.diff(levels) < 0).any(), "the pay level falls in some month, or this test shows nothing"
    assert np.prod(factors) == pytest.approx(max(1.0, peaks[-1]), rel=1e-12)
    below_peak = np.asarray(levels) < np.maximum(peaks, 1.0)
    assert all(factor == 1.0 for factor, below in zip(factors, below_peak) if below)
    assert model.pay_level_peak == pytest.approx(max(1.0, peaks[-1]), rel=1e-12)
