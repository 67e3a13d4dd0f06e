"""An article's life after its first version: revisit outcomes -> its revisit schedule,
validators, history (revised, deleted, moved) and gone mark. Touches articles and
article_history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from aggregator.records import FetchResult, Validators, VersionText, WarcPointer, utcnow
from aggregator.store.models import Article, ArticleHistory, ArticleVersion, Outlet
from aggregator.tasks import RevisitTask


def revisit_task(article: Article, outlet: str, version: ArticleVersion) -> RevisitTask:
    """The revisit task of a leased article: its validators, schedule and current version
    (with the extractor that made it and where its page is archived)."""
    archived = version.warc_file and version.warc_record_id
    return RevisitTask(
        article_id=article.id,
        url=article.url or article.url_key,
        outlet=outlet,
        first_seen=article.first_seen_at,
        revisits_done=article.revisits_done,
        validators=Validators(article.etag, article.last_modified, article.body_sha256),
        current=VersionText(version.version_no, version.captured_at, version.title, version.text),
        current_change_key=version.change_key,
        current_summary_only=version.summary_only,
        current_extractor=version.extractor_version or "",
        current_capture=WarcPointer(
            version.warc_file or "", version.warc_record_id or "", version.warc_offset
        )
        if archived
        else None,
        current_final_url=version.final_url,
    )


def stored_task(session: Session, article_id: int) -> RevisitTask | None:
    """``revisit_task`` of a stored article, unleased (None while it has no version): what a
    new capture of it reached another way (another of its URLs) is compared with."""
    row = session.execute(
        select(Article, Outlet.slug, ArticleVersion)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .join(ArticleVersion, ArticleVersion.id == Article.current_version_id)
        .where(Article.id == article_id)
    ).one_or_none()
    return revisit_task(*row) if row is not None else None


def schedule_first_revisit(session: Session, article_id: int, next_at: datetime | None) -> None:
    """Start the revisit schedule of an article that has just got its first version."""
    session.execute(
        update(Article)
        .where(Article.id == article_id, Article.version_count == 1, Article.revisits_done == 0)
        .values(next_revisit_at=next_at)
    )


def schedule_revisit(
    session: Session, article_id: int, *, done: int, next_at: datetime | None
) -> None:
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(revisits_done=done, next_revisit_at=next_at, lease_owner=None, lease_until=None)
    )


def release_revisit(session: Session, article_id: int) -> None:
    """A revisit failed for a passing reason: keep its place, retry it in a later run."""
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(lease_owner=None, lease_until=utcnow())
    )


def update_validators(session: Session, article_id: int, result: FetchResult) -> None:
    """Remember the validators and body hash of the latest fetch of an article."""
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(
            etag=result.header("etag"),
            last_modified=result.header("last-modified"),
            body_sha256=result.body_sha256,
        )
    )


def mark_gone(session: Session, article_id: int, at: datetime) -> None:
    session.execute(
        update(Article).where(Article.id == article_id).values(gone_at=at, next_revisit_at=None)
    )


def record_history(
    session: Session,
    article_id: int,
    *,
    kind: str,
    at: datetime,
    detail: str | None = None,
    http_status: int | None = None,
    from_version: int | None = None,
    to_version: int | None = None,
) -> None:
    session.add(
        ArticleHistory(
            article_id=article_id,
            at=at,
            kind=kind,
            detail=detail,
            http_status=http_status,
            from_version=from_version,
            to_version=to_version,
        )
    )
