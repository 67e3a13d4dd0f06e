"""Frozen records passed between stages.

Each stage converts library objects (httpx responses, FeedParserDict, trafilatura documents,
ORM rows) into these at its boundary; nothing else crosses a stage boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from aggregator.digest import text_digest


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (every stored and exported time is in this zone):
    the package's one clock; the pure stages take times as arguments instead of reading it."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Validators:
    """What a conditional GET needs from the previous fetch of one URL."""

    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None


@dataclass(frozen=True)
class WarcPointer:
    """Where one archived response lives: a WARC file (relative to the archive root) and record."""

    file: str
    record_id: str
    offset: int | None = None


@dataclass(frozen=True)
class FetchResult:
    """One completed HTTP exchange (or one replayed from a WARC file).

    ``not_modified`` is True for a 304, and also when the body hash equals the previous one
    (a server that sent a stale validator); the body is then empty or unchanged.
    """

    url: str
    final_url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime
    elapsed_s: float
    body_sha256: str
    not_modified: bool = False
    redirects: tuple[str, ...] = ()
    warc: WarcPointer | None = None

    def header(self, name: str) -> str | None:
        """First value of header ``name`` (case-insensitive), or None when absent."""
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None

    @property
    def validators(self) -> Validators:
        return Validators(self.header("etag"), self.header("last-modified"), self.body_sha256)


@dataclass(frozen=True)
class Entry:
    """One item of a feed or news sitemap: a pointer to an article, with what the feed says."""

    url: str
    title: str = ""
    summary: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    guid: str | None = None
    language: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """The entries read from one feed document.

    ``kind`` is ``rss``, ``atom``, ``sitemap``, or ``sitemap-index`` (then each entry's ``url`` is
    a child sitemap and ``updated`` its lastmod).
    """

    url: str
    kind: str
    title: str
    entries: tuple[Entry, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """An article's fields as extracted from one HTML page.

    ``method`` names what produced the text (``trafilatura``, ``site:bbc-nextjs``, ``jsonld``,
    ``feed-summary`` ...). ``summary_only`` is True when the body is only a feed summary or
    description, with ``reason`` saying why the full text was not used.
    All datetimes are timezone-aware UTC.
    """

    url: str
    title: str
    text: str
    paragraphs: tuple[str, ...]
    lede: str
    authors: tuple[str, ...]
    published: datetime | None
    modified: datetime | None
    language: str | None
    section: str | None
    canonical_url: str | None
    method: str
    summary_only: bool = False
    reason: str | None = None
    description: str | None = None
    site_name: str | None = None
    extractor_version: str = ""
    # its versions in other languages: a shared key (mid.ru:doc:<number>) and the URLs it names
    document_key: str | None = None
    translation_urls: tuple[str, ...] = ()
    published_source: str | None = None  # where ``published`` came from: page, feed, import(-date)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def content_sha256(self) -> str:
        """The identity of a version's content: headline and body with runs of whitespace made
        one space; a rerun that extracts the same text stores no new version."""
        return text_digest(" ".join(self.title.split()), " ".join(self.text.split()))


@dataclass(frozen=True)
class ClusterDoc:
    """What clustering sees of one article (pure: no database ids beyond ``article_id``)."""

    article_id: int
    outlet: str
    title: str
    text: str
    published: datetime | None
    language: str | None = None


@dataclass(frozen=True)
class RunSummary:
    """Counts and per-item failures of one job run."""

    job: str
    counts: dict[str, int] = field(default_factory=dict)
    failures: tuple[str, ...] = ()
    status: str = ""  # the state recorded for the run (docs/status.md); "" when not recorded

    @property
    def ok(self) -> bool:
        return not self.failures and self.status in ("", "ok")

    def failure_summary(self, limit: int = 5) -> str:
        """The first ``limit`` failures one a line (each may hold "; "), and how many more."""
        more = [f"(+{len(self.failures) - limit} more)"] if len(self.failures) > limit else []
        return "\n".join(f"  {line}" for line in [*self.failures[:limit], *more])


# --- comparison of one event across outlets (compare stage -> export / report) -------------


@dataclass(frozen=True)
class CompareArticle:
    """What the compare stage sees of one article of an event (current version)."""

    article_id: int
    outlet: str
    url: str | None
    title: str
    lede: str
    text: str
    published: datetime | None
    modified: datetime | None = None
    section: str | None = None
    authors: tuple[str, ...] = ()
    word_count: int = 0
    summary_only: bool = False
    version_count: int = 1
    language: str | None = None
    external_id: str | None = None  # the outlet's own id of the article, when it has one
    revisions: tuple[Revision, ...] = ()  # changes between its stored versions, oldest first
    history: tuple[HistoryItem, ...] = ()  # deletions and moves seen on revisits
    first_title: str = ""  # the headline of its first captured version ("" when not known)
    published_source: str | None = None  # page(-date), feed, import(-date); None: not recorded
    first_seen: datetime | None = None  # when we first saw it (``published`` None: undated)
    translation_of: int | None = None  # the original's article_id when this is a translation


@dataclass(frozen=True)
class HistoryItem:
    """Something a revisit found: ``kind`` ``deleted`` (404/410) or ``moved`` (to ``detail``)."""

    at: datetime
    kind: str
    detail: str | None = None


@dataclass(frozen=True)
class Quote:
    """One quotation and who it is attributed to (``speaker`` None when unattributed)."""

    outlet: str
    article_id: int
    speaker: str | None
    text: str
    sentence: str
    kind: str = "direct"  # "direct" (quote marks, dash speech) or "reported" ("X said that …")
    speaker_type: str | None = None  # PER, ORG, LOC; None for a description or no speaker
    external_id: str | None = None


@dataclass(frozen=True)
class TermScore:
    """A word or two-word phrase an outlet uses significantly more (z > 0) or less (z < 0) than
    the other outlets of the event (``compare.terms.TermRule``)."""

    outlet: str
    term: str  # the readable form: a Russian word's lemma, else the form used most
    count: int  # the outlet's uses
    z: float
    example: str
    others_count: int = 0  # the other outlets' uses
    forms: tuple[str, ...] = ()  # the forms written, most used first


@dataclass(frozen=True)
class SharedPassage:
    """A (near-)verbatim passage found in several outlets' articles of one event."""

    text: str
    outlets: tuple[str, ...]
    article_ids: tuple[int, ...]
    first_outlet: str
    first_published: datetime | None


