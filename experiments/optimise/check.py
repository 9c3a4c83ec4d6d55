"""The recommended package checked on fresh seeds: every future, paired with the status quo, with
90% intervals.

The check is a sweep (:func:`experiments.sweep.sweep`, so it runs on any executor and resumes)
into ``check/<package>/``: the package and the status quo on the fresh seeds. The package's runs
on the search seeds (its ledger, for the budget) are the search's own: their summaries are read
from the search's evaluations rather than run again. The search chose the package on the search
seeds, so its numbers there are flattered (the winner's curse); the fresh seeds give an honest
estimate. Per future, over the fresh seeds (intervals: mean +/- t(0.95, n-1) sd / sqrt(n)):

- ``difficulty_share``: the package's difficulty share at the target year, and ``effect`` its
  paired change against the status quo (negative: the gap narrows);
- ``cost_hkd``: the paired present-value cost in the optimisation's view; ``harm``: the harm to
  local graduates (:mod:`experiments.optimise.evaluate`);
- ``met``: the mean difficulty share is at most the target; ``seeds_met``: the share of seeds in
  which it is;
- ``max_added_spending_hkd``: the largest added programme spending in any calendar year and seed
  (search and fresh), and ``within_budget`` whether it stays within the budget.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from abm.core.errors import InputError
from experiments.futures import Futures
from experiments.intervals import t_interval
from experiments.optimise.evaluate import FUTURE, harm_points, paired_runs, summarise_runs
from experiments.optimise.settings import Settings
from experiments.optimise.space import STATUS_QUO
from experiments.optimise.study import run_spec
from experiments.sweep import read_results, sweep


def check_package(
    package: list[dict[str, Any]],
    name: str,
    searched: pd.DataFrame,
    status_quo: pd.DataFrame,
    settings: Settings,
    futures: Futures,
    folder: Path,
    **executor: Any,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the check of ``package`` into ``folder``; return its per-future table and its cases.

    Args:
        package: the package's policy entries.
        name: its scenario name.
        searched: run summaries the search made (``evaluations.parquet``), the package's runs on
            every future and search seed among them.
        status_quo: the status quo's run summaries on the search seeds (the baseline folder's).
        settings: the optimisation's settings.
        futures: the futures.
        folder: the check's results folder.
        executor: :func:`experiments.sweep.sweep`'s executor options.

    Returns:
        The per-future table (see the module docstring), and one row per future and fresh seed
        (``future, seed, difficulty_share, miss``: the package missed the target there).

    Raises:
        InputError: a run of the check failed.
        ValueError: ``searched`` lacks one of the package's runs on the search seeds.
    """
    ledger_ids = [run_spec(package, future, seed, settings).run_id
                  for future in futures.futures for seed in settings.search_seeds]  # fmt: skip
    missing = set(ledger_ids) - set(searched["run_id"])
    if missing:
        raise ValueError(f"the search never ran the package {name} in {len(missing)} of its futures and seeds")
    specs = [run_spec(entries, f, seed, settings) for seed in settings.fresh_seeds for f in futures.futures
             for entries in (package, [])]  # fmt: skip
    experiment = {"name": f"check-{name}", "kind": "optimisation check", "baseline": STATUS_QUO,
                  "scenarios": [STATUS_QUO, name], "seeds": settings.fresh_seeds, "scale": settings.scale}  # fmt: skip
    specs = list({spec.run_id: spec for spec in specs}.values())  # the status quo's package is the status quo
    summary = sweep(specs, folder, experiment, resume=True, **executor)
    if summary.failed:
        raise InputError(f"{folder}: {summary.failed} runs of the check failed (see its manifest.json)")
    summaries = summarise_runs(read_results(folder), settings.scale, settings)
    mine = summaries[summaries["scenario"] == name]
    base = summaries[summaries["scenario"] == STATUS_QUO]
    ledger = paired_runs(searched[searched["run_id"].isin(ledger_ids)], status_quo)
    fresh = paired_runs(mine, base)
    cases = fresh[[FUTURE, "seed", "difficulty_share"]].assign(miss=fresh["difficulty_share"] > settings.target)
    return _table(fresh, ledger, settings, futures), cases.reset_index(drop=True)


def _table(fresh: pd.DataFrame, ledger: pd.DataFrame, settings: Settings, futures: Futures) -> pd.DataFrame:
    harm = harm_points(fresh)
    fresh = fresh.assign(harm=harm["harm"], cost=fresh[f"d_pv_{settings.cost_view}_hkd"])
    spending = pd.concat([fresh, ledger])
    spend_columns = [c for c in spending.columns if c.startswith("d_programme_")]
    rows = []
    for future in futures.names:
        runs = fresh[fresh[FUTURE] == future]
        row: dict[str, Any] = {"future": future, "seeds": len(runs)}
        for column, values in (("difficulty_share", runs["difficulty_share"]), ("effect", runs["d_difficulty_share"]),
                               ("cost_hkd", runs["cost"]), ("harm", runs["harm"])):  # fmt: skip
            row[column], row[f"{column}_low"], row[f"{column}_high"] = t_interval(values.to_numpy())
        row["met"] = bool(row["difficulty_share"] <= settings.target)
        row["seeds_met"] = float((runs["difficulty_share"] <= settings.target).mean())
        added = spending.loc[spending[FUTURE] == future, spend_columns].to_numpy()
        row["max_added_spending_hkd"] = float(added.max()) if added.size else 0.0
        row["within_budget"] = row["max_added_spending_hkd"] <= settings.budget_hkd_per_year
        rows.append(row)
    return pd.DataFrame(rows)


def summarise_check(table: pd.DataFrame, settings: Settings) -> dict[str, Any]:
    """The check's headline: futures met, their share, and whether the budget held everywhere."""
    met = int(table["met"].sum())
    return {
        "fresh_seeds": settings.fresh_seeds,
        "futures": len(table),
        "futures_met": met,
        "share_met": met / len(table) if len(table) else math.nan,
        "meets_min_share": bool(met / len(table) >= settings.min_share) if len(table) else False,
        "within_budget": bool(table["within_budget"].all()),
        "max_added_spending_hkd": float(table["max_added_spending_hkd"].max()),
    }
