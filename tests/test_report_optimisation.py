"""`talentgap report` on an optimisation folder: a toy optimisation (two futures to 2026 at scale 0.05, two
instruments, three trials), made once, then its report: what was asked, every front row as front.csv holds
it, the recommendation (or the sentence that none meets the target), where it fails in words, how to run
it, no code identifier in a heading, header or figure, and bad folders refused with one line, writing
nothing. The model's numbers may move (recalibration), so the tests read what the folder says rather than
expecting a particular package."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
from conftest import TOY_FUTURES as FUTURES

from abm.cli import main
from abm.runs.provenance import parameter_words
from experiments.optimise import load_result
from experiments.report.figures import Figure
from experiments.report.optimisation import sections, words
from experiments.report.optimisation.read import read_optimisation

pytestmark = pytest.mark.xdist_group(__name__)

SCALE = 0.05
POLICIES = "talent_admission,research_talent_subsidy"
COMMON = ["--by", "2026", "--seeds", "1", "--scale", str(SCALE), "--policies", POLICIES, "--quiet"]
TOY = ["--target", "0.45", "--budget-hkd-per-year", "100e6", "--trials", "3", "--check-seeds", "2", "--min-share", "1"]
"""The status quo misses 45% in the boom; the most talent admission is likely to meet it in both futures."""
UNREACHABLE = ["--target", "0.0", "--budget-hkd-per-year", "0", "--trials", "2"]
"""No package brings the difficulty share to zero with no money: the report says none meets the target."""
RAW_IDENTIFIER = re.compile(r"[A-Za-z]_[A-Za-z0-9]|[a-z]\.[a-z]")
NONE_MEETS = "No package on the front meets the target"


def run(*argv: str) -> tuple[int, str, str]:
    """``talentgap ARGV`` in this process: exit status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def futures_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("futures") / "toy_futures.toml"
    path.write_text(FUTURES)
    return path


def _optimise(futures_file: Path, folder: Path, options: list[str]) -> Path:
    status, _, err = run("optimise", *options, *COMMON, "--futures", str(futures_file), "--out", str(folder))
    assert status == 0, err
    return folder


@pytest.fixture(scope="module")
def toy(futures_file, tmp_path_factory) -> Path:
    return _optimise(futures_file, tmp_path_factory.mktemp("toy") / "optimisation", TOY)


@pytest.fixture(scope="module")
def toy_report(toy) -> tuple[str, str, str]:
    """The toy's report with its Markdown: printed output, HTML, Markdown."""
    status, out, err = run("report", str(toy), "--markdown")
    assert status == 0, err
    return out, (toy / "report.html").read_text(), (toy / "report.md").read_text()


@pytest.fixture(scope="module")
def unreachable(futures_file, tmp_path_factory) -> Path:
    return _optimise(futures_file, tmp_path_factory.mktemp("unreachable") / "optimisation", UNREACHABLE)


def text(html: str) -> str:
    """The visible text of an HTML fragment: blocks and line breaks as spaces, entities decoded, spaces collapsed."""
    spaced = re.sub(r"</(p|td|th|dd|dt|h[1-6]|caption|pre)>|<br>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", spaced))).strip()


