"""The policy comparison report (``talentgap report``): one offline HTML file, optionally a PDF.

Built from a results folder and its manifest alone (docs/architecture.md): a written summary
generated from the report's own numbers (:mod:`experiments.report.conclusions`), the status quo,
a table of paired effects against it with costs and effects per HK$1bn, seaborn figures, the
calibration fit, sensitivity indices and the ranking under calibration uncertainty when the
folder has them, the assumptions and sources, and the run record. Definitions are in
:mod:`experiments.report.effects` and :mod:`experiments.report.costs` and in docs/report.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from abm.core.errors import InputError
from abm.runs.folders import check_output_file
from abm.runs.output import MANIFEST, REPORT, atomic_write
from experiments.report.conclusions import conclusions, findings
from experiments.report.costs import DEFAULT_DISCOUNT_RATE
from experiments.report.document import all_figures, most_sensitive, render, report_title
from experiments.report.figures import Figure
from experiments.report.pdf import write_pdf
from experiments.report.record import calibration_loss
from experiments.report.results import load_results
from experiments.report.summary import Summary, summarise

ROBUSTNESS = "calibration_robustness"
"""Subfolder holding the policy comparison repeated under the near-optimal calibration sets
(``talentgap sweep experiments/calibration_robustness.toml --out <folder>/calibration_robustness``);
when present, the report draws the ranking under calibration uncertainty from it."""


@dataclass(frozen=True)
class Report:
    """What :func:`build_report` wrote.

    Attributes:
        html: the HTML file.
        pdf: the PDF file, or None.
        markdown: the findings page in Markdown, or None.
        summary: the numbers of the summary table.
        figures: the figures by section heading (each with the texts drawn in it).
    """

    html: Path
    pdf: Path | None
    markdown: Path | None
    summary: Summary
    figures: dict[str, list[Figure]]


def build_report(
    folder: str | Path,
    out: str | Path | None = None,
    pdf: bool = False,
    discount_rate: float = DEFAULT_DISCOUNT_RATE,
    cost_view: str = "programme",
    markdown: bool = False,
) -> Report:
    """Write the policy comparison report of a results folder.

    Args:
        folder: the results folder (``manifest.json`` and ``timeseries/``).
        out: the HTML file to write (default ``<folder>/report.html``); the PDF (``.pdf``) and the
            findings page (``.md``) go beside it.
        pdf: also write the PDF.
        discount_rate: real discount rate a year for costs (0.04 = 4%).
        cost_view: the cost that ranks the options: ``"programme"`` or ``"fiscal"`` (net fiscal cost).
        markdown: also write the summary and the headline table as findings-style Markdown.

    Raises:
        InputError: bad folder or manifest (see :func:`experiments.report.results.load_results`),
            a discount rate outside [0, 1), an unknown cost view or one the runs cannot support, or an
            ``out`` that is a folder; before anything is written.
    """
    if not (math.isfinite(discount_rate) and 0 <= discount_rate < 1):
        raise InputError(f"option --discount-rate: must be in [0, 1) a year (0.04 = 4%), got {discount_rate}")
    results = load_results(folder)
    target = Path(out) if out is not None else results.folder / REPORT
    check_output_file(target, "--out")
    for wanted, suffix in ((pdf, ".pdf"), (markdown, ".md")):
        if wanted:
            check_output_file(target.with_suffix(suffix), f"--out (its {suffix})")
    summary = summarise(results, discount_rate, cost_view)
    robustness = results.folder / ROBUSTNESS
    if summary.ranking is None and (robustness / MANIFEST).is_file():
        ranking = summarise(load_results(robustness), discount_rate, cost_view).ranking
        summary = replace(summary, ranking=ranking)
    figures = all_figures(results, summary)
    html = render(results, summary, figures)
    atomic_write(target, lambda name: Path(name).write_text(html, encoding="utf-8"))
    pdf_path = write_pdf(html, target.with_suffix(".pdf")) if pdf else None
    md_path = None
    if markdown:
        md_path = target.with_suffix(".md")
        paragraphs = conclusions(summary, calibration_loss(results.manifest), most_sensitive(results))
        text = findings(summary, f"What the model says: {report_title(results)}", paragraphs)
        atomic_write(md_path, lambda path: Path(path).write_text(text, encoding="utf-8"))
    return Report(html=target, pdf=pdf_path, markdown=md_path, summary=summary, figures=figures)
