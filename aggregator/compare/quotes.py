"""An article's text in, what it quotes people as saying and who said it out.

Two kinds of quotation (``kind``):

* ``direct``: words in quote marks, English and Russian typography (:mod:`quote_marks`: nested
  marks, quotes running over paragraphs) and Russian dash speech (``— Мы готовы, — сказал
  Лавров.``);
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

Two parts of one quote split by their attribution (``"…," Lavrov said, "…"``) are two quotes,
as the gold (``bench/framing/README.md``) counts them.
Quotes under ``MIN_WORDS`` words are dropped (one word less when a cue names who said them),
and so are unattributed ones under
``MIN_UNATTRIBUTED_WORDS`` (scare quotes, titles: "special military operation", «Газпром»).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from aggregator.compare import speech
from aggregator.compare.names import verb_gender
from aggregator.compare.quote_marks import Marked, find_all, mask, paragraphs, prose_between
from aggregator.compare.speakers import Speaker, Speakers
from aggregator.compare.speech import guess_language
from aggregator.language.entities import Mention, find_mentions
from aggregator.records import CompareArticle, Quote

MIN_WORDS = 3
MIN_UNATTRIBUTED_WORDS = 5

_CONJUNCTION = re.compile(r"(?:while|whereas|and|but|as|when|so|then|although|а|но|и|тогда)\s")
_OBJECT_VERB = re.compile(r"told|tells|tell", re.I)
_PRONOUN_SUBJECT = re.compile(r"(?:^|\s)(?:it|they|we|i|you|они|мы|я|вы)\s*$", re.I)
_AUTHOR_DASH = re.compile(r"[,.!?…]?\s*[—–-]\s")
_CITING = re.compile(r"(?:ссылаясь|со\s+ссылкой)\s+на\s+|(?:citing|quoting)\s+", re.I)
_APPOSITION = re.compile(r",[^,]{2,160},")
_POSSESSED = re.compile(r"(?:his|her|its|their)(?:\s+[a-z-]+){1,2}", re.I)
_CLAUSE_END = re.compile(r"[,;:.!?()]|\s[—–]\s")


@dataclass(frozen=True)
class Found:
    """One quotation found: ``start``..``end`` is the text holding it (quote and attribution)."""

    start: int
    end: int
    text: str
    kind: str  # "direct" | "reported"
    speaker: Speaker | None
    paragraph: int  # the paragraph it ends in
    via: str = ""  # how: "after" (cue after it), "cue", "colon", "continues", "subject", ""


def extract_quotes(article: CompareArticle) -> list[Quote]:
    """The quotations of ``article``'s text (its lede when the text is empty), in order."""
    text = article.text or article.lede
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
        for found in find_quotes(text, article.language)
    ]


@functools.lru_cache(maxsize=32)
def _mentions(text: str, lang: str) -> tuple[Mention, ...]:
    return tuple(find_mentions(text, lang))


def find_quotes(
    text: str, lang: str | None = None, mentions: tuple[Mention, ...] | None = None
) -> list[Found]:
    """Direct and reported quotations in ``text`` with their speakers, in text order."""
    if not text.strip():
        return []
    lang = (lang or "")[:2].lower()
    lang = lang if lang in ("en", "ru") else guess_language(text)
    found = mentions if mentions is not None else _mentions(text, lang)

    def names_someone(start: int, end: int) -> bool:
        return any(m.type == "PER" and start <= m.start < end for m in found)

    marked = find_all(text, lang, lambda words: speech.has_cue(words, "ru"), names_someone)
    speakers = Speakers(text, lang, found, [(m.start, m.end) for m in marked])
    return _Reader(text, mask(text, marked), lang, speakers).read(marked)