def table_rows(html: str, key: str) -> list[list[str]]:
    """The body rows of the table with id ``key``, each a list of its cells' visible text."""
    table = re.search(rf'<table id="{key}".*?</table>', html, re.S)
    assert table, key
    body = table.group(0).split("<tbody>", 1)[1]
    return [
        [text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def expected_row(number: int, row: pd.Series, other: str) -> list[str]:
    """A front row as the page should show it, formatted here from front.csv independently of the report."""

    def m(value: float) -> str:
        return f"{round(value / 1e6, 1) + 0.0:,.1f}"

    harm = f"{row['harm']:+.2f}".replace("-0.00", "+0.00")
    return [
        str(number),
        m(row["cost_hkd"]),
        m(row[f"cost_{other}_hkd"]),
        f"{row['share_met']:.0%}",
        f"{row['difficulty_share']:.1%}",
        harm,
        m(row["max_added_spending_hkd"]),
    ]


def test_the_report_shows_what_was_asked_with_a_caution_for_a_small_run(toy, toy_report):
    out, html, _ = toy_report
    assert out.splitlines()[0] == f"report written to {toy / 'report.html'}, {toy / 'report.md'}"
    assert "Pareto front:" in out  # then what `talentgap optimise` printed
    part = html.split('<section id="asked">')[1].split("</section>")[0]
    asked = {text(k): text(v) for k, v in re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', part)}
    assert asked["Target"].startswith("At most 45.0% of AI firms reporting difficulty")
    assert asked["By"] == "2026" and asked["Futures that must meet it"] == "At least 100%"
    assert asked["Annual budget"].startswith("At most HK$100.0m a year added to programme spending")
    assert asked["Cost view"].startswith("Net fiscal cost: programme spending plus the public services")
    assert asked["Futures"] == "2 futures (Toy, version 1)"
    assert asked["Instruments searched"] == "Talent admission, Research talent subsidy"
    assert asked["Search seeds"] == "1 per future" and asked["Fresh seeds for the check"] == "2 per future"
    assert asked["Packages tried"] == "3 packages" and asked["Scale"].startswith("0.05: a twentieth of Hong Kong")
    caution = text(re.search(r'<p class="caution">(.*?)</p>', part).group(1))
    assert caution.startswith("A small run") and "1 seed per future" in caution and "3 packages" in caution


def test_every_front_row_reads_as_front_csv_holds_it(toy, toy_report):
    _, html, markdown = toy_report
    front = pd.read_csv(toy / "front.csv")
    other = "programme" if load_result(toy).settings["cost_view"] == "fiscal" else "fiscal"
    rows = table_rows(html, "front")
    assert len(rows) == len(front) >= 1
    for number, (row, (_, point)) in enumerate(zip(rows, front.iterrows()), start=1):
        assert [row[0], *row[2:]] == expected_row(number, point, other)
        assert row[1].startswith(words.capitalised(point["description"].split(";")[0]))
        assert f"| {number} | " in markdown
    headers = re.findall(r"<th>(.*?)</th>", html.split('<table id="front"')[1].split("</thead>")[0])
    assert headers[2] == "Net fiscal cost, HK$ million (minimised)" and headers[3] == "Programme cost, HK$ million"


def test_the_recommendation_with_its_costs_and_check_or_the_sentence_that_none_meets_the_target(toy, toy_report):
    _, html, markdown = toy_report
    result = load_result(toy)
    section = text(html.split('<section id="recommendation">')[1].split("</section>")[0])
    chosen = result.recommended
    if chosen is None:  # the model moved: the toy's target is out of reach
        assert NONE_MEETS in section and table_rows(html, "closest")
        return
    assert NONE_MEETS not in html
    assert f"budget: {words.capitalised(chosen['description'])}." in section
    assert f"HK${chosen['cost_fiscal_hkd'] / 1e6:,.1f}m net fiscal cost" in section
    assert f"HK${chosen['cost_programme_hkd'] / 1e6:,.1f}m programme cost" in section
    check = result.check_summary
    assert f"it meets the target in {check['futures_met']} of {check['futures']} futures" in section
    rows = table_rows(html, "check")
    assert [row[0] for row in rows] == ["Central", "Boom"]
    for row, (_, future) in zip(rows, result.check.iterrows()):
        low, high = future["difficulty_share_low"], future["difficulty_share_high"]
        assert row[1] == f"{future['difficulty_share']:.1%} [{low:.1%}, {high:.1%}]".replace("-0.0%", "0.0%")
        assert row[5].startswith("yes" if future["met"] else "no")
    marked = re.findall(r'<tr class="marked">(.*?)</tr>', html.split('<table id="front"')[1].split("</table>")[0])
    assert len(marked) == 1 and "recommended" in marked[0]
    assert f"talentgap run {toy / 'recommended.toml'}" in text(html)
    assert "talentgap compare " in html and "talentgap report results/compare-optimised_package" in html
    assert "## How to run the recommended scenario" in markdown


def test_where_it_fails_is_the_rule_in_words_with_coverage_and_density(toy, toy_report):
    _, html, _ = toy_report
    result, manifest = read_optimisation(toy)
    if result.recommended is None:
        assert 'id="failures"' not in html
        return
    failures = text(html.split('<section id="failures">')[1].split("</section>")[0])
    for sentence in words.rule(result.rule, parameter_words(manifest)):
        assert sentence in failures
    if result.rule["status"] == "rule":
        assert (
            f"Coverage {result.rule['coverage']:.0%}" in failures
            and f"Density {result.rule['density']:.0%}" in failures
        )
    assert "drivers." not in failures
    if result.rule["status"] == "rule":
        assert result.rule["text"] not in failures


def test_rules_futures_and_scales_read_in_words():
    known = parameter_words(None)
    rule = {
        "status": "rule",
        "cases": 72,
        "misses": 17,
        "base_rate": 17 / 72,
        "coverage": 12 / 17,
        "density": 1.0,
        "cases_in_box": 12,
        "terms": [
            {"feature": "drivers.ai_adoption.growth_per_year", "low": 0.0742, "high": None},
            {"feature": "drivers.entry_level_shift.enabled", "low": 0.5, "high": None, "on": True},
            {"feature": "search.vacancies_viewed_per_seeker", "low": None, "high": 17.5},
        ],
    }
    assert words.rule(rule, known) == [
        "It misses the target when growth of AI labour demand is at least 7.4% a year and the entry level shift "
        "driver is on and vacancies a seeker views is at most 17.5 vacancies a month.",
        "Coverage 71%: 12 of the 17 misses (futures and fresh seeds in which the package misses the target) meet "
        "this rule.",
        "Density 100%: of the 12 cases that meet it, 100% miss, against 24% of all 72 cases.",
    ]
    assert words.rule({"status": "no misses", "text": "the package meets the target 49.0% in all 72 cases"}, known) == [
        "The package meets the target 49.0% in all 72 cases."
    ]
    assert words.future("set=trial412 growth=high entry_level=on downturn=off") == (
        "Calibration set trial412, growth high, entry level on, downturn off"
    )
    assert [words.scale(s) for s in (1, 0.1, 0.05, 0.3)] == [
        "Hong Kong's size",
        "a tenth of Hong Kong's size",
        "a twentieth of Hong Kong's size",
        "0.3 times Hong Kong's size",
    ]
    settings = {"scale": 1.0, "seeds": 3, "check_seeds": 10, "trials": 200}
    assert words.caution(settings) is None and words.caution(settings | {"trials": 35}).startswith("A small run")


def test_no_code_identifier_in_headings_table_headers_or_figures(toy, toy_report):
    _, html, _ = toy_report
    shown = re.findall(r"<(h[1-3]|th|caption|figcaption)[^>]*>(.*?)</\1>", html, re.S)
    assert shown
    assert [inner for _, inner in shown if RAW_IDENTIFIER.search(text(inner))] == []
    figures = [
        block
        for section in sections.page(*read_optimisation(toy)).sections
        for block in section.blocks
        if isinstance(block, Figure)
    ]
    assert figures and all(block.uri.startswith("data:image/png;base64,") for block in figures)
    assert [t for block in figures for t in block.texts if RAW_IDENTIFIER.search(t)] == []
    assert "<script" not in html and 'src="http' not in html


def test_when_no_package_meets_the_target_the_report_says_so_and_lists_the_closest(unreachable, tmp_path):
    out = tmp_path / "none.html"
    status, printed, err = run("report", str(unreachable), "--out", str(out), "--pdf")
    assert status == 0, err
    html = out.read_text()
    assert out.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    assert NONE_MEETS in text(html) and "no package meets the target" in printed
    closest = table_rows(html, "closest")
    assert closest and closest[0][1].startswith("The status quo (no instrument added)")
    assert 'id="failures"' not in html and "How to go on" in html and "recommended.toml" not in html


def _damage(folder: Path, how: str) -> None:
    summary = json.loads((folder / "result.json").read_text())
    if how == "not json":
        (folder / "result.json").write_text('{"settings": ')
    elif how == "no target":
        del summary["settings"]["target"]
        (folder / "result.json").write_text(json.dumps(summary))
    elif how == "cost not a number":
        (summary["recommended"] or summary["closest"][0])["cost_hkd"] = "lots"
        (folder / "result.json").write_text(json.dumps(summary))
    elif how == "front column":
        pd.read_csv(folder / "front.csv").drop(columns="harm").to_csv(folder / "front.csv", index=False)
    elif how == "unfinished":
        (folder / "result.json").unlink()


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("not json", "result.json: not valid JSON"),
        ("no target", "result.json: field 'settings.target' is missing"),
        ("cost not a number", "must be a number, got 'lots'"),
        ("front column", "front.csv: column harm missing"),
        ("unfinished", "result.json: missing; not a finished optimisation folder"),
    ],
)
def test_a_damaged_optimisation_folder_exits_2_with_one_line_and_writes_nothing(toy, tmp_path, how, message):
    folder = tmp_path / "copy"
    shutil.copytree(toy, folder, ignore=shutil.ignore_patterns("report.*"))
    _damage(folder, how)
    before = sorted(path.relative_to(folder) for path in folder.rglob("*"))
    status, _, err = run("report", str(folder), "--pdf", "--markdown")
    assert status == 2 and message in err and err.count("\n") == 1 and err.startswith("talentgap: error: ")
    assert sorted(path.relative_to(folder) for path in folder.rglob("*")) == before


def test_neither_a_sweep_nor_an_optimisation_and_options_the_folder_cannot_honour_exit_2(toy, tmp_path):
    (tmp_path / "empty").mkdir()
    status, _, err = run("report", str(tmp_path / "empty"))
    assert status == 2 and "manifest.json: missing" in err and "optimisation" in err
    for option, value in (("--discount-rate", "0.03"), ("--cost-view", "programme")):
        status, _, err = run("report", str(toy), option, value, "--out", str(tmp_path / "x.html"))
        assert status == 2 and f"option {option}" in err and not (tmp_path / "x.html").exists()
    status, _, _ = run("report", str(toy), "--discount-rate", "0.04", "--out", str(tmp_path / "same.html"))
    assert status == 0 and (tmp_path / "same.html").is_file()
