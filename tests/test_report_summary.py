"""The report in words: the written summary traced to its cells, the findings page, the cost views, arms
and parameters in words, the per-HK$1bn column only where it means something, the run record, and
figures whose texts hold no raw identifier.

Folders are hand-made (constant months, 2023 to 2026), so every expected number is worked out here.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from test_report import write_folder

from abm.cli import main
from abm.core.errors import InputError
from abm.runs.provenance import PROJECT
from experiments.report import build_report
from experiments.report.figures import BASELINE_COLOUR, palette
from experiments.report.record import record_tables, short_time
from experiments.report.results import load_results
from experiments.report.summary import summarise

pytestmark = pytest.mark.xdist_group(__name__)

YEARS = tuple(range(2023, 2031))
MONTHS = 12 * len(YEARS)
RAW_IDENTIFIER = re.compile(r"[A-Za-z]_[A-Za-z0-9]|[a-z]\.[a-z]")
"""snake_case or dotted.names: code, not words."""


def status_quo(year: int, seed: int) -> float:
    """The status quo's difficulty share: 49% in 2023, 2 points more a year, nudged by the seed."""
    return 0.49 + 0.02 * (year - 2023) + 0.001 * seed


def frame(scenario, seed, change=None, local_unemployment=0.04, spend=0.0, services=0.0, tax=0.0, **extra):
    """A run's 96 months, 2023 to 2030: the status quo's difficulty share plus ``change`` (points, by year);
    money columns in HK$ a month."""
    dates = pd.date_range("2023-01-01", periods=MONTHS, freq="MS").astype("datetime64[ms]")
    change = change or {}
    share = [status_quo(year, seed) + change.get(year, 0.0) / 100 for year in dates.year]
    return pd.DataFrame(
        {
            "run_id": f"{scenario}-{seed}-{'-'.join(map(str, extra.values()))}",
            "scenario": scenario,
            "seed": seed,
            "month": np.arange(MONTHS),
            "date": dates,
            **extra,
            "difficulty_share": share,
            "employed": 1000.0 + seed,
            "vacancies": 10.0,
            "unemployment_rate": 0.03,
            "vacancy_rate": 0.05,
            "time_to_fill_days": 60.0,
            "median_wage_hkd": 40000.0,
            "local_graduate_unemployment_rate": local_unemployment,
            "local_graduate_median_wage_hkd": 30000.0 - 1000 * seed,
            "graduates": 80,
            "imported": 50,
            "reskilled": 30,
            "emigrants": 40,
            "government_spend_hkd": spend,
            "spend_talent_admission_hkd": spend,
            "fiscal_services_hkd": services,
            "fiscal_salaries_tax_hkd": tax,
        }
    )


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """Three seeds of the status quo and four options whose effects are known (points, 2026 and 2030):

    - ``fast``: -3 in 2026 (clear), -15.2 on average in 2030 (back below 2023's 49%), HK$100m a month;
      the residents it adds use HK$20m of services a month and pay HK$5m of tax;
    - ``slow``: nothing clear in 2026, -4.2 in 2030, HK$10m a month; its added residents pay HK$30m of tax;
    - ``harmful``: -2.1 in 2030, local graduates' unemployment 5 points higher, HK$10m a month;
    - ``widening``: +5.1 in 2026, nothing clear by 2030, HK$10m a month;
    - ``fading``: -6.1 in 2026 (clear), nothing clear by 2030, HK$10m a month.
    """
    frames = []
    for seed in range(3):
        frames.append(frame("baseline", seed))
        frames.append(frame("fast", seed, {2026: -3.0, 2030: -15 - 0.2 * seed}, spend=1e8, services=2e7, tax=5e6))
        frames.append(frame("slow", seed, {2026: 0.1 * (seed - 1), 2030: -4 - 0.2 * seed}, spend=1e7, tax=3e7))
        frames.append(frame("harmful", seed, {2030: -2 - 0.1 * seed}, local_unemployment=0.09, spend=1e7))
        frames.append(frame("widening", seed, {2026: 5 + 0.1 * seed, 2030: 0.2 * (seed - 1)}, spend=1e7))
        frames.append(frame("fading", seed, {2026: -6 - 0.1 * seed, 2030: 0.2 * (seed - 1)}, spend=1e7))
    names = {"baseline": "Status quo", "fast": "Fast option", "slow": "Slow option"}
    calibration = {"loss": 1.3270244869756918, "date": "2026-11-24T23:26:02+00:00", "chosen_trial": 412}
    return write_folder(tmp_path_factory.mktemp("story"), frames, display_names=names, calibration=calibration)


@pytest.fixture(scope="module")
def built(story):
    """The story's report, HTML and findings page, undiscounted."""
    return build_report(story, out=story / "built" / "report.html", discount_rate=0.0, markdown=True)


