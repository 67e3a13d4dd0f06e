"""Tests of output/report/: files, escaping, ordering, timeline, errors; then pages in Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from aggregator.errors import AggregatorError
from aggregator.output.report import (
    MARKER,
    ReportError,
    format_lag,
    outlet_colour,
    write_report,
)
from aggregator.output.report.history import Piece, word_diff
from aggregator.records import (
    Change,
    CompareArticle,
    EventComparison,
    HistoryItem,
    Omission,
    OutletFraming,
    Quote,
    Revision,
    SharedPassage,
    TermScore,
)

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
GENERATED = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
Pair = tuple[EventComparison, Sequence[CompareArticle]]


def article(aid: int, outlet: str, minutes: int | None, **kw: Any) -> CompareArticle:
    """An article ``minutes`` after T0 (None: undated); ``kw`` overrides any field."""
    base = CompareArticle(
        article_id=aid,
        outlet=outlet,
        url=f"https://{outlet}.example/news/{aid}",
        title=f"{outlet} story {aid}",
        lede=f"Lede of {outlet} story {aid}.",
        text=f"Lede of {outlet} story {aid}.\nThe minister said the talks would resume.",
        published=None if minutes is None else T0 + timedelta(minutes=minutes),
        word_count=120,
    )
    return replace(base, **kw)


def framing(
    outlet: str, arts: Sequence[CompareArticle], first: datetime | None, **kw: Any
) -> OutletFraming:
    """The framing of ``outlet`` as the compare stage would summarise ``arts``."""
    mine = [a for a in arts if a.outlet == outlet]
    dated = [a.published for a in mine if a.published]
    published = min(dated) if dated else None
    lag = None if published is None or first is None else (published - first).total_seconds()
    base = OutletFraming(
        outlet=outlet,
        article_ids=tuple(a.article_id for a in mine),
        headline=mine[0].title,
        lede=mine[0].lede,
        section="world",
        authors=("A. Writer",),
        word_count=sum(a.word_count for a in mine),
        first_published=published,
        lag_s=lag,
        last_modified=None,
        summary_only=False,
        quote_count=0,
        speakers=(),
        exclusive_speakers=(),
        entities=(),
        shared_share=0.0,
        independent=True,
    )
    return replace(base, **kw)


def event(
    key: str,
    arts: Sequence[CompareArticle],
    *,
    label: str | None = None,
    framing_kw: dict[str, dict[str, Any]] | None = None,
    **kw: Any,
) -> Pair:
    """An event over ``arts``: one framing per outlet; ``kw`` overrides comparison fields."""
    outlets = sorted({a.outlet for a in arts})
    dated = [a.published for a in arts if a.published]
    first = min(dated) if dated else None
    framings = tuple(framing(o, arts, first, **(framing_kw or {}).get(o, {})) for o in outlets)
    base = EventComparison(
        event_key=key,
        label=label or f"Event {key}",
        single_source=len(outlets) == 1,
        outlets=framings,
        terms=(),
        quotes=(),
        shared=(),
        omissions=(),
        independent_outlets=len(outlets),
    )
    return replace(base, **kw), list(arts)


def rich_event() -> Pair:
    arts = [
        article(1, "guardian", 0, title="Talks resume in Geneva"),
        article(2, "bbc", 135, title="Geneva talks restart after pause"),
        article(3, "bbc", 200),
        article(4, "rt", 40, url="javascript:alert(1)"),
        article(5, "mid", 60, text="The minister said the talks would resume. Full stop."),
    ]
    quotes = (
        Quote("guardian", 1, "Lavrov", "We are ready", "'We are ready,' said Lavrov."),
        Quote("bbc", 2, "Lavrov", "Ready", "Lavrov said 'Ready'."),
        Quote("rt", 4, "Zakharova", "No comment", "Zakharova said 'No comment'."),
        Quote("rt", 4, HOSTILE, "x", "x"),
    )
    terms = (
        TermScore("guardian", "ceasefire", 4, 3.2, "The ceasefire held overnight."),
        TermScore("rt", HOSTILE, 3, 2.5, HOSTILE),
        TermScore("rt", "west", 2, -1.5, "The west said."),
    )
    shared = (
        SharedPassage(
            "The minister said the talks would resume.",
            ("bbc", "mid"),
            (2, 5),
            "mid",
            T0 + timedelta(minutes=60),
        ),
    )
    omissions = (Omission("rt", "entity", "Geneva", ("guardian", "bbc", "mid")),)
    return event(
        "ev-rich",
        arts,
        label="Geneva talks",
        quotes=quotes,
        terms=terms,
        shared=shared,
        omissions=omissions,
    )


def revision(aid: int, minutes: int, *changes: Change, to: int = 2) -> Revision:
    """Version ``to - 1`` -> ``to`` of article ``aid``, captured ``minutes`` after T0."""
    size = sum(len(c.old) + len(c.new) for c in changes)
    return Revision(aid, to - 1, to, T0 + timedelta(minutes=minutes), tuple(changes), size)


def edited_event() -> Pair:
    """bbc publishes first (09:00); guardian follows, then rewrites its headline and text."""
    guardian_revs = (
        revision(
            1,
            130,
            Change("headline", "Minister quits over scandal", "Minister resigns amid inquiry"),
            Change(
                "edited",
                "The minister said the talks would resume on Monday.",
                "The minister said the talks would not resume before Friday.",
            ),
        ),
        revision(
            1,
            300,
            Change("added", "", "A spokesperson later declined to comment."),
            Change("removed", "Sources say more resignations may follow.", ""),
            to=3,
        ),
    )
    arts = [
        article(2, "bbc", 0, title="Minister steps down"),
        article(
            1,
            "guardian",
            45,
            title="Minister resigns amid inquiry",
            revisions=guardian_revs,
            version_count=3,
        ),
        article(
            3,
            "rt",
            20,
            revisions=(revision(3, 95, Change("edited", "A b c.", "A b d.")),),
            history=(HistoryItem(T0 + timedelta(minutes=400), "deleted"),),
        ),
    ]
    return event("ev-edit", arts, label="Minister resigns")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- unit --------------------------------------------------------------------------------------


def test_writes_index_and_one_page_per_event(tmp_path: Path) -> None:
    out = tmp_path / "report"
    pairs = [rich_event(), event("ev-2", [article(9, "bbc", 5)])]
    summary = write_report(iter(pairs), out_dir=out, generated_at=GENERATED, title="Demo")
    assert summary.pages == 2
    assert summary.index == out / "index.html"
    assert sorted(p.name for p in (out / "events").iterdir()) == ["ev-2.html", "ev-rich.html"]
    index = read(summary.index)
    assert "<title>Demo</title>" in index
    assert 'href="events/ev-rich.html"' in index
    page = read(out / "events" / "ev-rich.html")
    assert page.count('<section class="outlet"') == 4
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert f'<meta http-equiv="Content-Security-Policy" content="{csp}">' in page
    assert "<script" not in page.lower() and "<script" not in index.lower()
    # the leftover temp directory is gone; the marker lets a rerun replace the report
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    assert (out / MARKER).exists()


def test_columns_follow_publication_order_with_lag(tmp_path: Path) -> None:
    write_report([rich_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = read(tmp_path / "r" / "events" / "ev-rich.html")
    order = re.findall(r'<section class="outlet" data-outlet="([^"]+)"', page)
    assert order == ["guardian", "rt", "mid", "bbc"]
    assert "+2 h 15 min after guardian" in page
    assert "first to publish" in page


@pytest.mark.parametrize(
    ("lag", "text"),
    [
        (0, "first to publish"),
        (45, "+45 s after guardian"),
        (60, "+1 min after guardian"),
        (8100, "+2 h 15 min after guardian"),
        (7200, "+2 h after guardian"),
        (90000, "+1 d 1 h after guardian"),
        (None, "publication time unknown"),
    ],
)
def test_format_lag(lag: float | None, text: str) -> None:
    assert format_lag(lag, "guardian") == text


def test_hostile_content_is_escaped_and_bad_urls_are_not_linked(tmp_path: Path) -> None:
    arts = [
        article(1, "bbc", 0, title=HOSTILE, url="javascript:alert(1)"),
        article(2, "rt", 5, url=" JaVaScRiPt:alert(2)"),
        article(3, "mid", 9, url='https://mid.example/a?x=1&y="2"'),
    ]
    pair = event(
        "ev-x",
        arts,
        label=HOSTILE,
        quotes=(Quote("rt", 2, HOSTILE, HOSTILE, HOSTILE),),
        terms=(TermScore("rt", HOSTILE, 2, 2.0, HOSTILE),),
        omissions=(Omission("bbc", "speaker", HOSTILE, ("rt", "mid")),),
    )
    write_report([pair], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = read(tmp_path / "r" / "events" / "ev-x.html")
    index = read(tmp_path / "r" / "index.html")
    for doc in (page, index):
        assert "<script>" not in doc and "<img" not in doc
        assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in doc
    assert 'href="javascript' not in page.lower() and 'href=" javascript' not in page.lower()
    assert "javascript:alert(1)" in page  # shown as text, not dropped
    assert 'href="https://mid.example/a?x=1&amp;y=&#34;2&#34;" rel="noopener noreferrer"' in page


def test_template_syntax_and_style_breakouts_in_data_stay_text(tmp_path: Path) -> None:
    # Data is never compiled as a template, and "</style>" cannot end the inline stylesheet.
    tricky = "{{ 7*7 }} {% raw %} </style><style>body{display:none}</style> {#"
    arts = [article(1, "bbc", 0, title=tricky, lede=tricky)]
    write_report(
        [event("ev-t", arts, label=tricky)], out_dir=tmp_path / "r", generated_at=GENERATED
    )
    for doc in (read(tmp_path / "r" / "events" / "ev-t.html"), read(tmp_path / "r" / "index.html")):
        assert (
            "{{ 7*7 }} {% raw %} &lt;/style&gt;&lt;style&gt;body{display:none}&lt;/style&gt; {#"
            in doc
        )
        assert doc.count("<style>") == 1 and doc.count("</style>") == 1


def test_odd_characters_and_relative_out_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    arts = [article(1, "bbc", 0, title="nul \x00 and lone surrogate \ud800", lede="\u202etxt")]
    summary = write_report([event("ev-o", arts)], out_dir=Path("out"), generated_at=GENERATED)
    assert summary.index == tmp_path / "out" / "index.html"
    page = read(tmp_path / "out" / "events" / "ev-o.html")
    assert "nul \ufffd and lone surrogate ?" in page and "\x00" not in page


RTL = re.compile("[\u0590-\u08ff\u200f\u202a-\u202e]")  # isolate initiators are fine


def _bidi_leaks(text: str) -> bool:
    """Whether right-to-left letters or bidi controls in ``text`` (one text node or attribute)
    can reorder what follows them: they must sit inside an isolate (FSI/LRI/RLI ... PDI), and
    every embedding, override and isolate must be closed by the end of ``text``."""
    stack: list[str] = []
    for char in text:
        if RTL.match(char) and not any(c in "\u2066\u2067\u2068" for c in stack):
            return True
        if char in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068":
            stack.append(char)
        elif char == "\u202c" and stack and stack[-1] not in "\u2066\u2067\u2068":
            stack.pop()
        elif char == "\u2069" and any(c in "\u2066\u2067\u2068" for c in stack):
            while stack.pop() not in "\u2066\u2067\u2068":
                pass
    return bool(stack)


def test_right_to_left_text_is_isolated_from_what_follows_it(tmp_path: Path) -> None:
    # Defect of the hand-built pages: text from articles went out as it came, so a headline
    # in Arabic, or one starting with RIGHT-TO-LEFT OVERRIDE (U+202E), pulled the rest of its
    # line or cell into its direction: the time after a link read "09:00 2026-11-27 <title>
    # UTC" (or, with U+202E, "CTU 00:90 72-11-6202"). Every value is now isolated, as <bdi>
    # would, and the embeddings it opens are closed.
    rlo, rli, arabic = "\u202e", "\u2067", "وزير الخارجية"
    revs = (
        revision(1, 60, Change("edited", arabic + " قال", arabic + " أعلن")),
        revision(1, 90, Change("headline", rlo + "old", "new \u2069 stray")),
    )
    arts = [
        article(1, "bbc", 0, title=rlo + "evil headline", lede=rli + "lede", revisions=revs),
        article(2, "rt", 5, url="ftp://" + rlo + "x", title=arabic, text=arabic + "\nفقرة"),
    ]
    pair = event(
        "ev-bidi",
        arts,
        label=rli + "label",
        quotes=(Quote("rt", 2, rlo + "Speaker", rlo + "said", "s"),),
        terms=(TermScore("rt", rlo + "term", 2, 2.0, rlo + "example"),),
        omissions=(Omission("bbc", "entity", rlo + "Geneva", ("rt",)),),
        framing_kw={"bbc": {"authors": (rlo + "A. Writer",), "entities": ((rlo + "UN", 2),)}},
    )
    write_report([pair], out_dir=tmp_path / "r", title=rlo + "report", generated_at=GENERATED)
    page = read(tmp_path / "r" / "events" / "ev-bidi.html")
    index = read(tmp_path / "r" / "index.html")
    for doc in (page, index):
        assert rlo in doc and rli in doc  # the text itself is kept
        # one text: the runs a paragraph or a diff side is split into by <mark>, <del>, <ins>
        runs = re.sub(r"</?(?:del|ins)>|<mark [^>]*>|</mark>", "", doc)
        pieces = re.findall(r">([^<]*)<", runs) + re.findall(r'="([^"]*)"', doc)
        assert [p for p in pieces if _bidi_leaks(p)] == []
    fsi, pdi, pdf = "\u2068", "\u2069", "\u202c"
    assert f">{fsi}{arabic}{pdi}</a>" not in page  # not a link: ftp
    assert f"<span>{fsi}{arabic}{pdi}</span>" in page
    assert f"{fsi}{rlo}evil headline{pdf}{pdi}</a>" in page
    # one isolate around the whole side of a diff, so an Arabic sentence keeps its order
    assert f'<span class="old">{fsi}{arabic} <del>قال</del>{pdi}</span>' in page
    # a stray PDI is dropped: it would end the isolate early
    assert f"{fsi}<del>{rlo}old</del>{pdf}{pdi} → {fsi}<ins>new  stray</ins>{pdi}" in page


def test_index_orders_multi_outlet_first_then_newest(tmp_path: Path) -> None:
    pairs = [
        event("single-new", [article(1, "bbc", 600)]),
        event("multi-old", [article(2, "bbc", 0), article(3, "rt", 10)]),
        event("multi-new", [article(4, "bbc", 300), article(5, "guardian", 320)]),
        event("undated", [article(6, "bbc", None), article(7, "rt", None)]),
        event("single-old", [article(8, "rt", 1)]),
    ]
    write_report(pairs, out_dir=tmp_path / "r", generated_at=GENERATED)
    index = read(tmp_path / "r" / "index.html")
    keys = re.findall(r'href="events/([^"]+)\.html"', index)
    assert keys == ["multi-new", "multi-old", "undated", "single-new", "single-old"]
    # one-outlet events are under their own heading; no column repeats it on every row
    one = index.split("Reported by one outlet (2)")[1]
    assert re.findall(r'href="events/([^"]+)\.html"', one) == ["single-new", "single-old"]
    assert "single source" not in index and "Sources" not in index
    assert index.count('data-label="') == 5 * len(keys)


def test_an_index_with_no_event_says_so(tmp_path: Path) -> None:
    # `report --since` a day with nothing: a table of headings alone looked broken
    write_report([], out_dir=tmp_path / "r", generated_at=GENERATED)
    index = read(tmp_path / "r" / "index.html")
    assert "0 events" in index and "No event matches" in index
    assert "Reported by" not in index


def test_timeline_has_one_dot_per_dated_article(tmp_path: Path) -> None:
    write_report([rich_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = read(tmp_path / "r" / "events" / "ev-rich.html")
    svg = re.search(r'<svg class="timeline".*?</svg>', page, re.S)
    assert svg is not None
    assert svg.group(0).count('<circle class="dot"') == 5
    assert "09:00" in svg.group(0)  # an axis tick at the first publication
    arts = [article(1, "bbc", 0), article(2, "bbc", None), article(3, "rt", 30)]
    write_report([event("ev-u", arts)], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = read(tmp_path / "r" / "events" / "ev-u.html")
    wide, narrow = re.findall(r'<svg class="timeline(?: narrow)?".*?</svg>', page, re.S)
    for svg in (wide, narrow):  # the page draws it twice: for a laptop and for a phone
        assert svg.count('<circle class="dot"') == 2 and "+1 undated" in svg
    assert 'viewBox="0 0 1200 ' in wide
    assert '<svg class="timeline narrow" viewBox="0 0 320 ' in narrow


def test_version_history_renders_each_revision_as_a_diff(tmp_path: Path) -> None:
    write_report([edited_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = read(tmp_path / "r" / "events" / "ev-edit.html")
    column = page.split('data-outlet="guardian"')[1].split("</section>")[0]
    assert column.count('<details class="history"') == 1
    assert "(2 revisions)" in column
    assert "v1 → v2, 2026-11-27 11:10 UTC, +" in column
    assert "v2 → v3, 2026-11-27 14:00 UTC, +" in column
    assert (
        "<del>Minister quits over scandal</del> → <ins>Minister resigns amid inquiry</ins>"
        in column
    )
    assert '<div class="chg added"><span class="k">Added</span>A spokesperson' in column
    assert '<div class="chg removed"><span class="k">Removed</span>Sources say' in column
    # word-level diff of the edited paragraph: only the changed words are marked
    assert '<span class="new">The minister said the talks would <ins>not </ins>resume' in column
    assert "<del>on Monday.</del>" in column and "<ins>before Friday.</ins>" in column
    rt = page.split('data-outlet="rt"')[1].split("</section>")[0]
    assert "(1 revision, deleted)" in rt and "Deleted: found on revisit at" in rt
    bbc = page.split('data-outlet="bbc"')[1].split("</section>")[0]
    assert "Version history" not in bbc


def test_word_diff_marks_changed_words_and_escapes(tmp_path: Path) -> None:
    old, new = word_diff("Police said <b>3</b> died", "Police said <b>5</b> died & more")
    assert old == (Piece("Police said "), Piece("<b>3</b>", "del"), Piece(" died"))
    assert new == (
        Piece("Police said "),
        Piece("<b>5</b>", "ins"),
        Piece(" died"),
        Piece(" & more", "ins"),
    )
    assert word_diff("same", "same") == ((Piece("same"),), (Piece("same"),))
    # ...and the page shows the runs escaped
    revs = (
        revision(
            1, 60, Change("edited", "Police said <b>3</b> died", "Police said <b>5</b> died & more")
        ),
    )
    write_report(
        [event("ev-wd", [article(1, "bbc", 0, revisions=revs)])],
        out_dir=tmp_path / "r",
        generated_at=GENERATED,
    )
    page = read(tmp_path / "r" / "events" / "ev-wd.html")
    assert '<span class="old">Police said <del>&lt;b&gt;3&lt;/b&gt;</del> died</span>' in page
    assert (
        '<span class="new">Police said <ins>&lt;b&gt;5&lt;/b&gt;</ins> died<ins> &amp; more</ins>'
        in page
    )


def test_hostile_revision_text_is_escaped(tmp_path: Path) -> None:
    revs = (
        revision(
            1,
            60,
            Change("headline", HOSTILE, "safe"),
            Change("added", "", HOSTILE),
            Change("removed", HOSTILE, ""),
            Change("edited", "before " + HOSTILE, HOSTILE + " after"),
            Change(HOSTILE, HOSTILE, HOSTILE),
        ),
    )
    history = (HistoryItem(T0 + timedelta(minutes=90), "moved", HOSTILE),)
    arts = [article(1, "bbc", 0, title=HOSTILE, revisions=revs, history=history)]
    write_report([event("ev-hx", arts)], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = read(tmp_path / "r" / "events" / "ev-hx.html")
    assert "<script" not in page and "<img" not in page
    assert page.count("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;") >= 8
    svg = re.search(r'<svg class="timeline".*?</svg>', page, re.S)
    assert svg is not None and '<g class="gone gone-moved">' in svg.group(0)


def test_timeline_marks_edits_and_deletions_with_sentences(tmp_path: Path) -> None:
    write_report([edited_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = read(tmp_path / "r" / "events" / "ev-edit.html")
    svg = re.search(r'<svg class="timeline".*?</svg>', page, re.S)
    assert svg is not None
    assert svg.group(0).count('<path class="rev ') == 3
    assert svg.group(0).count('<path class="rev rev-headline"') == 1
    assert svg.group(0).count('<g class="gone gone-deleted">') == 1
    assert svg.group(0).count('<circle class="dot"') == 3
    headline = "guardian changed its headline 2 h 10 min after bbc first published"
    assert f"<title>{headline} (2026-11-27 11:10 UTC)" in svg.group(0)
    assert "guardian edited the text 5 h after bbc first published" in svg.group(0)
    assert "rt edited the text 1 h 35 min after bbc first published" in svg.group(0)
    assert "rt&#39;s article was found deleted 6 h 40 min after bbc first published" in page
    # the axis reaches the edits, long after the last publication (09:45)
    assert "14:00" in svg.group(0)
    section = page.split("Edits after publication")[1].split("<h2>")[0]
    sentences = re.findall(r"</span> (.*?) <span", section)
    assert sentences == [
        "rt edited the text 1 h 35 min after bbc first published",
        headline,
        "guardian edited the text 5 h after bbc first published",
        "rt&#39;s article was found deleted 6 h 40 min after bbc first published",
    ]
    # an event without edits has neither markers nor the section
    write_report([rich_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    plain = read(tmp_path / "r" / "events" / "ev-rich.html")
    assert "Edits after publication" not in plain and 'class="rev' not in plain


def test_index_badges_events_with_revisions(tmp_path: Path) -> None:
    write_report([edited_event(), rich_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    index = read(tmp_path / "r" / "index.html")
    rows = {
        key: row
        for row in re.findall(r"<tr><td[^>]*>.*?</tr>", index)
        for key in re.findall(r'href="events/([^"]+)\.html"', row)
    }
    assert (
        '<span class="edited-flag" title="3 revisions of its articles">edited ×3</span>'
        in rows["ev-edit"]
    )
    assert "edited" not in rows["ev-rich"]


def test_quotes_shared_passages_terms_and_omissions(tmp_path: Path) -> None:
    write_report([rich_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = read(tmp_path / "r" / "events" / "ev-rich.html")
    rows = re.findall(r'<tr( class="exclusive")?><td>(.*?)</td>', page)
    exclusive = {name.split(" <")[0] for cls, name in rows if cls}
    assert "Zakharova" in exclusive and "Lavrov" not in exclusive
    assert '<mark title="shared with bbc, mid; first: mid">' in page
    assert "z=3.2" in page and 'title="The ceasefire held overnight."' in page
    assert "Uses less: west (z=-1.5)" in page
    assert "Geneva</td>" in page


def test_flags_summary_only_and_single_source(tmp_path: Path) -> None:
    arts = [article(1, "bbc", 0, summary_only=True, text="")]
    pair = event("ev-s", arts, framing_kw={"bbc": {"summary_only": True}})
    write_report([pair], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = read(tmp_path / "r" / "events" / "ev-s.html")
    assert "summary only" in page and "single source" in page


def test_unsafe_event_keys_stay_inside_events_dir(tmp_path: Path) -> None:
    pairs = [
        event("../../escape", [article(1, "bbc", 0)]),
        event("a b", [article(2, "rt", 0)]),
        event("dup", [article(3, "rt", 0)]),
        event("dup", [article(4, "rt", 1)]),
    ]
    summary = write_report(pairs, out_dir=tmp_path / "r", generated_at=GENERATED)
    names = sorted(p.name for p in (tmp_path / "r" / "events").iterdir())
    assert summary.pages == 4 and len(names) == 4
    assert all("/" not in n and not n.startswith(".") for n in names)
    assert "dup.html" in names and "dup-2.html" in names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_outlet_colours_are_fixed_or_stable() -> None:
    assert outlet_colour("guardian") != outlet_colour("bbc")
    assert outlet_colour("aljazeera") == outlet_colour("aljazeera")
    assert outlet_colour("aljazeera").startswith("hsl(")
    assert outlet_colour("aljazeera") != outlet_colour("dw")


def test_unwritable_target_gives_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a directory")
    with pytest.raises(ReportError, match=r"cannot write report to .*file\.txt/report"):
        write_report([rich_event()], out_dir=blocker / "report", generated_at=GENERATED)
    with pytest.raises(AggregatorError, match="not a directory"):
        write_report([rich_event()], out_dir=blocker, generated_at=GENERATED)
    assert blocker.read_text() == "not a directory"
    foreign = tmp_path / "home"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(ReportError, match="refusing to replace"):
        write_report([rich_event()], out_dir=foreign, generated_at=GENERATED)
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_failure_midway_leaves_previous_report_and_no_partial_files(tmp_path: Path) -> None:
    out = tmp_path / "r"
    write_report([rich_event()], out_dir=out, generated_at=GENERATED)
    before = read(out / "index.html")

    def broken() -> Iterator[Pair]:
        yield event("new-1", [article(1, "bbc", 0)])
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="went away"):
        write_report(broken(), out_dir=out, generated_at=GENERATED)
    assert read(out / "index.html") == before
    assert not (out / "events" / "new-1.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
    with pytest.raises(RuntimeError):
        write_report(broken(), out_dir=tmp_path / "fresh", generated_at=GENERATED)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_rerun_replaces_previous_report(tmp_path: Path) -> None:
    out = tmp_path / "r"
    write_report([rich_event()], out_dir=out, generated_at=GENERATED)
    write_report([event("other", [article(1, "bbc", 0)])], out_dir=out, generated_at=GENERATED)
    assert [p.name for p in (out / "events").iterdir()] == ["other.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


# --- browser -----------------------------------------------------------------------------------


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "Chromium not found (apt-get install chromium); the browser tests did not run"
        if os.environ.get("AGGREGATOR_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _run_chromium(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    browser = _chromium()
    with tempfile.TemporaryDirectory(prefix="agg-chromium-") as profile:
        args = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={profile}",
            *extra,
            page.as_uri(),
        ]
        result = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def dump_dom(page: Path) -> str:
    return _run_chromium(page, "--dump-dom").stdout


def dom_title(dom: str) -> str:
    found = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert found is not None, dom[:500]
    return found.group(1)


@pytest.mark.browser
def test_event_page_renders_columns_and_escapes_in_chromium(tmp_path: Path) -> None:
    arts = [
        article(1, "guardian", 0),
        article(2, "bbc", 30, title=HOSTILE),
        article(3, "rt", 60),
        article(4, "mid", 90),
        article(5, "aljazeera", 95),
    ]
    write_report(
        [event("ev-b", arts, label="Hostile event")], out_dir=tmp_path / "r", generated_at=GENERATED
    )
    dom = dump_dom(tmp_path / "r" / "events" / "ev-b.html")
    assert len(re.findall(r'<section class="outlet"', dom)) == 5
    assert dom_title(dom) == "Hostile event"
    assert "<script" not in dom.lower()
    assert "<img" not in dom.lower()
    # the headline's markup survives as text in the parsed document
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert len(re.findall(r'<circle class="dot"', dom)) == 2 * 5  # a laptop's and a phone's


@pytest.mark.browser
def test_hostile_label_cannot_change_the_title_in_chromium(tmp_path: Path) -> None:
    pair = event("ev-h", [article(1, "bbc", 0, title=HOSTILE), article(2, "rt", 3)], label=HOSTILE)
    write_report([pair], out_dir=tmp_path / "r", title=HOSTILE, generated_at=GENERATED)
    for page in (tmp_path / "r" / "events" / "ev-h.html", tmp_path / "r" / "index.html"):
        dom = dump_dom(page)
        assert dom_title(dom).startswith("&lt;script&gt;document.title='pwned'")
        assert "<script" not in dom.lower() and "<img" not in dom.lower()


@pytest.mark.browser
def test_content_security_policy_blocks_inline_script_in_chromium(tmp_path: Path) -> None:
    # Second line of defence: even markup that slipped past escaping could not run a script.
    write_report([rich_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = tmp_path / "r" / "events" / "ev-rich.html"
    injected = (
        "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
    )
    page.write_text(read(page).replace("<main>", "<main>" + injected), encoding="utf-8")
    assert dom_title(dump_dom(page)) == "Geneva talks"
    page.write_text(read(page).replace('http-equiv="Content-Security-Policy"', 'name="x"'))
    assert dom_title(dump_dom(page)) == "pwned"  # the check above can fail


@pytest.mark.browser
def test_edit_history_renders_in_chromium_and_screenshots(tmp_path: Path) -> None:
    write_report([edited_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = tmp_path / "r" / "events" / "ev-edit.html"
    dom = dump_dom(page)
    assert len(re.findall(r'<path class="rev ', dom)) == 2 * 3  # laptop, phone
    assert len(re.findall(r'<g class="gone gone-deleted">', dom)) == 2 * 1
    assert len(re.findall(r'<details class="history"', dom)) == 2
    assert "<del>Minister quits over scandal</del>" in dom
    assert "<script" not in dom.lower()
    dom = dump_dom(tmp_path / "r" / "index.html")
    assert "edited ×3" in dom
    # open the histories for the picture (details are collapsed by default)
    page.write_text(read(page).replace('<details class="history"', '<details open class="history"'))
    shot = Path(os.environ.get("AGGREGATOR_SHOT_DIR", tmp_path)) / "event-edits.png"
    _run_chromium(page, f"--screenshot={shot}", "--window-size=1280,2000")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
def test_index_renders_in_chromium_and_screenshots(tmp_path: Path) -> None:
    pairs = [rich_event(), event("ev-2", [article(9, "bbc", 5)])]
    write_report(pairs, out_dir=tmp_path / "r", generated_at=GENERATED)
    dom = dump_dom(tmp_path / "r" / "index.html")
    assert re.findall(r'href="events/([^"]+)\.html"', dom) == ["ev-rich", "ev-2"]
    shot = tmp_path / "index.png"
    _run_chromium(tmp_path / "r" / "index.html", f"--screenshot={shot}", "--window-size=1280,900")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_column_says_direct_quotes_and_edited_only_after_the_minute(tmp_path: Path) -> None:
    """The demo's RT pages declare a modification 41 s after publication: every RT column said
    "Edited" at the minute it said "Published". And "Quotes 1" sat beside five attributions in
    "Who is quoted by whom": the count is of direct quotations (the comparison's quote_count)."""
    published = T0 + timedelta(minutes=30)
    arts = [article(1, "guardian", 0), article(2, "rt", 30), article(3, "bbc", 60)]
    kw = {
        "rt": {"last_modified": published + timedelta(seconds=41), "quote_count": 1},
        "guardian": {"last_modified": T0 + timedelta(hours=2)},
    }
    write_report(
        [event("ev-mod", arts, framing_kw=kw)], out_dir=tmp_path / "r", generated_at=GENERATED
    )
    page = read(tmp_path / "r" / "events" / "ev-mod.html")
    columns = dict(
        re.findall(r'<section class="outlet" data-outlet="(\w+)"(.*?)</section>', page, re.S)
    )
    assert set(columns) == {"guardian", "rt", "bbc"}, list(columns)
    assert "<dt>Edited</dt>" not in columns["rt"] and "<dt>Edited</dt>" not in columns["bbc"]
    assert "<dt>Edited</dt><dd>2026-11-27 11:00 UTC</dd>" in columns["guardian"]
    assert "<dt>Direct quotes</dt><dd>1</dd>" in columns["rt"]
