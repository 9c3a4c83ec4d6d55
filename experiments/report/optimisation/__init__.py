"""The report of an optimisation folder (``talentgap optimise``): one offline HTML page, optionally a PDF and
Markdown, for policy readers.

It shows what was asked (with a caution when the run is small), the Pareto front (table and figure), the
recommended package with its costs and its check on fresh seeds (or, when no package meets the target, the
closest front points), where it fails (the PRIM rule in words), how to run the recommended scenario, the
assumptions and sources, the run record and the definitions. Every number is read from the folder
(:func:`experiments.optimise.load_result`), never recomputed; docs/optimise.md ("The report").

- :mod:`~experiments.report.optimisation.read`: telling an optimisation folder from a sweep's, checking it;
- :mod:`~experiments.report.optimisation.words`: numbers, packages, futures, settings and the rule in words;
- :mod:`~experiments.report.optimisation.sections`: what the page says, section by section;
- :mod:`~experiments.report.optimisation.figures`: the front and the check;
- :mod:`~experiments.report.optimisation.page`: the content as HTML and as Markdown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from abm.core.errors import InputError
from abm.runs.folders import check_output_file
from abm.runs.output import REPORT, atomic_write
from experiments.optimise import OptimisationResult
from experiments.optimise.result import summary_lines
from experiments.report.optimisation import page, sections, words
from experiments.report.optimisation.read import is_optimisation, read_optimisation
from experiments.report.pdf import write_pdf

__all__ = ["OptimisationReport", "build_optimisation_report", "is_optimisation"]


@dataclass(frozen=True)
class OptimisationReport:
    """What :func:`build_optimisation_report` wrote.

    Attributes:
        html: the HTML file.
        pdf: the PDF file, or None.
        markdown: the Markdown file, or None.
        result: the optimisation, as read from its folder.
        lines: what ``talentgap optimise`` printed (:func:`experiments.optimise.result.summary_lines`).
    """

    html: Path
    pdf: Path | None
    markdown: Path | None
    result: OptimisationResult
    lines: list[str]


def build_optimisation_report(
    folder: str | Path,
    out: str | Path | None = None,
    pdf: bool = False,
    markdown: bool = False,
    discount_rate: float | None = None,
    cost_view: str | None = None,
) -> OptimisationReport:
    """Write the report of an optimisation folder.

    Args:
        folder: the folder ``talentgap optimise`` wrote.
        out: the HTML file (default ``<folder>/report.html``); the PDF (``.pdf``) and Markdown (``.md``) go beside it.
        pdf: also write the PDF.
        markdown: also write the page's text and tables as Markdown.
        discount_rate: None, or the optimisation's own rate: its costs are read, not recomputed.
        cost_view: None, or the view the optimisation minimised (the page shows both views).

    Raises:
        InputError: the folder is not a finished optimisation or is damaged
            (:func:`~experiments.report.optimisation.read.read_optimisation`), an option asks what the folder
            cannot give, or ``out`` is a folder; before anything is written.
    """
    result, manifest = read_optimisation(folder)
    settings = result.settings
    if discount_rate is not None and not math.isclose(discount_rate, settings["discount_rate"]):
        raise InputError(
            f"option --discount-rate: {result.folder} is an optimisation with its costs discounted at "
            f"{settings['discount_rate']:g} a year; its report reads them as they are (leave the option "
            "out, or run `talentgap optimise --discount-rate` again)"
        )
    if cost_view is not None and cost_view != settings["cost_view"]:
        raise InputError(
            f"option --cost-view: {result.folder} is an optimisation that minimised the "
            f"{words.cost_view(settings['cost_view'])}; its report shows both views but cannot rank "
            "the front by another (leave the option out, or run `talentgap optimise --cost-view` "
            "again)"
        )
    target = Path(out) if out is not None else result.folder / REPORT
    check_output_file(target, "--out")
    for wanted, suffix in ((pdf, ".pdf"), (markdown, ".md")):
        if wanted:
            check_output_file(target.with_suffix(suffix), f"--out (its {suffix})")
    content = sections.page(result, manifest)
    text = page.html(content)
    atomic_write(target, lambda name: Path(name).write_text(text, encoding="utf-8"))
    pdf_path = write_pdf(text, target.with_suffix(".pdf")) if pdf else None
    md_path = None
    if markdown:
        md_path = target.with_suffix(".md")
        written = page.markdown(content)
        atomic_write(md_path, lambda name: Path(name).write_text(written, encoding="utf-8"))
    return OptimisationReport(html=target, pdf=pdf_path, markdown=md_path, result=result, lines=summary_lines(result))
