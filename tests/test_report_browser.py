"""The report of a small sweep shaped like the reference comparison, looked at as a reader would: the HTML in
Debian's chromium through playwright (never `playwright install`), the PDF through its layout (pdfplumber).

The sweep is the status quo, every built-in policy and package (experiments/policy_comparison.toml's
scenarios), 2 seeds at scale 0.05 with a year of burn-in, plus a calibration-robustness subfolder (2
near-optimal sets), the reference Morris table and a Sobol table kept for the layout, so the report
has every section and figure the reference has. Screenshots of the page and of every PDF page go to
``TALENTGAP_SCREENSHOT_DIR`` (default: the test's temporary folder).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import tomllib
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest
from conftest import SMALL_SCALE
from playwright.sync_api import sync_playwright

from abm.runs.committed import near_optimal_sets
from experiments.experiment import validate_experiment
from experiments.report import ROBUSTNESS, build_report
from experiments.sweep import run_experiment

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[1]
COMPARISON = tomllib.loads((ROOT / "experiments" / "policy_comparison.toml").read_text())
SOBOL_LAYOUT = ROOT / "tests" / "layout" / "sensitivity_sobol.csv"
"""A Sobol table for the layout only (the 2026-11-25 reference's; the current reference ran Morris alone)."""
SCALE = SMALL_SCALE / 2
SEEDS = (0, 1)
RAW_IDENTIFIER = re.compile(r"[A-Za-z]_[A-Za-z0-9]|[a-z]\.[a-z]")
"""snake_case or dotted.names: code, not words."""
SCREENSHOTS = os.environ.get("TALENTGAP_SCREENSHOT_DIR")


def experiment(name: str, **fields):
    """policy_comparison.toml's baseline and scenarios (absolute paths), small and short of burn-in."""
    folder = ROOT / "experiments"
    table = {
        "name": name,
        "description": COMPARISON["description"],
        "baseline": str(folder / COMPARISON["baseline"]),
        "scenarios": [str(folder / path) for path in COMPARISON["scenarios"]],
        "scale": SCALE,
        "grid": {"calendar.burn_in_months": 12},
        **fields,
    }
    return validate_experiment(table, name)


@pytest.fixture(scope="module")
def reference_like(tmp_path_factory) -> Path:
    """The sweep, its robustness subfolder and sensitivity tables, and the report with its PDF."""
    folder = tmp_path_factory.mktemp("reference_like") / "results"
    summary = run_experiment(experiment("policy_comparison", seeds=list(SEEDS)), folder, workers=2,
                             show_progress=False)  # fmt: skip
    assert summary.failed == 0 and summary.ran == 13 * len(SEEDS)
    sets = folder.parent / "two_sets.toml"
    sets.write_text(
        "".join(
            f'[[sets]]\nid = "{entry["id"]}"\n[sets.parameters]\n'
            + "".join(f'"{name}" = {json.dumps(value)}\n' for name, value in entry["parameters"].items())
            for entry in near_optimal_sets()[:2]
        )
    )
    short = {"calendar.burn_in_months": 12, "calendar.horizon_month": "2029-12"}  # the ranking's layout, quickly
    robust = experiment("calibration_robustness", seeds=[0], calibration_sets=str(sets), grid=short)
    assert run_experiment(robust, folder / ROBUSTNESS, workers=2, show_progress=False).failed == 0
    (folder / "sensitivity").mkdir()
    shutil.copy(ROOT / "results" / "reference" / "sensitivity_morris.csv", folder / "sensitivity" / "morris.csv")
    shutil.copy(SOBOL_LAYOUT, folder / "sensitivity" / "sobol.csv")
    return folder


@pytest.fixture(scope="module")
def report(reference_like):
    return build_report(reference_like, pdf=True)


@pytest.fixture(scope="module")
def served(reference_like, report):
    """The folder served on a free loopback port; stopped at the end."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(reference_like))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def paired_mean(folder: Path, arm: str, column: str, year: int, factor: float) -> float:
    """Mean over seeds of the annual mean in ``year``, policy run minus baseline run, Hong Kong scale."""
    frame = pd.concat(pd.read_parquet(path) for path in (folder / "timeseries").glob("*.parquet"))
    annual = frame[frame["date"].dt.year == year].groupby(["scenario", "seed"])[column].mean().unstack("scenario")
    return float((annual[arm] - annual["baseline"]).mean() * factor)


COVERED = """() => [...document.querySelectorAll("figure img")].map((img) => {
    img.scrollIntoView({block: "center"});
    const r = img.getBoundingClientRect();
    const inset = 6;
    const [left, right, top, bottom] = [r.left + inset, r.right - inset, r.top + inset, r.bottom - inset];
    const middle = [(left + right) / 2, (top + bottom) / 2];
    const points = [middle, [left, top], [right, top], [left, bottom], [right, bottom]];
    const covered = points.filter(([x, y]) => document.elementFromPoint(x, y) !== img).length;
    return {key: img.closest("figure").dataset.figure, covered, right: r.right, width: r.width,
            page: document.documentElement.clientWidth, ok: img.complete && img.naturalWidth > 0};
})"""
"""For each figure: how many of five points inside its image show something else, and its right edge."""

CITES = """() => [...document.querySelectorAll("a.cite")].map((cite) => {
    const cell = document.getElementById(cite.dataset.cell);
    const shown = cell === null ? null : (cell.querySelector(".mean") || cell).textContent;
    return [cite.dataset.cell, cite.textContent, shown];
})"""


def test_the_report_reads_well_in_chromium(reference_like, report, served, shots):
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("requestfailed", lambda request: problems.append(f"failed: {request.url} {request.failure}"))
            page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
            page.on(
                "request",
                lambda r: None if r.url.startswith((served + "/", "data:")) else problems.append(f"off: {r.url}"),
            )
            response = page.goto(f"{served}/report.html", wait_until="load")
            assert response is not None and response.status == 200
            page.screenshot(path=shots / "report_top.png")
            page.screenshot(path=shots / "report_full.png", full_page=True)
            figures = page.evaluate(COVERED)
            headings = page.eval_on_selector_all("h2", "hs => hs.map(h => h.textContent)")
            visible = page.eval_on_selector_all("h1, h2, h3, th, caption, legend", "es => es.map(e => e.innerText)")
            cites = page.evaluate(CITES)
            cell = 'tr[data-arm="{arm}"][data-measure="{measure}"] td[data-year="{year}"] .mean'
            shown = {
                (arm, measure, year): page.inner_text(cell.format(arm=arm, measure=measure, year=year))
                for arm in ("talent_admission", "balanced")
                for measure, year in (("difficulty_share", 2035), ("employed", 2030))
            }
        finally:
            browser.close()
    assert problems == []
    assert headings == ["Summary", "The status quo", "Options against the status quo", "Outcomes", "Calibration",
                        "Sensitivity", "Assumptions and sources", "Run record", "Definitions"]  # fmt: skip
    keys = ["difficulty", "effects", "beveridge", "time_to_fill", "wages", "flows", "spending", "calibration",
            "ranking", "sensitivity_morris", "sensitivity_sobol"]  # fmt: skip
    assert [figure["key"] for figure in figures] == keys
    for figure in figures:
        assert figure["ok"] and figure["width"] > 300, figure
        assert figure["covered"] == 0, f"{figure['key']}: something lies over the figure"
        assert figure["right"] <= figure["page"], f"{figure['key']}: wider than the page"
    assert [text for text in visible if RAW_IDENTIFIER.search(text)] == []
    for section in report.figures.values():
        for figure in section:  # titles, axis labels, tick labels and legends, as drawn
            assert [text for text in figure.texts if RAW_IDENTIFIER.search(text)] == [], figure.key
    # the summary cites the status quo's levels and the effects of the options it names (how many it
    # names depends on the toy run's effects: 16 cells with the stage-5 calibration, 20 and more before)
    assert len(cites) >= 12 and all(shown_text == text for _, text, shown_text in cites), cites
    for arm in ("talent_admission", "balanced"):  # equal to the shown decimals (a tie may round either way)
        difficulty = paired_mean(reference_like, arm, "difficulty_share", 2035, 100)
        assert abs(float(shown[(arm, "difficulty_share", 2035)].replace(",", "")) - difficulty) <= 0.005 + 1e-9
        employment = paired_mean(reference_like, arm, "employed", 2030, 1 / SCALE)
        assert abs(float(shown[(arm, "employed", 2030)].replace(",", "")) - employment) <= 0.5 + 1e-9


def render_pages(pdf: Path, folder: Path) -> list[Path]:
    """Every page of ``pdf`` as a PNG: Debian's pdftoppm if present, else PyMuPDF, else pdfplumber."""
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / "report_pdf")], check=True)
        return sorted(folder.glob("report_pdf-*.png"))
    try:
        import fitz
    except ImportError:
        fitz = None
    pages = []
    if fitz is not None:
        for number, page in enumerate(fitz.open(pdf), start=1):
            pages.append(folder / f"report_pdf-{number:02d}.png")
            page.get_pixmap(dpi=60).save(pages[-1])
        return pages
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            pages.append(folder / f"report_pdf-{number:02d}.png")
            page.to_image(resolution=60).save(pages[-1])
    return pages


