"""Stored versions with their full text -> ``TextRow`` records for the `texts` export.

Streams in constant memory: articles are read in keyset pages of ``batch`` ids, and for each
page only the plain columns of its versions (no ORM objects, so nothing piles up in the
session), current versions only unless ``all_versions``. Filters as for the `articles` export.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from aggregator.rows import Selection, TextRow
from aggregator.store.models import Article, ArticleVersion, Event, EventArticle, Outlet
from aggregator.store.reads import article_conditions


def iter_text_rows(
    session: Session, selection: Selection, *, all_versions: bool = False, batch: int = 500
) -> Iterator[TextRow]:
    """Each selected article's current version (or every version, oldest first), by article id."""
    last_id = 0
    while True:
        ids = list(
            session.scalars(
                select(Article.id)
                .join(Outlet, Outlet.id == Article.outlet_id)
                .outerjoin(EventArticle, EventArticle.article_id == Article.id)
                .outerjoin(Event, Event.id == EventArticle.event_id)
                .where(Article.id > last_id, Article.version_count > 0)
                .where(*article_conditions(selection))
                .order_by(Article.id)
                .limit(batch)
            )
        )
        if not ids:
            return
        version_join = (
            ArticleVersion.article_id == Article.id
            if all_versions
            else ArticleVersion.id == Article.current_version_id
        )
        stmt = (
            select(
                Article.id,
                Article.external_id,
                Outlet.slug,
                Event.key,
                Article.url,
                Article.language,
                Article.published_at,
                ArticleVersion.version_no,
                ArticleVersion.id == Article.current_version_id,
                ArticleVersion.captured_at,
                ArticleVersion.title,
                ArticleVersion.text,
                ArticleVersion.word_count,
                ArticleVersion.content_sha256,
                ArticleVersion.warc_file,
                ArticleVersion.warc_offset,
                ArticleVersion.warc_record_id,
                ArticleVersion.extractor_change,
            )
            .join(Outlet, Outlet.id == Article.outlet_id)
            .join(ArticleVersion, version_join)
            .outerjoin(EventArticle, EventArticle.article_id == Article.id)
            .outerjoin(Event, Event.id == EventArticle.event_id)
            .where(Article.id.in_(ids))
            .order_by(Article.id, ArticleVersion.version_no)
        )
        for row in session.execute(stmt):
            (aid, external, slug, key, url, language, published, no, current, *rest) = row
            at, title, text, words, sha, warc_file, offset, record, change = rest
            yield TextRow(
                aid, external, slug, key, url, language, published, no, bool(current),
                at, title, text, words, sha, warc_file, offset, record, change,
            )  # fmt: skip
        last_id = ids[-1]
