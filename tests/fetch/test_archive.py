"""WARC writing: round trip, rotation, stored headers, warcio compatibility, concurrent writers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from aggregator.errors import ArchiveError
from aggregator.fetch.archive import WarcArchive
from aggregator.fetch.replay import iter_responses, read_metadata
from aggregator.records import FetchResult
from tests.fetch.captures import make_result


def sample_results() -> list[FetchResult]:
    results = [
        make_result(
            f"https://news.example/story/{i}",
            f"<p>story {i} ".encode() + b"x" * 700,
            minutes=i,
        )
        for i in range(6)
    ]
    results.append(
        make_result(
            "https://news.example/logo.png",
            bytes(range(256)) * 4,
            minutes=7,
            headers=(("Content-Type", "image/png"), ("X-Caption", "Пресс-служба — café")),
        )
    )
    results.append(
        make_result(
            "http://short.example/a",
            b"",
            minutes=8,
            status=304,
            final_url="https://news.example/story/a",
            redirects=("http://short.example/a", "https://news.example/a"),
            not_modified=True,
            headers=(("ETag", '"abc"'),),
        )
    )
    return results


def test_round_trip_with_rotation(tmp_path: Path) -> None:
    results = sample_results()
    with WarcArchive(tmp_path, max_bytes=1500, prefix="t") as archive:
        pointers = [archive.write(r, metadata={"outlet": "bbc", "feed": "f1"}) for r in results]

    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) >= 3
    assert all(f.startswith("t-") and f.endswith(".warc.gz") for f in files)

    replayed = list(iter_responses(tmp_path))
    assert [replace(r, warc=None) for r in replayed] == results
    assert [r.warc for r in replayed] == pointers
    assert read_metadata(tmp_path, pointers[0]) == {"outlet": "bbc", "feed": "f1"}

    for result, pointer in zip(results, pointers, strict=True):
        assert pointer.offset is not None
        with (tmp_path / pointer.file).open("rb") as fh:
            fh.seek(pointer.offset)
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Record-ID") == pointer.record_id
            assert record.rec_headers.get_header("WARC-Target-URI") == result.final_url
            assert record.raw_stream.read() == result.body


def test_single_file_pointer_is_file_name(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=10_000_000) as archive:
        pointer = archive.write(make_result("https://a.example/", b"hello"))
    (result,) = iter_responses(tmp_path / pointer.file)
    assert result.warc == pointer
    assert result.body == b"hello"


def test_decoded_body_headers_are_fixed(tmp_path: Path) -> None:
    headers = (
        ("Content-Type", "text/html"),
        ("Content-Encoding", "gzip"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Length", "3"),
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
    )
    with WarcArchive(tmp_path, max_bytes=10_000_000) as archive:
        archive.write(make_result("https://a.example/", b"decoded body", headers=headers))
    (result,) = iter_responses(tmp_path)
    assert result.headers == (
        ("Content-Type", "text/html"),
        ("Content-Length", "12"),
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
    )
    assert result.body == b"decoded body"


def test_warcio_reads_our_files(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=10_000_000) as archive:
        pointer = archive.write(
            make_result("https://a.example/x?y=1", b"body"),
            request_headers=[("User-Agent", "aggregator-test")],
        )
    with (tmp_path / pointer.file).open("rb") as fh:
        records = list(ArchiveIterator(fh))
        types = [r.rec_type for r in records]
    assert types == ["warcinfo", "response", "request", "metadata"]
    info, response, request, meta = records
    assert info.rec_headers.get_header("WARC-Filename") == pointer.file
    assert response.rec_headers.protocol == "WARC/1.1"
    assert response.rec_headers.get_header("WARC-Date") == "2026-03-02T08:15:00.123456Z"
    assert (request.http_headers.protocol, request.http_headers.statusline) == (
        "GET",
        "/x?y=1 HTTP/1.1",
    )
    assert request.http_headers.get_header("Host") == "a.example"
    assert request.http_headers.get_header("User-Agent") == "aggregator-test"
    for linked in (request, meta):
        assert linked.rec_headers.get_header("WARC-Concurrent-To") == pointer.record_id
    assert meta.rec_headers.get_header("Content-Type") == "application/warc-fields"


def test_two_writers_in_one_folder_do_not_collide(tmp_path: Path) -> None:
    with (
        WarcArchive(tmp_path, max_bytes=10_000_000) as one,
        WarcArchive(tmp_path, max_bytes=10_000_000) as two,
    ):
        p1 = one.write(make_result("https://a.example/1", b"one"))
        p2 = two.write(make_result("https://a.example/2", b"two"))
        p3 = one.write(make_result("https://a.example/3", b"three", minutes=1))
    assert p1.file != p2.file
    assert p1.file == p3.file
    bodies = sorted(r.body for r in iter_responses(tmp_path))
    assert bodies == [b"one", b"three", b"two"]


@pytest.mark.parametrize("key", ["redirect", "fetched-at", "bad key", "a:b", ""])
def test_reserved_or_malformed_metadata_keys_are_refused(tmp_path: Path, key: str) -> None:
    with WarcArchive(tmp_path, max_bytes=10_000_000) as archive:
        with pytest.raises(ArchiveError, match="metadata key"):
            archive.write(make_result("https://a.example/", b"x"), metadata={key: "v"})
        archive.write(make_result("https://a.example/ok", b"y"), metadata={"feed": "a: b\nc"})
    (result,) = iter_responses(tmp_path)
    assert result.url == "https://a.example/ok"
    assert result.warc is not None
    assert read_metadata(tmp_path, result.warc) == {"feed": "a: b c"}
