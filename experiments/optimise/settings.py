"""What an optimisation is asked, checked once before anything runs or is written.

The target is the survey-weighted ``difficulty_share`` (the share of AI firms reporting
difficulty recruiting technical talent, HKPC's 49% in 2023) averaged over the target year; the
budget caps the package's added programme spending (HK$ at Hong Kong's size) in every calendar
year; the cost view (:data:`experiments.accounts.COST_VIEWS`) is what the cost objective counts.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from abm.core.errors import InputError
from experiments.accounts import COST_VIEWS, DEFAULT_DISCOUNT_RATE
from experiments.futures import Futures
from experiments.optimise.space import FIRST_START_YEAR

MAX_SEEDS = 10_000
"""Most search seeds; the fresh seeds of the check follow them."""


@dataclass(frozen=True)
class Settings:
    """An optimisation's settings (the ``talentgap optimise`` options).

    Attributes:
        target: the difficulty share to reach (0-1; 0.49 is the 2023 survey's).
        by: the target year: the share is averaged over it, costs are counted to its end.
        budget_hkd_per_year: most the package may add to programme spending in any calendar year
            (HK$ at Hong Kong's size), against the paired status quo, in every future and seed.
        cost_view: ``"fiscal"`` (net fiscal cost) or ``"programme"``: the cost objective's view.
        trials: trials the study should hold when done (the anchors included: :func:`space.anchors`).
        seeds: search seeds per future (``0 .. seeds - 1``).
        scale: market scale of every run (1.0 = Hong Kong).
        check_seeds: fresh seeds per future for the recommended package's check.
        min_share: least share of futures in which the recommended package must meet the target.
        seed: the sampler's seed.
        discount_rate: real discount rate a year for present values.
        policies: the instruments' policy names (empty: every registered policy with levers).
    """

    target: float
    by: int
    budget_hkd_per_year: float
    cost_view: str = "fiscal"
    trials: int = 60
    seeds: int = 3
    scale: float = 1.0
    check_seeds: int = 10
    min_share: float = 0.8
    seed: int = 0
    discount_rate: float = DEFAULT_DISCOUNT_RATE
    policies: tuple[str, ...] = ()

    @property
    def search_seeds(self) -> list[int]:
        return list(range(self.seeds))

    @property
    def fresh_seeds(self) -> list[int]:
        """Seeds the search never used: ``seeds .. seeds + check_seeds - 1``."""
        return list(range(self.seeds, self.seeds + self.check_seeds))

    def check(self, futures: Futures) -> None:
        """Raise InputError, naming the option, for the first setting that is out of range."""
        if not (math.isfinite(self.target) and 0.0 <= self.target <= 1.0):
            raise InputError(f"option --target: must be a share from 0 to 1 (0.49 = 49%), got {self.target}")
        horizon = futures.horizon_month()
        last = int(horizon[:4]) - (horizon[5:] != "12")
        if not FIRST_START_YEAR <= self.by <= last:
            raise InputError(f"option --by: must be a year from {FIRST_START_YEAR} (the earliest start of a package) "
                             f"to {last} (the futures' horizon is {horizon}), got {self.by}")  # fmt: skip
        if not (math.isfinite(self.budget_hkd_per_year) and self.budget_hkd_per_year >= 0):
            raise InputError(f"option --budget-hkd-per-year: must be a non-negative amount (HK$ a year), "
                             f"got {self.budget_hkd_per_year}")  # fmt: skip
        if self.cost_view not in COST_VIEWS:
            raise InputError(f"option --cost-view: must be one of {', '.join(COST_VIEWS)}, got {self.cost_view!r}")
        _at_least("--trials", self.trials, 1)
        _at_least("--seeds", self.seeds, 1)
        _at_least("--check-seeds", self.check_seeds, 2)
        if self.seeds + self.check_seeds > MAX_SEEDS:
            raise InputError(f"option --seeds: search and check seeds together must be at most {MAX_SEEDS:,}")
        if not (math.isfinite(self.scale) and 0 < self.scale <= 100):
            raise InputError(f"option --scale: must be a positive number up to 100 (1.0 = Hong Kong), got {self.scale}")
        if not (math.isfinite(self.min_share) and 0.0 <= self.min_share <= 1.0):
            raise InputError(f"option --min-share: must be a share of futures from 0 to 1, got {self.min_share}")
        _at_least("--seed", self.seed, 0)
        if not (math.isfinite(self.discount_rate) and 0 <= self.discount_rate < 1):
            raise InputError(f"option --discount-rate: must be in [0, 1) a year (0.04 = 4%), got {self.discount_rate}")

    def study_settings(self, policies: list[str], futures: Futures) -> dict[str, Any]:
        """The settings that define the study (a study resumes only with the same ones): these
        settings but the trials and the check's, the instruments' policies, and the futures."""
        fixed = asdict(self)
        for free in ("trials", "check_seeds", "min_share"):
            del fixed[free]
        identity = {"name": futures.name, "version": futures.version, "fingerprint": futures.fingerprint}
        return fixed | {"policies": list(policies), "futures": identity}


def _at_least(option: str, value: int, least: int) -> None:
    if value < least:
        raise InputError(f"option {option}: must be at least {least}, got {value}")


OPTIONS = {
    "target": "--target",
    "by": "--by",
    "budget_hkd_per_year": "--budget-hkd-per-year",
    "cost_view": "--cost-view",
    "seeds": "--seeds",
    "scale": "--scale",
    "seed": "--seed",
    "discount_rate": "--discount-rate",
    "policies": "--policies",
    "futures": "--futures",
}
"""The option that sets each study setting, for messages on resume."""
