"""Calibration: the committed parameters reproduce the survey, and the study machinery."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import numpy as np
import pandas as pd
import pytest

from abm.calibration import CALIBRATION_SEED_BASE
from abm.calibration import study as calibration
from abm.calibration.evaluate import ensemble, loss
from abm.calibration.space import FreeParameter, load_space
from abm.calibration.targets import Target, load_targets
from abm.cli import main
from abm.core.errors import InputError
from abm.core.parameters import parameter_table
from abm.runs.committed import CALIBRATED_FILE
from abm.runs.scenarios import default_scenario

pytestmark = pytest.mark.xdist_group(__name__)

VALIDATION_SEEDS = list(range(20))  # calibration uses seeds from CALIBRATION_SEED_BASE up


@pytest.fixture(scope="module")
def unseen() -> pd.Series:
    """The committed calibration's target figures, averaged over 20 seeds calibration never used."""
    assert CALIBRATED_FILE.exists()
    assert max(VALIDATION_SEEDS) < CALIBRATION_SEED_BASE
    return ensemble({}, VALIDATION_SEEDS, scale=1.0).mean()


def test_committed_parameters_reproduce_the_survey_on_unseen_seeds(unseen):
    assert abs(unseen["difficulty_share"] - 0.49) <= 0.02, unseen
    assert abs(unseen["reduced_hiring_share"] - 0.20) <= 0.04, unseen
    assert abs(unseen["expansion_share"] - 0.45) <= 0.04, unseen


def test_visa_cohorts_stay_as_the_immigration_figures_say(unseen):
    """Share of an arrival cohort still here after its first term (54% applied x 94% approved),
    within the target's tolerance; extenders earn less than the cohort's employed arrivals (the
    figures: about HK$40,000 against HK$50,000). The model's ratio, about 0.93, is above the
    figures' 0.8: a documented miss (docs/validation.md)."""
    targets = {target.name: target for target in load_targets()}
    retention = targets["visa_cohort_retention"]
    assert abs(unseen["visa_cohort_retention"] - retention.value) <= retention.tolerance, unseen
    assert unseen["extender_pay_ratio"] < 0.97, unseen


def test_jobs_end_as_tenure_says_and_unemployment_is_of_the_observed_order(unseen):
    """Jobs end at the rate a 1.5-year IT tenure implies, within the target's tolerance, and AI
    unemployment is between 1% and 4% (Hong Kong's rate: 2.9%; the model's: about 2.2%)."""
    target = {target.name: target for target in load_targets()}["job_ending_rate"]
    assert abs(unseen["job_ending_rate"] - target.value) <= target.tolerance, unseen
    assert 0.01 <= unseen["unemployment_rate"] <= 0.04, unseen


def test_free_parameters_are_exactly_the_search_space():
    free = {row["name"] for row in parameter_table(default_scenario()) if row["role"] == "free"}
    free |= {"drivers.ai_adoption.growth_per_year"}  # drivers are not in parameter_table
    assert free == {p.name for p in load_space()}


def test_no_definition_or_pinned_parameter_is_fitted():
    roles = {row["name"]: row["role"] for row in parameter_table(default_scenario())}
    for parameter in load_space():
        assert roles.get(parameter.name, "free") == "free", parameter.name


def test_loss_is_zero_at_the_targets_and_grows_away():
    targets = [Target("difficulty_share", 0.49, "hard", 0.034, "2023-06", "hkpc_ai_study_2023")]
    assert loss(pd.DataFrame({"difficulty_share": [0.48, 0.50]}), targets) == pytest.approx(0.0)
    assert loss(pd.DataFrame({"difficulty_share": [0.558]}), targets) == pytest.approx(4.0, rel=1e-6)  # 2 s.e.


def test_targets_are_sourced_and_unknown_names_refused():
    for target in load_targets():
        assert target.source and target.kind in ("hard", "soft") and target.tolerance > 0
    with pytest.raises(InputError, match="unknown target 'gap'"):
        load_targets(["difficulty_share", "gap"])