class _Cells(HTMLParser):
    """The report's cited numbers (``a.cite``) and the text of every element with an id, as a browser shows it."""

    def __init__(self) -> None:
        super().__init__()
        self.cites: list[tuple[str, str]] = []
        self.cells: dict[str, str] = {}
        self.means: dict[str, str] = {}
        self._open: list[tuple[str, str | None, str]] = []  # tag, id, class
        self._texts: dict[int, list[str]] = {}
        self._in_conclusions = 0
        self.outside: list[str] = []  # the summary's words outside the cites

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._open.append((tag, attrs.get("id") or attrs.get("data-cell"), attrs.get("class") or ""))
        self._texts[len(self._open)] = []
        self._in_conclusions += attrs.get("class") == "conclusions"

    def handle_endtag(self, tag):
        depth = len(self._open)
        text = "".join(self._texts.pop(depth, []))
        _, key, klass = self._open.pop()
        if klass == "cite":
            self.cites.append((key, text))
        elif key and key.startswith("cell-"):
            self.cells[key] = text
        if klass == "mean":
            owner = next((k for _, k, _ in reversed(self._open) if k and k.startswith("cell-")), None)
            if owner:
                self.means.setdefault(owner, text)
        if self._texts.get(depth - 1) is not None:
            self._texts[depth - 1].append(text)
        if klass == "conclusions":
            self._in_conclusions -= 1

    def handle_data(self, data):
        if self._open:
            self._texts[len(self._open)].append(data)
        if self._in_conclusions and (not self._open or self._open[-1][2] != "cite"):
            self.outside.append(data)


def read_cells(html: str) -> _Cells:
    cells = _Cells()
    cells.feed(html)
    return cells


def test_every_number_in_the_summary_equals_the_table_cell_it_cites(built):
    html = built.html.read_text()
    page = read_cells(html)
    assert len(page.cites) >= 20
    for cell, text in page.cites:
        shown = page.means.get(cell, page.cells.get(cell))
        assert shown is not None, f"the summary cites {cell}, which no table has"
        assert shown == text, f"{cell}: the summary says {text}, the cell {shown}"
    kinds = {cell.split("-")[1].split("_")[0] for cell, _ in page.cites}
    assert {"level", "effect", "cost", "per", "pairs", "discount", "loss"} <= kinds
    # outside the cites the summary holds no number but years and the confidence level
    loose = re.findall(r"\d+(?:[,.]\d+)*%?", " ".join(page.outside).replace("HK$1bn", ""))
    assert set(loose) <= {*map(str, YEARS), "90%"}, loose


def test_the_summary_says_which_options_narrow_widen_and_harm(built):
    text = unescape(re.sub(r"<[^>]+>", "", built.html.read_text().split('id="conclusions">')[1].split("</div>")[0]))
    assert (
        "these options lower the share clearly below the status quo's (change in percentage points): Fast "
        "option (-15.20), Slow option (-4.20) and Harmful (-2.10)." in text
    )
    assert "The effect is clear from 2026: Fast option (-3.00) and from 2030: Slow option (-4.20) and Harmful" in text
    assert "Fast option brings the share in 2030 back to its 2023 level or below." in text  # 63.1 - 15.2 <= 49.1
    assert "These lower it clearly in an earlier year, but not by 2030: Fading (-6.10 in 2026)." in text
    assert (
        "What widens it. These options raise the share clearly in at least one year (change in percentage "
        "points): Widening (5.10 in 2026)." in text
    )
    graduates = text.split("Local graduates.")[1].split("How sure.")[0]
    assert "Harmful (unemployment 5.00 points, median wage 0 HK$ a month)" in graduates
    assert "Slow option" not in graduates and "Fast option" not in graduates
    assert "not clear of zero for Fading and Widening." in text and "3 pairs for Slow option" in text
    assert (
        "Per HK$1bn of programme cost (present value to 2030), the share falls most with Slow option (-4.38 "
        "points per HK$1bn; HK$960.0 million)" in text
    )  # -4.2 points for 96 months x HK$10m


def test_the_findings_page_repeats_the_summary_and_the_headline_table(built):
    markdown = built.markdown.read_text()
    page = read_cells(built.html.read_text())
    assert markdown.startswith("# What the model says: Policy comparison: Tiny\n")
    assert "**The status quo.** Under the status quo" in markdown and "<" not in markdown
    for _, text in page.cites:
        assert text in markdown
    fast = next(line for line in markdown.splitlines() if line.startswith("| Fast option |"))
    assert "| -3.00 | -15.20 [" in fast  # 2026, then 2030 with its interval


