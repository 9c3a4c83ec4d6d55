"""The report's conclusions, written from its own numbers: a short plain-language summary.

:func:`conclusions` reads a :class:`~experiments.report.summary.Summary` and says what the status
quo does, which options narrow the gap and by when, at what cost, which widen it, which cost local
graduates, how sure the numbers are and what they rest on. Every number it writes is a
:class:`Cite`: the text of one table cell and that cell's id (:func:`experiments.report.numbers.cell_id`),
so a reader (and a test) can trace each one. :func:`as_html` links each number to its cell;
:func:`as_markdown` writes the same paragraphs as findings-style Markdown for any results folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd

from experiments.intervals import LEVEL
from experiments.report.costs import VIEW_LABELS
from experiments.report.effects import BY_COLUMN, HEADLINE, excludes_zero
from experiments.report.numbers import cell_id, interval, millions, number, percent, significant
from experiments.report.summary import Summary

WAGE, UNEMPLOYMENT = BY_COLUMN["local_graduate_median_wage_hkd"], BY_COLUMN["local_graduate_unemployment_rate"]
LISTED = 5
"""Most options named in one sentence."""


@dataclass(frozen=True)
class Cite:
    """A number in the text and the id of the table cell it is read from (the text equals the cell's)."""

    text: str
    cell: str


Part = str | Cite
"""A piece of a sentence: words, or a cited number."""


@dataclass(frozen=True)
class Paragraph:
    """A titled paragraph of sentences, each a list of words and cited numbers (the full stop is added when
    written)."""

    title: str
    sentences: list[list[Part]]


class _Reader:
    """Looks numbers up in a summary and returns them as cites of their cells."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        self.effects = summary.effects.set_index(["arm", "measure", "year"]).sort_index()
        self.levels = summary.status_quo.set_index(["measure", "year"]).sort_index()
        self.costs = summary.costs.set_index(["view", "arm"]).sort_index()
        self.value = summary.value.set_index(["arm", "measure"]).sort_index()

    def effect(self, arm: str, measure: str, year: int) -> pd.Series:
        return self.effects.loc[(arm, measure, year)]

    def clear(self, arm: str, measure: str, year: int, sign: int) -> bool:
        """The effect's interval lies wholly below zero (``sign`` -1) or above it (+1)."""
        row = self.effect(arm, measure, year)
        return excludes_zero(row["low"], row["high"]) and row["mean"] * sign > 0

    def cite_effect(self, arm: str, measure: str, year: int) -> Cite:
        digits = BY_COLUMN[measure].digits
        return Cite(number(self.effect(arm, measure, year)["mean"], digits), cell_id("effect", arm, measure, year))

    def cite_level(self, measure: str, year: int) -> Cite:
        value = self.levels.loc[(measure, year), "mean"]
        return Cite(number(value, BY_COLUMN[measure].digits), cell_id("level", measure=measure, year=year))

    def cite_cost(self, arm: str, view: str) -> Cite:
        return Cite(millions(self.costs.loc[(view, arm), "mean"]), cell_id(f"cost-{view}", arm))

    def cite_ratio(self, arm: str) -> Cite:
        return Cite(
            significant(self.value.loc[(arm, HEADLINE.column), "per_bn"]), cell_id("per-bn", arm, HEADLINE.column)
        )

    def cite_pairs(self, arm: str) -> Cite:
        return Cite(str(int(self.costs.loc[(self.summary.cost_view, arm), "pairs"])), cell_id("pairs", arm))


def _names(items: list[list[Part]]) -> list[Part]:
    """Items joined as ``a, b and c``."""
    joined: list[Part] = []
    for index, item in enumerate(items):
        if index:
            joined.append(" and " if index == len(items) - 1 else ", ")
        joined.extend(item)
    return joined


def conclusions(summary: Summary, loss: str | None = None, sensitive_to: str | None = None) -> list[Paragraph]:
    """The plain-language summary of a report, every number cited from its tables.

    Args:
        summary: the report's numbers.
        loss: the calibration's loss as the run record shows it (cited from its cell), or None.
        sensitive_to: the parameter (in words) the headline measure is most sensitive to, if the
            folder has a sensitivity analysis.
    """
    read = _Reader(summary)
    return [
        _status_quo(summary, read),
        _narrowing(summary, read),
        _cost(summary, read),
        _widening(summary, read),
        _graduates(summary, read),
        _sureness(summary, read),
        _resting_on(summary, loss, sensitive_to),
    ]


def _listed(read: _Reader, arms: list[str], measure: str, year: int) -> list[Part]:
    """``A (-4.09), B (-2.10) and C (-1.00)``: arms with their effects, at most :data:`LISTED`."""
    return _names([[read.summary.label(arm), " (", read.cite_effect(arm, measure, year), ")"] for arm in arms[:LISTED]])


def _status_quo(summary: Summary, read: _Reader) -> Paragraph:
    """The difficulty share at each year of the status quo table, and AI employment at its first and last."""
    years = sorted(set(summary.status_quo["year"]))
    shares = _names([[read.cite_level(HEADLINE.column, year), f"% in {year}"] for year in years])
    jobs = _names([[read.cite_level("employed", year), f" in {year}"] for year in (years[0], years[-1])])
    return Paragraph(
        "The status quo",
        [
            [
                "Under the status quo, the share of AI firms reporting difficulty recruiting technical talent is ",
                *shares,
            ],
            ["AI employment is ", *jobs, " (workers, at Hong Kong's size)"],
        ],
    )


def _narrowing(summary: Summary, read: _Reader) -> Paragraph:
    """The options that clearly lower the share at the headline year, when each becomes clear, those that
    bring it back to its first-year level (when the status quo ends above it), and those that lower it
    clearly in an earlier year only (at their largest clear fall)."""
    year, measure = summary.headline_year, HEADLINE.column
    arms = sorted(
        (arm for arm in summary.order if read.clear(arm, measure, year, -1)),
        key=lambda arm: read.effect(arm, measure, year)["mean"],
    )
    title = "What narrows the gap, and by when"
    sentences: list[list[Part]] = []
    if arms:
        lead = (
            f"By {year}, these options lower the share clearly below the status quo's (change in percentage points): "
        )
        sentences.append([lead, *_listed(read, arms, measure, year)])
        by_year: dict[int, list[str]] = {}
        for arm in arms:
            by_year.setdefault(next(y for y in summary.years if read.clear(arm, measure, y, -1)), []).append(arm)
        if min(by_year) < year:  # some option narrows the gap before the headline year: say which, and from when
            when = [
                [f"from {first}: ", *_listed(read, group, measure, first)] for first, group in sorted(by_year.items())
            ]
            sentences.append(["The effect is clear ", *_names(when)])
        start = int(summary.status_quo["year"].min())
        then, now = read.levels.loc[(measure, start), "mean"], read.levels.loc[(measure, year), "mean"]
        if start < year and now > then:
            back = [[summary.label(a)] for a in arms if now + read.effect(a, measure, year)["mean"] <= then]
            if back:
                verb = "brings" if len(back) == 1 else "bring"
                sentences.append([*_names(back), f" {verb} the share in {year} back to its {start} level or below"])
    else:
        sentences.append([f"No option lowers the share clearly below the status quo's by {year}"])
    earlier = {}
    for arm in (a for a in summary.order if a not in arms):
        falls = [y for y in summary.years if y < year and read.clear(arm, measure, y, -1)]
        if falls:
            earlier[arm] = min(falls, key=lambda y: read.effect(arm, measure, y)["mean"])
    if earlier:
        ranked = sorted(earlier, key=lambda arm: read.effect(arm, measure, earlier[arm])["mean"])
        items = [[summary.label(a), " (", read.cite_effect(a, measure, earlier[a]), f" in {earlier[a]})"]
                 for a in ranked[:LISTED]]  # fmt: skip
        sentences.append([f"These lower it clearly in an earlier year, but not by {year}: ", *_names(items)])
    return Paragraph(title, sentences)


def _cost(summary: Summary, read: _Reader) -> Paragraph:
    """The three options that lower the share most per HK$1bn in the ranking view, with their costs in each view,
    and the options that lower it clearly while saving money in that view."""
    view, year = summary.cost_view, summary.headline_year
    ratios = read.value.xs(HEADLINE.column, level="measure")
    best = [a for a in summary.order if a in ratios.index and ratios.loc[a, "shown"] and ratios.loc[a, "per_bn"] < 0]
    sentences: list[list[Part]] = []
    if best:
        items = [
            [
                summary.label(a),
                " (",
                read.cite_ratio(a),
                " points per HK$1bn; HK$",
                read.cite_cost(a, view),
                " million)",
            ]
            for a in best[:3]
        ]
        lead = f"Per HK$1bn of {VIEW_LABELS[view]} (present value to {year}), the share falls most with "
        sentences.append([lead, *_names(items)])
        for other in (v for v in summary.views if v != view):
            costs = [[summary.label(a), " HK$", read.cite_cost(a, other), " million"] for a in best[:3]]
            sentences.append([f"Their {VIEW_LABELS[other]}s: ", *_names(costs)])
    saving = [
        a for a in summary.order if read.clear(a, HEADLINE.column, year, -1) and read.costs.loc[(view, a), "mean"] < 0
    ]
    if saving:
        items = [[summary.label(a), " (HK$", read.cite_cost(a, view), " million)"] for a in saving[:LISTED]]
        lead = f"These lower the share clearly at a negative {VIEW_LABELS[view]} (they save public money): "
        sentences.append([lead, *_names(items)])
    if not sentences:
        sentences.append([f"No option has a clear effect on the share in {year} for a positive cost"])
    return Paragraph("At what cost", sentences)


def _widening(summary: Summary, read: _Reader) -> Paragraph:
    """The options that clearly raise the share in some year, at their largest clear rise."""
    measure, found = HEADLINE.column, []
    for arm in summary.order:
        years = [y for y in summary.years if read.clear(arm, measure, y, +1)]
        if years:
            worst = max(years, key=lambda y: read.effect(arm, measure, y)["mean"])
            found.append([summary.label(arm), " (", read.cite_effect(arm, measure, worst), f" in {worst})"])
    if not found:
        return Paragraph("What widens it", [["No option raises the share clearly in any year shown"]])
    lead = "These options raise the share clearly in at least one year (change in percentage points): "
    return Paragraph("What widens it", [[lead, *_names(found[:LISTED])]])


def _graduates(summary: Summary, read: _Reader) -> Paragraph:
    """The options that clearly raise local graduates' unemployment or lower their median wage at the headline year."""
    year, found = summary.headline_year, []
    for arm in summary.order:
        if read.clear(arm, UNEMPLOYMENT.column, year, +1) or read.clear(arm, WAGE.column, year, -1):
            unemployment = read.cite_effect(arm, UNEMPLOYMENT.column, year)
            wage = read.cite_effect(arm, WAGE.column, year)
            found.append(
                [summary.label(arm), " (unemployment ", unemployment, " points, median wage ", wage, " HK$ a month)"]
            )
    if not found:
        text = f"No option clearly raises local graduates' unemployment or lowers their median wage in {year}"
        return Paragraph("Local graduates", [[text]])
    lead = f"In {year} these options raise local graduates' unemployment or lower their median wage: "
    return Paragraph("Local graduates", [[lead, *_names(found[:LISTED])]])


def _sureness(summary: Summary, read: _Reader) -> Paragraph:
    """What the intervals mean, the options whose headline effect is not clear, and the ranking's robustness."""
    first, year = summary.order[0], summary.headline_year
    sentences: list[list[Part]] = [
        [
            "Each effect is the mean difference between runs with and without the option on the same seeds (",
            read.cite_pairs(first),
            f" pairs for {summary.label(first)}), with a {LEVEL:.0%} confidence interval: it shows how well the "
            "seeds pin down the mean effect, not how far a single future may stray",
        ]
    ]
    unclear = [
        [summary.label(arm)]
        for arm in summary.order
        if not (read.clear(arm, HEADLINE.column, year, -1) or read.clear(arm, HEADLINE.column, year, +1))
    ]
    if unclear:
        sentences.append([f"The {year} effect on the share is not clear of zero for ", *_names(unclear[:LISTED])])
    if summary.ranking is not None:
        firsts = summary.ranking[summary.ranking["rank"] == 1]["arm"].value_counts()
        if len(firsts):
            top = str(firsts.index[0])
            share = Cite(percent(_first_share(summary, top)), cell_id("rank-first", top))
            lead = "Under the near-optimal calibration sets, "
            sentences.append([lead, summary.label(top), " ranks first by effect per HK$1bn in ", share, " of them"])
    return Paragraph("How sure", sentences)


def _first_share(summary: Summary, arm: str) -> float:
    """The share of the calibration sets in which ``arm`` ranks first."""
    ranks = summary.ranking[summary.ranking["arm"] == arm]["rank"]
    return float((ranks == 1).mean())


def _resting_on(summary: Summary, loss: str | None, sensitive_to: str | None) -> Paragraph:
    """The calibration, the discount rate, the assumptions and (if known) the most influential parameter."""
    rate = Cite(number(summary.discount_rate * 100, 1), cell_id("discount-rate"))
    first: list[Part] = ["The runs start from the calibrated status quo"]
    if loss is not None:
        first += [" (calibration loss ", Cite(loss, cell_id("loss")), ")"]
    first += ["; costs are discounted at ", rate, "% a year, an assumption"]
    sentences = [first, ["Parameters without a published figure are marked as assumptions in the table below"]]
    if sensitive_to:
        sentences.append([f"In the sensitivity analysis the share depends most on: {sensitive_to}"])
    return Paragraph("What it rests on", sentences)


def as_html(paragraphs: list[Paragraph]) -> str:
    """The paragraphs as HTML: each number a link to its cell (``<a class="cite" href="#cell-...">``)."""

    def part(piece: Part) -> str:
        if isinstance(piece, Cite):
            return f'<a class="cite" href="#{piece.cell}" data-cell="{piece.cell}">{escape(piece.text)}</a>'
        return escape(piece)

    def paragraph(p: Paragraph) -> str:
        sentences = " ".join("".join(map(part, sentence)) + "." for sentence in p.sentences)
        return f"<p><b>{escape(p.title)}.</b> {sentences}</p>"

    return f'<div class="conclusions" id="conclusions">{"".join(map(paragraph, paragraphs))}</div>'


def as_markdown(paragraphs: list[Paragraph]) -> str:
    """The paragraphs as findings-style Markdown (``**Title.** sentences``), one per block."""

    def sentence(parts: list[Part]) -> str:
        return "".join(piece.text if isinstance(piece, Cite) else piece for piece in parts) + "."

    return "\n\n".join(f"**{p.title}.** " + " ".join(map(sentence, p.sentences)) for p in paragraphs) + "\n"


def findings(summary: Summary, title: str, paragraphs: list[Paragraph]) -> str:
    """A findings page in Markdown (as docs/findings.md): the title, the headline table, then the paragraphs.

    The table gives each option's change in the difficulty share (percentage points, with the
    headline year's 90% interval), its cost in every view (HK$ million, present value) and its
    effect per HK$1bn, with the same numbers as the report's cells.
    """
    read, year = _Reader(summary), summary.headline_year
    views = [f"{VIEW_LABELS[view]} (HK$ million)" for view in summary.views]
    head = ["option", *map(str, summary.years), *views, f"points per HK$1bn ({year})"]
    lines = [f"# {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for arm in summary.order:
        cells = [read.cite_effect(arm, HEADLINE.column, y).text for y in summary.years]
        row = read.effect(arm, HEADLINE.column, year)
        bounds = interval(row["low"], row["high"], lambda v: number(v, HEADLINE.digits))
        cells[-1] += f" {bounds}" if bounds else ""
        ratio = read.value.loc[(arm, HEADLINE.column)]
        per_bn = read.cite_ratio(arm).text if ratio["shown"] else "-"
        costs = [read.cite_cost(arm, view).text for view in summary.views]
        lines.append("| " + " | ".join([summary.label(arm), *cells, *costs, per_bn]) + " |")
    return "\n".join(lines) + "\n\n" + as_markdown(paragraphs)
