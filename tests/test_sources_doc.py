"""The project carries its own sources page, and no user-facing page points outside the repository.

``docs/sources.md`` is the project's copy of its sourced-figures sheet; ``abm/data/sources.toml``
holds the keys that parameters cite. Every key must be documented on the page together with its
address, and the markdown a user reads must not send them to files a clone does not have.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES_TOML = ROOT / "abm" / "data" / "sources.toml"
SOURCES_DOC = ROOT / "docs" / "sources.md"

USER_MARKDOWN = sorted(
    {ROOT / "README.md", ROOT / "results" / "README.md", ROOT / "benchmarks" / "README.md"}
    | set((ROOT / "docs").glob("*.md"))
)
"""The markdown a user reads: the top README, docs/*.md and the READMEs of results/ and benchmarks/."""

OUTSIDE_REFERENCE = re.compile(r"\.\./shared|hk-facts\.md|DESIGN\.md")
"""A path outside the repository, or a file name that only exists outside it."""


def _sources() -> dict[str, dict]:
    with SOURCES_TOML.open("rb") as f:
        return tomllib.load(f)


def _blocks(text: str) -> list[str]:
    """The page split into paragraphs and list items (a list item runs to the next item)."""
    return [b for b in re.split(r"\n\s*\n|\n(?=- )", text) if b.strip()]


def test_sources_doc_exists_and_sources_toml_has_keys():
    assert SOURCES_DOC.is_file()
    assert _sources(), "abm/data/sources.toml lists no sources"


@pytest.mark.parametrize("key", sorted(_sources()))
def test_every_source_key_is_documented_with_its_url(key):
    text = SOURCES_DOC.read_text(encoding="utf-8")
    blocks = [b for b in _blocks(text) if f"`{key}`" in b]
    assert blocks, f"`{key}` does not appear in backticks in docs/sources.md"
    url = _sources()[key].get("url", "")
    if url:
        assert any(url in b for b in blocks), f"docs/sources.md mentions `{key}` but not beside its url {url}"


@pytest.mark.parametrize("path", USER_MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_markdown_points_nowhere_outside_the_repository(path):
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    hits = [
        f"line {n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OUTSIDE_REFERENCE.search(line)
    ]
    assert not hits, f"{path.relative_to(ROOT)} points outside the repository:\n" + "\n".join(hits)
