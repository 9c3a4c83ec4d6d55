"""What the optimisation report says: the page's sections in order, the summary, what was asked, the
assumptions and sources, the run record and the definitions (the front, the recommendation, where it fails and
how to run it: :mod:`~experiments.report.optimisation.outcome`), from the folder's numbers, none recomputed.
"""

from __future__ import annotations

from typing import Any

from abm.core.columns import words
from abm.runs.provenance import parameter_words, short_path
from experiments.optimise import OptimisationResult
from experiments.report import tables
from experiments.report.costs import DISCOUNT_BASE_YEAR
from experiments.report.numbers import number, percent
from experiments.report.optimisation import words as say
from experiments.report.optimisation.outcome import (
    LEVEL,
    failures,
    front,
    how_to_run,
    none_meets,
    recommendation,
    views,
)
from experiments.report.optimisation.page import Facts, Html, Page, Section, Text
from experiments.report.record import calibration_loss, code_versions, short_time


def page(result: OptimisationResult, manifest: dict[str, Any] | None) -> Page:
    """The whole report of an optimisation."""
    settings = result.settings
    title = (
        f"The cheapest package to bring firms reporting difficulty to {say.difficulty(settings['target'])} "
        f"by {settings['by']}"
    )
    known = parameter_words(manifest)
    sections = [summary(result, known), asked(result), front(result), recommendation(result)]
    if result.recommended is not None:
        sections.append(failures(result, known))
    sections += [how_to_run(result), *provenance(result, manifest), definitions(result)]
    return Page(title, tuple(sections))


def summary(result: OptimisationResult, known: dict[str, tuple[str, str]]) -> Section:
    settings, chosen = result.settings, result.recommended
    view, other = views(settings)
    titles = say.policy_titles(list(settings.get("policies") or []))
    target = f"{say.difficulty(settings['target'])} of firms reporting difficulty in {settings['by']}"
    blocks = [
        Text(
            f"The search tried {len(result.trials)} packages of {len(titles)} instruments in "
            f"{say.futures_name(settings['futures'])} and kept {len(result.front)} on the Pareto front: the packages "
            "within the budget that no other package betters all at once on cost, on the share of futures in which it "
            "meets the target and on harm to local graduates."
        )
    ]
    if chosen is not None:
        check = result.check_summary
        blocks.append(
            Text(
                f"The cheapest package on the front that meets the target ({target}) in at least "
                f"{percent(settings['min_share'])} of the futures is **{say.package(chosen['description'])}**, at a "
                f"present-value {say.cost_view(view)} of {say.money(chosen[f'cost_{view}_hkd'])} "
                f"({say.cost_view(other)} {say.money(chosen[f'cost_{other}_hkd'])}). On fresh seeds it meets the "
                f"target in {check['futures_met']} of {check['futures']} futures ({percent(check['share_met'])})."
            )
        )
        blocks.append(Text(" ".join(say.rule(result.rule, known)[:1])))
    else:
        nearest = result.closest[0] if result.closest else None
        blocks.append(
            Text(
                none_meets(settings)
                + (
                    f" The closest is **{say.package(nearest['description'])}**, which meets it in "
                    f"{percent(nearest['share_met'])} of the futures at a present-value {say.cost_view(view)} of "
                    f"{say.money(nearest['cost_hkd'])}."
                    if nearest
                    else ""
                )
            )
        )
    if say.caution(settings):
        blocks.append(Text(say.small_run(settings), kind="caution"))
    return Section("summary", "Summary", tuple(blocks))


def asked(result: OptimisationResult) -> Section:
    settings = result.settings
    view = settings["cost_view"]
    titles = say.policy_titles(list(settings.get("policies") or []))
    tried = f"{len(result.trials)} packages" + (
        f" ({settings['trials']} asked)" if len(result.trials) != settings["trials"] else ""
    )
    facts = (
        (
            "Target",
            f"At most {say.difficulty(settings['target'])} of AI firms reporting difficulty recruiting "
            f"technical talent, averaged over the months of {settings['by']} (HKPC's survey found 49% in "
            "2023)",
        ),
        ("By", str(settings["by"])),
        ("Futures that must meet it", f"At least {percent(settings['min_share'])}"),
        (
            "Annual budget",
            f"At most {say.money(settings['budget_hkd_per_year'])} a year added to programme "
            f"spending, in every year from 2023 to {settings['by']}, in every future and seed",
        ),
        (
            "Cost view",
            f"{say.capitalised(say.cost_view(view))}: {say.cost_view_definition(view)}; present value at "
            f"January {DISCOUNT_BASE_YEAR}, discounted at {number(settings['discount_rate'] * 100, 1)}% "
            f"a year, counted to the end of {settings['by']}",
        ),
        ("Futures", say.capitalised(say.futures_name(settings["futures"]))),
        ("Instruments searched", ", ".join(titles) or "none"),
        ("Search seeds", f"{settings['seeds']} per future"),
        ("Fresh seeds for the check", f"{settings['check_seeds']} per future"),
        ("Packages tried", tried),
        (
            "Scale",
            f"{settings['scale']:g}: {say.scale(settings['scale'])} (counts and HK$ are read at Hong Kong's size)",
        ),
    )
    blocks: list = [Facts(facts)]
    warning = say.caution(settings)
    if warning:
        blocks.append(Text(warning, kind="caution"))
    return Section("asked", "What was asked", tuple(blocks))


