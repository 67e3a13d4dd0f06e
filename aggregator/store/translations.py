"""Translations: what a page says of its other-language versions -> links between articles.
Touches translation_keys and article_translations; reads articles and article_urls.

``link_translations`` runs in the transaction that stores an article's version. It records the
page's keys (its document key, the canonical URLs of its other versions) and links the article
to every stored article that shares a key with it, that one of its URLs names, or that names one
of its URLs. Whichever version arrives second makes the link, so the order of arrival does not
matter; reruns add nothing (inserts ignore what is there). Two workers storing the two versions
of one document at once could each miss the other's uncommitted rows: on PostgreSQL each takes a
transaction-scoped advisory lock on every key it declares or is known by (sorted, so two
transactions never wait on each other in a cycle), which makes the second wait for the first to
commit and then see it. SQLite has one writer at a time anyway.

Which version is the original is decided when read (``translation_originals``): the earliest
published (first seen when the publication time is unknown), then the lowest id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from aggregator.records import utcnow
from aggregator.store.models import Article, ArticleTranslation, ArticleURL, TranslationKey
from aggregator.store.session import dialect_insert

DOC_PREFIX = "doc:"
URL_PREFIX = "url:"


def declared_keys(document_key: str | None, urls: Iterable[str]) -> set[str]:
    """The translation keys of a page: ``doc:<document key>`` and ``url:<canonical URL>``."""
    keys = {URL_PREFIX + url for url in urls}
    if document_key:
        keys.add(DOC_PREFIX + document_key)
    return keys


def _lock_id(key: str) -> int:
    """A signed 64-bit advisory-lock id for ``key``."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True)


def link_translations(
    session: Session, article_id: int, document_key: str | None, urls: Sequence[str]
) -> int:
    """Record the translation keys of article ``article_id``'s page and link it to the stored
    versions of the same document in other languages. Returns the number of new links."""
    declared = declared_keys(document_key, urls)
    own_urls = set(
        session.scalars(select(ArticleURL.url).where(ArticleURL.article_id == article_id))
    )
    known_as = {URL_PREFIX + url for url in own_urls}
    if session.get_bind().dialect.name == "postgresql":
        for key in sorted(declared | known_as):
            session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _lock_id(key)})
    if declared:
        session.execute(
            dialect_insert(session, TranslationKey)
            .values([{"article_id": article_id, "key": key} for key in sorted(declared)])
            .on_conflict_do_nothing(index_elements=["article_id", "key"])
        )
    partners: set[int] = set()
    if declared or known_as:
        # another page with one of my keys, or another page naming one of my URLs
        partners.update(
            session.scalars(
                select(TranslationKey.article_id).where(
                    TranslationKey.key.in_(sorted(declared | known_as)),
                    TranslationKey.article_id != article_id,
                )
            )
        )
    declared_urls = sorted(url for url in urls if url not in own_urls)
    if declared_urls:  # a stored article one of my links names
        partners.update(
            session.scalars(
                select(ArticleURL.article_id).where(
                    ArticleURL.url.in_(declared_urls), ArticleURL.article_id != article_id
                )
            )
        )
    if not partners:
        return 0
    now = utcnow()
    rows = [
        {"article_id": min(article_id, other), "other_id": max(article_id, other), "linked_at": now}
        for other in sorted(partners)
    ]
    result = session.execute(
        dialect_insert(session, ArticleTranslation)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["article_id", "other_id"])
        .returning(ArticleTranslation.article_id)
    )
    return len(result.all())


def translation_pairs(
    session: Session, article_ids: Sequence[int] | None = None
) -> list[tuple[int, int]]:
    """Linked pairs (smaller id first), all of them or those with both ends in ``article_ids``."""
    stmt = select(ArticleTranslation.article_id, ArticleTranslation.other_id).order_by(
        ArticleTranslation.article_id, ArticleTranslation.other_id
    )
    if article_ids is None:
        return [(a, b) for a, b in session.execute(stmt)]
    wanted = set(article_ids)
    out: list[tuple[int, int]] = []
    ids = sorted(wanted)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        condition = or_(
            ArticleTranslation.article_id.in_(chunk), ArticleTranslation.other_id.in_(chunk)
        )
        for a, b in session.execute(stmt.where(condition)):
            if a in wanted and b in wanted and (a, b) not in out:
                out.append((a, b))
    return sorted(out)


def translation_groups(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, ...]]:
    """The linked pairs joined into groups (every version of one document), each sorted."""
    parent: dict[int, int] = {}

    def find(item: int) -> int:
        root = item
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(item, item) != root:  # path compression
            parent[item], item = root, parent[item]
        return root

    for a, b in pairs:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
    groups: dict[int, list[int]] = {}
    for item in parent:
        groups.setdefault(find(item), []).append(item)
    return sorted(tuple(sorted(members)) for members in groups.values())


def ordered_translation_groups(
    session: Session, article_ids: Sequence[int] | None = None
) -> list[tuple[int, ...]]:
    """Every group of linked versions, the original first (the earliest published, else first
    seen, then the lowest id), then the translations in that order too. With ``article_ids``,
    only links between those articles count."""
    groups = translation_groups(translation_pairs(session, article_ids))
    members = sorted({m for group in groups for m in group})
    when: dict[int, tuple[datetime, datetime, int]] = {}
    moment = func.coalesce(Article.published_at, Article.first_seen_at)
    for start in range(0, len(members), 500):
        chunk = members[start : start + 500]
        for aid, at, seen in session.execute(
            select(Article.id, moment, Article.first_seen_at).where(Article.id.in_(chunk))
        ):
            when[aid] = (at, seen, aid)
    ordered = [
        tuple(sorted((m for m in group if m in when), key=when.__getitem__)) for group in groups
    ]
    return [group for group in ordered if len(group) > 1]


def translation_originals(
    session: Session, article_ids: Sequence[int] | None = None
) -> dict[int, int]:
    """Translated article id -> the id of its group's original (``ordered_translation_groups``).
    Originals and articles without translations are absent."""
    return {
        member: group[0]
        for group in ordered_translation_groups(session, article_ids)
        for member in group[1:]
    }
