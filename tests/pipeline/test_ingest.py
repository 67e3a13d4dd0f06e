"""Ingest end to end against real HTTP servers on 127.0.0.1 and a real database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from aggregator.fetch.replay import iter_responses
from aggregator.pipeline import run_ingest
from aggregator.store.models import Article, ArticleVersion, Feed, FetchLog, Run
from aggregator.store.session import make_engine, session_factory
from tests.support.http import Response, hang, reset, serve
from tests.support.pipeline import (
    article_html,
    feed,
    gzipped_truncated,
    page,
    rss,
    settings_for,
)


def _count(db_url: str, model: type) -> int:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        n: int = session.execute(select(func.count()).select_from(model)).scalar_one()
    engine.dispose()
    return n


def test_ingest_stores_articles_once_and_reruns_idempotently(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        a1, a2 = srv.url("/news/one"), srv.url("/news/two")
        srv.routes.update(
            {
                "/rss": feed(
                    rss([("One", a1 + "?utm_source=rss&amp;utm_medium=rss"), ("Two", a2)]),
                    headers=(("ETag", '"v1"'),),
                ),
                "/world/rss": feed(rss([("One again", a1)])),
                "/news/one": page(article_html("Grain deal agreed", seed=1)),
                "/news/two": page(article_html("Ports reopen", seed=2)),
            }
        )
        settings = settings_for(
            {"guardian": [srv.url("/rss"), srv.url("/world/rss")]}, tmp_path, db_url
        )
        first = run_ingest(settings)
        assert first.ok, first.failures
        assert first.counts["articles_new"] == 2
        assert first.counts["versions"] == 2
        assert _count(db_url, Article) == 2
        # same URL with tracking parameters, from two feeds: one article, fetched once
        assert len(srv.requests_for("/news/one")) == 1
        second = run_ingest(settings)
        assert second.ok
        assert second.counts.get("articles_new", 0) == 0
        assert second.counts.get("versions", 0) == 0
        assert _count(db_url, Article) == 2
        assert _count(db_url, ArticleVersion) == 2
        # conditional GET on the rerun
        assert srv.requests_for("/rss")[-1].header("if-none-match") == '"v1"'
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        versions = session.scalars(select(ArticleVersion)).all()
        assert all(v.warc_file and v.warc_record_id for v in versions)
        assert {a.title for a in session.scalars(select(Article))} == {
            "Grain deal agreed",
            "Ports reopen",
        }
        runs = session.scalars(select(Run).order_by(Run.id)).all()
        assert [r.status for r in runs] == ["ok", "ok"]
    engine.dispose()
    archived = {r.url for r in iter_responses(tmp_path / "warc")}
    assert {a1, a2} <= archived


def test_faults_are_recorded_and_the_rest_of_the_run_goes_on(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        good, gone, slow, broken, resetting = (
            srv.url(p) for p in ("/a/good", "/a/gone", "/a/slow", "/a/gz", "/a/rst")
        )
        srv.routes.update(
            {
                "/ok.rss": feed(
                    rss(
                        [
                            ("Good", good),
                            ("Gone", gone),
                            ("Slow", slow),
                            ("Broken", broken),
                            ("Reset", resetting),
                        ]
                    )
                ),
                "/html.rss": page(b"<html><body><h1>Welcome</h1><p>Not a feed.</p></body></html>"),
                "/down.rss": Response(status=500, body=b"oops"),
                "/a/good": page(article_html("Good story", seed=3)),
                "/a/gone": Response(status=410, body=b"gone"),
                "/a/slow": hang,
                "/a/gz": gzipped_truncated(article_html("Broken gzip", seed=4)),
                "/a/rst": reset,
            }
        )
        settings = settings_for(
            {"bbc": [srv.url("/ok.rss"), srv.url("/html.rss"), srv.url("/down.rss")]},
            tmp_path,
            db_url,
        )
        summary = run_ingest(settings)
    assert not summary.ok
    text = "\n".join(summary.failures)
    for needle in ("/html.rss", "/down.rss", "/a/gone", "/a/slow", "/a/gz", "/a/rst"):
        assert needle in text, f"{needle} not reported: {text}"
    assert "/a/good" not in text
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        statuses = {
            a.url.rsplit("/", 1)[-1]: (a.status, a.last_error_reason)
            for a in session.scalars(select(Article))
            if a.url
        }
        assert statuses["good"] == ("extracted", None)
        assert statuses["gone"][0] == "failed" and "410" in (statuses["gone"][1] or "")
        assert statuses["slow"] == ("failed", "timeout")
        feeds = {f.url.rsplit("/", 1)[-1]: f for f in session.scalars(select(Feed))}
        assert feeds["html.rss"].consecutive_failures == 1
        assert feeds["html.rss"].last_error_reason == "html_not_feed"
        assert feeds["down.rss"].last_error_reason is not None
        assert feeds["ok.rss"].consecutive_failures == 0
        failed_logs = session.execute(
            select(func.count()).select_from(FetchLog).where(FetchLog.ok.is_(False))
        ).scalar_one()
        assert failed_logs == 6
    engine.dispose()


def test_rel_canonical_merges_two_urls_of_one_story(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        canonical = srv.url("/story")
        srv.routes.update(
            {
                "/rss": feed(
                    rss([("Story", srv.url("/story")), ("Story AMP", srv.url("/amp-story"))])
                ),
                "/story": page(article_html("Story", seed=5, canonical=canonical)),
                "/amp-story": page(article_html("Story", seed=5, canonical=canonical)),
            }
        )
        settings = settings_for({"rt": [srv.url("/rss")]}, tmp_path, db_url)
        summary = run_ingest(settings)
    assert summary.ok, summary.failures
    assert _count(db_url, Article) == 1
    assert _count(db_url, ArticleVersion) == 1


def test_news_sitemap_index_is_followed_to_its_children(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        index = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{srv.url('/sitemaps/news-1.xml')}</loc>"
            "<lastmod>2026-03-02T10:00:00Z</lastmod></sitemap></sitemapindex>"
        ).encode()
        child = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"<url><loc>{srv.url('/world/2026/mar/02/talks')}</loc><news:news>"
            "<news:publication><news:name>Test</news:name><news:language>en</news:language>"
            "</news:publication><news:publication_date>2026-03-02T09:00:00Z"
            "</news:publication_date><news:title>Talks resume</news:title></news:news></url>"
            "</urlset>"
        ).encode()
        srv.routes.update(
            {
                "/sitemaps/news.xml": Response(body=index, content_type="application/xml"),
                "/sitemaps/news-1.xml": Response(body=child, content_type="application/xml"),
                "/world/2026/mar/02/talks": page(article_html("Talks resume", seed=9)),
            }
        )
        settings = settings_for({"guardian": [srv.url("/sitemaps/news.xml")]}, tmp_path, db_url)
        summary = run_ingest(settings)
    assert summary.ok, summary.failures
    assert summary.counts["articles_new"] == 1
    assert summary.counts["versions"] == 1
    assert _count(db_url, Article) == 1


def test_large_run_extracts_in_worker_processes(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'many.sqlite'}"
    from aggregator.store.session import upgrade_database

    upgrade_database(make_engine(db_url))
    count = 45
    with serve() as srv:
        links = [(f"Story {i}", srv.url(f"/story/{i}")) for i in range(count)]
        srv.routes["/rss"] = feed(rss(links))
        for i in range(count):
            srv.routes[f"/story/{i}"] = page(article_html(f"Story number {i}", seed=i))
        srv.routes["/story/7"] = page(b"<html><body><p>too short</p></body></html>")
        settings = settings_for({"bbc": [srv.url("/rss")]}, tmp_path, db_url, extract_processes=2)
        summary = run_ingest(settings)
    assert summary.counts["pages"] == count
    # the short page falls back to the feed summary (summary-only), nothing is lost
    assert summary.counts["versions"] == count
    assert summary.counts["summary_only"] == 1
    assert _count(db_url, ArticleVersion) == count


RUSSIAN = (
    "Министр иностранных дел провёл переговоры с коллегой в столице во вторник и обсудил "
    "поставки зерна через море, а также договорился о возобновлении инспекций судов в портах"
)


def test_page_decoded_by_the_charset_of_its_content_type_header(
    db_url: str, tmp_path: Path
) -> None:
    """A windows-1251 page with no <meta charset>: only the HTTP header names its encoding,
    and the stored text must be the Russian the page holds, not mojibake."""
    paragraphs = "".join(f"<p>{RUSSIAN} (абзац {n}).</p>" for n in range(5))
    html = (
        '<!doctype html><html lang="ru"><head><title>Переговоры о зерне</title></head>'
        f"<body><article><h1>Переговоры о зерне</h1>{paragraphs}</article></body></html>"
    ).encode("windows-1251")
    with serve() as srv:
        srv.routes.update(
            {
                "/rss": feed(rss([("Переговоры о зерне", srv.url("/ru/story"))])),
                "/ru/story": Response(body=html, content_type="text/html; charset=windows-1251"),
            }
        )
        summary = run_ingest(settings_for({"mid": [srv.url("/rss")]}, tmp_path, db_url))
    assert summary.ok, summary.failures
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            version = session.scalars(select(ArticleVersion)).one()
    finally:
        engine.dispose()
    assert "Министр иностранных дел провёл переговоры" in version.text
    assert "\ufffd" not in version.text
