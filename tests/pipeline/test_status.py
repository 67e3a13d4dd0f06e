"""Feed health and run states: a feed is failed from its first failure, back-off is a state of
its own, a run where every feed failed is `failed`, one that fetched nothing because of back-off
is `backed-off`, an outlet whose article pages mostly fail needs attention though its feeds are
ok, and `status --format json` has exactly the keys docs/status.md documents."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select, update

from aggregator.cli import cli
from aggregator.pipeline import run_ingest
from aggregator.pipeline.status import collect_status, render_status
from aggregator.records import utcnow
from aggregator.store.models import Article, Feed, Run
from aggregator.store.session import make_engine, session_factory
from tests.support.http import Response, serve
from tests.support.pipeline import article_html, feed, page, rss, settings_for

REPO = Path(__file__).resolve().parents[2]


def _feeds(db_url: str) -> dict[str, Feed]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        rows = {row.url: row for row in session.scalars(select(Feed))}
    engine.dispose()
    return rows


def _last_run(db_url: str) -> Run:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        run = session.scalars(select(Run).order_by(Run.id.desc()).limit(1)).one()
    engine.dispose()
    return run


def test_a_feed_is_failed_from_its_first_failure_then_backs_off_visibly(
    db_url: str, tmp_path: Path
) -> None:
    with serve() as srv:
        srv.routes["/rss"] = Response(status=503, body=b"busy")
        settings = settings_for({"bbc": [srv.url("/rss")]}, tmp_path, db_url)

        # the first failure: the feed is failed, with its reason; the run (its only feed failed)
        # is `failed`, and `status` needs attention
        summary = run_ingest(settings)
        assert not summary.ok and summary.status == "failed"
        assert _last_run(db_url).status == "failed"
        report = collect_status(settings)
        [state] = report["feeds"]
        assert state["state"] == "failed" and "503" in state["last_error_reason"]
        assert report["attention"] and "failed at" in report["attention"][0]
        assert "503" in report["attention"][0]
        assert "!!" in render_status(report)

        for _ in range(2):
            assert run_ingest(settings).status == "failed"
        [row] = _feeds(db_url).values()
        assert row.consecutive_failures == 3
        assert row.backoff_until is not None and row.backoff_until > utcnow()
        report = collect_status(settings)
        [state] = report["feeds"]
        assert state["state"] == "backing-off" and state["backing_off_until"]
        assert (
            f"backing off until {state['backing_off_until']} after 3 failures"
            in (report["attention"][0])
        )

        # while backing off the feed is not fetched; the run says so and is not ok
        before = len(srv.requests_for("/rss"))
        summary = run_ingest(settings)
        assert len(srv.requests_for("/rss")) == before
        assert summary.status == "backed-off" and not summary.ok
        assert summary.counts["feeds_backing_off"] == 1
        assert "backing off" in summary.failures[0]
        assert _last_run(db_url).status == "backed-off"
        assert any("last ingest run backed-off" in a for a in collect_status(settings)["attention"])

        # the server recovers and the back-off has passed: the feed is healthy again
        srv.routes["/rss"] = feed(rss([("Back", srv.url("/a"))]))
        srv.routes["/a"] = page(article_html("Back online", seed=11))
        engine = make_engine(db_url)
        with session_factory(engine).begin() as session:
            session.execute(update(Feed).values(backoff_until=utcnow() - timedelta(seconds=1)))
        engine.dispose()
        summary = run_ingest(settings)
        assert summary.ok and summary.status == "ok" and summary.counts["versions"] == 1
    [row] = _feeds(db_url).values()
    assert row.consecutive_failures == 0 and row.backoff_until is None
    report = collect_status(settings)
    assert report["attention"] == [] and report["feeds"][0]["state"] == "ok"
    assert report["runs"][0]["status"] == "ok"


def test_one_failed_feed_of_two_makes_a_partial_run(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        srv.routes["/bad"] = Response(status=500, body=b"oops")
        srv.routes["/good"] = feed(rss([("One", srv.url("/a"))]))
        srv.routes["/a"] = page(article_html("One story", seed=3))
        settings = settings_for({"bbc": [srv.url("/good"), srv.url("/bad")]}, tmp_path, db_url)
        summary = run_ingest(settings)
    assert summary.status == "partial" and not summary.ok
    states = {f["url"].rsplit("/", 1)[1]: f["state"] for f in collect_status(settings)["feeds"]}
    assert states == {"good": "ok", "bad": "failed"}


def test_an_outlet_whose_pages_mostly_fail_needs_attention_though_its_feeds_are_ok(
    db_url: str, tmp_path: Path
) -> None:
    """Every feed fetched fine, so the status said nothing and exited 0 while rt's pages all
    failed (a 500 from each): the operator heard "ok" about an outlet that stored nothing."""
    with serve() as srv:
        srv.routes["/rt.xml"] = feed(rss([(f"RT {n}", srv.url(f"/rt/{n}")) for n in range(3)]))
        for n in range(3):
            srv.routes[f"/rt/{n}"] = Response(status=500, body=b"oops")
        bbc_items = [(f"BBC {n}", srv.url(f"/bbc/{n}")) for n in range(4)]
        srv.routes["/bbc.xml"] = feed(rss(bbc_items))
        for n in range(3):
            srv.routes[f"/bbc/{n}"] = page(article_html(f"BBC story {n}", seed=20 + n))
        srv.routes["/bbc/3"] = Response(status=500, body=b"oops")  # one dead link: noise
        settings = settings_for(
            {"rt": [srv.url("/rt.xml")], "bbc": [srv.url("/bbc.xml")]}, tmp_path, db_url
        )
        assert run_ingest(settings).status == "partial"
        report = collect_status(settings)
        assert {f["state"] for f in report["feeds"]} == {"ok"}
        pages = {row["outlet"]: row for row in report["articles"]}
        assert (pages["rt"]["fetched"], pages["rt"]["failed"]) == (3, 3)
        assert pages["rt"]["reasons"] == {"http_500": 3}
        assert (pages["bbc"]["fetched"], pages["bbc"]["failed"]) == (4, 1)
        assert pages["bbc"]["problems"] == [] and pages["bbc"]["examples"]
        [attention] = report["attention"]
        assert attention.startswith("articles of rt: 3 of 3 article pages fetched since ")
        assert "(http_500 3)" in attention and srv.url("/rt/0") in attention
        text = render_status(report)
        assert "!! rt         3 fetched, 3 gave no text (http_500 3), 0 only the feed" in text
        assert "   bbc        4 fetched, 1 gave no text (http_500 1), 0 only the feed" in text

        # rt's pages come back: the retry stores them and the outlet is healthy again
        for n in range(3):
            srv.routes[f"/rt/{n}"] = page(article_html(f"RT story {n}", seed=30 + n))
        engine = make_engine(db_url)
        with session_factory(engine).begin() as session:  # the failed pages' retry is due
            session.execute(update(Article).values(lease_until=None))
        engine.dispose()
        run_ingest(settings)
    report = collect_status(settings)
    pages = {row["outlet"]: row for row in report["articles"]}
    assert (pages["rt"]["fetched"], pages["rt"]["failed"]) == (3, 0)
    assert report["attention"] == []


def test_an_outlet_left_with_feed_summaries_only_needs_attention(
    db_url: str, tmp_path: Path
) -> None:
    """A changed layout: each page gives a few words, each article falls back to its feed
    summary, the run is `ok` and exits 0. Status says the outlet stored no text of its own."""
    short = b"<html><head><title>Video</title></head><body><p>Watch the clip.</p></body></html>"
    with serve() as srv:
        srv.routes["/rt.xml"] = feed(rss([(f"RT {n}", srv.url(f"/rt/{n}")) for n in range(3)]))
        for n in range(3):
            srv.routes[f"/rt/{n}"] = page(short)
        settings = settings_for({"rt": [srv.url("/rt.xml")]}, tmp_path, db_url)
        summary = run_ingest(settings)
    assert summary.status == "ok" and summary.counts["summary_only"] == 3
    report = collect_status(settings)
    [pages] = report["articles"]
    assert (pages["fetched"], pages["failed"], pages["summary_only"]) == (3, 0, 3)
    [attention] = report["attention"]
    assert "3 of 3 article pages fetched since" in attention
    assert "gave no text of their own (feed summary only 3)" in attention
    assert f"{srv.url('/rt/0')}: only the feed summary" in attention


def test_pages_too_short_with_no_feed_summary_fail_the_run_and_need_attention(
    db_url: str, tmp_path: Path
) -> None:
    """The same changed layout under a feed that gives no summary (as a news sitemap): each
    page's few words are a failed extraction, never a stored version, the run is `partial`
    and status names the outlet (before: the stubs were stored, the run `ok`, status quiet)."""
    short = b"<html><head><title>Video</title></head><body><p>Watch the clip.</p></body></html>"
    with serve() as srv:
        items = "".join(
            f"<item><title>RT {n}</title><link>{srv.url(f'/rt/{n}')}</link></item>"
            for n in range(3)
        )
        srv.routes["/rt.xml"] = feed(
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>RT</title>'
            + items.encode()
            + b"</channel></rss>"
        )
        for n in range(3):
            srv.routes[f"/rt/{n}"] = page(short)
        settings = settings_for({"rt": [srv.url("/rt.xml")]}, tmp_path, db_url)
        summary = run_ingest(settings)
    assert summary.status == "partial" and summary.counts.get("versions", 0) == 0
    assert summary.counts["pages_failed"] == 3
    said = f"article {srv.url('/rt/0')}: too short: 3 words < min_words 40 [too_short]"
    assert said in summary.failures
    report = collect_status(settings)
    [pages] = report["articles"]
    assert (pages["fetched"], pages["failed"], pages["reasons"]) == (3, 3, {"too_short": 3})
    assert any(item.startswith("articles of rt: 3 of 3") for item in report["attention"])


def _documented_keys(section: str) -> set[str]:
    """The keys listed in the table under ``### <section>`` of docs/status.md."""
    text = (REPO / "docs" / "status.md").read_text(encoding="utf-8")
    match = re.search(rf"^### {re.escape(section)}\n(.*?)(?=^#)", text, re.S | re.M)
    assert match, f"docs/status.md has no '### {section}' section"
    return set(re.findall(r"^\| `([a-z_]+)` \|", match.group(1), re.M))


