"""Keyset-paged readers for exports, comparison and reports: stored articles, events, versions
and history, streamed in id order in batches, as frozen records (``rows``). Reads only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, ScalarSelect, case, func, select
from sqlalchemy.orm import Session, aliased

from aggregator.records import CompareArticle, HistoryItem, VersionText
from aggregator.rows import (
    ArticleRow,
    ArticleVersions,
    EventArticles,
    EventRow,
    EventStats,
    Selection,
)
from aggregator.store.models import (
    Article,
    ArticleHistory,
    ArticleVersion,
    Event,
    EventArticle,
    Outlet,
)
from aggregator.store.translations import translation_originals


def article_conditions(selection: Selection) -> list[ColumnElement[bool]]:
    """The WHERE conditions of the selected articles (the query joins Outlet and, outer, Event)."""
    conditions: list[ColumnElement[bool]] = []
    if selection.since is not None:
        conditions.append(Article.published_at >= selection.since)
    if selection.until is not None:
        conditions.append(Article.published_at < selection.until)
    if selection.outlets:
        conditions.append(Outlet.slug.in_(selection.outlets))
    if selection.event_keys:
        conditions.append(Event.key.in_(selection.event_keys))
    if selection.min_outlets:  # the articles of the events that many outlets cover
        conditions.append(Event.outlet_count >= selection.min_outlets)
    return conditions


def iter_article_rows(
    session: Session, selection: Selection, *, batch: int = 1000
) -> Iterator[ArticleRow]:
    """Articles joined with outlet, current version and event, streamed in id order."""
    originals = translation_originals(session)
    last_id = 0
    while True:
        stmt = (
            select(Article, Outlet.slug, ArticleVersion, Event.key, first_title(), version_count())
            .join(Outlet, Outlet.id == Article.outlet_id)
            .outerjoin(ArticleVersion, ArticleVersion.id == Article.current_version_id)
            .outerjoin(EventArticle, EventArticle.article_id == Article.id)
            .outerjoin(Event, Event.id == EventArticle.event_id)
            .where(Article.id > last_id)
            .order_by(Article.id)
            .limit(batch)
        )
        rows = session.execute(stmt.where(*article_conditions(selection))).all()
        if not rows:
            return
        for article, slug, version, event_key, first, count in rows:
            translated = originals.get(article.id)
            yield _article_row(article, slug, version, event_key, translated, first, count)
        last_id = rows[-1][0].id
        session.expunge_all()


def first_title() -> ScalarSelect[str]:
    """The title of an article's first captured page (a correlated subquery on Article)."""
    first = aliased(ArticleVersion)
    # the newest reading of the first capture: a ``reextracted`` version is captured when the
    # version it re-reads was (a newer extractor's title of the same page is not an edit)
    return (
        select(first.title)
        .where(first.article_id == Article.id)
        .order_by(first.captured_at, first.version_no.desc())
        .limit(1)
        .correlate(Article)
        .scalar_subquery()
    )


def version_count() -> ColumnElement[int]:
    """An article's versions as the outlet published them: its stored versions but those our
    newer extractor made (``extractor_change`` set, no edit: see ``compare.revisions``)."""
    own = aliased(ArticleVersion)
    counted = (
        select(func.count())
        .where(own.article_id == Article.id, own.extractor_change.is_(None))
        .correlate(Article)
        .scalar_subquery()
    )
    return case((Article.version_count > 1, counted), else_=Article.version_count)


def _article_row(
    article: Article,
    outlet: str,
    version: ArticleVersion | None,
    event_key: str | None,
    translation_of: int | None,
    first_title: str | None = None,
    versions: int | None = None,
) -> ArticleRow:
    return ArticleRow(
        article_id=article.id,
        external_id=article.external_id,
        outlet=outlet,
        url=article.url,
        title=article.title,
        published=article.published_at,
        modified=article.modified_at,
        first_seen=article.first_seen_at,
        language=article.language,
        section=article.section,
        authors=tuple(article.authors or ()),
        word_count=article.word_count,
        status=article.status,
        summary_only=article.summary_only,
        event_id=event_key,
        translation_of=translation_of,
        version_count=article.version_count if versions is None else versions,
        content_sha256=version.content_sha256 if version else None,
        method=version.method if version else None,
        extractor_version=version.extractor_version if version else None,
        warc_file=version.warc_file if version else None,
        warc_record_id=version.warc_record_id if version else None,
        lede=version.lede if version else None,
        first_title=first_title,
        published_source=article.published_source,
    )


