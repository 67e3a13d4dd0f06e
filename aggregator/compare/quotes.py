"""An article's text in, what it quotes people as saying and who said it out.

Two kinds of quotation (``kind``):

* ``direct``: words in quote marks, English and Russian typography (:mod:`quote_marks`: nested
  marks, quotes running over paragraphs) and Russian dash speech (:mod:`dash_speech`: ``— Мы
  готовы, — сказал Лавров.``);
* ``reported``: a sentence saying what someone said without quote marks (:mod:`speech`:
  "Lavrov said that …", "по словам Лаврова, …"); kept only when its speaker resolves to a named
  person or organisation.

The speaker of a direct quote is read as a reader would, in this order:

1. a speech cue in its sentence after the quote (``"…," said Lavrov.``, ``"…," the minister
   told reporters.``, ``«…», — заявила Захарова.``), or before it (``Lavrov said: "…"``,
   ``По словам Лаврова, «…»``); the phrase next to the cue is resolved by :mod:`speakers`
   (names, roles, pronouns with gender, organisations) to the canonical entity;
2. a quote opening a paragraph after one ending in a colon (``Lavrov told reporters:``) takes
   the speaker named there;
3. a quote standing as a sentence of its own with no cue continues the last speech (quote or
   reported) of the same or the previous paragraph: the same speaker.

The lookups each step uses are in :mod:`attribution`; this module decides their order.

Two parts of one quote split by their attribution (``"…," Lavrov said, "…"``) are two quotes,
as the gold (``bench/framing/README.md``) counts them.
Quotes under ``MIN_WORDS`` words are dropped (one word less when a cue names who said them),
and so are unattributed ones under
``MIN_UNATTRIBUTED_WORDS`` (scare quotes, titles: "special military operation", «Газпром»).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from aggregator.compare import headlines, speech
from aggregator.compare.addresses import address_quotes, speaker_of
from aggregator.compare.attribution import Found
from aggregator.compare.clauses import ClauseReading
from aggregator.compare.dash_speech import with_dash_speech
from aggregator.compare.interviews import find_signed, find_turns, with_turns
from aggregator.compare.names import verb_gender
from aggregator.compare.people import Speaker
from aggregator.compare.quote_marks import (
    Marked,
    find_marked,
    find_pull_quotes,
    mask,
    straight_singles,
    with_pull_quotes,
)
from aggregator.compare.speakers import Speakers
from aggregator.compare.speech import guess_language
from aggregator.language.entities import Mention, find_mentions
from aggregator.language.morph_ru import parses
from aggregator.records import CompareArticle, Quote

MIN_WORDS = 3
_SUBJECT = re.compile(r"([А-ЯЁ][а-яё-]+)\s+([а-яё]+)")  # "Песков ответил"
MIN_UNATTRIBUTED_WORDS = 5
_WORD_RUN = re.compile(r"[^\W_]+(?:[-*]+[^\W_]+)*")


def extract_quotes(article: CompareArticle) -> list[Quote]:
    """The quotations of ``article``'s text (its lede when the text is empty), in order; a
    speech or statement printed as its speaker's own text is quoted paragraph by paragraph
    (:mod:`addresses`)."""
    text = article.text or article.lede
    quotations = find_quotes(text, article.language)
    if article.title and text.strip() and not any(f.kind == "direct" for f in quotations):
        lang = _language(text, article.language)
        speaker = speaker_of(article.title, find_mentions(article.title, lang), lang)
        spoken = address_quotes(text, speaker) if speaker is not None else []
        quotations = spoken or quotations
    return [
        Quote(
            article.outlet,
            article.article_id,
            found.speaker.name if found.speaker else None,
            found.text,
            text[found.start : found.end].strip(),
            kind=found.kind,
            speaker_type=found.speaker.type if found.speaker else None,
            external_id=article.external_id,
        )
        for found in quotations
    ]


def _language(text: str, lang: str | None) -> str:
    """``en`` or ``ru``: the article's language as recorded, else as the text reads."""
    code = (lang or "")[:2].lower()
    return code if code in ("en", "ru") else guess_language(text)


@functools.lru_cache(maxsize=32)
def _mentions(text: str, lang: str) -> tuple[Mention, ...]:
    return tuple(find_mentions(text, lang))


