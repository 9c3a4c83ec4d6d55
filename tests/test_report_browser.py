"""The policy comparison report in a real browser: a small sweep of real runs (baseline and two
policy scenarios, 3 seeds, scale 0.1), its report served from 127.0.0.1 and opened in Debian's
chromium through playwright (never `playwright install`).

The page must load with no page error, no failed request and no request anywhere but the
local server, every image decoded, the expected headings and figures, and summary cells
equal to paired effects computed here from the Parquet files.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pandas as pd
import pytest
from conftest import SMALL_SCALE
from playwright.sync_api import sync_playwright

from experiments.experiment import validate_experiment
from experiments.report import build_report
from experiments.sweep import run_experiment

pytestmark = pytest.mark.browser

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
SCENARIOS = Path(__file__).resolve().parents[1] / "experiments" / "scenarios"
POLICIES = ("talent_admission", "balanced")
SEEDS = (0, 1, 2)


@pytest.fixture(scope="module")
def small_sweep(tmp_path_factory) -> Path:
    """A small sweep (``talentgap sweep``'s code path): 3 scenarios x 3 seeds at scale 0.1, to 2035-12."""
    folder = tmp_path_factory.mktemp("small_sweep")
    experiment = validate_experiment(
        {
            "name": "small",
            "baseline": str(SCENARIOS / "baseline.toml"),
            "scenarios": [str(SCENARIOS / f"{name}.toml") for name in POLICIES],
            "seeds": list(SEEDS),
            "scale": SMALL_SCALE,
            "grid": {"calendar.burn_in_months": 12},
        },
        "small",
    )
    summary = run_experiment(experiment, folder / "results", show_progress=False)
    assert summary.ran == 9 and summary.failed == 0
    return folder / "results"


@pytest.fixture(scope="module")
def served(small_sweep):
    """The folder with its report, served on a free loopback port; stopped at the end."""
    build_report(small_sweep)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(small_sweep))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def paired_mean(folder: Path, arm: str, column: str, year: int, factor: float) -> float:
    """Mean over seeds of the annual mean in ``year``, policy run minus baseline run, Hong Kong scale."""
    frame = pd.concat(pd.read_parquet(path) for path in (folder / "timeseries").glob("*.parquet"))
    annual = frame[frame["date"].dt.year == year].groupby(["scenario", "seed"])[column].mean().unstack("scenario")
    return float((annual[arm] - annual["baseline"]).mean() * factor)


def test_report_opens_offline_in_chromium(small_sweep, served, tmp_path):
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("requestfailed", lambda request: problems.append(f"failed: {request.url} {request.failure}"))
            page.on(
                "console",
                lambda message: problems.append(f"console: {message.text}") if message.type == "error" else None,
            )
            page.on(
                "request",
                lambda request: (
                    None
                    if request.url.startswith((served + "/", "data:"))
                    else problems.append(f"request off the local server: {request.url}")
                ),
            )
            response = page.goto(f"{served}/report.html", wait_until="load")
            assert response is not None and response.status == 200
            images = page.eval_on_selector_all(
                "img", "images => images.map(i => ({ok: i.complete && i.naturalWidth > 0, width: i.naturalWidth}))"
            )
            headings = page.eval_on_selector_all("h2", "hs => hs.map(h => h.textContent)")
            figures = page.eval_on_selector_all("figure", "fs => fs.map(f => f.dataset.figure)")
            arms = page.eval_on_selector_all(
                'tr[data-measure="difficulty_share"]', "rows => rows.map(r => r.dataset.arm)"
            )
            cell = 'tr[data-arm="{arm}"][data-measure="{measure}"] td[data-year="{year}"] .mean'
            shown = {
                (arm, measure, year): page.inner_text(cell.format(arm=arm, measure=measure, year=year))
                for arm in POLICIES
                for measure, year in (("difficulty_share", 2035), ("employed", 2030))
            }
            assumptions = page.inner_text("table.assumptions")
            page.screenshot(path=tmp_path / "report.png", full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert len(images) == 8 and all(image["ok"] and image["width"] > 300 for image in images)
    assert headings == ["Summary", "Outcomes", "Calibration", "Assumptions and sources", "Run manifest", "Definitions"]
    outcomes = ["difficulty", "effects", "beveridge", "time_to_fill", "wages", "flows", "spending"]
    assert figures == [*outcomes, "calibration"]  # no sensitivity tables, no calibration sets in this folder
    assert sorted(arms) == sorted(POLICIES)
    for arm in POLICIES:
        difficulty = paired_mean(small_sweep, arm, "difficulty_share", 2035, 100)
        assert shown[(arm, "difficulty_share", 2035)] == f"{difficulty:,.2f}"
        employment = paired_mean(small_sweep, arm, "employed", 2030, 1 / SMALL_SCALE)
        assert shown[(arm, "employed", 2030)] == f"{employment:,.0f}"
    assert "policies.talent_admission_expansion.arrivals_per_year" in assumptions
    assert (tmp_path / "report.png").stat().st_size > 100_000
