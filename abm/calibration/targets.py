"""Calibration targets, read from ``abm/data/targets.toml``: the one home of the survey figures.

The CLI, the app and the reports read the HKPC figures (49% difficulty, about 20% reduced
hiring, 45% expansion) through :func:`survey_targets` and :func:`survey_target`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from abm.core.errors import InputError

TARGETS_FILE = Path(__file__).resolve().parent.parent / "data" / "targets.toml"
SOFT_WEIGHT = 0.1
"""Loss weight of a soft target relative to a hard one of the same tolerance. Low, because the survey
shares are what the model is calibrated to and the soft targets (flows, levels, pay ratios) are
consistency checks: with 0.25 the soft targets pulled the difficulty share 0.04 below 49% (loss
10.5 of which 1.1 was difficulty; study of 618 trials, 2026-11-28)."""


@dataclass(frozen=True)
class Target:
    """One calibration target.

    Attributes:
        name: the model output it constrains (a time-series column, see :mod:`abm.calibration.evaluate`).
        value: the figure to reproduce.
        kind: "hard" (a survey share) or "soft" (an order of magnitude).
        tolerance: one standard error of the figure; the loss weight is 1 / tolerance^2.
        date: the month (YYYY-MM) the figure describes.
        source: key of ``abm/data/sources.toml``.
    """

    name: str
    value: float
    kind: str
    tolerance: float
    date: str
    source: str
    note: str = ""

    @property
    def weight(self) -> float:
        return (1.0 if self.kind == "hard" else SOFT_WEIGHT) / self.tolerance**2


def load_targets(names: list[str] | None = None, path: Path = TARGETS_FILE) -> list[Target]:
    """The targets (all, or the ``names`` given); unknown names raise InputError."""
    table = tomllib.loads(Path(path).read_text())
    targets = [Target(name=name, **entry) for name, entry in table.items()]
    for target in targets:
        if target.kind not in ("hard", "soft") or target.tolerance <= 0:
            raise InputError(f"{path}: target {target.name!r}: kind must be hard or soft and tolerance positive")
    if names is None:
        return targets
    known = {t.name: t for t in targets}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"unknown target {unknown[0]!r}; allowed: {', '.join(known)}")
    return [known[n] for n in names]


def survey_targets() -> list[Target]:
    """The hard targets: the HKPC survey shares at the survey month, in the file's order."""
    return [target for target in load_targets() if target.kind == "hard"]


def survey_target(name: str = "difficulty_share") -> Target:
    """One survey share's target (default: the 49% of firms reporting difficulty)."""
    return load_targets([name])[0]