def find_all(
    text: str,
    lang: str,
    is_cue: Callable[[str], bool],
    names_someone: Callable[[int, int], bool],
) -> list[Marked]:
    """Every direct quotation of ``text``: quote marks, BBC pull quotes, in Russian (``lang``
    "ru") dash speech and interview answers (see :func:`with_dash_speech`), and in both languages
    the turns of a transcript laid out by labels (:mod:`aggregator.compare.interviews`)."""
    marked = find_marked(text if lang != "en" else straight_singles(text))
    if "End Quote" in text:
        marked = with_pull_quotes(marked, find_pull_quotes(text))
    if lang == "ru":
        marked = with_dash_speech(text, marked, is_cue, names_someone)
    turns = find_turns(text, names_someone) + find_signed(text, names_someone)
    return with_turns(marked, turns) if turns else marked


def find_quotes(
    text: str, lang: str | None = None, mentions: tuple[Mention, ...] | None = None
) -> list[Found]:
    """Direct and reported quotations in ``text`` with their speakers, in text order."""
    if not text.strip():
        return []
    lang = _language(text, lang)
    found = mentions if mentions is not None else _mentions(text, lang)

    def names_someone(start: int, end: int) -> bool:
        return any(m.type == "PER" and start <= m.start < end for m in found)

    marked = find_all(text, lang, lambda words: speech.has_cue(words, "ru"), names_someone)
    speakers = Speakers(text, lang, found, _quoted(marked))
    return _Reader(text, mask(text, marked), lang, speakers).read(marked)


def _quoted(marked: list[Marked]) -> list[tuple[int, int]]:
    """The spans holding quoted words: dash speech without its author's words ("— …, — сказал
    глава МИД Сергей Лавров. — …": Lavrov is named outside the quote)."""
    out = []
    for m in marked:
        if m.cue is not None:
            out += [(m.start, m.cue[0]), (m.cue[1], m.end)]
        else:
            out.append((m.start, m.end))
    return out


