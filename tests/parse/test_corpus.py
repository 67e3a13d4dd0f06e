"""Reading a researcher's corpus file: outlet slugs, duplicate ids, spreadsheet-saved CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.errors import ImportRowError
from aggregator.parse.corpus import outlet_slug, read_corpus
from aggregator.records import ImportRow

HEADER = ["id", "url", "outlet", "title", "text", "published", "language"]


def _rows(path: Path) -> tuple[list[ImportRow], list[str]]:
    rows: list[ImportRow] = []
    errors: list[str] = []
    for item in read_corpus(path):
        if isinstance(item, ImportRowError):
            errors.append(str(item))
        else:
            rows.append(item)
    return rows, errors


@pytest.mark.parametrize(
    ("given", "slug"),
    [
        ("guardian", "guardian"),
        ("bbc", "bbc"),
        ("mid", "mid"),
        ("Guardian", "guardian"),
        ("new_outlet-2", "new_outlet-2"),
        ("politico.com", "politico"),
        ("https://www.politico.com", "politico"),
        ("https://www.politico.com/news/2026/03/02/story", "politico"),
        ("www.bbc.co.uk", "bbc"),
        ("lemonde.fr", "lemonde"),
        ("The Hill", "the-hill"),
        ("Süddeutsche Zeitung", "suddeutsche-zeitung"),
        ("  Le Monde  diplomatique ", "le-monde-diplomatique"),
        ("ABC News (Australia)", "abc-news-australia"),
    ],
)
def test_outlet_given_as_domain_or_name_becomes_a_slug(given: str, slug: str) -> None:
    assert outlet_slug(given) == slug


def test_known_outlet_names_and_domains_map_to_their_slug() -> None:
    known = {"the guardian": "guardian", "theguardian.com": "guardian"}
    assert outlet_slug("The Guardian", known) == "guardian"
    assert outlet_slug("https://www.theguardian.com/world", known) == "guardian"
    assert outlet_slug("theguardian.com", known) == "guardian"
    assert outlet_slug("The Hill", known) == "the-hill"


@pytest.mark.parametrize("given", ["Правда", "!!!", "2026"])
def test_outlet_without_latin_letters_is_a_clear_error(given: str) -> None:
    with pytest.raises(ValueError, match="outlet"):
        outlet_slug(given)


def test_outlet_domain_and_name_rows_are_read(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [
        {"id": "1", "outlet": "politico.com", "title": "t", "text": "x", "published": ""},
        {"id": "2", "outlet": "The Hill", "title": "t", "text": "y", "published": ""},
    ]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    rows, errors = _rows(path)
    assert errors == []
    assert [(r.outlet, r.outlet_given) for r in rows] == [
        ("politico", "politico.com"),
        ("the-hill", "The Hill"),
    ]


def test_duplicate_ids_in_one_file_are_skipped_rows_naming_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [
        {"id": "a", "outlet": "bbc", "title": "first", "text": "one", "published": ""},
        {"id": "b", "outlet": "bbc", "title": "other", "text": "two", "published": ""},
        {"id": "a", "outlet": "bbc", "title": "second", "text": "three", "published": ""},
        {"id": "a", "outlet": "rt", "title": "same id, other outlet", "text": "4", "published": ""},
        {"id": "a", "outlet": "BBC", "title": "third", "text": "five", "published": ""},
    ]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    rows, errors = _rows(path)
    assert [(r.outlet, r.external_id, r.title) for r in rows] == [
        ("bbc", "a", "first"),
        ("bbc", "b", "other"),
        ("rt", "a", "same id, other outlet"),
    ]
    assert len(errors) == 2
    assert f"{path}:3: duplicate id 'a' of outlet 'bbc' (first on line 1); skipped" in errors
    assert f"{path}:5: duplicate id 'a' of outlet 'bbc' (first on line 1); skipped" in errors


def test_duplicate_ids_in_csv_name_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        'id,outlet,title,text,published\n1,bbc,t,"two\nlines",\n2,bbc,t,x,\n1,bbc,t,again,\n',
        encoding="utf-8",
    )
    rows, errors = _rows(path)
    assert [r.external_id for r in rows] == ["1", "2"]
    assert errors == [f"{path}:5: duplicate id '1' of outlet 'bbc' (first on line 3); skipped"]


def _spreadsheet_csv(path: Path, delimiter: str) -> Path:
    rows = [
        HEADER,
        [
            "g-1",
            "https://www.theguardian.com/a",
            "guardian",
            "Grain; talks",
            "A\r\nB",
            "2026-03-02",
            "en",
        ],
        ["p-1", "", "politico.com", "Zölle", "Text; with semicolon", "2026-03-03T10:00:00Z", ""],
    ]

    def cell(value: str) -> str:
        if any(c in value for c in (delimiter, '"', "\r", "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    text = "".join(delimiter.join(cell(v) for v in row) + "\r\n" for row in rows)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_spreadsheet_saved_csv_with_bom_crlf_and_its_delimiter_is_read(
    tmp_path: Path, delimiter: str
) -> None:
    rows, errors = _rows(_spreadsheet_csv(tmp_path / "excel.csv", delimiter))
    assert errors == []
    assert [(r.external_id, r.outlet, r.title) for r in rows] == [
        ("g-1", "guardian", "Grain; talks"),
        ("p-1", "politico", "Zölle"),
    ]
    assert rows[0].url == "https://www.theguardian.com/a"
    assert rows[0].language == "en"
    assert rows[1].text == "Text; with semicolon"


def test_csv_whose_header_is_one_unknown_column_says_what_was_found(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("id|url|outlet|title|text|published\n1|u|bbc|t|x|\n", encoding="utf-8")
    rows, errors = _rows(path)
    assert rows == []
    assert len(errors) == 1
    assert errors[0].startswith(f"{path}:1: header lacks id, outlet, text")
    assert "found 1 column 'id|url|outlet|title|text|published'" in errors[0]
    assert "'|'-delimited" in errors[0]


def test_csv_header_lacking_columns_lists_what_it_has(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("identifier,body\n1,text\n", encoding="utf-8")
    rows, errors = _rows(path)
    assert rows == []
    assert errors == [
        f"{path}:1: header lacks id, outlet, text; found 2 columns 'identifier', 'body'; "
        "expected id, outlet, title, text, published, url, language"
    ]
