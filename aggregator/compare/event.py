"""One event's articles in, an ``EventComparison`` out: how each outlet framed the event.

Pure: no database, no HTTP. Per outlet (all its articles of the event together): headline and
lede of its earliest article (``language.ledes``: its first substantive paragraph), times and
lag behind the first outlet to publish, words, quotes and speakers (``quotes``), names
(``entities``), distinctive terms (``terms``), shared passages (``passages.shared_passages``)
and omissions.

Decisions, stated once here:

* Articles are ordered by publication time (unknown last), then id; outlets by their first
  publication time, then slug. All lists come out in a fixed order, so the same input gives
  the same output.
* Names are typed named entities (people, organisations, places; ``named``): capitalised
  words that are not names ("Officials", headline case, "Дамы", "Вы") are not entities. They
  and the speakers are merged across the whole event ("Lavrov" in one outlet, "Sergey Lavrov"
  in another and "Лавров" in a third count as one person, under one name); then a country's
  long and short forms, and a body named with and without its country, are one
  (``same_names``: "Russian Federation" is "Russia", "UK Foreign Office" the "Foreign Office").
* Shared passages are runs of at least ``SHARED_MIN_WORDS`` words found in articles of two
  different outlets (one outlet's own articles repeating each other is not shared copy).
  Overlapping runs are merged into one passage; its text is the span of the first publisher.
  An outlet whose words are at least half inside shared passages is not independent.
* Omissions need a consensus: an item counts as omitted by an outlet when at least half of the
  *other* outlets, and at least two of them, have it and this outlet does not. So events with
  fewer than three outlets have no omissions (one outlet's word against another's is a
  difference, not something "most outlets" report). Summary-only outlets are never charged
  with omissions (they have no body to omit from) but count as other outlets. An entity is
  present when the outlet's articles name it (by its Latin-script key) or any form another
  outlet wrote it in, or its name, occurs in the outlet's text (so a tagger's miss is not an
  omission; a country by any of its forms, an acronym as written); a speaker when the outlet
  quotes them or its text has them say something ("the Foreign Office said"); a number (two
  digits or more, thousands separators removed; a year is none) when it occurs in the text. A
  news agency or outlet named as a source ("…, Reuters reported"; ``sources``) is a credit, not
  a framing entity: never omitted. An outlet never omits itself: an entity or speaker that is
  one of the outlet's own names (feeds.yaml ``name`` and ``aliases``; a body such as its
  ministry by any form, ``same_names.same_body``) is not charged to it.
* Headlines: ``headline`` is the earliest article's current title, ``first_headline`` the title
  of its first captured version. Who published first, and from what time source, is
  ``timing.publication_timing`` (dated articles only; ties and undated articles marked).
* One document in several languages counts once (mid.ru's Russian statement and its English
  version): ``word_count`` is the original's words (a translation whose original is not in the
  event counts as an original); entity mentions, speakers' quotes and ``quote_count`` take, for
  each item, the version that has it most, not the sum over the languages (so a paragraph only
  the translation added still counts); ``shared_share`` is the share of the version that shares
  most (``compare.bilingual``).
* Exclusive speakers are only given when the event has two outlets or more.
* Distinctive terms need two outlets or more (an outlet is compared with the others) and are
  reported only when significant (``terms.TermRule``); ``terms_note`` says why there are none.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from aggregator.compare.bilingual import documents, once_per_document, originals, shared_share
from aggregator.compare.named import event_entities
from aggregator.compare.omissions import entity_forms, omissions
from aggregator.compare.passages import normalise_words, shared_passages, words_in
from aggregator.compare.quotes import extract_quotes
from aggregator.compare.same_names import same_names
from aggregator.compare.sources import news_organisations
from aggregator.compare.terms import SINGLE_OUTLET_NOTE, TermPrior, TermRule, distinctive_terms
from aggregator.compare.timing import publication_timing
from aggregator.compare.translations import compare_translations
from aggregator.language.ledes import choose_lede
from aggregator.language.translit import latin_key
from aggregator.records import (
    ArticleEntity,
    CompareArticle,
    EventComparison,
    OutletFraming,
    Quote,
    SharedPassage,
)

SHARED_MIN_WORDS = 8
INDEPENDENT_BELOW = 0.5


def compare_event(
    event_key: str,
    label: str,
    articles: Sequence[CompareArticle],
    *,
    prior: TermPrior,
    top_terms: int = 10,
    term_rule: TermRule | None = None,
    outlet_names: Mapping[str, Sequence[str]] | None = None,
) -> EventComparison:
    """Compare how the outlets of one event told it (see the module docstring);
    ``outlet_names``: each outlet's slug -> the names of the outlet itself, never omitted by it."""
    ordered = sorted(articles, key=_article_order)
    by_outlet: dict[str, list[CompareArticle]] = {}
    for article in ordered:
        by_outlet.setdefault(article.outlet, []).append(article)
    outlets = sorted(by_outlet, key=lambda o: (_time_key(by_outlet[o][0].published), o))
    multi = len(outlets) > 1

    named = event_entities(ordered)
    aliases = _aliases(named)
    quotes = [_merge_speaker(q, aliases) for a in ordered for q in extract_quotes(a)]
    # the entities' names are the event's (``named``); a speaker joins them or another speaker
    names = same_names(((e.name, e.type, e.mentions) for e in named), _said_by(quotes))
    quotes = _typed(_one_spelling([_merge_speaker(q, names, key=str) for q in quotes]), named)
    quotes.sort(key=lambda q: outlets.index(q.outlet))  # stable: article order within outlet

    document = documents(ordered)
    entities = once_per_document(
        (e.outlet, document[e.article_id], e.article_id, e.name, e.mentions) for e in named
    )
    speakers = once_per_document(
        (q.outlet, document[q.article_id], q.article_id, q.speaker, 1)
        for q in quotes
        if q.speaker is not None
    )
    direct = once_per_document(
        (q.outlet, document[q.article_id], q.article_id, "direct", 1)
        for q in quotes
        if q.kind == "direct"
    )
    for counts in (entities, speakers, direct):
        for outlet in outlets:
            counts.setdefault(outlet, Counter())

    shared, covered = _shared_passages(ordered)
    timing = publication_timing({o: by_outlet[o][0] for o in outlets})
    framings = []
    for outlet in outlets:
        own = by_outlet[outlet]
        share = shared_share(own, document, covered, normalise_words)
        others = {s for o in outlets if o != outlet for s in speakers[o]}
        framings.append(
            OutletFraming(
                outlet=outlet,
                article_ids=tuple(a.article_id for a in own),
                headline=own[0].title,
                first_headline=own[0].first_title or own[0].title,
                lede=_lede(own[0]),
                section=next((a.section for a in own if a.section), None),
                authors=tuple(dict.fromkeys(name for a in own for name in a.authors)),
                word_count=sum(a.word_count or len(a.text.split()) for a in originals(own)),
                first_published=own[0].published,
                lag_s=timing[outlet].lag_s,
                published_source=timing[outlet].source,
                timing=timing[outlet].timing,
                first_seen=own[0].first_seen,
                last_modified=max((a.modified for a in own if a.modified), default=None),
                summary_only=all(a.summary_only for a in own),
                quote_count=direct[outlet]["direct"],
                speakers=_ranked(speakers[outlet]),
                exclusive_speakers=tuple(sorted(set(speakers[outlet]) - others)) if multi else (),
                entities=_ranked(entities[outlet]),
                shared_share=round(share, 4),
                independent=share < INDEPENDENT_BELOW,
                languages=tuple(dict.fromkeys(a.language for a in own if a.language)),
            )
        )
    rule = term_rule or TermRule()
    terms = distinctive_terms(
        {o: [_full_text(a) for a in by_outlet[o]] for o in outlets},
        prior=prior,
        top=top_terms,
        rule=rule,
    )
    terms_note = "" if terms else (rule.none_note() if multi else SINGLE_OUTLET_NOTE)
    return EventComparison(
        event_key=event_key,
        label=label,
        single_source=not multi,
        outlets=tuple(framings),
        terms=tuple(terms),
        quotes=tuple(quotes),
        shared=tuple(shared),
        omissions=tuple(
            omissions(
                by_outlet,
                outlets,
                entities,
                speakers,
                entity_forms(named),
                _full_text,
                news_organisations(named, quotes, map(_full_text, ordered)),
                outlet_names or {},
            )
        ),
        independent_outlets=sum(1 for f in framings if f.independent),
        terms_note=terms_note,
        entities=tuple(named),
        translations=compare_translations(ordered),
    )