def provenance(result: OptimisationResult, manifest: dict[str, Any] | None) -> list[Section]:
    """Assumptions and sources, and the run record (from the manifest, when the folder has one)."""
    if manifest is None:
        return [Section("record", "Run record", (Text("The folder holds no manifest: no run record."),))]
    rows = [
        {key: value for key, value in row.items() if key != "scenarios"} for row in manifest.get("assumptions") or []
    ]
    assumptions = (
        Text("Every parameter the runs used; a parameter the futures vary appears once for each value it takes."),
        Html(tables.assumptions_table(rows, [], {})) if rows else Text("The manifest holds no assumptions table."),
        Html("<h3>Sources cited by the runs</h3>" + tables.sources_table(manifest.get("sources") or {})),
    )
    settings, calibration = result.settings, manifest.get("calibration") or {}
    loss = calibration_loss(manifest)
    fitted = ", ".join(
        part
        for part in (
            f"loss {loss}" if loss else "",
            f"fitted {short_time(calibration.get('date'))}" if calibration.get("date") else "",
            f"trial {calibration['chosen_trial']}" if "chosen_trial" in calibration else "",
        )
        if part
    )
    futures = settings["futures"]
    record = (
        ("Results folder", short_path(result.folder)),
        ("Futures file", short_path(futures.get("file")) or "not recorded"),
        (
            "Futures",
            f"{words(str(futures.get('name', '')))}, version {futures.get('version', '?')}, fingerprint "
            f"{futures.get('fingerprint', '?')}",
        ),
        ("Sampler seed", str(settings.get("seed", ""))),
        ("Code version", code_versions(manifest)),
        ("Software versions", ", ".join(f"{k} {v}" for k, v in (manifest.get("packages") or {}).items())),
        ("Started, finished", f"{short_time(manifest.get('started'))}, {short_time(manifest.get('finished'))}"),
        ("Calibration", fitted or "none recorded"),
    )
    return [
        Section("assumptions", "Assumptions and sources", assumptions),
        Section("record", "Run record", (Facts(record),)),
    ]


def definitions(result: OptimisationResult) -> Section:
    settings = result.settings
    view = settings["cost_view"]
    items = (
        (
            "Firms reporting difficulty",
            "The survey-weighted share of AI firms with a technical vacancy open over "
            f"3 months or withdrawn unfilled in the past 12 months (HKPC's measure), averaged over {settings['by']}.",
        ),
        (
            "Future",
            "One version of the world outside the market that a package must work in: a calibration set "
            "and drivers such as the growth of AI labour demand. Each package runs in every future on the same seeds.",
        ),
        (
            "Futures meeting the target",
            "The share of futures in which the package's difficulty share, mean over the seeds, is at most the target.",
        ),
        (
            "Cost",
            f"The package's government money minus the status quo's on the same future and seed, 2023-01 to "
            f"{settings['by']}-12, discounted to January {DISCOUNT_BASE_YEAR} at "
            f"{number(settings['discount_rate'] * 100, 1)}% a year. The programme cost counts "
            f"{say.cost_view_definition('programme')}; the net fiscal cost counts "
            f"{say.cost_view_definition('fiscal')}. The search minimised the {say.cost_view(view)}.",
        ),
        (
            "Harm to local graduates",
            "The rise of local graduates' unemployment rate (percentage points) plus the "
            f"fall of their median wage (% of the status quo's), against the status quo, averaged over "
            f"{settings['by']}; negative when they gain.",
        ),
        (
            "Largest added spending",
            "The most the package adds to programme spending in any calendar year, future "
            "and seed; the budget caps it.",
        ),
        (
            "Pareto front",
            "The packages within the budget that no other package within it betters all at once: "
            "none is at least as good on cost, on futures meeting the target and on harm, and better on one.",
        ),
        ("Fresh seeds", "Seeds the search never used: the check's numbers are not flattered by the search."),
        ("Interval", f"The {LEVEL:.0%} Student-t confidence interval of the mean over the fresh seeds."),
        (
            "Coverage, density",
            "Of the cases in which the package misses the target, the share the rule describes "
            "(coverage); of the cases the rule describes, the share that miss (density).",
        ),
    )
    return Section("definitions", "Definitions", (Facts(items, definitions=True),))