class _Reader(ClauseReading):
    """One pass over an article: quotations and reported speech in order, each attributed."""

    def __init__(self, text: str, masked: str, lang: str, speakers: Speakers) -> None:
        super().__init__(text, masked, lang, speakers)
        self.interviewee: Speaker | None = None
        self.claims: list[Found] = []  # single-marked phrases no one said (yet)

    def read(self, marked: list[Marked]) -> list[Found]:
        events: list[tuple[int, Marked | tuple[int, int, int]]] = [(m.start, m) for m in marked]
        for index, (p_start, p_end) in enumerate(self.paras):
            for s, e in speech.sentences(self.masked, p_start, p_end, self.text):
                if not any(m.start < e and s < m.end for m in marked):
                    events.append((s, (s, e, index)))
        events.sort(key=lambda item: item[0])
        for _, event in events:
            if isinstance(event, Marked):
                self._direct(event, marked)
            else:
                self._reported(*event)
        if self.lang == "en":
            self._echoes()
        return [f for f in self.found if self._kept(f)]

    def _echoes(self) -> None:
        """A headline quote the article quotes again in full, attributed there by a cue, is
        that speaker's (unless the headline itself named its speaker by a cue or a colon)."""
        span = headlines.headline(self.text)
        if span is None:
            return
        body = [
            f
            for f in self.found
            if f.kind == "direct" and f.start >= span[1] and f.via in ("after", "cue")
        ]
        claims = [f for f in self.claims if f.start < span[1]]
        for k, found in [*enumerate(self.found), *((None, c) for c in claims)]:
            if found.kind != "direct" or found.start >= span[1]:
                continue
            if found.via in ("after", "cue", "headline"):
                continue
            hit = headlines.echo_of(found.text, [b.text for b in body])
            if hit is None:
                continue
            echoed = Found(**{**vars(found), "speaker": body[hit].speaker, "via": "echo"})
            if k is None:
                self.found.insert(0, echoed)
            else:
                self.found[k] = echoed

    @staticmethod
    def _kept(found: Found) -> bool:
        # "I'm here" is three words (runs of letters and digits), as the gold counts them
        words = max(len(found.text.split()), len(_WORD_RUN.findall(found.text)))
        if found.via == "after":  # '"It's chaos," said Tom': short, but said by someone
            return words >= MIN_WORDS - 1
        return words >= MIN_WORDS and (found.speaker is not None or words >= MIN_UNATTRIBUTED_WORDS)

    def _record(self, found: Found) -> None:
        if found.speaker is not None:
            speaker = self.speakers.canonical(found.speaker, found.end)
            found = Found(**{**vars(found), "speaker": speaker})
        self.found.append(found)
        if found.speaker is not None:
            self.speakers.heard.append((found.start, found.speaker))

    def _intro_name(self, paragraph: int) -> Speaker | None:
        """A surname the tagger missed opening the last paragraph before an interview's questions
        that opens with no dash, before a past-tense verb ("Песков ответил на вопросы …")."""
        for k in range(paragraph - 1, -1, -1):
            p_start, p_end = self.paras[k]
            if self.text[p_start : p_start + 1] in ("—", "–", "-"):
                continue
            subject = _SUBJECT.match(self.text, p_start, p_end)
            if subject is None or verb_gender(subject.group(2)) not in ("masc", "femn"):
                return None
            named = [p for p in parses(subject.group(1)) if {"Surn", "Name"} & p.tag.grammemes]
            if not any("nomn" in p.tag.grammemes and p.score > 0.05 for p in named):
                return None
            return Speaker(subject.group(1), "PER")
        return None

    # --- reported speech ------------------------------------------------------------------

    def _reported(self, start: int, end: int, paragraph: int) -> None:
        report = speech.reported_speech(self.masked, start, end, self.lang)
        if report is None:
            return
        s_start, s_end = report.speaker
        verb = speech.cues(self.masked, start, end, self.lang)
        gender = verb_gender(self.text[verb[0].start : verb[0].end]) if verb else None
        speaker = self.speakers.resolve(s_start, s_end, s_start, gender)
        if speaker is None or speaker.type is None:
            return
        words = self.text[report.words[0] : report.words[1]].strip()
        self._record(Found(start, end, words, "reported", speaker, paragraph, "cue"))

    # --- direct quotes --------------------------------------------------------------------

    def _direct(self, quote: Marked, marked: list[Marked]) -> None:
        if quote.question:
            return  # an interviewer's question: not the interviewee's words
        p_start = self.paras[quote.paragraph][0]
        last_para = self._paragraph_of(quote.end - 1)
        p_end = self.paras[last_para][1]
        # names in quote marks («Железная леди», «Оранжевое Настроение») do not end the
        # sentence around a quote: "продюсер фильма «…»: «…»", "— рассказал руководитель
        # команды «…» Олег Мамков"
        # (nor does a nickname before a name: "Trump slams 'Little' Adam Schiff as '…'")
        words = [
            m
            for m in marked
            if not self.speakers.is_name(m.start, m.end, m.text) and not self._nickname(m)
        ]
        later = [m.start for m in words if m.start >= quote.end]
        earlier = [m.end for m in words if m.end <= quote.start]
        limit = min([p_end, *later])
        floor = max([p_start, *earlier])
        before_start = max(floor, self._sentence_start(p_start, quote.start))
        after_end = self._sentence_end(quote.end, limit)
        speaker, via = None, ""
        if quote.byline is not None:
            speaker, via = self.speakers.glued_name(*quote.byline), "byline"
        elif quote.label is not None:
            # a transcript's "Брюн: …" / "С.В.Лавров: …": the person the label names
            speaker = self.speakers.named_at(quote.label[0]) or self.speakers.resolve(
                *quote.label, quote.label[0]
            )
            via = "label"
        elif quote.answer:
            # the interviewee: the person the article named before its first question
            if self.interviewee is None:
                self.interviewee = self.speakers.last_person(quote.start) or self._intro_name(
                    quote.paragraph
                )
            speaker, via = self.interviewee, "answer"
        elif quote.dash and quote.cue is not None:
            speaker = self._around_cue(*quote.cue)
        elif self.lang == "en":
            speaker = self._headline(quote.start, quote.end)
            via = "headline" if speaker is not None else ""
        if speaker is None and self.lang == "en" and earlier:
            # '… called the bill "ridiculous" while complaining … and demanded Republicans
            # "finally get tough."': a verb with no subject of its own after the earlier quote
            # of the sentence shares that quote's speaker
            speaker = self._shared_subject(earlier[-1], quote.start)
            via = "continues" if speaker is not None else ""
        if speaker is None and not quote.dash:
            speaker, via = self._owned_words(before_start, quote, after_end), "cue"
            if speaker is None:
                speaker = self._after(quote, after_end)
                via = "after" if speaker is not None else ""
            if speaker is None:
                speaker = (
                    self._fronted(before_start, quote)
                    or self._before(before_start, quote.start)
                    or self._words_from(before_start, quote.start)
                )
            if speaker is None:  # «…». Об этом заявил Лавров.
                speaker = self._about_this(quote.end, p_end)
            if speaker is None and self.lang == "en":
                speaker = self._signed_after(quote.end, p_end)
            if speaker is None:
                after_end = quote.end
        if speaker is not None and not via:
            via = "cue"
        alone = not self.masked[before_start : quote.start].strip(" —–-")
        opens_paragraph = quote.start in (
            self._para_text_start(quote.paragraph),
            self.paras[quote.paragraph][0],
        )
        if alone and opens_paragraph and via in ("", "cue"):
            signed = self._signature(last_para, quote.end)
            if signed is not None:
                speaker, via = signed, "signature"
        if speaker is None and alone and opens_paragraph:
            speaker = self._colon_intro(quote.paragraph)
            via = "colon" if speaker is not None else ""
        if speaker is None and alone:
            speaker = self._continuing(quote.paragraph, quote.start)
            via = "continues" if speaker is not None else ""
        if speaker is None and earlier and self.found and self.found[-1].speaker is not None:
            # 'said there were "several missed opportunities" to provide a "…"': one sentence
            # (not when someone else opens a clause between: 'Mocking Obama's tweet as a "con
            # job," Trump blasted Obama for "…"' is Trump's)
            gap = self.masked[earlier[-1] : quote.start]
            if (
                "\n" not in gap
                and not speech.sentences(self.masked, earlier[-1], quote.start, self.text)[1:]
                and not self._ended(earlier[-1], quote.start)
                and not self._new_subject(earlier[-1], quote.start) - {self.found[-1].speaker.name}
            ):
                speaker, via = self.found[-1].speaker, "continues"
        intro = self.masked[before_start : quote.start]
        colon = self.lang == "ru" and intro.rstrip().endswith(":")
        if speaker is None and colon and not self.speakers.named_between(before_start, quote.start):
            # "Поэтому эти планы — иллюзия: «…»" after his quotes: no one else named, his words
            speaker = self._continuing(quote.paragraph, quote.start)
            via = "continues" if speaker is not None else ""
        cued = bool(speech.cues(self.masked, before_start, quote.start, self.lang))
        if speaker is None and self.lang == "en" and intro.rstrip().endswith(":"):
            # "…, when Schumer singled out the two picks: "…"", "Dunn was blunt, but Lowe was
            # blunter: "…"": the last clause's subject, before the sentence's first one
            speaker = self._clause_subject(before_start, quote.start)
            via = "subject" if speaker is not None else ""
        if speaker is None and not alone and self.lang == "en":
            # "… - as he brands the move "…"": the pronoun opening the last clause
            speaker = self._pronoun_clause(before_start, quote.start)
            via = "subject" if speaker is not None else ""
        if speaker is None and not alone:
            # 'Michelle Gildernew gave "a guarded welcome"': the sentence's subject
            speaker = self.speakers.sentence_subject(before_start, quote.start)
            via = "subject" if speaker is not None else ""
        if speaker is None and alone and self.lang == "en" and not cued:
            # "… when he was asked whether X should resign. … "Look, …"": the one asked answers
            speaker = self._asked(quote.paragraph, quote.start)
            via = "asked" if speaker is not None else ""
        if speaker is None and not (alone or cued) and self.lang == "en" and len(quote.text) > 30:
            # 'But the heavy labour group "probably works in …"' after a paragraph of his
            speaker = self._continuing(quote.paragraph, quote.start, 0)
            via = "continues" if speaker is not None else ""
        tail = self.masked[quote.end : self._sentence_end(quote.end, limit)]
        uncued = self.lang == "en" and not speech.has_cue(tail, "en")
        if speaker is None and alone and not opens_paragraph and uncued:
            # "Schumer, speaking at a rally, appeared to threaten them. "I want to tell you
            # …"": the person the sentence before is about
            speaker = self.speakers.subject_before(quote.start, "PER")
            if speaker is not None and speaker.name.split()[-1] in quote.text:
                speaker = None  # '"… Jefferson's concern turned to outrage …"': not his words
            via = "subject" if speaker is not None else ""
        if speaker is None and alone and len(quote.text.split()) >= MIN_UNATTRIBUTED_WORDS:
            # a quote paragraph of a profile or interview: the person the article is about
            speaker = self.speakers.main_person()
            via = "main" if speaker is not None else ""
        if self.speakers.is_name(quote.start, quote.end, quote.text):
            return  # «Газпром», спикер "Движения исламского сопротивления": a name, not words
        found = Found(before_start, after_end, quote.text, "direct", speaker, last_para, via)
        if speaker is None and self.text[quote.start] == "'" and not cued:
            # A quarter of young women 'have had sex under age': a headline's claim, kept only
            # if the article quotes it again with a speaker (see _echoes)
            self.claims.append(found)
            return
        self._record(found)