def _article_order(article: CompareArticle) -> tuple[float, int]:
    return (_time_key(article.published), article.article_id)


def _time_key(when: datetime | None) -> float:
    return when.timestamp() if when is not None else float("inf")


def _full_text(article: CompareArticle) -> str:
    body = article.text or article.lede
    return f"{article.title}\n{body}" if article.title else body


def _lede(article: CompareArticle) -> str:
    """The first substantive paragraph; the stored lede counts as the site's standfirst when it
    is not one of the text's paragraphs (older versions stored the first paragraph as it came,
    salutation or dateline included: those are chosen again)."""
    paragraphs = [p.strip() for p in article.text.split("\n") if p.strip()]
    stored = article.lede.strip()
    standfirst = stored if stored and stored not in paragraphs else ""
    return choose_lede(paragraphs, standfirst=standfirst)


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _aliases(named: Sequence[ArticleEntity]) -> dict[str, str]:
    """Latin key of every name and form of a person or organisation -> the event's name."""
    aliases: dict[str, str] = {}
    for entity in named:
        if entity.type in ("PER", "ORG"):
            for form in (entity.name, *entity.surfaces):
                aliases.setdefault(latin_key(form), entity.name)
            aliases[entity.key] = entity.name
    return aliases


_APOSTROPHES = str.maketrans("’‘ʼ`´", "'''''")


