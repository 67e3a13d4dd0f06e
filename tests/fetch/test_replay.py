"""WARC replay: damaged files, ReplayFetcher capture order, recorded errors, URL fallbacks."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from aggregator.errors import ArchiveError, FetchError
from aggregator.fetch.archive import WarcArchive
from aggregator.fetch.replay import ReplayFetcher, iter_responses
from aggregator.records import Validators
from tests.fetch.captures import make_result


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


def test_a_file_that_is_no_warc_is_named_without_its_bytes(tmp_path: Path) -> None:
    # `ingest --replay` of a file of random bytes printed a line of mojibake: warcio's message
    # quotes the first line it could not read
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(random.Random(3).randbytes(5000))
    with pytest.raises(ArchiveError) as info:
        list(iter_responses(path))
    assert str(info.value) == (
        f"WARC file {path} is corrupt or truncated at offset 0: Unknown archive format; "
        "no record was read"
    )


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
    # the URL once, in the shape of every fetch failure; the detail without it
    assert gone.value.detail == "archived with status 404 [http_404]; skipped in this replay"
    assert str(gone.value) == f"fetch https://a.example/gone: {gone.value.detail}"
    with pytest.raises(FetchError) as unknown:
        fetcher.fetch("https://a.example/unknown")
    assert (
        unknown.value.detail
        == f"not in the WARC archive {tmp_path} [not_in_archive]; skipped in this replay"
    )
    assert str(unknown.value).count("https://a.example/unknown") == 1
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
