"""The optimisation report's content as plain blocks, written out as one offline HTML page or as Markdown.

:mod:`experiments.report.optimisation.sections` builds a :class:`Page` of sections; each section holds
blocks: a paragraph (:class:`Text`, where ``**...**`` marks bold), facts (:class:`Facts`: a term and its
value), a :class:`Table` (numeric cells with their interval), commands (:class:`Code`), a figure
(:class:`~experiments.report.figures.Figure`) or HTML the policy report already writes (:class:`Html`). The
page uses the policy report's stylesheet and loads nothing (figures are data URIs); the Markdown leaves the
figures and the HTML-only tables out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from experiments.report.document import CSS
from experiments.report.figures import Figure

EXTRA_CSS = """
.caution { border-left: 4px solid #BE0032; background: #fbf0f2; padding: 0.5em 0.9em; max-width: 60em; }
.lead p, section > p { max-width: 60em; } tr.marked td, tr.marked th { background: #fff5cc; }
.tag { font-size: 0.8em; font-weight: bold; color: #0067A5; text-transform: uppercase; letter-spacing: 0.03em; }
pre { background: #f5f5f5; padding: 0.6em 0.9em; overflow-x: auto; max-width: 60em; white-space: pre-wrap; }
table.facts th { white-space: nowrap; background: #fafafa; } table.facts td { max-width: 60em; }
"""
BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Text:
    """A paragraph; ``kind`` ``"caution"`` sets it apart as a warning."""

    text: str
    kind: str = ""


@dataclass(frozen=True)
class Facts:
    """Terms and their values: a two-column table, or a definition list when ``definitions``."""

    rows: tuple[tuple[str, str], ...]
    definitions: bool = False


@dataclass(frozen=True)
class Cell:
    """A number in a table, with its interval (``"[low, high]"``, or empty)."""

    text: str
    interval: str = ""


@dataclass(frozen=True)
class Table:
    """A table; ``marked`` rows (by index) are highlighted and tagged with ``mark``. A text cell's line breaks
    are kept (HTML) or become semicolons (Markdown)."""

    key: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell | str, ...], ...]
    marked: tuple[int, ...] = ()
    mark: str = ""


@dataclass(frozen=True)
class Code:
    """Commands to type, one a line."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Html:
    """HTML made elsewhere (the assumptions and sources tables); left out of the Markdown."""

    html: str


Block = Text | Facts | Table | Code | Figure | Html


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Page:
    title: str
    sections: tuple[Section, ...]


def html(page: Page) -> str:
    """The page as one self-contained HTML document (as :func:`experiments.report.document.render`'s)."""
    body = [f"<h1>{escape(page.title)}</h1>"]
    for section in page.sections:
        blocks = "".join(_html_block(block) for block in section.blocks)
        body.append(f'<section id="{section.key}"><h2>{escape(section.heading)}</h2>{blocks}</section>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="x-dns-prefetch-control" content="off"><link rel="icon" href="data:,">'
        f"<title>{escape(page.title)}</title><style>{CSS}{EXTRA_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def _inline(text: str) -> str:
    return BOLD.sub(r"<b>\1</b>", escape(text)).replace("\n", "<br>")


def _html_block(block: Block) -> str:
    if isinstance(block, Text):
        return f'<p class="{block.kind}">{_inline(block.text)}</p>' if block.kind else f"<p>{_inline(block.text)}</p>"
    if isinstance(block, Facts):
        if block.definitions:
            items = "".join(f"<dt>{escape(term)}</dt><dd>{_inline(text)}</dd>" for term, text in block.rows)
            return f'<dl class="definitions">{items}</dl>'
        rows = "".join(
            f'<tr><th scope="row">{escape(term)}</th><td>{_inline(text)}</td></tr>' for term, text in block.rows
        )
        return f'<table class="facts"><tbody>{rows}</tbody></table>'
    if isinstance(block, Table):
        return _html_table(block)
    if isinstance(block, Code):
        return f"<pre><code>{escape(chr(10).join(block.lines))}</code></pre>"
    if isinstance(block, Figure):
        return (
            f'<figure id="figure-{block.key}" data-figure="{block.key}"><h3>{escape(block.title)}</h3>'
            f'<img src="{block.uri}" alt="{escape(block.title)}"><figcaption>{escape(block.caption)}</figcaption>'
            "</figure>"
        )
    return block.html


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name in table.header)
    rows = []
    for index, row in enumerate(table.rows):
        cells = []
        for position, cell in enumerate(row):
            if isinstance(cell, Cell):
                ci = f' <span class="ci">{escape(cell.interval)}</span>' if cell.interval else ""
                cells.append(f'<td class="num"><span class="mean">{escape(cell.text)}</span>{ci}</td>')
                continue
            tag = f' <span class="tag">{escape(table.mark)}</span>' if index in table.marked and position == 1 else ""
            cells.append(f"<td>{_inline(cell)}{tag}</td>")
        marked = ' class="marked"' if index in table.marked else ""
        rows.append(f"<tr{marked}>{''.join(cells)}</tr>")
    return (
        f'<table id="{table.key}" class="{table.key}"><caption>{escape(table.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def markdown(page: Page) -> str:
    """The page as Markdown (findings-style): its text, facts, tables and commands, without figures."""
    lines = [f"# {page.title}", ""]
    for section in page.sections:
        parts = [_markdown_block(block) for block in section.blocks]
        parts = [part for part in parts if part]
        if parts:
            lines += [f"## {section.heading}", "", *("\n\n".join(parts).splitlines()), ""]
    return "\n".join(lines).rstrip() + "\n"


def _markdown_block(block: Block) -> str:
    if isinstance(block, Text):
        return ("**Caution.** " if block.kind == "caution" else "") + block.text.replace("\n", " ")
    if isinstance(block, Facts):
        return "\n".join(f"- **{term}**: {text.replace(chr(10), '; ')}" for term, text in block.rows)
    if isinstance(block, Table):
        head = "| " + " | ".join(block.header) + " |"
        rows = [head, "|" + "---|" * len(block.header)]
        for index, row in enumerate(block.rows):
            cells = [f"{c.text} {c.interval}".strip() if isinstance(c, Cell) else c.replace("\n", "; ") for c in row]
            if index in block.marked and len(cells) > 1:
                cells[1] += f" (**{block.mark}**)"
            rows.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
        return f"*{block.caption}*\n\n" + "\n".join(rows)
    if isinstance(block, Code):
        return "```bash\n" + "\n".join(block.lines) + "\n```"
    return ""
