"""An optimisation in words: numbers as the page writes them, packages, futures, the settings and the rule.

Every number on the page goes through the formatters here (built on :mod:`experiments.report.numbers`),
so a front point reads the same in its table row, the written summary and the figure's labels. Names
come from the policies' titles, the parameters' labels (the manifest's assumptions, else the default
scenario's: :func:`abm.runs.provenance.parameter_words`) and :func:`abm.core.columns.words`; no code
identifier reaches the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from abm.core.columns import lowered, unit_words, words
from experiments.report.costs import VIEW_LABELS
from experiments.report.numbers import millions, number, percent, significant
from policies import registry

SMALL_SEEDS = 3
"""Fewer search (or fresh) seeds per future than this is a small run: one seed's luck can decide a future."""
SMALL_TRIALS = 36
"""Fewer trials than this (three dozen) is a small search: the first are anchors, few are left to explore."""
FRACTIONS = {2: "half", 4: "a quarter", 5: "a fifth", 10: "a tenth", 20: "a twentieth", 100: "a hundredth"}
"""Scales written as a fraction of Hong Kong's size."""
RATE_UNITS = {"1/year": " a year", "1/month": " a month", "share": ""}
"""Units of parameters written as percentages (the unit's words after the number)."""


def money(value: float) -> str:
    """HK$ in millions with one decimal, for the text: ``755_064_104`` -> ``"HK$755.1m"``."""
    return f"HK${millions(value)}m"


def difficulty(share: float) -> str:
    """A difficulty share with one decimal: ``0.2216`` -> ``"22.2%"``."""
    return f"{number(share * 100, 1)}%"


def signed(value: float, digits: int = 2) -> str:
    """``value`` with its sign: ``20.456`` -> ``"+20.46"``, ``0`` -> ``"+0.00"``."""
    text = number(value, digits)
    return text if text.startswith("-") or text == "n/a" else "+" + text


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def package(description: str) -> str:
    """A package's description (:func:`experiments.optimise.space.describe`) as a sentence's subject."""
    return capitalised(description)


def instruments(description: str) -> list[str]:
    """A package's instruments, one phrase each (``"Talent admission 300,000 arrivals a year ... from 2025"``)."""
    return [capitalised(part.strip()) for part in description.split(";") if part.strip()]


def scale(value: float) -> str:
    """A market scale in words: ``1`` -> ``"Hong Kong's size"``, ``0.1`` -> ``"a tenth of Hong Kong's size"``."""
    if value == 1:
        return "Hong Kong's size"
    inverse = round(1 / value) if value > 0 else 0
    if inverse in FRACTIONS and abs(inverse * value - 1) < 1e-9:
        return f"{FRACTIONS[inverse]} of Hong Kong's size"
    return f"{value:g} times Hong Kong's size"


def cost_view(view: str) -> str:
    """``"fiscal"`` -> ``"net fiscal cost"``, ``"programme"`` -> ``"programme cost"``."""
    return VIEW_LABELS.get(view, words(view).lower())


def cost_view_definition(view: str) -> str:
    """What a cost view counts, in one clause."""
    if view == "fiscal":
        return (
            "programme spending plus the public services (health, welfare, schooling) used by the residents "
            "a package adds, less the salaries tax they pay"
        )
    return "government spending on every instrument, the status quo's included"


def futures_name(futures: Mapping[str, Any]) -> str:
    """The futures' identity in words: ``"36 futures (Hong Kong AI futures, version 1)"``."""
    name = words(str(futures.get("name", ""))) or "unnamed"
    version = f", version {futures['version']}" if futures.get("version") is not None else ""
    return f"{futures.get('count', '?')} futures ({name}{version})"


def future(name: str) -> str:
    """A future's name in words: ``"set=trial412 growth=low entry_level=on"`` -> ``"Calibration set trial412,
    growth low, entry level on"``; a name without ``=`` (``"boom"``) -> ``"Boom"``."""
    parts = []
    for part in name.split():
        key, sep, value = part.partition("=")
        if not sep:
            parts.append(words(part))
        elif key == "set":
            parts.append(f"calibration set {value}")
        else:
            parts.append(f"{lowered(words(key))} {lowered(words(value))}")
    return capitalised(", ".join(parts)) if parts else name


def policy_titles(names: list[str]) -> list[str]:
    """Each policy's title (its ``title``), or its name in words if it is not installed."""
    installed = registry.registered()
    return [getattr(installed.get(name), "title", None) or words(name) for name in names]


