"""WARC write and replay: round trip, rotation, concurrent writers, damage, ReplayFetcher."""

from __future__ import annotations

import gzip
import hashlib
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from aggregator.errors import ArchiveError, FetchError
from aggregator.fetch.archive import ReplayFetcher, WarcArchive, iter_responses, read_metadata
from aggregator.records import FetchResult, Validators

T0 = datetime(2026, 3, 2, 8, 15, 0, 123456, tzinfo=UTC)


def make_result(
    url: str,
    body: bytes,
    *,
    minutes: int = 0,
    status: int = 200,
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),),
    final_url: str | None = None,
    redirects: tuple[str, ...] = (),
    not_modified: bool = False,
) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=final_url or url,
        status=status,
        headers=headers,
        body=body,
        fetched_at=T0 + timedelta(minutes=minutes),
        elapsed_s=0.25 + minutes / 100,
        body_sha256=hashlib.sha256(body).hexdigest(),
        not_modified=not_modified,
        redirects=redirects,
    )


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


@pytest.mark.parametrize("cut", [60, 700, -200])
def test_truncated_file_yields_good_records_then_raises(tmp_path: Path, cut: int) -> None:
    noise = random.Random(7).randbytes(3000)  # incompressible: a cut lands inside the body
    with WarcArchive(tmp_path, max_bytes=10_000_000) as archive:
        for i in range(3):
            archive.write(make_result(f"https://a.example/{i}", b"z" * 400 + bytes([i])))
        last = archive.write(make_result("https://a.example/last", noise))
    path = tmp_path / last.file
    assert last.offset is not None
    data = path.read_bytes()
    end = last.offset + cut if cut > 0 else len(data) + cut
    path.write_bytes(data[:end])

    seen: list[str] = []
    with pytest.raises(ArchiveError) as info:
        for result in iter_responses(path):
            seen.append(result.url)
    assert seen[:3] == [f"https://a.example/{i}" for i in range(3)]
    if cut > 0:
        assert seen == seen[:3]
        assert f"offset {last.offset}" in str(info.value)
    assert path.name in str(info.value)


def test_garbage_file_raises_archive_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(gzip.compress(b"not a warc record at all\r\n\r\n"))
    with pytest.raises(ArchiveError, match=r"bad\.warc\.gz"):
        list(iter_responses(path))


def test_missing_path_raises_archive_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError):
        list(iter_responses(tmp_path / "nope"))


def test_replay_fetcher_capture_order_and_validators(tmp_path: Path) -> None:
    url = "https://a.example/feed"
    with WarcArchive(tmp_path, max_bytes=10_000_000) as archive:
        # written out of time order: replay must still return them by fetch time
        archive.write(make_result(url, b"second", minutes=10))
        archive.write(make_result(url, b"first", minutes=0))
        archive.write(
            make_result(
                "http://a.example/old",
                b"moved",
                final_url="https://a.example/new",
                redirects=("http://a.example/old",),
            )
        )
    with ReplayFetcher(tmp_path) as fetcher:
        fetcher.set_host_policy("a.example", min_delay_s=5, concurrency=1)
        first = fetcher.fetch(url)
        second = fetcher.fetch(url, validators=first.validators)
        third = fetcher.fetch(url, validators=second.validators)
        assert (first.body, second.body, third.body) == (b"first", b"second", b"second")
        assert (first.not_modified, second.not_modified, third.not_modified) == (
            False,
            False,
            True,
        )
        assert first.warc is not None and second.warc is not None
        assert first.warc.record_id != second.warc.record_id

        old = fetcher.fetch("http://a.example/old")
        new = fetcher.fetch("https://a.example/new")
        assert old.body == new.body == b"moved"
        assert old.final_url == "https://a.example/new"
        assert old.redirects == ("http://a.example/old",)
        assert new.url == "https://a.example/new"

        with pytest.raises(FetchError) as info:
            fetcher.fetch("https://a.example/unknown", validators=Validators())
        assert info.value.reason == "not_in_archive"
        assert info.value.transient is False


def test_replay_fetcher_recorded_http_error(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=10_000_000) as archive:
        archive.write(make_result("https://a.example/gone", b"", status=404))
        archive.write(make_result("https://a.example/busy", b"", status=503))
    fetcher = ReplayFetcher(tmp_path)
    with pytest.raises(FetchError) as gone:
        fetcher.fetch("https://a.example/gone")
    with pytest.raises(FetchError) as busy:
        fetcher.fetch("https://a.example/busy")
    assert (gone.value.reason, gone.value.status, gone.value.transient) == ("http_404", 404, False)
    assert (busy.value.reason, busy.value.transient) == ("http_503", True)
    fetcher.close()


def test_replay_fetcher_ignores_tracking_parameters_only_as_fallback(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=10_000_000) as archive:
        archive.write(make_result("https://a.example/story/?id=7", b"clean"))
        archive.write(make_result("https://a.example/story/?id=7&utm_source=rss", b"tagged"))
    fetcher = ReplayFetcher(tmp_path)
    tagged = fetcher.fetch("https://a.example/story/?id=7&utm_source=rss")
    via_fallback = fetcher.fetch("https://a.example/story/?id=7&at_medium=RSS&at_campaign=rss#top")
    assert (tagged.body, via_fallback.body) == (b"tagged", b"clean")
    assert via_fallback.url == "https://a.example/story/?id=7&at_medium=RSS&at_campaign=rss#top"
    with pytest.raises(FetchError):
        fetcher.fetch("https://a.example/story/?id=8&utm_source=rss")


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


def test_replay_fetcher_tolerates_a_missing_or_extra_trailing_slash(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=10_000_000) as archive:
        archive.write(make_result("https://a.example/news/42/", b"slash"))
        archive.write(make_result("https://a.example/page", b"plain"))
    fetcher = ReplayFetcher(tmp_path)
    assert fetcher.fetch("https://a.example/news/42").body == b"slash"
    assert fetcher.fetch("https://a.example/news/42?utm_medium=rss").body == b"slash"
    assert fetcher.fetch("https://a.example/page/").body == b"plain"
    with pytest.raises(FetchError):
        fetcher.fetch("https://a.example/news/4")
