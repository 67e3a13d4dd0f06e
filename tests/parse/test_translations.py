"""Tests of parse/translations.py: the versions of one document in other languages, as pages
declare them (tests/fixtures/translations/, made by us, with their expected results)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from aggregator.parse.extract import extract_article, extraction_to_json
from aggregator.parse.translations import read_translations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "translations"
EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (FIXTURES / "expected.json").read_text(encoding="utf-8")
)["pages"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_pages_declare_their_translations(name: str) -> None:
    exp = EXPECTED[name]
    x = extract_article((FIXTURES / f"{name}.html").read_bytes(), url=exp["url"], min_words=5)
    assert x.language == exp["language"]
    assert x.document_key == exp["document_key"]
    assert list(x.translation_urls) == exp["translation_urls"]
    shown = extraction_to_json(x)
    assert shown["document_key"] == exp["document_key"]
    assert shown["translation_urls"] == exp["translation_urls"]


def test_mid_versions_share_a_key_though_their_url_ids_differ() -> None:
    ru, en = EXPECTED["mid_ru_1901200"], EXPECTED["mid_en_1901214"]
    assert ru["url"] != en["url"] and ru["document_key"] == en["document_key"]


def _read(page: str, url: str = "https://www.rt.com/news/1-a/", language: str | None = "en") -> Any:
    return read_translations(lxml_html.document_fromstring(page), url=url, language=language)


def test_hreflang_alternates_are_canonical_and_skip_self_default_and_same_language() -> None:
    page = """<html><head>
    <link rel="alternate" hreflang="en" href="https://rt.com/news/1-a/?utm_source=x">
    <link rel="alternate" hreflang="en-GB" href="https://www.rt.com/uk/1-a-uk/">
    <link rel="alternate" hreflang="x-default" href="https://www.rt.com/news/1-default/">
    <link rel="alternate" hreflang="ru" href="//russian.rt.com/world/news/77-b/">
    <link rel="alternate" hreflang="es" href="/es/news/1-a">
    <link rel="alternate" type="application/rss+xml" href="https://www.rt.com/rss/">
    </head><body><p>x</p></body></html>"""
    found = _read(page)
    assert found.document_key is None
    assert found.urls == (
        "https://russian.rt.com/world/news/77-b",
        "https://www.rt.com/es/news/1-a",
    )


def test_language_links_by_their_words_not_by_any_hreflang() -> None:
    page = """<html><body>
    <p><a href="https://www.bbc.com/russian/articles/c1">Read this story in Russian</a></p>
    <p><a href="https://www.bbc.com/ukrainian/articles/c2">Ця стаття українською</a></p>
    <p><a href="https://www.bbc.com/news/articles/c3">Read more about Russia</a></p>
    <p><a href="https://www.bbc.co.uk/bbc.com/ad-choices/" hreflang="en-GB">Ad Choices</a></p>
    <p><a href="https://www.bbc.com/mundo/articles/c4" hreflang="es">Español</a></p>
    <p><a href="https://www.bbc.com/russian" hreflang="ru">Русский</a></p>
    </body></html>"""
    found = _read(page, url="https://www.bbc.com/news/articles/c0", language=None)
    assert found.urls == (
        "https://www.bbc.com/mundo/articles/c4",
        "https://www.bbc.com/russian/articles/c1",
    )


def test_russian_link_words_and_mid_document_numbers() -> None:
    page = """<html lang="en"><body>
    <p class="article-line__note">03.03.2026 17:35 · 412-03-03-2026</p>
    <a href="/ru/foreign_policy/news/2089407/">Читать на русском языке</a>
    </body></html>"""
    found = _read(page, url="https://mid.ru/en/foreign_policy/news/2089411/", language="en")
    assert found.document_key == "mid.ru:doc:412-03-03-2026"
    assert found.urls == ("https://mid.ru/ru/foreign_policy/news/2089407",)
    # a number on another outlet's page is no mid.ru document key
    assert _read(page).document_key is None


def test_a_page_without_a_usable_url_declares_nothing() -> None:
    found = _read("<html><body><a href='/x/y'>Read in Russian</a></body></html>", url="about:x")
    assert found.document_key is None and found.urls == ()