def feature(term: Mapping[str, Any], known: Mapping[str, tuple[str, str]]) -> str:
    """One term of a rule in words: ``"growth of AI labour demand is at least 7.4% a year"``, ``"the entry level
    shift driver is on"``."""
    name, low, high = str(term["feature"]), term.get("low"), term.get("high")
    if "on" in term:
        head, _, last = name.rpartition(".")
        if last == "enabled" and head.startswith("drivers."):
            subject = f"the {lowered(words(head.removeprefix('drivers.')))} driver"
        else:
            subject = lowered(known.get(name, (words(last), ""))[0])
        return f"{subject} is {'on' if term['on'] else 'off'}"
    label, unit = known.get(name, (words(name.split(".")[-1]), ""))

    def value(x: float) -> str:
        if unit in RATE_UNITS:
            return f"{number(x * 100, 1)}%{RATE_UNITS[unit]}"
        shown = unit_words(unit) if unit else ""
        return f"{significant(x)} {shown}".strip()

    if low is not None and high is not None:
        bound = f"between {value(low)} and {value(high)}"
    else:
        bound = f"at least {value(low)}" if low is not None else f"at most {value(high)}"
    return f"{lowered(label)} is {bound}"


def rule(rule: Mapping[str, Any], known: Mapping[str, tuple[str, str]]) -> list[str]:
    """Where the package fails, as sentences: the rule in words, then its coverage and density.

    A rule (status ``"rule"``) reads "It misses the target when A and B.", then "Coverage 71%: 12 of the 17
    misses fall in these futures." and "Density 100%: ... against 24% of all 72 cases."; any other status
    (no misses, all miss, no features) is already a sentence in words.
    """
    if rule.get("status") != "rule":
        return [capitalised(str(rule.get("text", "")).rstrip(".")) + "."]
    terms = [feature(term, known) for term in rule.get("terms") or []]
    where = " and ".join(terms) if terms else "in every future"
    misses, cases, in_box = int(rule["misses"]), int(rule["cases"]), int(rule["cases_in_box"])
    caught = round(rule["coverage"] * misses)
    return [
        f"It misses the target when {where}.",
        f"Coverage {percent(rule['coverage'])}: {caught} of the {misses} misses (futures and fresh seeds in which "
        "the package misses the target) meet this rule.",
        f"Density {percent(rule['density'])}: of the {in_box} cases that meet it, {percent(rule['density'])} miss, "
        f"against {percent(rule['base_rate'])} of all {cases} cases.",
    ]


def small_run(settings: Mapping[str, Any]) -> str:
    """One line for the summary: the run is small (scale, seeds, trials), see the caution under what was asked."""
    sizes = (
        f"scale {settings['scale']:g}, {settings['seeds']} search seed{'s' * (settings['seeds'] != 1)} and "
        f"{settings['check_seeds']} fresh seed{'s' * (settings['check_seeds'] != 1)} per future, "
        f"{settings['trials']} packages tried"
    )
    return f"A small run ({sizes}): a demonstration of the method, not an answer (see What was asked)."


def caution(settings: Mapping[str, Any]) -> str | None:
    """A plain warning when the run is too small to act on (scale below 1, few seeds, few trials), else None."""
    reasons = []
    if settings["scale"] < 1:
        reasons.append(
            f"it simulated {scale(settings['scale'])}, where the difficulty share of a few dozen firms "
            "moves by several points from one seed to the next"
        )
    if settings["seeds"] < SMALL_SEEDS:
        reasons.append(
            f"each package was tried on {settings['seeds']} seed{'s' * (settings['seeds'] != 1)} per "
            f"future (at least {SMALL_SEEDS} are advised)"
        )
    if settings["check_seeds"] < SMALL_SEEDS:
        reasons.append(
            f"the recommendation was checked on {settings['check_seeds']} fresh seed"
            f"{'s' * (settings['check_seeds'] != 1)} per future"
        )
    if settings["trials"] < SMALL_TRIALS:
        reasons.append(f"the search tried {settings['trials']} packages (a search needs a few dozen to a few hundred)")
    if not reasons:
        return None
    listed = "; ".join(reasons)
    return (
        f"A small run: read it as a demonstration of the method, not as an answer. {capitalised(listed)}. "
        "Run at scale 1 with at least 3 seeds and a few hundred trials before acting on it."
    )
