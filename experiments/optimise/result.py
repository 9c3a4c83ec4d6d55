"""An optimisation folder's layout, and reading it back (:func:`load_result`) for reports.

Layout (every file written atomically; ``manifest.json`` first, ``result.json`` last)::

    <folder>/manifest.json          the optimisation: settings, futures, status, provenance
    <folder>/study.journal          the optuna study (journal storage): what --resume continues
    <folder>/baseline/              a results folder: the status quo in every future x search seed
    <folder>/evaluations.parquet    one summary row per run (evaluate.summarise_runs)
    <folder>/checkpoints/           while the search runs, a cache: the status quo's model at each
                                    package's first start, per future and seed (abm.runs.checkpoints)
    <folder>/futures.csv            one row per future: its name and features
    <folder>/trials.csv             one row per trial: decision variables, metrics, feasible, on_front
    <folder>/front.csv              the Pareto front (feasible, non-dominated trials), cheapest first
    <folder>/front.png              cost against the difficulty share at the date, coloured by harm
    <folder>/recommended.toml       the recommended package as a scenario file (if one meets the target)
    <folder>/check/<package>/       a results folder: the package and the status quo on fresh seeds,
                                    every future (its runs on the search seeds are the search's)
    <folder>/check.csv              the check on fresh seeds, one row per future, with 90% intervals
    <folder>/rule.json              where the package fails: the PRIM rule, its coverage and density
    <folder>/result.json            the settings, the recommendation, the check's summary, the rule

This module imports neither optuna nor PRIM: reading a finished folder needs only pandas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from abm.core.errors import InputError
from abm.runs.output import atomic_write

JOURNAL = "study.journal"
BASELINE = "baseline"
EVALUATIONS = "evaluations.parquet"
CHECKPOINTS = "checkpoints"
FUTURES = "futures.csv"
TRIALS = "trials.csv"
FRONT = "front.csv"
FIGURE = "front.png"
RECOMMENDED = "recommended.toml"
CHECK_RUNS = "check"
CHECK = "check.csv"
RULE = "rule.json"
RESULT = "result.json"
KIND = "optimisation"
"""The manifest's ``experiment.kind`` of an optimisation folder."""


@dataclass(frozen=True)
class OptimisationResult:
    """A finished optimisation, as its folder holds it.

    Attributes:
        folder: the optimisation folder.
        settings: the settings (``talentgap optimise`` options) and the futures' identity.
        futures: one row per future (index: its name), one column per feature.
        trials: one row per trial (``trials.csv``).
        front: the Pareto front, cheapest first (``front.csv``).
        recommended: the recommended package (trial, package, description, scenario file,
            metrics), or None if no package met the target.
        closest: when none met it, the front points closest to it (else empty).
        check: the check on fresh seeds, one row per future (None without a recommendation).
        check_summary: the check's headline numbers (None without a recommendation).
        rule: where the package fails (``rule.json``; None without a recommendation).
    """

    folder: Path
    settings: dict[str, Any]
    futures: pd.DataFrame
    trials: pd.DataFrame
    front: pd.DataFrame
    recommended: dict[str, Any] | None
    closest: list[dict[str, Any]]
    check: pd.DataFrame | None
    check_summary: dict[str, Any] | None
    rule: dict[str, Any] | None

    @property
    def figure(self) -> Path:
        """The front's figure (PNG)."""
        return self.folder / FIGURE


def load_result(folder: str | Path) -> OptimisationResult:
    """Read a finished optimisation folder.

    Raises:
        InputError: the folder has no ``result.json`` (not an optimisation, or not finished), or a
            file it names is missing.
    """
    folder = Path(folder)
    path = folder / RESULT
    if not path.is_file():
        raise InputError(f"{path}: missing; not a finished optimisation folder (run `talentgap optimise`)")
    summary = json.loads(path.read_text(encoding="utf-8"))
    try:
        check = pd.read_csv(folder / CHECK) if summary["recommended"] else None
        return OptimisationResult(
            folder=folder,
            settings=summary["settings"],
            futures=pd.read_csv(folder / FUTURES, index_col="future"),
            trials=pd.read_csv(folder / TRIALS),
            front=pd.read_csv(folder / FRONT),
            recommended=summary["recommended"],
            closest=summary["closest"],
            check=check,
            check_summary=summary["check"],
            rule=json.loads((folder / RULE).read_text(encoding="utf-8")) if summary["recommended"] else None,
        )
    except FileNotFoundError as error:
        raise InputError(f"{error.filename}: missing, but {path} lists a finished optimisation") from None


def write_json(path: Path, content: dict[str, Any]) -> None:
    """Write ``content`` as indented JSON, atomically."""
    text = json.dumps(content, indent=2, default=str)
    atomic_write(path, lambda name: Path(name).write_text(text + "\n", encoding="utf-8"))


def front_lines(front: pd.DataFrame) -> list[str]:
    """One printed line per front point: trial, cost, share of futures met, difficulty share, harm, package."""
    return [
        f"  trial {row.trial:>3}: cost HK${row.cost_hkd / 1e6:,.1f}m, target met in {row.share_met:.0%} of futures, "
        f"difficulty {row.difficulty_share:.1%}, harm {row.harm:+.2f} points, largest added spending "
        f"HK${row.max_added_spending_hkd / 1e6:,.1f}m a year: {row.description}"
        for row in front.itertuples()
    ]


def summary_lines(result: OptimisationResult) -> list[str]:
    """What ``talentgap optimise`` prints: the front, then the recommended package, its check and
    where it fails, or that no package meets the target and the closest front points."""
    settings, folder = result.settings, result.folder
    lines = [f"Pareto front: {len(result.front)} of {len(result.trials)} trials (cost: present value "
             f"2023-{settings['by']} at {settings['discount_rate']:.0%} against the status quo, "
             f"{settings['cost_view']} view; means over futures and search seeds):"]  # fmt: skip
    lines += front_lines(result.front)
    figure = f"front: {folder / FRONT}, {folder / FIGURE}"
    if result.recommended is None:
        closest = result.front[result.front["trial"].isin([point["trial"] for point in result.closest])]
        return [*lines, f"no package meets the target in at least {settings['min_share']:.0%} of the futures within "
                "the budget; the closest front points:", *front_lines(closest), figure]  # fmt: skip
    chosen, check = result.recommended, result.check_summary
    budget = "within" if check["within_budget"] else "over"
    return [
        *lines,
        f"recommended: trial {chosen['trial']}, {chosen['description']}: written to {chosen['scenario_file']}",
        f"check on {len(check['fresh_seeds'])} fresh seeds: target met in {check['futures_met']} of "
        f"{check['futures']} futures ({check['share_met']:.0%}); largest added spending "
        f"HK${check['max_added_spending_hkd'] / 1e6:,.1f}m a year, {budget} the budget; per future: {folder / CHECK}",
        f"where it fails: {result.rule['text']}",
        figure,
    ]