def test_bounds_must_be_ordered(tmp_path):
    space = tmp_path / "space.toml"
    space.write_text('["search.skill_slack"]\nlow = 0.3\nhigh = 0.1\nreason = "x"\n')
    with pytest.raises(InputError, match="low < high"):
        load_space(space)
    result = subprocess.run(
        [sys.executable, "-m", "abm.cli", "calibrate", "--space", str(space), "--trials", "1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and "low < high" in result.stderr


def test_unknown_target_exits_2():
    result = subprocess.run(
        [sys.executable, "-m", "abm.cli", "calibrate", "--targets", "difficulty_share,gap", "--trials", "1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and "unknown target 'gap'" in result.stderr


def test_resumed_calibration_continues_the_same_study(tmp_path):
    setup = calibration.make_setup(1, 0.02, ["difficulty_share", "expansion_share"], None)
    journal, out = tmp_path / "study.journal", tmp_path / "calibrated.toml"
    first = calibration.calibrate(trials=2, setup=setup, study_file=journal, out=out, progress=False)
    before = [(t.number, t.params, t.value) for t in first.get_trials()]
    with pytest.raises(InputError, match="--resume"):
        calibration.calibrate(trials=3, setup=setup, study_file=journal, out=out, progress=False)
    other = calibration.make_setup(2, 0.02, ["difficulty_share", "expansion_share"], None)
    with pytest.raises(InputError, match="cannot resume"):
        calibration.calibrate(trials=3, setup=other, study_file=journal, out=out, resume=True, progress=False)
    resumed = calibration.calibrate(trials=4, setup=setup, study_file=journal, out=out, resume=True, progress=False)
    after = [(t.number, t.params, t.value) for t in resumed.get_trials()]
    assert len(after) == 4 and after[:2] == before
    written = out.read_text()
    assert "[provenance]" in written and "trials = 4" in written and "[parameters." in written


@pytest.mark.parametrize(
    ("space", "expected"),
    [
        (
            '["policies.x.y"]\nlow = 0.0\nhigh = 1.0\nreason = "r"\n',
            "parameter 'policies.x.y': no such scenario parameter (unknown policy 'x'",
        ),
        (
            '["search.skill_slack"]\nlow = "0.1"\nhigh = 0.3\nreason = "r"\n',
            "parameter 'search.skill_slack': field 'low': must be a finite number, got '0.1'",
        ),
        (
            '["search.skill_slack"]\nlow = 0.1\nhigh = inf\nreason = "r"\n',
            "parameter 'search.skill_slack': field 'high': must be a finite number, got inf",
        ),
        (
            '"search.skill_slack" = 3\n',
            "parameter 'search.skill_slack': needs the keys low, high, reason and may have log",
        ),
        (
            '["search.skill_slack"]\nlow = 0.0\nhigh = 0.3\nreason = "r"\nlog = true\n',
            "parameter 'search.skill_slack': field 'log': a log scale needs a real lower bound above 0, got 0.0",
        ),
        (
            '["search.skill_slack"]\nlow = 0.1\nhigh = 0.3\nreason = "r"\nlog = "yes"\n',
            "parameter 'search.skill_slack': field 'log': must be true or false, got 'yes'",
        ),
        (
            '["calendar.horizon_month"]\nlow = 0\nhigh = 1\nreason = "r"\n',
            "parameter 'calendar.horizon_month': not a numeric parameter",
        ),
    ],
)
def test_a_bad_space_file_exits_2_naming_the_parameter_and_field(tmp_path, capsys, space, expected):
    (tmp_path / "space.toml").write_text(space)
    study, out = tmp_path / "study.journal", tmp_path / "calibrated.toml"
    argv = ["calibrate", "--space", str(tmp_path / "space.toml"), "--trials", "1", "--study-file", str(study)]
    assert main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"talentgap: error: {tmp_path / 'space.toml'}: {expected}") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["space.toml"]


def test_a_negative_reselect_top_exits_2_before_anything_is_written(tmp_path, capsys):
    study, out = tmp_path / "study.journal", tmp_path / "calibrated.toml"
    argv = ["calibrate", "--reselect-top", "-1", "--trials", "1", "--seeds", "1", "--scale", "0.02"]
    assert main([*argv, "--study-file", str(study), "--out", str(out)]) == 2
    assert capsys.readouterr().err == "talentgap: error: option --reselect-top: must be 0 (off) or more, got -1\n"
    assert list(tmp_path.iterdir()) == []


def test_reselection_uses_the_further_seeds_asked_for_and_a_cmaes_stage_resumes_a_tpe_study(tmp_path):
    setup = calibration.make_setup(1, 0.02, ["difficulty_share", "expansion_share"], None)
    journal, out = tmp_path / "study.journal", tmp_path / "calibrated.toml"
    calibration.calibrate(trials=2, setup=setup, study_file=journal, out=out, progress=False)
    study = calibration.calibrate(trials=3, setup=setup, study_file=journal, out=out, resume=True, progress=False,
                                  sampler="cmaes", reselect_top=2, reselect_seeds=3,
                                  within_tolerance=("expansion_share",))  # fmt: skip
    assert len(study.get_trials()) == 3
    provenance = tomllib.loads(out.read_text())["provenance"]
    assert len(provenance["seeds"]) == 1 + 3 and provenance["chosen_trial_origin"] == "the sampler"
    assert provenance["within_tolerance"] == ["expansion_share"]
    expansion = provenance["targets"]["expansion_share"]
    met = abs(expansion["model_mean"] - expansion["value"]) <= expansion["tolerance"]
    assert provenance["within_tolerance_met"] == met


def test_zero_reselect_seeds_exits_2_before_anything_is_written(tmp_path, capsys):
    study, out = tmp_path / "study.journal", tmp_path / "calibrated.toml"
    argv = ["calibrate", "--reselect-seeds", "0", "--trials", "1", "--seeds", "1", "--scale", "0.02"]
    assert main([*argv, "--study-file", str(study), "--out", str(out)]) == 2
    assert capsys.readouterr().err == "talentgap: error: option --reselect-seeds: must be at least 1, got 0\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("step", ["0", "1.5"])
def test_a_cmaes_step_outside_0_to_1_exits_2_before_anything_is_written(tmp_path, capsys, step):
    study, out = tmp_path / "study.journal", tmp_path / "calibrated.toml"
    argv = ["calibrate", "--cmaes-step", step, "--trials", "1", "--seeds", "1", "--scale", "0.02"]
    assert main([*argv, "--study-file", str(study), "--out", str(out)]) == 2
    assert (
        capsys.readouterr().err
        == f"talentgap: error: option --cmaes-step: must lie above 0 and at most 1, got {float(step)}\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_log_scale_parameter_is_sampled_on_its_log_scale():
    """Half of the uniform draws on a log scale over [0.001, 0.1] fall below its geometric middle, 0.01."""
    import optuna

    space = (FreeParameter("demand.demand_shock_sd_per_month", 0.001, 0.1, "r", log=True),)
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    draws = [calibration.suggest(study.ask(), space)["demand.demand_shock_sd_per_month"] for _ in range(400)]
    assert all(0.001 <= x <= 0.1 for x in draws)
    assert 0.4 < np.mean(np.asarray(draws) < 0.01) < 0.6  # a linear scale puts 9% of draws below 0.01


def test_a_new_cmaes_run_searches_around_the_best_trial_not_where_an_earlier_run_left_off():
    """A study resumed with CMA-ES after an earlier CMA-ES run and a better hand-proposed trial
    proposes around that trial with the new run's step (optuna would otherwise restore the earlier
    run's search from its trials, ignoring the start and the step)."""
    import optuna
    from optuna.distributions import FloatDistribution, IntDistribution

    setup = calibration.make_setup(1, 0.02, None, None)
    floats = [p for p in setup.space if not p.integer]
    distributions = {p.name: IntDistribution(p.low, p.high) if p.integer else FloatDistribution(p.low, p.high)
                     for p in setup.space}  # fmt: skip
    study = optuna.create_study()
    study.sampler = calibration.make_sampler("cmaes", study, 0, setup, 0.3, search=0)
    for _ in range(40):  # an earlier run of three generations: a wide search around the middle of the ranges
        trial = study.ask(distributions)
        study.tell(trial, 10.0 + sum(abs(trial.params[p.name] - (p.low + p.high) / 2) for p in floats))
    corner = {p.name: p.low if p.integer else p.low + 0.1 * (p.high - p.low) for p in setup.space}
    study.add_trial(optuna.trial.create_trial(params=corner, distributions=distributions, value=1.0))
    study.sampler = calibration.make_sampler("cmaes", study, 0, setup, 0.01, search=len(study.trials))
    proposals = [study.ask(distributions).params for _ in range(8)]
    spread = max(abs(x[p.name] - corner[p.name]) / (p.high - p.low) for x in proposals for p in floats)
    assert spread < 0.08


def test_a_smaller_cmaes_step_proposes_closer_to_the_best_trial():
    import optuna
    from optuna.distributions import FloatDistribution, IntDistribution

    setup = calibration.make_setup(1, 0.02, None, None)
    floats = [p for p in setup.space if not p.integer]
    distributions = {p.name: IntDistribution(p.low, p.high) if p.integer else FloatDistribution(p.low, p.high)
                     for p in setup.space}  # fmt: skip
    best = {p.name: round((p.low + p.high) / 2) if p.integer else (p.low + p.high) / 2 for p in setup.space}
    spread = {}
    for step in (0.01, 0.3):
        study = optuna.create_study()
        study.add_trial(optuna.trial.create_trial(params=best, distributions=distributions, value=1.0))
        study.sampler = calibration.make_sampler("cmaes", study, 0, setup, step)
        proposals = [study.ask(distributions).params for _ in range(8)]
        spread[step] = max(abs(x[p.name] - best[p.name]) / (p.high - p.low) for x in proposals for p in floats)
    assert spread[0.01] < 0.08 < spread[0.3]


def test_a_target_named_within_tolerance_constrains_the_choice():
    targets = [Target("difficulty_share", 0.49, "hard", 0.034, "2023-06", "hkpc_ai_study_2023"),
               Target("job_ending_rate", 0.0556, "soft", 0.004, "2023", "robert_walters_tenure_2024")]  # fmt: skip
    near = pd.Series({"difficulty_share": 0.49, "job_ending_rate": 0.0514})  # job endings 1.05 tolerances low
    assert calibration.meets(near, targets, ())
    assert calibration.meets(near, targets, ("difficulty_share",))
    assert not calibration.meets(near, targets, ("job_ending_rate",))
    assert calibration.meets(near.replace(0.0514, 0.0533), targets, ("difficulty_share", "job_ending_rate"))


def test_an_unknown_target_within_tolerance_exits_2_before_anything_is_written(tmp_path, capsys):
    study, out = tmp_path / "study.journal", tmp_path / "calibrated.toml"
    argv = ["calibrate", "--within-tolerance", "job_ending_rate,tenure", "--trials", "1", "--seeds", "1"]
    assert main([*argv, "--scale", "0.02", "--study-file", str(study), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("talentgap: error: option --within-tolerance: 'tenure' is not a target of this calibration")
    assert "job_ending_rate" in error and list(tmp_path.iterdir()) == []