def _event_batches(session: Session, selection: Selection, batch: int) -> Iterator[list[Event]]:
    """The selected events, in id order, one batch at a time (keyset paging; the session is
    emptied between batches so memory stays flat)."""
    last_id = 0
    while True:
        stmt = select(Event).where(Event.id > last_id).order_by(Event.id).limit(batch)
        if selection.since is not None:
            stmt = stmt.where(Event.last_published_at >= selection.since)
        if selection.until is not None:
            stmt = stmt.where(Event.first_published_at < selection.until)
        if selection.min_outlets:
            stmt = stmt.where(Event.outlet_count >= selection.min_outlets)
        if selection.event_keys:
            stmt = stmt.where(Event.key.in_(selection.event_keys))
        events = session.scalars(stmt).all()
        if not events:
            return
        outlets = set(selection.outlets)
        wanted = [e for e in events if not outlets or outlets & set(e.outlets or ())]
        if wanted:
            yield wanted
        last_id = events[-1].id
        session.expunge_all()


def iter_event_rows(
    session: Session, selection: Selection, *, batch: int = 1000
) -> Iterator[EventRow]:
    """Events in id order, streamed."""
    for events in _event_batches(session, selection, batch):
        for event in events:
            yield EventRow(
                event_id=event.key,
                label=event.label,
                top_terms=tuple(event.top_terms or ()),
                first_published=event.first_published_at,
                last_published=event.last_published_at,
                article_count=event.article_count,
                outlet_count=event.outlet_count,
                outlets=tuple(event.outlets or ()),
            )


def event_stats(session: Session, keys: Sequence[str]) -> dict[str, EventStats]:
    """Size, outlets, time span and earliest headline of each event, from its members."""
    out: dict[str, EventStats] = {}
    when = func.coalesce(Article.published_at, Article.first_seen_at)
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        rows = session.execute(
            select(Event.key, Outlet.slug, when, Article.title, Article.id)
            .join(EventArticle, EventArticle.event_id == Event.id)
            .join(Article, Article.id == EventArticle.article_id)
            .join(Outlet, Outlet.id == Article.outlet_id)
            .where(Event.key.in_(chunk))
            .order_by(Event.key, when, Article.id)
        ).all()
        grouped: dict[str, list[tuple[str, datetime | None, str]]] = {}
        for key, slug, moment, title, _ in rows:
            grouped.setdefault(key, []).append((slug, moment, title))
        for key, members in grouped.items():
            times = [m for _, m, _ in members if m is not None]
            out[key] = EventStats(
                count=len(members),
                outlets=tuple(sorted({slug for slug, _, _ in members})),
                first=min(times) if times else None,
                last=max(times) if times else None,
                first_title=members[0][2] or "",
            )
    return out


def iter_events_with_articles(
    session: Session, selection: Selection, *, batch: int = 200
) -> Iterator[EventArticles]:
    """Events (id order, streamed in batches) with their articles' current versions."""
    for events in _event_batches(session, selection, batch):
        ids = [e.id for e in events]
        rows = session.execute(
            select(
                EventArticle.event_id,
                Article,
                Outlet.slug,
                ArticleVersion,
                first_title(),
                version_count(),
            )
            .join(Article, Article.id == EventArticle.article_id)
            .join(Outlet, Outlet.id == Article.outlet_id)
            .outerjoin(ArticleVersion, ArticleVersion.id == Article.current_version_id)
            .where(EventArticle.event_id.in_(ids))
            .order_by(EventArticle.event_id, Article.published_at, Article.id)
        ).all()
        originals = translation_originals(session, [row[1].id for row in rows])
        grouped: dict[int, list[CompareArticle]] = {}
        for event_id, article, slug, version, first, count in rows:
            grouped.setdefault(event_id, []).append(
                CompareArticle(
                    article_id=article.id,
                    outlet=slug,
                    url=article.url,
                    title=article.title,
                    lede=version.lede if version else "",
                    text=version.text if version else (article.feed_summary or ""),
                    published=article.published_at,
                    modified=article.modified_at,
                    section=article.section,
                    authors=tuple(article.authors or ()),
                    word_count=article.word_count,
                    summary_only=article.summary_only or version is None,
                    version_count=count,
                    language=article.language,
                    first_title=first or "",
                    published_source=article.published_source,
                    first_seen=article.first_seen_at,
                    external_id=article.external_id,
                    translation_of=originals.get(article.id),
                )
            )
        for event in events:
            yield EventArticles(event.key, event.label, tuple(grouped.get(event.id, ())))