def _one_spelling(quotes: list[Quote]) -> list[Quote]:
    """Speakers written alike but for case and typography ("Russia’s foreign ministry" in one
    outlet, "Russia's foreign ministry" in another) are one, under the first outlet's form: two
    outlets quoting one ministry do not each quote it "only"."""
    first: dict[str, str] = {}
    for quote in quotes:
        if quote.speaker is not None:
            first.setdefault(_spelling(quote.speaker), quote.speaker)
    return [
        q if q.speaker is None else dataclasses.replace(q, speaker=first[_spelling(q.speaker)])
        for q in quotes
    ]


def _spelling(name: str) -> str:
    return " ".join(name.translate(_APOSTROPHES).casefold().split())


def _typed(quotes: list[Quote], named: Sequence[ArticleEntity]) -> list[Quote]:
    """A speaker now under an entity's name of the event gets its type when it had none ("the
    Russian embassy", a description in one outlet, is the ``ORG`` "Russian Embassy" of another)."""
    types = {e.name: e.type for e in named}
    return [
        dataclasses.replace(q, speaker_type=types[q.speaker])
        if q.speaker_type is None and q.speaker in types
        else q
        for q in quotes
    ]


def _said_by(quotes: Sequence[Quote]) -> list[str]:
    return [q.speaker for q in quotes if q.speaker is not None]


def _merge_speaker(
    quote: Quote, aliases: Mapping[str, str], key: Callable[[str], str] = latin_key
) -> Quote:
    if quote.speaker is None:
        return quote
    name = aliases.get(key(quote.speaker))
    if name is None or name == quote.speaker:
        return quote
    return dataclasses.replace(quote, speaker=name)


def _shared_passages(
    ordered: Sequence[CompareArticle],
) -> tuple[list[SharedPassage], dict[int, int]]:
    """Passages shared across outlets, and per article the words of its text inside them."""
    spans: dict[int, list[tuple[int, int]]] = {a.article_id: [] for a in ordered}
    links: list[tuple[tuple[int, int, int], tuple[int, int, int]]] = []
    # Cheap pre-filter: only pairs sharing one run of SHARED_MIN_WORDS words can share a
    # passage, and most pairs in an event share none; the exact (slower) match runs on the rest.
    # An article's runs are read when another outlet's article meets it (not in an event of
    # one outlet).
    runs: dict[int, set[int]] = {}
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if a.outlet == b.outlet:
                continue
            for article in (a, b):
                if article.article_id not in runs:
                    runs[article.article_id] = _word_runs(article.text)
            if runs[a.article_id].isdisjoint(runs[b.article_id]):
                continue
            for a_span, b_span in shared_passages(a.text, b.text, min_words=SHARED_MIN_WORDS):
                spans[a.article_id].append(a_span)
                spans[b.article_id].append(b_span)
                links.append(((a.article_id, *a_span), (b.article_id, *b_span)))

    merged: dict[int, list[tuple[int, int]]] = {}
    for article_id, raw in spans.items():
        out: list[tuple[int, int]] = []
        for start, end in sorted(raw):
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((start, end))
        merged[article_id] = out

    def node(article_id: int, start: int) -> tuple[int, int]:
        index = next(k for k, (s, e) in enumerate(merged[article_id]) if s <= start < e)
        return (article_id, index)

    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(item: tuple[int, int]) -> tuple[int, int]:
        while parent.get(item, item) != item:
            item = parent[item]
        return item

    for (aid, a_start, _), (bid, b_start, _) in links:
        root_a, root_b = find(node(aid, a_start)), find(node(bid, b_start))
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)

    by_id = {a.article_id: a for a in ordered}
    rank = {a.article_id: k for k, a in enumerate(ordered)}
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for article_id, intervals in merged.items():
        for index in range(len(intervals)):
            groups.setdefault(find((article_id, index)), []).append((article_id, index))

    passages = []
    for members in groups.values():
        members.sort(key=lambda m: (rank[m[0]], m[1]))
        first_id, first_index = members[0]
        first = by_id[first_id]
        start, end = merged[first_id][first_index]
        ids = sorted({m[0] for m in members}, key=rank.__getitem__)
        passages.append(
            SharedPassage(
                text=first.text[start:end],
                outlets=tuple(dict.fromkeys(by_id[i].outlet for i in ids)),
                article_ids=tuple(ids),
                first_outlet=first.outlet,
                first_published=first.published,
            )
        )
    passages.sort(key=lambda p: (_time_key(p.first_published), rank[p.article_ids[0]], p.text))

    covered = {
        article_id: words_in(by_id[article_id].text, intervals)
        for article_id, intervals in merged.items()
    }
    return passages, covered


def _word_runs(text: str) -> set[int]:
    """Hashes of every run of ``SHARED_MIN_WORDS`` normalised words of ``text``."""
    words = normalise_words(text)
    size = SHARED_MIN_WORDS
    return {hash(tuple(words[k : k + size])) for k in range(len(words) - size + 1)}
