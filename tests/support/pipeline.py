"""Small feeds and pages written for the pipeline tests (our own text), served by a test server."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from aggregator.config import Settings, parse_settings
from tests.support.http import Response

WORDS = (
    "The ministers met in the capital on Tuesday to discuss grain shipments across the sea "
    "and agreed that inspections would resume within a week while officials drafted a joint "
    "statement on insurance for the vessels and the ports that would receive them."
).split()


def article_html(
    title: str,
    *,
    seed: int,
    canonical: str | None = None,
    published: str = "2026-03-02T09:30:00Z",
    paragraphs: int = 5,
) -> bytes:
    """A plain news page with JSON-LD, enough paragraphs to pass min_words."""
    paras = []
    for p in range(paragraphs):
        start = (seed * 7 + p * 5) % len(WORDS)
        words = [WORDS[(start + i) % len(WORDS)] for i in range(28)]
        paras.append(f"<p>{' '.join(words).capitalize()} (story {seed}, paragraph {p}).</p>")
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title>{link}
<meta property="og:title" content="{title}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}",
"datePublished": "{published}", "author": {{"@type": "Person", "name": "A. Writer"}}}}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>{"".join(paras)}</article>
<footer>Copyright the test outlet</footer></body></html>""".encode()


def rss(items: list[tuple[str, str]], *, title: str = "Test feed") -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<description>Summary of {t}.</description>"
        f"<pubDate>Mon, 02 Mar 2026 09:30:00 GMT</pubDate></item>"
        for t, link in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.org/</link>"
        f"<description>d</description>{body}</channel></rss>"
    ).encode()


def page(body: bytes, **kw: Any) -> Response:
    return Response(body=body, content_type="text/html; charset=utf-8", **kw)


def feed(body: bytes, **kw: Any) -> Response:
    return Response(body=body, content_type="application/rss+xml; charset=utf-8", **kw)


def gzipped_truncated(body: bytes) -> Response:
    data = gzip.compress(body)[:-30]
    return Response(body=data, content_type="text/html", headers=(("Content-Encoding", "gzip"),))


def settings_for(
    outlets: dict[str, list[str]], tmp: Path, db_url: str, **overrides: Any
) -> Settings:
    """Settings with one outlet per key, feeds as given; fast timeouts for tests."""
    doc: dict[str, Any] = {
        "settings": {
            "timeout_s": 2.0,
            "total_timeout_s": 3.0,
            "retries": 1,
            "backoff_s": 0.01,
            "min_delay_s": 0.0,
            "archive_dir": str(tmp / "warc"),
            "min_words": 40,
            "lock_dir": str(tmp / "locks"),
            "obey_robots": True,
            **overrides,
        },
        "outlets": {
            slug: {
                "allow_private": True,
                "min_delay_s": 0.0,
                "concurrency": 2,
                "feeds": [{"url": u} for u in urls],
            }
            for slug, urls in outlets.items()
        },
    }
    return parse_settings(doc, source="test-feeds.yaml", env={"AGGREGATOR_DATABASE_URL": db_url})


def event_rows(db_url: str, field: str = "url_key") -> list[tuple[Any, str]]:
    """(the article's ``field``, its event key) for every article in an event, as stored."""
    from sqlalchemy import select

    from aggregator.store.models import Article, Event, EventArticle
    from aggregator.store.session import make_engine, session_factory

    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        rows = session.execute(
            select(getattr(Article, field), Event.key)
            .join(EventArticle, EventArticle.article_id == Article.id)
            .join(Event, Event.id == EventArticle.event_id)
        ).all()
    engine.dispose()
    return [(value, key) for value, key in rows]
