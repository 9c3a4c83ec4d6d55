"""The browser app in a real browser: `talentgap viz` on a free loopback port, driven by
playwright in Debian's chromium (never `playwright install`).

Every test opens its own page (a new browser session, hence its own model) and ends by
checking that the page raised no uncaught error, logged no console error, had no failed
request and fetched nothing but the local server, and that the server logged no traceback.
Plot images are waited for and compared by content: on this stack a broken page can leave
the plots blank while the step counter still moves.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from abm.app.charts import CHARTS
from abm.app.server import TITLE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOT_DIR = os.environ.get("TALENTGAP_SCREENSHOT_DIR")
"""Where the page's screenshot goes (docs/img/ to refresh the docs' picture); default: the test's tmp folder."""
TIMEOUT_MS = 60_000
PLOTS = ".vue-grid-item img"
SPENDING = list(CHARTS).index("spending")

IMAGE_HASHES = """async (images) => Promise.all(images.map(async (image) => {
    const bytes = await (await fetch(image.src)).arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}))"""
"""The SHA-256 of every plot image's bytes (the images are blob: URLs of PNGs)."""

PLOTS_REPLACED = """([selector, before, count]) => {
    const images = [...document.querySelectorAll(selector)];
    return images.length === count
        && images.every((image) => image.complete && image.naturalWidth > 0)
        && images.every((image) => !before.includes(image.src));
}"""
"""True once the page shows ``count`` loaded plot images, none of them one shown before."""

COUNTER_AT = """(months) => [...document.querySelectorAll("span")].some(
    (span) => /^Time: [0-9.]+$/.test(span.textContent) && Number.parseFloat(span.textContent.slice(6)) === months
)"""
"""True once Mesa's step counter reads ``Time: months``."""

SLIDERS = """() => [...document.querySelectorAll("[role=slider]")].map((slider) => {
    const label = slider.querySelector(".v-slider__thumb-label");
    const box = label === null ? null : label.getBoundingClientRect();
    return {value: slider.getAttribute("aria-valuenow"), label: label === null ? null : label.innerText,
            shown: box !== null && box.width > 0 && box.height > 0
                   && getComputedStyle(label.parentElement).display !== "none"};
})"""
"""Every slider's value and the label over its knob: shown, and saying the value."""

CHARTS_COVERED = """(selector) => [...document.querySelectorAll(selector)].map((img) => {
    img.scrollIntoView({block: "center"});
    const r = img.getBoundingClientRect();
    const [left, right, top, bottom] = [r.left + 4, r.right - 4, r.top + 4, r.bottom - 4];
    const middle = [(left + right) / 2, (top + bottom) / 2];
    const points = [middle, [left, top], [right, top], [left, bottom], [right, bottom]];
    return points.filter(([x, y]) => document.elementFromPoint(x, y) !== img).length;
})"""
"""For each chart: how many of five points inside it show something else (a badge, a panel, a control)."""

POLL_MS = 50
"""Polling interval of the waits (playwright's default back-off waits up to 500 ms between checks)."""


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    log: Path


