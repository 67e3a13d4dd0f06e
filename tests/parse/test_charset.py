"""Tests of aggregator/parse/charset.py: which encoding page bytes are read in, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.parse.charset import decode_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"


def _page(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()


def test_decode_html_bom_and_fallback() -> None:
    assert decode_html("<p>Привет</p>".encode("utf-8-sig")) == "<p>Привет</p>"
    assert decode_html("<p>Привет</p>".encode("utf-16")) == "<p>Привет</p>"
    assert decode_html(b"<p>caf\xe9</p>") == "<p>caf\ufffd</p>"
    assert decode_html(b'<meta charset="latin-1"><p>caf\xe9 \x93q\x94</p>').endswith("café “q”</p>")


def test_content_type_header_beats_a_stale_meta_charset() -> None:
    # re-encoded to UTF-8 and served as such, the page still declares windows-1251 inside:
    # browsers follow the header
    page = _page("mid_ru_cp1251").decode("windows-1251").encode("utf-8")
    text = decode_html(page, "text/html; charset=UTF-8")
    assert "безопасности в Арктике" in text and "\ufffd" not in text
    assert "Рђ" in decode_html(page)  # the meta alone: UTF-8 bytes read as windows-1251


@pytest.mark.parametrize(
    "header", [None, "text/html", "text/html; charset=no-such-charset", "text/html; charset=utf-7"]
)
def test_header_without_a_usable_charset_leaves_it_to_the_page(header: str | None) -> None:
    assert "Арктике" in decode_html(_page("mid_ru_cp1251"), header)


def test_charset_declared_after_a_large_inline_script_is_read() -> None:
    script = b"<script>var x = '" + b"a" * 20_000 + b"';</script>"
    page = (
        b"<html><head>" + script + b'<meta charset="windows-1251"><title>t</title></head>'
        b"<body><p>" + "Привет".encode("windows-1251") + b"</p></body></html>"
    )
    assert "<p>Привет</p>" in decode_html(page)
