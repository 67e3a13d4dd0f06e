"""Article revisions and revisit history -> view models for the event page; pure, touches nothing.

Input: ``CompareArticle.revisions`` / ``.history`` (from ``records``). Output: the per-article
"Version history" (``ArticleHistory``, with word-level diffs as ``Piece`` runs), the timeline's
edit marks and the "Edits after publication" sentences (``EditNote``). The templates
``_history.html`` and ``_timeline.html`` draw them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from aggregator.output.report.formatting import clip, duration, fmt_time, utc
from aggregator.records import Change, CompareArticle, Revision

_TOKEN = re.compile(r"\s+|[^\s]+")
# Beyond these sizes a page would get long and difflib slow; the rest is summarised.
_MAX_CHANGES = 40
_MAX_DIFF_TOKENS = 4000


# --- edits on the timeline -------------------------------------------------------------------


@dataclass(frozen=True)
class EditNote:
    """One edit, deletion or move of an article, placed on the event's timeline."""

    outlet: str
    at: datetime
    kind: str  # "headline", "text", "deleted" or "moved"
    sentence: str  # "guardian changed its headline 2 h 10 min after bbc first published"
    detail: str  # extra tooltip text: the headline change, the new address

    @property
    def tip(self) -> str:
        """The tooltip of the note's timeline mark."""
        return f"{self.sentence} ({fmt_time(self.at)}): {self.detail}"


def _after(at: datetime, first_outlet: str, first_at: datetime | None) -> str:
    if first_at is None or not first_outlet:
        return f"at {fmt_time(at)}"
    lag = (utc(at) - utc(first_at)).total_seconds()
    if lag < 0:
        return f"{duration(-lag)} before {first_outlet} first published"
    return f"{duration(lag)} after {first_outlet} first published"


def _revision_note(outlet: str, rev: Revision, when: str) -> EditNote:
    headline = next((c for c in rev.changes if c.kind == "headline"), None)
    if headline is not None:
        detail = f"“{headline.old}” → “{headline.new}”"
        return EditNote(outlet, rev.at, "headline", f"{outlet} changed its headline {when}", detail)
    detail = f"v{rev.from_version} → v{rev.to_version}, {rev.size:,} characters changed"
    return EditNote(outlet, rev.at, "text", f"{outlet} edited the text {when}", detail)


def edit_notes(
    outlets: Sequence[str],
    by_outlet: Mapping[str, Sequence[CompareArticle]],
    first_outlet: str,
    first_at: datetime | None,
) -> list[EditNote]:
    """Every revision, deletion and move of the event's articles, oldest first.

    The sentences measure the lag from ``first_at``, when ``first_outlet`` first published the
    event; without it they give the UTC time instead.
    """
    notes: list[EditNote] = []
    for outlet in outlets:
        for article in by_outlet.get(outlet, ()):
            for rev in article.revisions:
                notes.append(_revision_note(outlet, rev, _after(rev.at, first_outlet, first_at)))
            for item in article.history:
                when = _after(item.at, first_outlet, first_at)
                if item.kind == "moved":
                    sentence = f"{outlet}'s article was found moved {when}"
                    detail = f"now at {item.detail}" if item.detail else "new address unknown"
                else:
                    sentence = f"{outlet}'s article was found {item.kind} {when}"
                    detail = item.detail or "the page answered 404/410"
                notes.append(EditNote(outlet, item.at, item.kind, sentence, detail))
    notes.sort(key=lambda n: (utc(n.at), n.outlet))
    return notes


def revision_count(articles: Sequence[CompareArticle]) -> int:
    """How many revisions the articles of an event have between them."""
    return sum(len(a.revisions) for a in articles)


# --- per-article version history -------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A run of text in a diff: ``mark`` is ``"del"``, ``"ins"`` or ``""`` (unchanged)."""

    text: str
    mark: str = ""


@dataclass(frozen=True)
class ChangeView:
    """One change of a revision: ``css`` names its kind (headline, added, removed, edited)."""

    css: str
    label: str
    old: tuple[Piece, ...]
    new: tuple[Piece, ...]


@dataclass(frozen=True)
class HistoryEntry:
    """One line of an article's history: a revision (with its changes) or a deletion or move."""

    gone: bool
    head: str
    changes: tuple[ChangeView, ...] = ()
    more: int = 0  # changes not shown
    detail: str | None = None  # the new address of a moved article


@dataclass(frozen=True)
class ArticleHistory:
    """The collapsible "Version history" of one article."""

    article_id: int
    title: str  # clipped
    counts: str  # "2 revisions, deleted"
    entries: tuple[HistoryEntry, ...]


def word_diff(old: str, new: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """``old`` and ``new`` as runs, the words only ``old`` has marked ``del`` and the words only
    ``new`` has marked ``ins`` (difflib on words and the whitespace between them)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) + len(b) > _MAX_DIFF_TOKENS:
        return (Piece(old, "del"),), (Piece(new, "ins"),)
    # Runs of changed words separated only by whitespace read better as one change.
    runs: list[tuple[bool, str, str]] = []  # (changed, old text, new text)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        changed = tag != "equal"
        if runs and runs[-1][0] == changed:
            runs[-1] = (changed, runs[-1][1] + gone, runs[-1][2] + came)
        elif not changed and runs and runs[-1][0] and gone.isspace():
            runs[-1] = (True, runs[-1][1] + gone, runs[-1][2] + came)
        else:
            runs.append((changed, gone, came))
    left: list[Piece] = []
    right: list[Piece] = []
    for changed, gone, came in runs:
        if not changed:
            left.append(Piece(gone))
            right.append(Piece(came))
            continue
        if gone:
            left.append(Piece(gone, "del"))
        if came:
            right.append(Piece(came, "ins"))
    return tuple(left), tuple(right)


def _change(change: Change) -> ChangeView:
    if change.kind == "headline":
        return ChangeView(
            "headline", "Headline", (Piece(change.old, "del"),), (Piece(change.new, "ins"),)
        )
    if change.kind == "added":
        return ChangeView("added", "Added", (), (Piece(change.new),))
    if change.kind == "removed":
        return ChangeView("removed", "Removed", (Piece(change.old),), ())
    old, new = word_diff(change.old, change.new)
    return ChangeView("edited", change.kind.capitalize() or "Edited", old, new)


def _revision(rev: Revision) -> HistoryEntry:
    head = (
        f"v{rev.from_version} → v{rev.to_version}, {fmt_time(rev.at)}, +{rev.size:,} chars changed"
    )
    changes = tuple(_change(c) for c in rev.changes[:_MAX_CHANGES])
    return HistoryEntry(False, head, changes, max(len(rev.changes) - _MAX_CHANGES, 0))


def article_history(article: CompareArticle) -> ArticleHistory | None:
    """The "Version history" of one article, or None when it never changed."""
    if not article.revisions and not article.history:
        return None
    entries = [(utc(r.at), _revision(r)) for r in article.revisions]
    entries += [
        (
            utc(h.at),
            HistoryEntry(
                True,
                f"{h.kind.capitalize()}: found on revisit at {fmt_time(h.at)}",
                detail=h.detail,
            ),
        )
        for h in article.history
    ]
    entries.sort(key=lambda e: e[0])
    counts = []
    if article.revisions:
        n = len(article.revisions)
        counts.append(f"{n} revision{'s' if n != 1 else ''}")
    counts += sorted({h.kind for h in article.history})
    return ArticleHistory(
        article_id=article.article_id,
        title=clip(article.title, 60),
        counts=", ".join(counts),
        entries=tuple(entry for _, entry in entries),
    )