def _stop(process: subprocess.Popen) -> None:
    """Stop the server's whole process group (the CLI and Solara under it)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            os.killpg(process.pid, 0)  # raises ProcessLookupError once the group is gone
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory, plugin_site):
    """`talentgap viz` on a free loopback port, with the test plugin policy installed (on its
    PYTHONPATH, tests/conftest.py), stopped at the end whatever happened."""
    folder = tmp_path_factory.mktemp("viz")
    log = folder / "server.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "abm.cli", "viz", "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT, cwd=folder, start_new_session=True,
            env=os.environ | {"PYTHONPATH": str(plugin_site)},
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, f"the server stopped:\n{log.read_text()}"
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                assert time.monotonic() < deadline, f"the server did not answer in 90 s:\n{log.read_text()}"
                time.sleep(0.3)
        yield Server(url, log)
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Session:
    """One browser session on the app, recording everything that went wrong in the page."""

    page: Page
    server: Server
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self) -> None:
        self.page.goto(self.server.url)
        self.wait_for_time(0)
        self.wait_for_plots([])

    def time(self) -> int:
        """The step counter: months simulated since the first recorded month."""
        text = self.page.get_by_text(re.compile(r"^Time: \d+")).inner_text(timeout=TIMEOUT_MS)
        return int(float(text.removeprefix("Time: ")))

    def wait_for_time(self, months: int) -> None:
        self.page.wait_for_function(COUNTER_AT, arg=months, polling=POLL_MS, timeout=TIMEOUT_MS)

    def plot_sources(self) -> list[str]:
        return self.page.locator(PLOTS).evaluate_all("images => images.map((image) => image.src)")

    def wait_for_plots(self, before: list[str]) -> None:
        """Wait until every chart shows a loaded image that is none of ``before``."""
        self.page.wait_for_function(
            PLOTS_REPLACED, arg=[PLOTS, before, len(CHARTS)], polling=POLL_MS, timeout=TIMEOUT_MS
        )

    def plot_hashes(self) -> list[str]:
        return self.page.locator(PLOTS).evaluate_all(IMAGE_HASHES)

    def wait_for_plots_unlike(self, hashes: list[str]) -> list[str]:
        """Wait until no chart's image has the content it had in ``hashes``; return the new hashes.

        New image sources alone do not prove new content: the page can redraw a chart from the
        month it already showed before the stepped month's drawing arrives."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        now = self.plot_hashes()
        while any(a == b for a, b in zip(hashes, now)) and time.monotonic() < deadline:
            time.sleep(POLL_MS / 1000)
            now = self.plot_hashes()
        return now

    def summary(self) -> str:
        return self.page.locator(".vue-grid-item").first.inner_text()

    def press(self, name: str) -> None:
        self.page.get_by_role("button", name=name, exact=True).click()

    def step(self) -> float:
        """Press Step; wait for the next month and every chart drawn anew; return the seconds that took."""
        months, before, shown = self.time(), self.plot_sources(), self.plot_hashes()
        started = time.perf_counter()
        self.press("Step")
        self.wait_for_time(months + 1)
        self.wait_for_plots(before)
        assert all(a != b for a, b in zip(shown, self.wait_for_plots_unlike(shown))), "every chart shows the new month"
        return time.perf_counter() - started

    def reset(self) -> None:
        before = self.plot_sources()
        self.press("Reset")
        self.wait_for_time(0)
        self.wait_for_plots(before)

    def type_into(self, label: str, text: str) -> None:
        box = self.page.get_by_label(label, exact=True)
        box.fill(text)
        box.press("Enter")

    def switch_on(self, label: str) -> None:
        box = self.page.get_by_label(label, exact=True)
        assert box.get_attribute("aria-checked") == "false"
        self.page.get_by_text(label, exact=True).click()  # the box itself sits under Vuetify's ripple
        self.page.wait_for_function("(id) => document.getElementById(id).getAttribute('aria-checked') === 'true'",
                                    arg=box.get_attribute("id"), timeout=TIMEOUT_MS)  # fmt: skip

    def assert_clean(self) -> None:
        assert self.problems == []
        foreign = [url for url in self.requests if not url.startswith((self.server.url, "blob:", "data:"))]
        assert foreign == [], "the page fetched from outside the local server"
        assert "Traceback" not in self.server.log.read_text()


@pytest.fixture
def session(browser: Browser, server: Server):
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    opened = Session(page, server)
    page.on("pageerror", lambda error: opened.problems.append(f"page error: {error}"))
    page.on("console", lambda m: opened.problems.append(f"console error: {m.text}") if m.type == "error" else None)
    page.on("requestfailed", lambda r: opened.problems.append(f"failed request: {r.url} {r.failure}"))
    page.on("request", lambda request: opened.requests.append(request.url))
    try:
        yield opened
    finally:
        context.close()


def test_page_plots_the_run_and_steps_month_by_month(session: Session, tmp_path: Path):
    session.open()
    assert session.time() == 0
    assert "Before 2023-01" in session.summary()
    empty = session.plot_hashes()
    assert len(empty) == len(CHARTS)

    seconds = [session.step()]
    assert session.time() == 1
    assert session.summary().startswith("2023-01: month 1 of")
    assert all(a != b for a, b in zip(empty, session.plot_hashes())), "every plot shows the first month"

    seconds += [session.step() for _ in range(11)]
    assert session.summary().startswith("2023-12: month 12 of")
    screenshot = Path(SCREENSHOT_DIR or tmp_path) / "app.png"
    session.page.screenshot(path=screenshot)
    assert screenshot.stat().st_size > 10_000
    print(f"\nStep to new plots at scale 1: median {statistics.median(seconds):.3f} s, max {max(seconds):.3f} s")
    assert session.page.title() == TITLE
    assert session.page.get_by_text("runs on Solara").count() == 0
    assert session.page.locator(".v-tab").count() == 1 and session.page.locator(".v-tab:visible").count() == 0
    sliders = session.page.evaluate(SLIDERS)
    assert len(sliders) >= 10 and all(s["shown"] and s["label"] == s["value"] for s in sliders), sliders
    assert session.page.evaluate(CHARTS_COVERED, PLOTS) == [0] * len(CHARTS), "something lies over a chart"

    session.press("▶")
    session.page.wait_for_function(
        "() => Number(document.body.innerText.match(/Time: (\\d+)/)[1]) >= 15", timeout=TIMEOUT_MS
    )
    session.press("❚❚")
    session.page.get_by_role("button", name="Step", exact=True).wait_for(timeout=TIMEOUT_MS)
    counts = [session.time()]
    while len(counts) < 2 or counts[-1] != counts[-2]:  # a month under way when paused still finishes
        assert len(counts) < 6, f"the counter kept moving after pause: {counts}"
        time.sleep(1.0)  # several play intervals
        counts.append(session.time())
    assert counts[-1] >= 15
    session.assert_clean()