class _Reader:
    """One pass over an article: quotations and reported speech in order, each attributed."""

    def __init__(self, text: str, masked: str, lang: str, speakers: Speakers) -> None:
        self.text, self.masked, self.lang, self.speakers = text, masked, lang, speakers
        self.paras = paragraphs(text)
        self.found: list[Found] = []
        self.interviewee: Speaker | None = None

    def read(self, marked: list[Marked]) -> list[Found]:
        events: list[tuple[int, Marked | tuple[int, int, int]]] = [(m.start, m) for m in marked]
        for index, (p_start, p_end) in enumerate(self.paras):
            for s, e in speech.sentences(self.masked, p_start, p_end):
                if not any(m.start < e and s < m.end for m in marked):
                    events.append((s, (s, e, index)))
        events.sort(key=lambda item: item[0])
        for _, event in events:
            if isinstance(event, Marked):
                self._direct(event, marked)
            else:
                self._reported(*event)
        return [f for f in self.found if self._kept(f)]

    @staticmethod
    def _kept(found: Found) -> bool:
        words = len(found.text.split())
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
        p_start = self.paras[quote.paragraph][0]
        last_para = self._paragraph_of(quote.end - 1)
        p_end = self.paras[last_para][1]
        # names in quote marks («Железная леди», «Оранжевое Настроение») do not end the
        # sentence around a quote: "продюсер фильма «…»: «…»", "— рассказал руководитель
        # команды «…» Олег Мамков"
        words = [m for m in marked if not self.speakers.is_name(m.start, m.end, m.text)]
        later = [m.start for m in words if m.start >= quote.end]
        earlier = [m.end for m in words if m.end <= quote.start]
        limit = min([p_end, *later])
        floor = max([p_start, *earlier])
        before_start = max(floor, self._sentence_start(p_start, quote.start))
        after_end = self._sentence_end(quote.end, limit)
        speaker, via = None, ""
        if quote.byline is not None:
            speaker, via = self.speakers.glued_name(*quote.byline), "byline"
        elif quote.answer:
            # the interviewee: the person the article named before its first question
            if self.interviewee is None:
                self.interviewee = self.speakers.last_person(quote.start)
            speaker, via = self.interviewee, "answer"
        elif quote.dash and quote.cue is not None:
            speaker = self._around_cue(*quote.cue)
        if speaker is None and not quote.dash:
            speaker = self._after(quote, after_end)
            via = "after" if speaker is not None else ""
            if speaker is None:
                speaker = self._before(before_start, quote.start)
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
            gap = self.masked[earlier[-1] : quote.start]
            if "\n" not in gap and not speech.sentences(self.masked, earlier[-1], quote.start)[1:]:
                speaker, via = self.found[-1].speaker, "continues"
        intro = self.masked[before_start : quote.start]
        colon = self.lang == "ru" and intro.rstrip().endswith(":")
        if speaker is None and colon and not self.speakers.named_between(before_start, quote.start):
            # "Поэтому эти планы — иллюзия: «…»" after his quotes: no one else named, his words
            speaker = self._continuing(quote.paragraph, quote.start)
            via = "continues" if speaker is not None else ""
        cued = bool(speech.cues(self.masked, before_start, quote.start, self.lang))
        if speaker is None and not alone:
            # 'Michelle Gildernew gave "a guarded welcome"': the sentence's subject
            speaker = self.speakers.sentence_subject(before_start, quote.start)
            via = "subject" if speaker is not None else ""
        if speaker is None and not (alone or cued) and self.lang == "en" and len(quote.text) > 30:
            # 'But the heavy labour group "probably works in …"' after a paragraph of his
            speaker = self._continuing(quote.paragraph, quote.start, 0)
            via = "continues" if speaker is not None else ""
        if speaker is None and alone and len(quote.text.split()) >= MIN_UNATTRIBUTED_WORDS:
            # a quote paragraph of a profile or interview: the person the article is about
            speaker = self.speakers.main_person()
            via = "main" if speaker is not None else ""
        if self.speakers.is_name(quote.start, quote.end, quote.text):
            return  # «Газпром», спикер "Движения исламского сопротивления": a name, not words
        if speaker is None and self.text[quote.start] == "'" and not cued:
            return  # A quarter of young women 'have had sex under age': a headline's claim
        found = Found(before_start, after_end, quote.text, "direct", speaker, last_para, via)
        self._record(found)

    def _paragraph_of(self, at: int) -> int:
        return next(k for k, (s, e) in enumerate(self.paras) if s <= at < e or at < s)

    def _para_text_start(self, paragraph: int) -> int:
        p_start, p_end = self.paras[paragraph]
        para = self.text[p_start:p_end]
        return p_start + len(para) - len(para.lstrip(" —–-"))

    def _sentence_start(self, floor: int, at: int) -> int:
        limit = self.masked.find("\n", at)
        limit = len(self.masked) if limit < 0 else limit
        starts = [s for s, _ in speech.sentences(self.masked, floor, limit) if s <= at]
        return starts[-1] if starts else floor

    def _sentence_end(self, at: int, limit: int) -> int:
        rest = speech.sentences(self.masked, at, limit)
        if not rest:
            return at
        first_end = rest[0][1]
        tail = self.masked[at:first_end].lstrip(" ,;—–-")
        closed_sentence = self.text[at - 2 : at - 1] in (".",)
        if closed_sentence and tail[:1].isupper() and (len(tail.split()) > 5 or tail[-2:] == ": "):
            return at  # "…." Then a new sentence: not this quote's attribution
        return first_end

    def _after(self, quote: Marked, end: int) -> Speaker | None:
        """The speaker named after the quote in its sentence (``"…," said Lavrov.``)."""
        tail = self.masked[quote.end : end]
        lead = len(tail) - len(tail.lstrip(" ,;—–-"))
        start = quote.end + lead
        if _CONJUNCTION.match(self.masked, start):
            return None
        for cue in speech.cues(self.masked, start, end, self.lang)[:1]:
            subject = self.masked[start : cue.start]
            if len(_APPOSITION.sub(",", subject).split()) > 8:
                return None  # (the words of "Pam Molnar, a nursing manager at …," are fine)
            return self._around_cue(start, end, cue)
        if self.lang == "ru" and _AUTHOR_DASH.match(self.masked, quote.end):
            # «…», — слова Сильвии Финнеманн. / «…», — доктор X: the author's words after the
            # dash say whose words these are, with or without a speech verb
            found = self.speakers.resolve(start, end, start)
            return found if found is not None and found.type == "PER" else None
        return None

    def _before(self, start: int, end: int) -> Speaker | None:
        """The speaker named before the quote in its sentence (``Lavrov said: "…"``)."""
        found = speech.cues(self.masked, start, end, self.lang)
        citing = _CITING.search(self.masked, found[-1].end if found else start, end)
        if citing is not None:
            # "как указывает издание X, ссылаясь на представителя МЧС Раису Копырину, «…»"
            source = self.speakers.resolve(
                citing.end(), self._clause_end(citing.end(), end), citing.start()
            )
            if source is not None and source.type == "PER":
                return source
        if not found:
            return None
        cue = found[-1]
        clause = self.masked[start : cue.start]
        if not re.search(r"[;:]|\s[—–]\s", clause):
            # "X said the NHS will … and accused the government of its "…"": X did both
            cue = next((c for c in found if not c.source), cue)
        return self._around_cue(start, end, cue)

    def _around_cue(self, start: int, end: int, cue: speech.Cue | None = None) -> Speaker | None:
        """Resolve the speaker phrase next to ``cue`` within ``start``..``end``."""
        if cue is None:
            found = speech.cues(self.masked, start, end, self.lang)
            if not found:
                return None
            cue = found[0]
        gender = verb_gender(self.text[cue.start : cue.end]) if not cue.source else None
        after_end = self._clause_end(cue.end, end)
        if self.text[cue.start : cue.end].lower().startswith("цитиру"):
            # "цитирует РИА Новости пресс-службу МЧС": the one quoted, not the outlet quoting
            cited = self.speakers.cited(cue.end, after_end)
            if cited is not None:
                return cited
        if cue.source:
            return self.speakers.resolve(cue.end, after_end, cue.start, gender)
        before = self.masked[start : cue.start]
        clause_start = start
        for match in re.finditer(r"[;:]|\s[—–]\s", before):
            clause_start = start + match.end()
        subject = self.speakers.resolve_subject(clause_start, cue.start, gender)
        if subject is not None:
            return subject
        told = _OBJECT_VERB.fullmatch(self.text[cue.start : cue.end])
        if (told or _PRONOUN_SUBJECT.search(before)) and before.strip(" ,—–-"):
            return None  # "X told the BBC", "they said the NHS …": not the speaker after it
        named = self.speakers.resolve(cue.end, after_end, cue.start, gender)
        if named is None and self.lang == "ru" and after_end < end:
            # «…», — заявил во вторник, 3 января, в Висбадене глава … Эберле: the subject
            # after the circumstances
            later = self.speakers.resolve(after_end, end, cue.start, gender)
            named = later if later is not None and later.type == "PER" else None
        # "said his publisher, Little, Brown & Company": the one his publisher is, not "his"
        possessed = _POSSESSED.fullmatch(self.masked[cue.end : after_end].strip()) is not None
        if (named is None or named.type != "PER" or possessed) and self.masked[
            after_end : after_end + 1
        ] == ",":
            # "asked one resident, Mykola Bondar": the name in apposition
            apposed = self.speakers.resolve(
                after_end + 1, self._clause_end(after_end + 1, end), cue.start, gender
            )
            if apposed is not None and apposed.type in (
                ("PER", "ORG", "LOC") if possessed else ("PER",)
            ):
                return apposed
        return named

    def _clause_end(self, start: int, limit: int) -> int:
        for match in _CLAUSE_END.finditer(self.masked, start, limit):
            if match.group() != "." or not speech.abbreviation(self.masked, match.end()):
                return match.start()  # not the full stop of "Dr." or "Mr."
        return limit

    def _signature(self, paragraph: int, end: int) -> Speaker | None:
        """A quote paragraph signed on the next line: "— Татьяна Скригонюк, заместитель
        начальника пресс-службы МЧС" (a dash, a person's name, no speech of its own)."""
        tail = self.text[end : self.paras[paragraph][1]].strip(' »"”.,')
        if tail or paragraph + 1 >= len(self.paras):
            return None
        at = speech.signature(self.text, *self.paras[paragraph + 1])
        return self.speakers.named_at(at) if at is not None else None

    def _colon_intro(self, paragraph: int) -> Speaker | None:
        """``Lavrov told reporters:`` ending the paragraph before a quote paragraph."""
        if paragraph == 0:
            return None
        p_start, p_end = self.paras[paragraph - 1]
        if not self.text[p_start:p_end].rstrip().endswith(":"):
            return None  # "В программу вошли:" before a list is no speech: _before needs a cue
        start = self._sentence_start(p_start, p_end)
        found = self._before(start, p_end)
        if found is None and self.lang == "ru":
            # "Однако Мирослава Сковайсова не видит в этом проблемы:" and a dashed reply
            found = self.speakers.sentence_subject(start, p_end)
        return found

    def _continuing(self, paragraph: int, at: int, most: int = 2) -> Speaker | None:
        """The speaker of the last speech in this paragraph or the one before; or two or three
        before when the paragraphs between name nobody else (a photo caption, a question);
        English page furniture between (lines with no full stop: "Related Articles") is not
        counted."""
        if not self.found:
            return None
        last = self.found[-1]
        gap = prose_between(self.text, self.paras, last.paragraph, paragraph, self.lang)
        if last.speaker is None or len(gap) > most:
            return None
        if gap and self.speakers.named_between(last.end, at) - {last.speaker.name}:
            return None
        return last.speaker
