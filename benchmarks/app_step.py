"""Benchmark: one Step of the browser app at scale 1, in-process and in a real browser.

Run on demand: ``.venv/bin/python benchmarks/app_step.py [--months 24]``. Prints

- in-process, per month: the model's step and the drawing of every chart to PNG (the work
  the server does for one Step);
- in the browser: from the click on Step to the page showing the next month's counter and a
  new image in every chart, timed by the browser's own clock, through `talentgap viz` on a
  free loopback port and Debian's chromium driven by playwright (the time a presenter waits).

Medians over ``--months`` months from 2023-01, seed 0; record them in docs/app.md.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from playwright.sync_api import sync_playwright

from abm.app.charts import CHARTS, png
from abm.app.page import AppModel

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PLOTS_SHOWN = """(count) => {
    const images = [...document.querySelectorAll(".vue-grid-item img")];
    return images.length === count && images.every((i) => i.complete && i.naturalWidth > 0);
}"""
TIME_NEXT_STEP = """([month, count]) => {
    window.stepMilliseconds = undefined;
    const counter = () => [...document.querySelectorAll("span")].find((s) => s.textContent.startsWith("Time: "));
    const images = () => [...document.querySelectorAll(".vue-grid-item img")];
    const before = images().map((i) => i.src);
    document.addEventListener("click", () => {
        const pressed = performance.now();
        const check = () => {
            const shown = images();
            const done = Number.parseFloat(counter().textContent.slice(6)) === month && shown.length === count
                && shown.every((i) => i.complete && i.naturalWidth > 0 && !before.includes(i.src));
            if (done) window.stepMilliseconds = performance.now() - pressed; else setTimeout(check, 5);
        };
        check();
    }, {capture: true, once: true});
}"""
"""Sets ``window.stepMilliseconds``, by the browser's clock, from the next click to the page
showing month ``month`` in the counter and a new, loaded image in each of the ``count`` charts."""


def in_process(months: int) -> tuple[list[float], list[float]]:
    """Seconds per month of the model's step and of drawing every chart."""
    model = AppModel()
    for draw in CHARTS.values():  # first drawing loads fonts
        png(draw(model.market, model.recorded()))
    steps, drawings = [], []
    for _ in range(months):
        started = time.perf_counter()
        model.step()
        stepped = time.perf_counter()
        for draw in CHARTS.values():
            png(draw(model.market, model.recorded()))
        steps.append(stepped - started)
        drawings.append(time.perf_counter() - stepped)
    return steps, drawings


def in_browser(months: int) -> list[float]:
    """Seconds from pressing Step to the next month's counter and new images in every chart."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "abm.cli", "viz", "--port", str(port)]
        server = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)  # fmt: skip
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("the app server did not start") from None
                    time.sleep(0.3)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
                page = browser.new_page(viewport={"width": 1500, "height": 1100})
                page.goto(url)
                page.wait_for_function(PLOTS_SHOWN, arg=len(CHARTS), timeout=60_000)
                step = page.get_by_role("button", name="Step", exact=True)
                seconds = []
                for month in range(1, months + 1):
                    page.evaluate(TIME_NEXT_STEP, [month, len(CHARTS)])
                    step.click()
                    done = page.wait_for_function("() => window.stepMilliseconds", timeout=60_000)
                    seconds.append(done.json_value() / 1000)
                browser.close()
            return seconds
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)


def describe(seconds: list[float]) -> str:
    return f"median {1000 * statistics.median(seconds):.0f} ms, max {1000 * max(seconds):.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=24, help="months to step (default 24)")
    months = parser.parse_args().months
    steps, drawings = in_process(months)
    print(f"scale 1, seed 0, {months} months from 2023-01:")
    print(f"  in-process model step:           {describe(steps)}")
    print(f"  in-process drawing of {len(CHARTS)} charts:   {describe(drawings)}")
    print(f"  in-process step + drawing:       {describe([a + b for a, b in zip(steps, drawings)])}")
    print(f"  browser, Step to new plots:      {describe(in_browser(months))}")


if __name__ == "__main__":
    main()