def test_each_browser_session_has_its_own_model(session: Session, browser: Browser):
    session.open()
    session.step()
    other = browser.new_context().new_page()
    try:
        other.goto(session.server.url)
        other.get_by_text(re.compile(r"^Time: 0(\.0)?$")).wait_for(timeout=TIMEOUT_MS)
        other.get_by_role("button", name="Step", exact=True).click()
        other.get_by_text(re.compile(r"^Time: 1(\.0)?$")).wait_for(timeout=TIMEOUT_MS)
    finally:
        other.context.close()
    assert session.time() == 1, "a second visitor's Step did not move this session's model"
    assert session.summary().startswith("2023-01: month 1 of")
    session.assert_clean()


def test_switching_a_policy_on_changes_the_trajectory(session: Session):
    session.open()
    for _ in range(3):
        session.step()
    baseline, baseline_summary = session.plot_hashes(), session.summary()

    session.reset()
    for _ in range(3):
        session.step()
    assert session.plot_hashes() == baseline, "Reset with the same controls repeats the run"

    session.switch_on("Policy: Compute subsidy")
    session.reset()
    assert "Policy: Compute subsidy: on" in session.summary()
    for _ in range(3):
        session.step()
    with_policy = session.plot_hashes()
    assert with_policy[SPENDING] != baseline[SPENDING]
    assert session.summary() != baseline_summary
    session.assert_clean()


def test_a_plugin_policy_gets_a_switch_and_a_slider(session: Session):
    session.open()
    for _ in range(2):
        session.step()
    baseline = session.plot_hashes()
    assert session.page.get_by_text("Bonus (HK$ a month)").count() == 1
    session.switch_on("Policy: Hiring bonus")
    session.reset()
    assert "Policy: Hiring bonus: on" in session.summary()
    for _ in range(2):
        session.step()
    assert session.plot_hashes()[SPENDING] != baseline[SPENDING]
    session.assert_clean()


BAD_VALUES = [
    ("Seed (whole number from 0)", "abc", "seed: must be a whole number from 0, got 'abc'"),
    ("Seed (whole number from 0)", "-3", "seed: must be a whole number from 0, got -3"),
    ("Scale (1.0 = Hong Kong, up to 5)", "50", "scale: must be above 0 and at most 5 in the app, got 50"),
    ("Scale (1.0 = Hong Kong, up to 5)", "0", "scale: must be above 0"),
    ("Macro shock start (YYYY-MM)", "2026-13", "expected a month written YYYY-MM"),
]
"""(control, bad text, what the page's message says)."""


def test_a_bad_value_shows_a_message_in_the_page_and_the_good_one_builds_again(session: Session):
    """Each of BAD_VALUES in turn, in one session (57 s in a session each, 23 s in one): Reset with it
    shows the message and no chart; Reset with the control's good value again draws the charts."""
    session.open()
    for label, text, message in BAD_VALUES:
        good = session.page.get_by_label(label, exact=True).input_value()
        session.type_into(label, text)
        session.press("Reset")
        alert = session.page.get_by_text("The model was not built")
        alert.wait_for(timeout=TIMEOUT_MS)
        assert message in alert.inner_text(), (label, text)
        assert session.page.locator(PLOTS).count() == 0, (label, text)

        session.type_into(label, good)
        session.press("Reset")
        session.wait_for_plots([])
        assert alert.count() == 0, (label, text)
    session.step()
    assert session.time() == 1
    session.assert_clean()
