"""The export writers: where the bytes go (file, standard output, FIFO), with which permissions
and encoding, and the `revisions` rows of deletions and moves."""

from __future__ import annotations

import csv
import io
import os
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.output.export import COLUMNS, revision_records, write_rows
from aggregator.records import HistoryItem
from aggregator.rows import ArticleVersions

ROWS = [{"a": "Zürich", "b": 1}, {"a": "line\nbreak", "b": 2}]


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_export_file_gets_the_usual_permissions(tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "x.csv"
    write_rows(ROWS, columns=("a", "b"), fmt="csv", out=out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_a_replaced_export_file_keeps_its_permissions(tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "x.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    write_rows(ROWS, columns=("a", "b"), fmt="csv", out=out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_bytes().startswith(b"a,b\r\n")
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]  # no temporary file left


def test_a_fifo_is_written_directly_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:
            got.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        count = write_rows(ROWS, columns=("a", "b"), fmt="jsonl", out=fifo)
        reader.join(timeout=30)
    finally:
        if reader.is_alive():  # the write went elsewhere: let the reader go
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            reader.join(timeout=30)
    assert count == 2
    assert got[0].decode("utf-8").splitlines()[0] == '{"a": "Zürich", "b": 1}'
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the FIFO, not a renamed regular file
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_dash_writes_to_standard_output(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(buffer, encoding="utf-8"))
    assert write_rows(ROWS, columns=("a", "b"), fmt="csv", out=Path("-")) == 2
    assert buffer.getvalue() == 'a,b\r\nZürich,1\r\n"line\nbreak",2\r\n'.encode()


def test_default_csv_is_rfc4180_utf8_without_bom_and_excel_adds_the_bom(tmp_path: Path) -> None:
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    write_rows(ROWS, columns=("a", "b"), fmt="csv", out=plain)
    write_rows(ROWS, columns=("a", "b"), fmt="csv", out=excel, excel=True)
    body = 'a,b\r\nZürich,1\r\n"line\nbreak",2\r\n'.encode()
    assert plain.read_bytes() == body
    assert excel.read_bytes() == b"\xef\xbb\xbf" + body
    with excel.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[1] == ["Zürich", "1"]


def _article(*history: HistoryItem) -> ArticleVersions:
    return ArticleVersions(
        article_id=7,
        outlet="rt",
        event_id=None,
        url="https://www.rt.com/news/1-old/",
        versions=(),
        history=history,
    )


def test_revisions_of_a_move_and_a_deletion_match_the_codebook() -> None:
    at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    rows = list(
        revision_records(
            _article(
                HistoryItem(at, "moved", "redirected to https://www.rt.com/news/2-new/"),
                HistoryItem(at, "deleted", "HTTP 410 Gone"),
            ),
            [],
        )
    )
    moved, deleted = rows
    assert set(moved) == set(COLUMNS["revisions"])
    assert moved["kind"] == "moved" and moved["new"] == "https://www.rt.com/news/2-new/"
    assert moved["reason"] is None
    assert deleted["kind"] == "deleted" and deleted["new"] is None
    assert deleted["reason"] == "HTTP 410 Gone"


def test_a_move_stored_as_the_bare_url_reads_the_same() -> None:
    at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    (row,) = revision_records(_article(HistoryItem(at, "moved", "https://x.example/b")), [])
    assert row["new"] == "https://x.example/b"
