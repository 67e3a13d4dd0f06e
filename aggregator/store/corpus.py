"""Imported rows -> articles with their versions, a batch at a time. Takes the validated rows
of a researcher's file with their extractions; returns what became of each row. Touches
outlets, articles, article_urls and article_versions.

A batch costs a handful of statements whatever its size (one lookup of the known ids, one of
the taken URLs, then one multi-row INSERT each for articles, URLs and versions, and one
executemany UPDATE); only a row whose article exists with other text goes through
``store_version`` on its own, as any new version does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from aggregator.records import Extraction, ImportRow, utcnow
from aggregator.store.articles import store_version
from aggregator.store.feeds import get_or_create_outlet
from aggregator.store.models import Article, ArticleURL, ArticleVersion
from aggregator.store.session import dialect_insert

IMPORTED = "imported"  # a new article with its first version
NEW_VERSION = "new_versions"  # a known article (outlet and id) with other text
UNCHANGED = "unchanged"  # a known article with the same text, or a URL another article has


def import_outlets(session: Session, names: Mapping[str, str]) -> dict[str, int]:
    """The id of each outlet slug in ``names`` (slug -> the name as the file gave it); a new
    outlet is created with that name."""
    return {slug: get_or_create_outlet(session, slug, name) for slug, name in names.items()}


def import_url_key(row: ImportRow) -> str:
    """The article key of an imported row: its URL, else ``import:<outlet>:<id>``."""
    return row.url or f"import:{row.outlet}:{row.external_id}"


def _known(
    session: Session, rows: Sequence[tuple[ImportRow, Extraction]], outlet_ids: Mapping[str, int]
) -> dict[tuple[int, str], tuple[int, str | None]]:
    """(outlet id, external id) -> (article id, current version's hash) of the rows' articles."""
    wanted: dict[int, set[str]] = defaultdict(set)
    for row, _ in rows:
        wanted[outlet_ids[row.outlet]].add(row.external_id)
    known: dict[tuple[int, str], tuple[int, str | None]] = {}
    for outlet_id, external_ids in wanted.items():
        found = session.execute(
            select(Article.external_id, Article.id, ArticleVersion.content_sha256)
            .outerjoin(ArticleVersion, ArticleVersion.id == Article.current_version_id)
            .where(Article.outlet_id == outlet_id, Article.external_id.in_(external_ids))
        )
        for external_id, article_id, digest in found:
            known[(outlet_id, str(external_id))] = (article_id, digest)
    return known


def import_articles(
    session: Session,
    rows: Sequence[tuple[ImportRow, Extraction]],
    outlet_ids: Mapping[str, int],
) -> list[str]:
    """Store a batch of imported rows (no two with the same outlet and id, or the same URL);
    ``outlet_ids`` maps each row's outlet slug to its id. Returns each row's outcome:
    ``IMPORTED``, ``NEW_VERSION`` or ``UNCHANGED``."""
    now = utcnow()
    outcomes = [UNCHANGED] * len(rows)
    known = _known(session, rows, outlet_ids)
    fresh: list[int] = []
    for i, (row, extraction) in enumerate(rows):
        found = known.get((outlet_ids[row.outlet], row.external_id))
        if found is None:
            fresh.append(i)
        elif found[1] != extraction.content_sha256:
            new = store_version(
                session,
                found[0],
                extraction,
                captured_at=now,
                result=None,
                pointer=None,
                source="import",
            )
            outcomes[i] = NEW_VERSION if new else UNCHANGED
    keys = {i: import_url_key(rows[i][0]) for i in fresh}
    if not keys:
        return outcomes
    taken = set(
        session.execute(
            select(ArticleURL.url).where(ArticleURL.url.in_(set(keys.values())))
        ).scalars()
    )
    fresh = [i for i in fresh if keys[i] not in taken]
    if not fresh:
        return outcomes
    words = {i: rows[i][1].word_count for i in fresh}  # counted once, used twice
    # Core inserts of the tables, without RETURNING: the ORM's bulk insert goes one row a
    # statement when it must return rows in order (SQLite), and starts a new statement at
    # each change in which columns are None. The keys were checked free in this transaction.
    session.execute(
        insert(Article.metadata.tables[Article.__tablename__]),
        [
            _article_values(rows[i][0], rows[i][1], outlet_ids, keys[i], now, words[i])
            for i in fresh
        ],
    )
    ids: dict[str, int] = {
        url_key: article_id
        for url_key, article_id in session.execute(
            select(Article.url_key, Article.id).where(Article.url_key.in_([keys[i] for i in fresh]))
        )
    }
    created = [i for i in fresh if keys[i] in ids]
    if not created:
        return outcomes
    session.execute(
        dialect_insert(session, ArticleURL).on_conflict_do_nothing(index_elements=["url"]),
        [{"url": keys[i], "article_id": ids[keys[i]]} for i in created],
    )
    session.execute(
        insert(ArticleVersion.metadata.tables[ArticleVersion.__tablename__]),
        [_version_values(rows[i][1], ids[keys[i]], now, words[i]) for i in created],
    )
    versions = session.execute(
        select(ArticleVersion.id, ArticleVersion.article_id).where(
            ArticleVersion.article_id.in_(list(ids.values())), ArticleVersion.version_no == 1
        )
    )
    session.execute(
        update(Article),
        [{"id": aid, "current_version_id": vid} for vid, aid in versions],
    )
    for i in created:
        outcomes[i] = IMPORTED
    return outcomes


def _article_values(
    row: ImportRow,
    extraction: Extraction,
    outlet_ids: Mapping[str, int],
    url_key: str,
    now: datetime,
    words: int,
) -> dict[str, Any]:
    return {
        "outlet_id": outlet_ids[row.outlet],
        "url_key": url_key,
        "url": row.url,
        "external_id": row.external_id,
        "status": "summary_only" if extraction.summary_only else "extracted",
        "first_seen_at": now,
        "last_seen_at": now,
        "title": extraction.title or row.title,
        "published_at": extraction.published,
        "published_source": _source(extraction),
        "modified_at": extraction.modified,
        "language": extraction.language,
        "section": extraction.section,
        "authors": list(extraction.authors),
        "word_count": words,
        "summary_only": extraction.summary_only,
        "version_count": 1,
        "fetch_attempts": 0,
        "clustered": False,
    }


def _source(extraction: Extraction) -> str | None:
    """``import``, or ``import-date`` when the file gave the day only; None when undated."""
    if extraction.published is None:
        return None
    return extraction.published_source or "import"


def _version_values(
    extraction: Extraction, article_id: int, now: datetime, words: int
) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "version_no": 1,
        "captured_at": now,
        "title": extraction.title,
        "text": extraction.text,
        "lede": extraction.lede,
        "authors": list(extraction.authors),
        "published_at": extraction.published,
        "published_source": _source(extraction),
        "modified_at": extraction.modified,
        "language": extraction.language,
        "section": extraction.section,
        "canonical_url": extraction.canonical_url,
        "word_count": words,
        "content_sha256": extraction.content_sha256,
        "method": extraction.method,
        "summary_only": extraction.summary_only,
        "reason": extraction.reason,
        "extractor_version": extraction.extractor_version,
        "source": "import",
    }
