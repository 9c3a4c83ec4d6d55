"""The report as PDF, made from the same HTML by WeasyPrint (>= 70), with no network access."""

from __future__ import annotations

from pathlib import Path

from abm.runs.output import atomic_write


def write_pdf(html: str, path: Path) -> Path:
    """Render ``html`` to the PDF file ``path`` (atomically) and return the path.

    WeasyPrint may fetch ``data:`` URIs only (the embedded figures), and a resource it cannot
    fetch is an error rather than a silent gap, so the PDF has the same content as the page.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = HTML(string=html, url_fetcher=fetcher)
    atomic_write(Path(path), lambda name: document.write_pdf(name))
    return Path(path)