def test_status_json_has_exactly_the_documented_keys(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        srv.routes["/bad"] = Response(status=500, body=b"oops")
        srv.routes["/good"] = feed(rss([("One", srv.url("/a"))]))
        srv.routes["/a"] = page(article_html("One story", seed=3))
        settings = settings_for({"bbc": [srv.url("/good"), srv.url("/bad")]}, tmp_path, db_url)
        run_ingest(settings)
    config = tmp_path / "feeds.yaml"
    config.write_text(
        json.dumps(
            {
                "settings": {"lock_dir": str(tmp_path / "locks")},
                "outlets": {"bbc": {"feeds": [{"url": "http://127.0.0.1:9/rss"}]}},
            }
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["--config", str(config), "status", "--format", "json"],
        env={"AGGREGATOR_DATABASE_URL": db_url},
    )
    assert result.exit_code == 1, result.output  # a failed feed needs attention
    report = json.loads(result.output)
    assert set(report) == _documented_keys("The report")
    assert report["feeds"] and report["runs"]
    for item in report["feeds"]:
        assert set(item) == _documented_keys("A feed")
    for item in report["runs"]:
        assert set(item) == _documented_keys("A run")
    assert report["articles"]
    for item in report["articles"]:
        assert set(item) == _documented_keys("An outlet's article pages")
    types = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict}
    sections = (
        ("A feed", report["feeds"]),
        ("A run", report["runs"]),
        ("An outlet's article pages", report["articles"]),
    )
    for section, items in sections:
        text = (REPO / "docs" / "status.md").read_text(encoding="utf-8")
        block = text.split(f"### {section}\n", 1)[1].split("\n#", 1)[0]
        for key, kind in re.findall(r"^\| `([a-z_]+)` \| ([a-z ]+?) \|", block, re.M):
            allowed = tuple(
                type(None) if k == "null" else types[k] for k in kind.strip().split(" or ")
            )
            for item in items:
                assert isinstance(item[key], allowed), (section, key, item[key])


def test_a_database_nothing_was_ever_fetched_into_needs_attention(
    db_url: str, tmp_path: Path
) -> None:
    """A fresh install whose cron never runs: `status` said "feeds:" and "runs:" with nothing
    under them and exited 0, every morning, forever."""
    env = {"AGGREGATOR_DATABASE_URL": db_url}
    fresh = CliRunner().invoke(cli, ["status"], env=env)
    assert fresh.exit_code == 1, fresh.output
    assert "feeds: none yet" in fresh.output
    assert "no ingest run recorded yet: nothing has been fetched" in fresh.output
    with serve() as srv:
        srv.routes["/rss"] = feed(rss([("One", srv.url("/a"))]))
        srv.routes["/a"] = page(article_html("One story", seed=3))
        run_ingest(settings_for({"bbc": [srv.url("/rss")]}, tmp_path, db_url))
    healthy = CliRunner().invoke(cli, ["status"], env=env)
    assert healthy.exit_code == 0, healthy.output
    assert "no ingest run" not in healthy.output
