"""``talentgap uncertainty``: bad input is refused before anything is computed or written."""

from __future__ import annotations

import optuna
import pytest

from abm.calibration.study import STUDY_NAME, _storage
from abm.cli import main


@pytest.mark.parametrize(
    ("journal", "options", "expected"),
    [
        ("junk\n", [], "study.journal: not the journal of a talentgap calibration (KeyError)"),
        ("[1, 2]\n", [], "study.journal: not the journal of a talentgap calibration (TypeError)"),
        (None, [], "study.journal: no calibration study; run `talentgap calibrate` first"),
        ("junk\n", ["--tolerance", "-1"], "option --tolerance: must be a non-negative number"),
        ("junk\n", ["--tolerance", "nan"], "option --tolerance: must be a non-negative number"),
        ("junk\n", ["--out", "file"], "file: is a file, not a folder"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, monkeypatch, capsys, journal, options, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file").write_text("x")
    if journal is not None:
        (tmp_path / "study.journal").write_text(journal)
    before = sorted(tmp_path.iterdir())
    argv = ["uncertainty", "--study-file", "study.journal", "--seeds", "2", "--scale", "0.02", "--out", "out"]
    assert main([*argv, *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"talentgap: error: {expected}") and err.count("\n") == 1
    assert sorted(tmp_path.iterdir()) == before


def test_a_study_without_a_complete_trial_exits_2(tmp_path, capsys):
    journal = tmp_path / "study.journal"
    optuna.create_study(study_name=STUDY_NAME, storage=_storage(journal))
    argv = [
        "uncertainty",
        "--study-file",
        str(journal),
        "--seeds",
        "2",
        "--scale",
        "0.02",
        "--out",
        str(tmp_path / "o"),
    ]
    assert main(argv) == 2
    assert "study.journal: the study has no complete trial" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_near_optimal_sets_come_spread_first():
    """The best first, then the farthest (in bound-scaled units) from those already chosen."""
    from optuna.distributions import FloatDistribution
    from optuna.trial import create_trial

    from abm.calibration.uncertainty import spread_first

    space = {"a": FloatDistribution(0.0, 1.0), "b": FloatDistribution(0.0, 100.0)}
    points = [(0.50, 50.0), (0.51, 50.0), (0.52, 51.0), (0.50, 90.0), (0.05, 50.0)]  # best first
    trials = [create_trial(params={"a": a, "b": b}, distributions=space, value=1.0 + i / 10)
              for i, (a, b) in enumerate(points)]  # fmt: skip
    ordered = [(t.params["a"], t.params["b"]) for t in spread_first(trials)]
    assert ordered[0] == (0.50, 50.0)  # the best stays first
    assert ordered[1] == (0.05, 50.0)  # 0.45 of a's range beats 0.40 of b's, though b moves 40 units
    assert ordered[2] == (0.50, 90.0)
    assert sorted(ordered) == sorted(points) and spread_first([]) == []


def test_near_optimal_trials_span_the_region_not_the_few_around_the_best():
    """Ten trials crowd the best; five lie far off, within tolerance: they are chosen over the crowd."""
    import optuna
    from optuna.distributions import FloatDistribution
    from optuna.trial import create_trial

    from abm.calibration.uncertainty import near_optimal_trials

    space = {"a": FloatDistribution(0.0, 1.0)}
    study = optuna.create_study()
    for i in range(10):
        study.add_trial(create_trial(params={"a": 0.5 + i / 1000}, distributions=space, value=1.0 + i / 100))
    for a in (0.0, 0.2, 0.8, 1.0):
        study.add_trial(create_trial(params={"a": a}, distributions=space, value=4.0))
    study.add_trial(create_trial(params={"a": 0.3}, distributions=space, value=9.0))  # beyond the tolerance
    chosen = [t.params["a"] for t in near_optimal_trials(study, tolerance=4.0, limit=5)]
    assert chosen[0] == 0.5 and sorted(chosen[1:]) == [0.0, 0.2, 0.8, 1.0]
    assert len(near_optimal_trials(study, tolerance=4.0, limit=20)) == 14
