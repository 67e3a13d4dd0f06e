"""The report's framing rows: first and current headlines with timing, typed entities, quotes
with speaker and kind, the none-significant terms note; readable at 375 px and at 1280 px."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.output.report import write_report
from aggregator.records import ArticleEntity, CompareArticle, EventComparison, Quote
from tests.output.test_report import GENERATED, HOSTILE, _run_chromium, article, event, read

NOTE = "no term significant (|z| >= 1.96, count >= 3)"


def framed_event():  # type: ignore[no-untyped-def]
    arts = [
        article(1, "guardian", 0, title="Storm: woman dies as 60,000 lose power"),
        article(2, "bbc", 0.5, title="Storm Gwendolyn batters the south-west"),
        article(3, "rt", 90, title="Britons left in the dark " + "very " * 30 + "long"),
        article(4, "mid", None, title="Comment on the storm"),
    ]
    entities = (
        ArticleEntity(1, "guardian", "Helen Marsh", "PER", "helen marsh", 3, ("Helen Marsh",)),
        ArticleEntity(1, "guardian", "Met Office", "ORG", "met office", 2, ("Met Office",)),
        ArticleEntity(1, "guardian", "Devon", "LOC", "devon", 4, ("Devon",)),
    )
    quotes = (
        Quote("guardian", 1, "Helen Marsh", "It was terrifying", "s", "direct", "PER"),
        Quote("bbc", 2, "Met Office", "winds would ease by Friday", "s", "reported", "ORG"),
        Quote("rt", 3, None, "We were abandoned", "s"),
    )
    timing = {
        "guardian": {
            "first_headline": "Storm: 60,000 homes lose power",
            "timing": "tied",
            "published_source": "page",
        },
        "bbc": {"timing": "tied", "published_source": "page"},
        "rt": {"timing": "later", "published_source": "feed"},
        "mid": {"timing": "undated", "published_source": "undated"},
    }
    pair = event("ev-framing", arts, label="Storm Gwendolyn", framing_kw=timing)
    comparison, members = pair
    comparison = replace(comparison, entities=entities, quotes=quotes, terms_note=NOTE)
    return comparison, members


def test_event_page_shows_headlines_entities_quotes_and_the_terms_note(tmp_path: Path) -> None:
    write_report([framed_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    html = read(tmp_path / "r" / "events" / "ev-framing.html")
    assert "<th>Headline as first published</th><th>Headline now</th>" in html
    row = re.search(r'<tr class="changed">.*?</tr>', html, re.S)
    assert row is not None
    assert "Storm: 60,000 homes lose power" in row.group(0)  # first captured
    assert "Storm: woman dies as 60,000 lose power" in row.group(0)  # now
    assert "First published as:</span> Storm: 60,000 homes lose power" in html
    assert html.count("tied first") == 2 and "undated: not ranked" in html
    assert "(feed entry)" in html and "(first seen)" in html
    assert "<dt>People</dt><dd>Helen Marsh (3)</dd>" in html
    assert "<dt>Organisations</dt><dd>Met Office (2)</dd>" in html
    assert "<dt>Places</dt><dd>Devon (4)</dd>" in html
    assert html.count(NOTE.replace(">", "&gt;")) == 4  # in each outlet's column
    table = html[html.index('<table class="stack quote-items">') :]
    quote_rows = re.findall(r"<tr><td data-label=\"Outlet\">.*?</tr>", table, re.S)
    assert len(quote_rows) == 3
    assert 'Helen Marsh <span class="muted">(person)</span>' in quote_rows[0]
    assert "reported speech" in quote_rows[1] and "(organisation)" in quote_rows[1]
    assert "(unattributed)" in quote_rows[2]


def test_headline_cells_are_escaped(tmp_path: Path) -> None:
    comparison, members = framed_event()
    guardian = replace(comparison.outlets[0], first_headline=HOSTILE)
    comparison = replace(comparison, outlets=(guardian, *comparison.outlets[1:]))
    write_report([(comparison, members)], out_dir=tmp_path / "r", generated_at=GENERATED)
    html = read(tmp_path / "r" / "events" / "ev-framing.html")
    assert "<script>document" not in html and "&lt;script&gt;document" in html


_PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>probe</title></head>
<body style="margin:0"><iframe id="f" src="{src}" style="width:{width}px;height:900px;border:0">
</iframe><script>
function brokenWords(page) {{  /* words of table cells that a line break cuts in two */
  var broken = [];
  page.querySelectorAll("td").forEach(function (td) {{
    var walk = page.createTreeWalker(td, NodeFilter.SHOW_TEXT), node, word, range;
    while ((node = walk.nextNode())) {{
      var words = /[^\\s]+/g;
      while ((word = words.exec(node.data))) {{
        range = page.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        var tops = new Set(Array.from(range.getClientRects(), function (r) {{
          return Math.round(r.top); }}));
        if (tops.size > 1) broken.push(word[0]);
      }}
    }}
  }});
  return broken;
}}
function timelineText(page) {{  /* the drawings shown, and their letters' size on screen */
  var shown = Array.from(page.querySelectorAll("svg.timeline")).filter(function (svg) {{
    return svg.getBoundingClientRect().width > 0; }});
  var sizes = [], boxes = [], overlaps = [];
  shown.forEach(function (svg) {{
    svg.querySelectorAll("text").forEach(function (t) {{
      sizes.push(parseFloat(t.getAttribute("font-size")) * t.getScreenCTM().a);
      var b = t.getBoundingClientRect();
      boxes.forEach(function (o) {{  /* two labels drawn over each other */
        if (b.left < o.b.right && o.b.left < b.right && b.top < o.b.bottom && o.b.top < b.bottom)
          overlaps.push(o.text + " / " + t.textContent); }});
      boxes.push({{b: b, text: t.textContent}});
    }});
  }});
  return {{shown: shown.length, smallest: sizes.length ? Math.min.apply(null, sizes) : null,
    overlaps: overlaps,
    texts: sizes.length, right: Math.max.apply(null, shown.map(function (svg) {{
      return svg.getBoundingClientRect().right; }}))}};
}}
document.getElementById("f").addEventListener("load", function () {{
  var page = this.contentDocument, view = this.contentWindow;
  document.title = JSON.stringify({{
    scrollWidth: page.scrollingElement.scrollWidth, innerWidth: view.innerWidth,
    heads: Array.from(page.querySelectorAll("table.headlines th"), function (th) {{
      return th.textContent; }}),
    broken: brokenWords(page), timeline: timelineText(page),
    clipped: Array.from(page.querySelectorAll("td, th")).filter(function (cell) {{
      var box = cell.getBoundingClientRect();  /* a cell drawn past the screen's right edge */
      return box.width > 0 && box.right > view.innerWidth + 1; }}).map(function (cell) {{
      return cell.textContent.trim(); }}),
    labelsShownEmpty: Array.from(page.querySelectorAll("td[data-label]")).filter(function (cell) {{
      return cell.textContent.trim() === "" && cell.getBoundingClientRect().width > 0; }}).length
  }});
}});
</script></body></html>"""