def test_costs_in_both_views_and_the_view_that_ranks(story, capsys):
    summary = summarise(load_results(story), discount_rate=0.0)
    costs = summary.costs.set_index(["view", "arm"])["mean"]
    assert costs[("programme", "fast")] == pytest.approx(1e8 * MONTHS)
    assert costs[("fiscal", "fast")] == pytest.approx((1e8 + 2e7 - 5e6) * MONTHS)  # + services - tax, paired
    assert costs[("fiscal", "slow")] == pytest.approx((1e7 - 3e7) * MONTHS)  # it saves money
    programme_order = summary.order
    fiscal = summarise(load_results(story), discount_rate=0.0, cost_view="fiscal")
    ratio = fiscal.value.set_index(["arm", "measure"]).loc[("fast", "difficulty_share"), "per_bn"]
    assert ratio == pytest.approx(
        summary.effects.set_index(["arm", "measure", "year"]).loc[("fast", "difficulty_share", 2030), "mean"]
        / (costs[("fiscal", "fast")] / 1e9)
    )
    assert set(fiscal.order) == set(programme_order)
    out = story / "fiscal" / "report.html"
    assert main(["report", str(story), "--cost-view", "fiscal", "--discount-rate", "0", "--out", str(out)]) == 0
    assert "net fiscal cost (HK$ million, present value)" in capsys.readouterr().out
    html = out.read_text()
    assert "Net fiscal cost, HK$ million" in html and "Change per HK$1bn of net fiscal cost, 2030" in html
    text = unescape(re.sub(r"<[^>]+>", "", html))
    assert "at a negative net fiscal cost (they save public money): Slow option (HK$-1,920.0 million)" in text


def test_the_fiscal_view_needs_the_fiscal_account(tmp_path):
    frames = [
        frame(name, 0).drop(columns=["fiscal_services_hkd", "fiscal_salaries_tax_hkd"])
        for name in ("baseline", "option")
    ]
    folder = write_folder(tmp_path / "old", frames)
    assert summarise(load_results(folder), 0.0).views == ["programme"]
    with pytest.raises(InputError, match="option --cost-view: 'fiscal' needs runs with the fiscal account"):
        summarise(load_results(folder), 0.0, cost_view="fiscal")


def test_per_hk1bn_only_for_the_gap(built):
    assert set(built.summary.value["measure"]) == {"difficulty_share", "vacancies"}
    html = built.html.read_text()
    for measure in ("employed", "local_graduate_unemployment_rate", "local_graduate_median_wage_hkd"):
        assert re.search(rf'data-measure="{measure}">.*?data-ratio="none"></td></tr>', html)
    assert "points per HK$1bn" in html


def test_a_grid_over_a_policy_lever_labels_only_the_runs_that_use_it(tmp_path):
    """The baseline is run at every grid point of a policy it lacks (so that it pairs), but it is one arm."""
    frames = []
    for arrivals in (1000.0, 2000.0):
        grid = {"param_policies.extra.arrivals_per_year": arrivals}
        frames.append(frame("baseline", 0, **grid))
        option = frame("more", 0, {year: -arrivals / 1000 for year in YEARS}, spend=1e6, **grid)
        option["spend_extra_hkd"] = 1e6
        frames.append(option)
    results = load_results(write_folder(tmp_path / "grid", frames))
    assert results.baseline_arms == ["baseline"]
    assert results.labels["baseline"] == "Status quo"  # the default scenario's name, in words
    assert sorted(results.arms) == [
        "more (policies.extra.arrivals_per_year=1000)",
        "more (policies.extra.arrivals_per_year=2000)",
    ]
    assert results.label("more (policies.extra.arrivals_per_year=2000)") == "More (arrivals per year: 2,000)"
    effects = summarise(results, 0.0).effects.set_index(["arm", "measure", "year"])["mean"]
    assert effects[("more (policies.extra.arrivals_per_year=2000)", "difficulty_share", 2030)] == pytest.approx(-2)


def test_the_run_record_is_short():
    assert short_time("2026-11-25T12:40:57+00:00") == "2026-11-25 12:40 UTC"


def test_the_run_record_shows_paths_from_the_project_and_a_short_loss(story):
    results = load_results(story)
    results.manifest["experiment"]["file"] = str(PROJECT / "experiments" / "policy_comparison.toml")
    html = record_tables(results)
    assert "<td>experiments/policy_comparison.toml</td>" in html
    assert '<span id="cell-loss">1.33</span>' in html and "1.3270" not in html
    assert "fitted 2026-11-24 23:26 UTC" in html and "trial 412" in html


def test_figures_are_in_words_and_each_option_keeps_one_distinct_colour(story, built):
    report, results = built, load_results(story)
    colours = palette(results)
    assert colours["baseline"] == BASELINE_COLOUR
    options = [to_rgb(colours[arm]) for arm in results.arms]
    distances = [np.abs(np.subtract(a, b)).sum() for i, a in enumerate(options) for b in options[i + 1 :]]
    assert min(distances) > 0.3
    assert palette(results) == colours  # the same arm, the same colour, in every figure
    for section in report.figures.values():
        for figure in section:
            assert figure.texts, figure.key
            raw = [text for text in figure.texts if RAW_IDENTIFIER.search(text)]
            assert raw == [], f"{figure.key}: {raw}"
    headings = re.findall(r"<(?:h1|h2|h3|th|caption)[^>]*>(.*?)</", report.html.read_text())
    assert headings and not [h for h in headings if RAW_IDENTIFIER.search(re.sub(r"<[^>]+>", "", h))]