@dataclass(frozen=True)
class Omission:
    """Something most outlets' versions mention that one outlet's does not."""

    outlet: str
    kind: str  # "entity", "speaker" or "number"
    item: str
    present_in: tuple[str, ...]


@dataclass(frozen=True)
class ArticleEntity:
    """One named entity of one article, under the name the event gives it (``language/entities``).

    ``name``, ``type`` and ``key`` are the event's (spellings and languages merged across its
    articles); ``mentions`` and ``surfaces`` (the forms as written) are this article's.
    """

    article_id: int
    outlet: str
    name: str
    type: str  # PER | ORG | LOC
    key: str  # Latin-script key (translit.latin_key)
    mentions: int
    surfaces: tuple[str, ...]


@dataclass(frozen=True)
class OutletFraming:
    """How one outlet told one event (all its articles of the event taken together)."""

    outlet: str
    article_ids: tuple[int, ...]
    headline: str
    lede: str
    section: str | None
    authors: tuple[str, ...]
    word_count: int
    first_published: datetime | None
    lag_s: float | None  # seconds behind the first outlet to publish; 0 for the first
    last_modified: datetime | None
    summary_only: bool
    quote_count: int
    speakers: tuple[tuple[str, int], ...]  # (speaker, quotes) most quoted first
    exclusive_speakers: tuple[str, ...]  # quoted by this outlet and no other
    entities: tuple[tuple[str, int], ...]  # (name, mentions) most frequent first
    shared_share: float  # share of this outlet's words inside shared passages
    independent: bool  # False when its text is mostly shared copy
    first_headline: str = ""  # ``headline`` as first captured ("" when not known)
    published_source: str = ""  # where first_published came from (see compare.event)
    timing: str = ""  # first, tied, later, date-only or undated (see compare.event)
    first_seen: datetime | None = None  # when we first saw its earliest article
    languages: tuple[str, ...] = ()  # of its articles, in the order they were first published


@dataclass(frozen=True)
class TranslationComparison:
    """One outlet's document in two languages: the original (published first) and a translation."""

    outlet: str
    original_id: int
    translation_id: int
    original_language: str | None
    translation_language: str | None
    original_published: datetime | None
    translation_published: datetime | None
    lag_s: float | None
    original_title: str
    translation_title: str
    aligned: int  # paragraphs paired (compare.translations); the others are left out or added
    left_out: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class EventComparison:
    """The framing comparison of one event across its outlets."""

    event_key: str
    label: str
    single_source: bool
    outlets: tuple[OutletFraming, ...]
    terms: tuple[TermScore, ...]
    quotes: tuple[Quote, ...]
    shared: tuple[SharedPassage, ...]
    omissions: tuple[Omission, ...]
    independent_outlets: int
    terms_note: str = ""  # why ``terms`` is empty (one outlet; no term significant), else ""
    entities: tuple[ArticleEntity, ...] = ()  # per article, in article order, most mentioned first
    translations: tuple[TranslationComparison, ...] = ()  # one outlet's text in two languages


# --- revisions of one article (revisions stage -> store, export, report) ---------------------


@dataclass(frozen=True)
class VersionText:
    """One stored version of an article, as the revisions stage compares it."""

    version_no: int
    captured_at: datetime
    title: str
    text: str  # paragraphs joined by a blank line
    extractor_change: str | None = None  # not an edit when set: see compare.revisions


@dataclass(frozen=True)
class Change:
    """One difference between consecutive versions.

    ``kind``: ``headline`` (old -> new title), ``added`` / ``removed`` (a paragraph, with the
    text in ``new`` / ``old``), ``edited`` (a paragraph changed in place: old and new text).
    """

    kind: str
    old: str
    new: str


@dataclass(frozen=True)
class Revision:
    """The changes between version ``from_version`` and ``to_version`` of one article."""

    article_id: int
    from_version: int
    to_version: int
    at: datetime
    changes: tuple[Change, ...]
    size: int  # characters inserted plus deleted, over all changes


# --- a researcher's row on its way into the store (parse -> store); rows read out are in rows.py


@dataclass(frozen=True)
class ImportRow:
    """One valid row of a researcher's corpus file."""

    external_id: str
    outlet: str
    title: str
    text: str
    published: datetime | None
    url: str | None
    language: str | None
    outlet_given: str = ""  # the outlet column as written (a slug, domain or name)
    date_only: bool = False  # ``published`` was a day without a time (2026-03-02)