def measure(page: Path, width: int) -> dict[str, object]:
    """The page's scroll width and inner width in a ``width`` px frame, its headline table's
    headers, the words of table cells cut in two by a line break (``broken``), and the timeline
    drawings shown with the smallest size of their letters on screen (``timeline``). The report
    forbids scripts (its Content-Security-Policy), so a probe page around it does the measuring."""
    probe = page.parent / f"probe-{width}.html"
    probe.write_text(_PROBE.format(src=page.name, width=width), encoding="utf-8")
    dom = _run_chromium(
        probe, "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom"
    ).stdout
    found = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert found is not None and found.group(1) != "probe", dom[:500]
    result: dict[str, object] = json.loads(found.group(1).replace("&quot;", '"'))
    return result


@pytest.mark.browser
def test_event_page_fits_a_phone_and_a_laptop_in_chromium(tmp_path: Path) -> None:
    write_report([framed_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = tmp_path / "r" / "events" / "ev-framing.html"
    for width in (375, 1280):
        got = measure(page, width)
        assert got["innerWidth"] == width
        assert isinstance(got["scrollWidth"], int) and got["scrollWidth"] <= width, got
        assert got["heads"] == ["Outlet", "Headline as first published", "Headline now",
                                "Published", "Timing"]  # fmt: skip
        shots = Path(os.environ.get("AGGREGATOR_SHOT_DIR", tmp_path))
        shot = shots / f"event-framing-{width}.png"
        _run_chromium(page, f"--screenshot={shot}", f"--window-size={width},2400")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    index = measure(tmp_path / "r" / "index.html", 375)
    assert isinstance(index["scrollWidth"], int) and index["scrollWidth"] <= 375, index


@pytest.mark.browser
def test_the_overflow_check_can_fail(tmp_path: Path) -> None:
    """A page wider than the phone is caught (the check above is not vacuous)."""
    write_report([framed_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = tmp_path / "r" / "events" / "ev-framing.html"
    page.write_text(read(page).replace("<main>", '<main><div style="width:900px">x</div>'))
    got = measure(page, 375)
    assert isinstance(got["scrollWidth"], int) and got["scrollWidth"] > 375


@pytest.mark.browser
def test_table_columns_never_cut_a_word_in_two_on_a_laptop(tmp_path: Path) -> None:
    """A long quotation beside short cells: the Kind column kept "reported speech" whole (it was
    squeezed to a few letters a line, "reporte / d / speech", at 1280 px)."""
    comparison, members = framed_event()
    long_quote = " ".join(["the conflict has killed tens of thousands and displaced millions"] * 12)
    quotes = (
        Quote("guardian", 1, "UN Security Council", long_quote, "s", "reported", "ORG"),
        Quote("bbc", 2, "Sergey Lavrov", long_quote, "s", "reported", "PER"),
        Quote("rt", 3, "Sergey Lavrov", "Thank you", "s", "direct", "PER"),
    )
    comparison = replace(comparison, quotes=quotes)
    write_report([(comparison, members)], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = tmp_path / "r" / "events" / "ev-framing.html"
    got = measure(page, 1280)
    assert got["broken"] == [], got
    phone = measure(page, 375)
    assert isinstance(phone["scrollWidth"], int) and phone["scrollWidth"] <= 375, phone


def test_a_date_only_outlet_shows_its_day_without_a_made_up_time(tmp_path: Path) -> None:
    """An imported row dated '2026-03-03' showed 'Published 2026-03-03 00:00 UTC', 'Lag
    publication time unknown' and 'date only: not ranked (imported file (date only))'."""
    day = datetime(2026, 3, 3, tzinfo=UTC)
    arts = [
        article(1, "guardian", None, published=day, published_source="import-date"),
        article(2, "bbc", None, published=day.replace(hour=10), published_source="import"),
    ]
    timing = {
        "guardian": {"timing": "date-only", "published_source": "import-date", "lag_s": None},
        "bbc": {"timing": "first", "published_source": "import", "lag_s": 0.0},
    }
    write_report([event("ev-day", arts, framing_kw=timing)], out_dir=tmp_path / "r",
                 generated_at=GENERATED)  # fmt: skip
    html = read(tmp_path / "r" / "events" / "ev-day.html")
    headlines = html[html.index('<table class="stack headlines">') :].split("</table>")[0]
    columns = html[html.index('<div class="columns">') :].split("<h2")[0]
    assert "00:00" not in headlines and "00:00" not in columns
    text = re.sub(r"<svg .*?</svg>", "", html, flags=re.S)  # its tooltips say it too
    assert text.count("2026-03-03 (day only)") == 3  # headline table, facts, article link
    assert "<dt>Lag</dt><dd>date only: not ranked</dd>" in html
    assert "publication time unknown" not in html and "((" not in html and "))" not in html
    assert 'date only: not ranked <span class="muted">(imported file, date only)</span>' in html
    assert "2026-03-03 10:00 UTC" in html  # the dated outlet keeps its time


@pytest.mark.browser
def test_timeline_letters_are_readable_on_a_phone_and_a_laptop(tmp_path: Path) -> None:
    """At 375 px the timeline was the 1200-unit drawing shrunk to the screen (with a 640 px
    minimum and a sideways scroll): its outlet names and hours were about 6-7 px high."""
    write_report([framed_event()], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = tmp_path / "r" / "events" / "ev-framing.html"
    for width, least in ((375, 12.0), (1280, 11.0)):
        got = measure(page, width)["timeline"]
        assert isinstance(got, dict), got
        assert got["shown"] == 1 and got["texts"] >= 4 + 3, (width, got)  # names and ticks
        assert got["smallest"] >= least, (width, got)
        assert got["right"] <= width, (width, got)  # all of it on screen, no sideways scroll
        assert got["overlaps"] == [], (width, got)


def _day_event(
    key: str, bbc_at: datetime, *more: CompareArticle
) -> tuple[EventComparison, list[CompareArticle]]:
    day = datetime(2026, 3, 3, tzinfo=UTC)
    arts = [
        article(1, "guardian", None, published=day, published_source="import-date"),
        article(2, "bbc", None, published=bbc_at, published_source="import"),
        *more,
    ]
    timing = {
        "guardian": {"timing": "date-only", "published_source": "import-date", "lag_s": None},
        "bbc": {"timing": "first", "published_source": "import", "lag_s": 0.0},
    }
    comparison, members = event(key, arts, framing_kw=timing)
    return comparison, list(members)


def test_a_date_only_article_is_a_day_band_not_a_midnight_dot_or_span(tmp_path: Path) -> None:
    """The date-only guardian article of 2026-03-03 sat at 00:00 in the event's time span
    ('2026-03-03 00:00 – 10:00 UTC') and as a timeline dot at midnight."""
    day = datetime(2026, 3, 3, tzinfo=UTC)
    pairs = [
        _day_event("ev-same", day.replace(hour=10)),  # the dated article on the same day
        _day_event("ev-next", day.replace(day=4, hour=10)),  # ... on the next day
    ]
    write_report(pairs, out_dir=tmp_path / "r", generated_at=GENERATED)
    index = read(tmp_path / "r" / "index.html")
    for key, span in (
        ("ev-same", "2026-03-03 10:00 UTC"),
        ("ev-next", "2026-03-04 10:00 UTC; 2026-03-03 (day only)"),
    ):
        html = read(tmp_path / "r" / "events" / f"{key}.html")
        header = html[: html.index("</header>")]
        assert f"<span>{span}</span>" in header and "00:00" not in header, header
        assert f'data-label="When">{span}</td>' in index
        drawings = re.findall(r'<svg class="timeline(?: narrow)?".*?</svg>', html, re.S)
        assert len(drawings) == 2
        for svg in drawings:
            assert svg.count('<circle class="dot"') == 1  # bbc's only
            assert svg.count('<g class="day-only">') == 1
            assert "<title>guardian · 2026-03-03 (day only) · " in svg
            assert re.search(r">(2026-03-03, )?day only</text>", svg), svg
            assert "guardian · 2026-03-03 00:00" not in svg
            assert "undated" not in svg
        assert "A dashed band is an article dated to the day only" in html
    # the next day's article: the axis holds the whole of the date-only day and its own time
    nxt = read(tmp_path / "r" / "events" / "ev-next.html")
    assert "03-03 00:00" in nxt and "03-04" in nxt


def test_an_event_dated_to_the_day_only_has_a_day_span_and_a_timeline(tmp_path: Path) -> None:
    day = datetime(2026, 3, 3, tzinfo=UTC)
    arts = [article(1, "guardian", None, published=day, published_source="page-date")]
    timing = {"guardian": {"timing": "date-only", "published_source": "page-date"}}
    write_report([event("ev-d", arts, framing_kw=timing)], out_dir=tmp_path / "r",
                 generated_at=GENERATED)  # fmt: skip
    html = read(tmp_path / "r" / "events" / "ev-d.html")
    assert "<span>2026-03-03 (day only)</span>" in html[: html.index("</header>")]
    assert "No article of this event has a publication time" not in html
    assert html.count('<g class="day-only">') == 2 and '<circle class="dot"' not in html


@pytest.mark.browser
def test_a_day_band_reads_on_a_phone(tmp_path: Path) -> None:
    """The day band's label is as large as the other letters, and the narrow drawing's two
    'MM-DD HH:MM' ticks of an axis over two days fit on the phone's screen."""
    day = datetime(2026, 3, 3, tzinfo=UTC)
    pairs = [
        _day_event("ev-same", day.replace(hour=10)),
        _day_event("ev-next", day.replace(day=4, hour=10)),
    ]
    write_report(pairs, out_dir=tmp_path / "r", generated_at=GENERATED)
    for key in ("ev-same", "ev-next"):
        page = tmp_path / "r" / "events" / f"{key}.html"
        got = measure(page, 375)["timeline"]
        assert isinstance(got, dict), got
        assert got["shown"] == 1 and got["texts"] >= 2 + 2 + 1, got  # names, ticks, the band
        assert got["smallest"] >= 12.0 and got["right"] <= 375, got
        assert got["overlaps"] == [], got


@pytest.mark.browser
def test_who_is_quoted_by_whom_shows_every_outlet_on_a_phone(tmp_path: Path) -> None:
    """With four outlets quoting, the speaker-by-outlet table ran past a 375 px screen inside
    its sideways scroll: the fourth outlet's counts and the totals were out of sight, so a row
    marked "only bbc" showed no number. On a phone each speaker is a card with every count."""
    comparison, members = framed_event()
    quotes = (
        Quote("guardian", 1, "Sergei Lavrov", "We keep our word", "s", "direct", "PER"),
        Quote("bbc", 2, "Sergei Lavrov", "grain will flow", "s", "reported", "PER"),
        Quote("rt", 3, "Sergei Lavrov", "We keep our word", "s", "direct", "PER"),
        Quote("mid", 4, "Sergei Lavrov", "We keep our word", "s", "direct", "PER"),
        Quote("bbc", 2, "Ukraine's foreign ministry", "complicity in theft", "s", "direct", "ORG"),
    )
    comparison = replace(comparison, quotes=quotes)
    write_report([(comparison, members)], out_dir=tmp_path / "r", generated_at=GENERATED)
    page = tmp_path / "r" / "events" / "ev-framing.html"
    for width in (375, 1280):
        got = measure(page, width)
        assert got["clipped"] == [], (width, got["clipped"])
        if width == 375:  # a card lists the outlets that quote the speaker, not "bbc:" alone
            assert got["labelsShownEmpty"] == 0, got
        assert isinstance(got["scrollWidth"], int) and got["scrollWidth"] <= width, got
    table = re.search(r'<table class="stack quotes">.*?</table>', read(page), re.S)
    assert table is not None
    assert '<td class="num" data-label="bbc"' in table.group(0)
    assert '<td class="num" data-label="Total">' in table.group(0)
