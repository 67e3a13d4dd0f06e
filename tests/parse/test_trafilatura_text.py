"""Tests of ``parse.trafilatura_text``: handing trafilatura our tree (``parse_page``: our
decoding, one parse, lxml's C-level element lookup) without its copy gives the same text as
``trafilatura.extract`` on the same tree and on the page's bytes, on every fixture page."""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura
from lxml import html as lxml_html

from aggregator.parse.page import parse_page
from aggregator.parse.trafilatura_text import CONSUMING, trafilatura_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = sorted(FIXTURES.rglob("*.html"))


def _tree(path: Path) -> lxml_html.HtmlElement:
    return parse_page(path.read_bytes(), url=str(path)).tree


def test_the_installed_trafilatura_is_run_without_the_copy() -> None:
    # fails after an upgrade to an unchecked version: check core.trafilatura_sequence and
    # bare_extraction against trafilatura_text, then add the version to CHECKED_VERSIONS
    assert CONSUMING, f"trafilatura {trafilatura.__version__} is not a checked version"


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_consuming_run_gives_trafilaturas_own_text(path: Path, fast: bool) -> None:
    url = "https://pages.example.net/a/story"
    on_tree = trafilatura.extract(
        _tree(path), url=url, include_comments=False, include_tables=True, fast=fast
    )
    # and what trafilatura makes of the page's bytes (its own decoding, parse and lookup)
    on_bytes = trafilatura.extract(
        path.read_bytes(), url=url, include_comments=False, include_tables=True, fast=fast
    )
    assert trafilatura_text(_tree(path), url, fast=fast, consume=True) == on_tree == on_bytes


def test_without_consume_the_tree_is_left_as_it_was() -> None:
    tree = _tree(FIXTURES / "extract" / "guardian_dcr.html")
    before = lxml_html.tostring(tree)
    assert trafilatura_text(tree, None, fast=False)
    assert lxml_html.tostring(tree) == before


def test_a_page_without_text_gives_none() -> None:
    tree = parse_page(b"<html><body><div></div><p> </p></body></html>", url="x").tree
    assert trafilatura_text(tree, None, fast=False, consume=True) is None
