"""What the search found, section by section: the Pareto front, the recommendation and its check on fresh
seeds (or the closest front points when no package meets the target), where it fails, and how to run it.

Every number is read from the folder (:class:`~experiments.optimise.OptimisationResult`), none recomputed.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pandas as pd

from experiments.intervals import LEVEL
from experiments.optimise import OptimisationResult
from experiments.optimise.result import RECOMMENDED
from experiments.report.compare import COMPARE_PREFIX
from experiments.report.numbers import interval, millions, number, percent
from experiments.report.optimisation import figures
from experiments.report.optimisation import words as say
from experiments.report.optimisation.page import Cell, Code, Facts, Section, Table, Text
from experiments.report.record import seed_ranges

DEFAULT_NAME = "optimised_package"
"""The recommended scenario's name when its file does not say (``experiments.optimise.outputs``)."""


def views(settings: dict[str, Any]) -> tuple[str, str]:
    """The optimised cost view and the other one."""
    view = settings["cost_view"]
    return view, ("programme" if view == "fiscal" else "fiscal")


def none_meets(settings: dict[str, Any]) -> str:
    return (
        f"No package on the front meets the target ({say.difficulty(settings['target'])} of firms reporting "
        f"difficulty in {settings['by']}) in at least {percent(settings['min_share'])} of the futures within "
        f"the budget of {say.money(settings['budget_hkd_per_year'])} a year."
    )


def point_table(key: str, caption: str, points: pd.DataFrame, result: OptimisationResult) -> Table:
    """Front points as a table: number, package, both costs, futures meeting the target, difficulty, harm,
    largest added spending; the recommended package marked."""
    settings = result.settings
    view, other = views(settings)
    header = (
        "#",
        "Package",
        f"{say.capitalised(say.cost_view(view))}, HK$ million (minimised)",
        f"{say.capitalised(say.cost_view(other))}, HK$ million",
        "Futures meeting the target",
        f"Firms reporting difficulty in {settings['by']}",
        "Harm to local graduates, points",
        "Largest added spending in a year, HK$ million",
    )
    rows, marked = [], []
    chosen = result.recommended["trial"] if result.recommended is not None else None
    numbers = {trial: index for index, trial in enumerate(result.front["trial"], start=1)}
    for index, row in enumerate(points.to_dict("records")):
        if row["trial"] == chosen:
            marked.append(index)
        rows.append(
            (
                str(numbers.get(row["trial"], "")),
                "\n".join(say.instruments(row["description"])),
                Cell(millions(row["cost_hkd"])),
                Cell(millions(row[f"cost_{other}_hkd"])),
                Cell(percent(row["share_met"])),
                Cell(say.difficulty(row["difficulty_share"])),
                Cell(say.signed(row["harm"])),
                Cell(millions(row["max_added_spending_hkd"])),
            )
        )
    return Table(key, caption, header, tuple(rows), tuple(marked), "recommended")


def front(result: OptimisationResult) -> Section:
    settings = result.settings
    intro = Text(
        f"{len(result.front)} of the {len(result.trials)} packages tried are on the Pareto front, cheapest first. "
        "Costs are present values against the status quo; every column is a mean over the futures and the search "
        "seeds, except the share of futures meeting the target and the largest added spending (the most in any "
        f"year, future and seed; the budget is {say.money(settings['budget_hkd_per_year'])} a year)."
    )
    table = point_table("front", "The Pareto front, cheapest first", result.front, result)
    return Section("front", "The Pareto front", (intro, table, figures.front(result)))


def recommendation(result: OptimisationResult) -> Section:
    settings, chosen = result.settings, result.recommended
    if chosen is None:
        closest = result.front[result.front["trial"].isin([point["trial"] for point in result.closest])]
        order = {point["trial"]: index for index, point in enumerate(result.closest)}
        closest = closest.sort_values("trial", key=lambda t: t.map(order))
        blocks = (
            Text(
                none_meets(settings) + " No scenario file was written and there is nothing to check on fresh "
                "seeds. The front points closest to the target (most futures meeting it, then the lowest "
                "difficulty share):"
            ),
            point_table("closest", "The front points closest to the target", closest, result),
        )
        return Section("recommendation", "The recommendation", blocks)
    view, other = views(settings)
    harm = f"{say.signed(chosen['harm'])} points"
    if "harm_unemployment_pp" in chosen and "harm_wage_pct" in chosen:
        fall = chosen["harm_wage_pct"]
        harm += (
            f" (their unemployment rate {say.signed(chosen['harm_unemployment_pp'])} percentage points, their "
            f"median wage {number(abs(fall), 2)}% {'below' if fall >= 0 else 'above'} the status quo's)"
        )
    facts = (
        ("Package", "\n".join(say.instruments(chosen["description"]))),
        (
            "Cost",
            f"{say.money(chosen[f'cost_{view}_hkd'])} {say.cost_view(view)} (what the search minimised); "
            f"{say.money(chosen[f'cost_{other}_hkd'])} {say.cost_view(other)}; present values 2023 to "
            f"{settings['by']} against the status quo",
        ),
        (
            "Futures meeting the target",
            f"{percent(chosen['share_met'])} on the search seeds (at least {percent(settings['min_share'])} asked)",
        ),
        (
            f"Firms reporting difficulty in {settings['by']}",
            f"{say.difficulty(chosen['difficulty_share'])} (target {say.difficulty(settings['target'])})",
        ),
        ("Harm to local graduates", harm),
        (
            "Largest added spending in a year",
            f"{say.money(chosen['max_added_spending_hkd'])} (budget {say.money(settings['budget_hkd_per_year'])})",
        ),
    )
    intro = Text(
        f"The cheapest package on the front that meets the target in at least "
        f"{percent(settings['min_share'])} of the futures, within the budget: "
        f"**{say.package(chosen['description'])}**. Its numbers on the search seeds (means over the futures "
        "and seeds):"
    )
    return Section("recommendation", "The recommendation", (intro, Facts(facts), *check_blocks(result)))