def test_the_pdf_keeps_every_figure_whole_with_its_heading_and_caption(report, shots):
    figures = [figure for section in report.figures.values() for figure in section]
    found = {}
    with pdfplumber.open(report.pdf) as pdf:
        images = sum(len(page.images) for page in pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            lines = page.extract_text_lines()
            for figure in figures:
                start = " ".join(figure.caption.split()[:6])
                caption = next((line for line in lines if line["text"].startswith(start)), None)
                if caption is None:
                    continue
                above = [image for image in page.images if image["bottom"] <= caption["top"] + 1]
                assert above, f"{figure.key}: caption on page {number} without its figure above it"
                image = max(above, key=lambda image: image["bottom"])
                title = [line for line in lines if line["text"] == figure.title and line["bottom"] <= image["top"] + 1]
                assert title, f"{figure.key}: heading not on page {number} above its figure"
                inside = image["x0"] >= 0 and image["top"] >= 0
                assert inside and image["x1"] <= page.width and image["bottom"] <= page.height, (
                    f"{figure.key}: runs off page {number}"
                )
                found[figure.key] = number
            if lines:
                last = lines[-1]["text"]
                assert last not in ("Outcomes", "Calibration", "Sensitivity", "Summary", "Definitions"), (
                    f"page {number} ends with the heading {last!r}"
                )
    assert images == len(figures), "a figure is missing from the PDF or split into pieces"
    assert sorted(found) == sorted(figure.key for figure in figures)
    pages = render_pages(report.pdf, shots)
    with pdfplumber.open(report.pdf) as pdf:
        assert len(pages) == len(pdf.pages) and all(page.stat().st_size > 1_000 for page in pages)