def iter_corpus_texts(session: Session, *, limit: int = 20000) -> Iterator[str]:
    """Titles and texts of the newest current versions: the background corpus of the term prior."""
    stmt = (
        select(ArticleVersion.title, ArticleVersion.text)
        .join(Article, Article.current_version_id == ArticleVersion.id)
        .order_by(Article.id.desc())
        .limit(limit)
        .execution_options(yield_per=500)
    )
    for title, text_ in session.execute(stmt):
        yield f"{title}\n{text_}"


def iter_versions(
    session: Session, selection: Selection, *, batch: int = 500
) -> Iterator[ArticleVersions]:
    """Articles with two or more versions (or a history), with all their versions in order and
    their deletions and moves."""
    last_id = 0
    while True:
        stmt = (
            select(Article, Outlet.slug, Event.key)
            .join(Outlet, Outlet.id == Article.outlet_id)
            .outerjoin(EventArticle, EventArticle.article_id == Article.id)
            .outerjoin(Event, Event.id == EventArticle.event_id)
            .where(Article.id > last_id)
            .where((Article.version_count > 1) | (Article.gone_at.is_not(None)))
            .order_by(Article.id)
            .limit(batch)
        )
        rows = session.execute(stmt.where(*article_conditions(selection))).all()
        if not rows:
            return
        ids = [row[0].id for row in rows]
        versions, history = versions_of(session, ids), history_of(session, ids)
        for article, slug, key in rows:
            yield ArticleVersions(
                article_id=article.id,
                url=article.url,
                outlet=slug,
                event_id=key,
                versions=tuple(versions.get(article.id, ())),
                history=tuple(history.get(article.id, ())),
            )
        last_id = rows[-1][0].id
        session.expunge_all()


def versions_of(session: Session, article_ids: Sequence[int]) -> dict[int, list[VersionText]]:
    """Every stored version of these articles, oldest first."""
    out: dict[int, list[VersionText]] = {}
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        for aid, no, at, title, text_, change in session.execute(
            select(
                ArticleVersion.article_id,
                ArticleVersion.version_no,
                ArticleVersion.captured_at,
                ArticleVersion.title,
                ArticleVersion.text,
                ArticleVersion.extractor_change,
            )
            .where(ArticleVersion.article_id.in_(chunk))
            .order_by(ArticleVersion.article_id, ArticleVersion.version_no)
        ):
            out.setdefault(aid, []).append(VersionText(no, at, title, text_, change))
    return out


def history_of(session: Session, article_ids: Sequence[int]) -> dict[int, list[HistoryItem]]:
    """What revisits found of these articles (deleted, moved, ...), oldest first."""
    out: dict[int, list[HistoryItem]] = {}
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        for item in session.scalars(
            select(ArticleHistory)
            .where(ArticleHistory.article_id.in_(chunk))
            .order_by(ArticleHistory.article_id, ArticleHistory.at, ArticleHistory.id)
        ):
            out.setdefault(item.article_id, []).append(HistoryItem(item.at, item.kind, item.detail))
    return out


def outlet_slugs(session: Session) -> list[str]:
    """The slugs of every stored outlet, sorted: what an ``--outlet`` filter may name."""
    return list(session.scalars(select(Outlet.slug).order_by(Outlet.slug)))


def outlet_names(session: Session) -> dict[str, tuple[str, ...]]:
    """Each stored outlet's slug -> the names of the outlet itself: its name, then its aliases."""
    rows = session.execute(select(Outlet.slug, Outlet.name, Outlet.aliases))
    return {slug: (name, *filter(None, aliases.split("\n"))) for slug, name, aliases in rows}


def unknown_event_keys(session: Session, keys: Sequence[str]) -> list[str]:
    """The ``keys`` (in the order given) that name no stored event."""
    found = set(session.scalars(select(Event.key).where(Event.key.in_(list(keys)))))
    return [key for key in keys if key not in found]


def latest_event_keys(session: Session, limit: int = 10) -> list[str]:
    """The keys of the ``limit`` most recently created events, newest first."""
    return list(session.scalars(select(Event.key).order_by(Event.id.desc()).limit(limit)))
