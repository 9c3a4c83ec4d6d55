"""The layers as a user meets them: the model core loads nothing above it, the core install runs
the model and names the extra a front-end needs, and calibration never writes into the package.

(import-linter holds the layers statically in CI: ``lint-imports``, contracts in pyproject.toml.)
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
ABOVE_THE_CORE = ("policies", "experiments", "abm.runs", "abm.calibration", "abm.cli", "abm.app")
SHORT = "name = 'short'\n[calendar]\nhorizon_month = '2023-12'\nburn_in_months = 12\n"


def test_the_model_core_builds_and_steps_a_model_without_loading_anything_above_it():
    script = (
        "import sys\n"
        "from abm.core.model import TalentModel\n"
        "from abm.core.scenario import Scenario\n"
        "model = TalentModel(Scenario(), seed=1, scale=0.05)\n"
        "model.step()\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    above = [name for name in loaded.split() if name.startswith(ABOVE_THE_CORE)]
    assert "abm.core.model" in loaded.split() and above == []


def test_the_model_refuses_policies_that_are_not_its_scenarios(short):
    from abm.core.model import TalentModel

    with pytest.raises(ValueError, match="build_model"):
        TalentModel(short, seed=0, scale=0.05)  # the status quo's policies, not handed over


def _package_data() -> tuple[list[str], dict[str, str]]:
    """Every file under abm/ (the installed package in an editable install), and the SHA-256 of
    each of its data files (what a calibration could overwrite)."""
    files = sorted(p for p in (REPOSITORY / "abm").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    data = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.parent.name == "data"}
    return [str(p.relative_to(REPOSITORY)) for p in files], data


def talentgap(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "abm.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


@pytest.mark.slow
def test_calibration_and_uncertainty_with_default_arguments_write_only_into_results(tmp_path):
    before = _package_data()
    done = talentgap("calibrate", "--trials", "2", "--seeds", "1", "--scale", "0.05", "--reselect-top", "0",
                     cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "install-calibration results/calibration/calibrated.toml" in done.stdout
    done = talentgap("uncertainty", "--seeds", "2", "--scale", "0.05", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "results" / "calibration").iterdir())
    assert written == ["calibrated.toml", "calibration_spread.csv", "near_optimal.toml", "study.journal"]
    assert _package_data() == before


@pytest.mark.slow
def test_the_core_install_runs_the_model_and_names_the_extras_front_ends_need(tmp_path):
    source = tmp_path / "talentgap"  # pip builds in the source folder: build a copy, not the checkout
    skipped = shutil.ignore_patterns(".*", "results", "build", "*.egg-info", "__pycache__", "tests", "docs")
    shutil.copytree(REPOSITORY, source, ignore=skipped)
    environment = tmp_path / "venv"
    venv.create(environment)  # pip installs into it from here (--python): no pip of its own to set up
    install = [sys.executable, "-m", "pip", "--python", environment / "bin" / "python", "install", "-q"]
    subprocess.run([*install, "--no-compile", str(source)], check=True, timeout=900)  # byte-compiled on import
    (tmp_path / "short.toml").write_text(SHORT)
    command = [environment / "bin" / "talentgap"]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*command, *args], capture_output=True, text=True, cwd=tmp_path, timeout=600)

    done = run("run", "short.toml", "--scale", "0.05")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "results" / "short" / "manifest.json").exists()
    for args, extra in ((("viz",), "app"), (("report", "results/short", "--pdf"), "report")):
        refused = run(*args)
        assert refused.returncode == 2
        assert refused.stderr.count("\n") == 1 and f"pip install 'talentgap[{extra}]'" in refused.stderr