def check_blocks(result: OptimisationResult) -> tuple:
    """The check on fresh seeds: a paragraph, the per-future table with 90% intervals, the figure."""
    settings, check, table = result.settings, result.check_summary, result.check
    seeds = list(check["fresh_seeds"])
    enough = "at least" if check["share_met"] >= settings["min_share"] else "fewer than"
    budget = "within" if check["within_budget"] else "over"
    text = Text(
        f"**Check on fresh seeds.** The search chose this package on its own seeds, which flatters it. On "
        f"{len(seeds)} fresh seed{'s' * (len(seeds) != 1)} per future (seed{'s' * (len(seeds) != 1)} "
        f"{seed_ranges(seeds)}, never used by the search) it meets the target in {check['futures_met']} of "
        f"{check['futures']} futures ({percent(check['share_met'])}), {enough} the {percent(settings['min_share'])} "
        f"asked. Its largest added spending in any year, search and fresh seeds, is "
        f"{say.money(check['max_added_spending_hkd'])}, {budget} the budget of "
        f"{say.money(settings['budget_hkd_per_year'])}."
    )
    view = settings["cost_view"]
    header = (
        "Future",
        f"Firms reporting difficulty in {settings['by']}",
        "Change against the status quo, percentage points",
        f"{say.capitalised(say.cost_view(view))}, HK$ million",
        "Harm to local graduates, points",
        "Target met",
        "Largest added spending in a year, HK$ million",
    )
    rows = []
    for row in table.to_dict("records"):
        met = "yes" if bool(row["met"]) else "no"
        if "seeds_met" in row:
            met += f" ({round(float(row['seeds_met']) * row['seeds'])} of {row['seeds']} seeds)"
        rows.append(
            (
                say.future(str(row["future"])),
                _cell(row, "difficulty_share", say.difficulty),
                _cell(row, "effect", lambda v: say.signed(v * 100, 1)),
                _cell(row, "cost_hkd", millions),
                _cell(row, "harm", say.signed),
                met,
                Cell(millions(row["max_added_spending_hkd"])),
            )
        )
    caption = (
        f"The recommended package in each future on the fresh seeds: means with {LEVEL:.0%} confidence "
        "intervals (none with one seed)"
    )
    if 1 < len(seeds) < say.SMALL_SEEDS:
        caption += f"; with {len(seeds)} seeds the intervals are wide, and a share's may pass 0% or 100%"
    checked = Table("check", caption, header, tuple(rows))
    return text, figures.check(table, settings, len(seeds)), checked


def _cell(row: dict[str, Any], name: str, formatter) -> Cell:
    return Cell(formatter(row[name]), interval(row[f"{name}_low"], row[f"{name}_high"], formatter))


def failures(result: OptimisationResult, known: dict[str, tuple[str, str]]) -> Section:
    rule = result.rule
    intro = Text(
        f"Scenario discovery (PRIM, the Patient Rule Induction Method) looks among the {rule.get('cases', '')} "
        "cases of the check (each future on each fresh seed) for a short description of where the package misses "
        "the target."
    )
    sentences = say.rule(rule, known)
    return Section("failures", "Where it fails", (intro, Text(" ".join(sentences))))


def how_to_run(result: OptimisationResult) -> Section:
    folder, settings = result.folder, result.settings
    if result.recommended is None:
        text = Text(
            "There is no recommended scenario to run. To search further, continue this study with more packages "
            "(the same options with a larger --trials, and --resume), or ask again with a larger budget, a later "
            "year or a smaller share of futures (--min-share); see docs/optimise.md."
        )
        return Section("run", "How to go on", (text,))
    scenario = folder / RECOMMENDED
    name = _scenario_name(scenario)
    path = str(scenario)  # as the folder was given: a path the reader can type from where they ran the report
    commands = Code(
        (
            f"talentgap run {path}",
            f"talentgap compare {path} --seeds 10 --workers 2",
            f"talentgap report results/{COMPARE_PREFIX}{name}",
        )
    )
    scale = settings["scale"]
    matched = (
        ""
        if scale == 1
        else (
            f" The optimisation ran at {say.scale(scale)}: add --scale {scale:g} to the first two commands to match it."
        )
    )
    text = Text(
        "The recommended package is written as a scenario file: the status quo plus the package's instruments. The "
        f"first command runs it once (seed 0, at Hong Kong's size) into results/{name}/; the second runs it and the "
        f"status quo on 10 paired seeds and prints the differences; the third writes the policy comparison report "
        f"of that comparison.{matched} The file holds no future: these commands run the package in the default "
        "scenario's world (the committed calibration and drivers)."
    )
    return Section("run", "How to run the recommended scenario", (text, commands))


def _scenario_name(path: Path) -> str:
    try:
        return str(tomllib.loads(path.read_text(encoding="utf-8")).get("name") or DEFAULT_NAME)
    except (OSError, tomllib.TOMLDecodeError):
        return DEFAULT_NAME
