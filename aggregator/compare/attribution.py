"""Who said a direct quotation, read from the text around it.

:class:`Attribution` holds one article (its text, the text with quotations masked, its
paragraphs, the quotations found so far) and the ways a reader finds a quote's speaker next to
it: a speech cue after the quote in its sentence (``"…," said Lavrov.``) or before it
(``Lavrov said: "…"``, "ссылаясь на …"), the speaker phrase around that cue (subject, apposition,
"цитирует"), a paragraph ending in a colon before a quote paragraph, a signature line under it,
and the speaker of the last speech running on. :mod:`aggregator.compare.quotes` reads an article
in order and decides which of these applies; :class:`Found` is what it records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aggregator.compare import headlines, speech
from aggregator.compare.names import POSSESSIVES, PRONOUNS, name_gender, verb_gender
from aggregator.compare.people import Speaker
from aggregator.compare.quote_marks import Marked, paragraphs, prose_between
from aggregator.compare.speakers import Speakers

_CONJUNCTION = re.compile(r"(?:while|whereas|and|but|as|when|so|then|although|а|но|и|тогда)\s")
# Verbs whose object is not their subject: "told the BBC", "accused the government of".
_OBJECT_VERB = re.compile(r"told|tells|tell|accused|accuses|urged|urges|described", re.I)
# Verbs whose object comes after them and never their speaker, even right after a quote:
# '"…," called CNN "fake news"' (English inverts "said Lavrov", not "called CNN").
_NO_INVERSION = re.compile(
    r"called|calling|dubbed|branded|labell?ed|termed|described|accused|accusing|urged|demanded|"
    r"hailed|lauded|touted|chided|scolded|appealed|appeals|referred\s+to\s+as",
    re.I,
)
# Between a verb and its quote: "that", a pronoun opening the reported clause ("said he "…"").
_CONTENT_OPENING = re.compile(r"\s*(?:that\s*)?(?:(?:he|she)\s+)?[,:]?\s*")
_PRONOUN_VERB = re.compile(r"\b(?:he|she)\s+\Z", re.I)
_PRONOUN_SUBJECT = re.compile(r"(?:^|\s)(?:it|they|we|i|you|они|мы|я|вы)\s*$", re.I)
_AUTHOR_DASH = re.compile(r"[,.!?…]?\s*[—–-]\s")
_CITING = re.compile(r"(?:ссылаясь|со\s+ссылкой)\s+на\s+|(?:citing|quoting)\s+", re.I)
_APPOSITION = re.compile(r",[^,]{2,160},")
# A US party and state tag after a name: "Sen. Roy Blunt, R-Mo., who …", "(D-Calif.)".
_PARTY_TAG = re.compile(r",\s*[RDI]-[A-Z][A-Za-z.]{0,8}(?=,)|\s*\([RDI]-[A-Z][A-Za-z.]{0,8}\)")
_POSSESSED = re.compile(r"(?:his|her|its|their)(?:\s+[a-z-]+){1,2}", re.I)
_SIGNED_LEAD = re.compile(r"[\s,.;—–-]*(?:(?:Dr|Mr|Mrs|Ms|Prof|Professor)\.?\s+)?")
# A clause of reported speech opening with its subject, "he" or "she": "said he thought …".
_CONTENT_PRONOUN = re.compile(r"\s+(?:that\s+)?(he|she)\s+(?!said\b)[a-z]", re.I)
# '"…" — columnist Philip Klein': a dash, at most three lower-case words, the name.
_DASHED_LEAD = re.compile(r"[\s,.]*[—–]\s*(?:[a-z][\w-]*\s+){0,3}")
_TAIL_WORD = re.compile(r"[^\W\d][\w’'-]*")
_SMALL = frozenset("of and for at the in on de".split())
# A clause ends at a comma, a colon, a dash between spaces or a full stop; not at the dot
# inside a word ("said Bankrate.com's senior economic analyst Mark Hamrick").
_CLAUSE_END = {
    "en": re.compile(r"[,;:!?()]|\.(?![\w-])|\s[—–]\s"),
    "ru": re.compile(r"[,;:.!?()]|\s[—–]\s"),
}
_ABOUT_THIS = re.compile(r"[.!?…]?\s+((?:Об\s+этом|Такое\s+мнение|Такую\s+оценку)\s)")
_OWNER = re.compile(r"(?<=\s)(?:его|её|ее)(?=\s)", re.I)
# A clause put before an English quote whose subject is a pronoun: "As he told a girl, "…"".
_TITLE_RUN = re.compile(r"(?:[A-Z][\w.-]*\s+){0,3}")
# "a tweet from the Santa Clarita Valley sheriff's office said": the words before the name.
_DOC_FROM = re.compile(
    r"^\s*(?:an?|the)\s+(?:tweet|statement|letter|memo|post|message|release)\s+(?:from|by)\s+",
    re.I,
)
_OPENING_ASKED = re.compile(r"\s*(?:when\s+|after\s+|once\s+)?(?:asked|pressed|questioned)\b", re.I)
# The main verb before an infinitive of saying: "took to Twitter to ask", "went on television
# to say", "turned to the crowd to declare".
_TOOK_TO = re.compile(
    r"\s(?:took|takes|went|goes|turned|turns|used|uses|rushed|appeared|returned|came|stepped"
    r"|logged)\b[^,;:]{0,60}\bto\s*$"
)
_CONDITION = re.compile(r"(?:if|because|unless|once|since|before|after)\s", re.I)
_FRONTED = re.compile(r"(?:as|when|while|after|before|because|if)\s+(he|she)\s", re.I)
# A quote with no stop inside its closing mark running on into lower-case words.
_BY_AGENT = re.compile(r"\s+by\s")
_RUNS_ON = re.compile(r"(?<![,.!?…][\"'”’»])[ ]+[a-z]")


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


class Attribution:
    """One article read for speakers: the lookups a quote's attribution is made of."""

    def __init__(self, text: str, masked: str, lang: str, speakers: Speakers) -> None:
        self.text, self.masked, self.lang, self.speakers = text, masked, lang, speakers
        self.paras = paragraphs(text)
        self.found: list[Found] = []

    def _paragraph_of(self, at: int) -> int:
        return next(k for k, (s, e) in enumerate(self.paras) if s <= at < e or at < s)

    def _para_text_start(self, paragraph: int) -> int:
        p_start, p_end = self.paras[paragraph]
        para = self.text[p_start:p_end]
        return p_start + len(para) - len(para.lstrip(" —–-"))

    def _sentence_start(self, floor: int, at: int) -> int:
        limit = self.masked.find("\n", at)
        limit = len(self.masked) if limit < 0 else limit
        starts = [s for s, _ in speech.sentences(self.masked, floor, limit, self.text) if s <= at]
        return starts[-1] if starts else floor

    def _sentence_end(self, at: int, limit: int) -> int:
        rest = speech.sentences(self.masked, at, limit, self.text)
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
            subject = _PARTY_TAG.sub("", self.masked[start : cue.start])
            comma = self.masked.rfind(",", start, cue.start)
            own = self.masked[comma + 1 : cue.start].strip()  # (nothing, or "but")
            if self.lang == "en" and comma > 0 and _RUNS_ON.match(self.text, quote.end):
                # '"illegitimate" impeachment inquiry, charging', '"caricatures" concerning her
                # faith, but said': words the quote runs into are no speaker; after the comma
                found = self._around_cue(comma + 1, end, cue)
                if found is not None or not own or _CONJUNCTION.fullmatch(own + " "):
                    return found
            if (
                _CONDITION.match(subject)
                and comma > 0
                and len(subject[comma - start :].split()) <= 8
            ):
                # '"…" if their affairs became public, the president's attorney said': the
                # subject after the clause
                return self._around_cue(comma + 1, end, cue)
            if len(_APPOSITION.sub(",", _DOC_FROM.sub("", subject)).split()) > 8 and not (
                self._named_before_cue(start, cue)
            ):
                # (the words of "Pam Molnar, a nursing manager at …," are fine)
                short = comma > 0 and len(self.masked[comma + 1 : cue.start].split()) <= 4
                if not (short and self.lang == "en" and len(quote.text.split()) <= 6):
                    return None
                # 'were "at or above" the levels seen in …, Moderna said in a statement': a
                # fragment inside the sentence its closing attribution is about
                return self._around_cue(comma + 1, end, cue)
            return self._around_cue(start, end, cue)
        if self.lang == "ru" and _AUTHOR_DASH.match(self.masked, quote.end):
            # «…», — слова Сильвии Финнеманн. / «…», — доктор X: the author's words after the
            # dash say whose words these are, with or without a speech verb
            found = self.speakers.resolve(start, end, start)
            return found if found is not None and found.type == "PER" else None
        return None

    def _named_before_cue(self, start: int, cue: speech.Cue) -> bool:
        """True when the words from ``start`` to ``cue`` are one English description ending in
        a person's name right before the verb, with no comma or stop ('"…," Cornell Law School
        professor and media critic William Jacobson told Fox News.'): however long, a name."""
        words = self.masked[start : cue.start]
        if self.lang != "en" or re.search(r"[,;:.!?()]|\s[—–]\s", words.rstrip(". ")):
            return False
        end = start + len(words.rstrip())
        return len(words.split()) <= 16 and any(
            m.end == end and m.start > start for m in self.speakers.persons
        )

    def _fronted(self, start: int, quote: Marked) -> Speaker | None:
        """English cataphora: "As he gently told a girl, "…," Joe Biden showed …": the "he"
        of a clause that opens the sentence before the quote is the person named right after
        the quote (the main clause's subject), if no other gender is known for them."""
        opening = _FRONTED.match(self.masked, start) if self.lang == "en" else None
        if opening is None or not speech.has_cue(self.masked[start : quote.start], "en"):
            return None
        tail = self.masked[quote.end : quote.end + 80]
        at = quote.end + len(tail) - len(tail.lstrip(" ,"))
        person = next((m for m in self.speakers.persons if at <= m.start < at + 40), None)
        if person is not None and not _TITLE_RUN.fullmatch(self.masked[at : person.start]):
            return None  # the name must open the main clause ("Gov. Tom Briggs showed")
        gender = PRONOUNS[opening.group(1).lower()]
        if person is None or name_gender(person.name) not in (None, gender):
            return None
        return Speaker(person.name, "PER")

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
        if self.lang == "en" and len(found) > 1 and _OPENING_ASKED.match(self.masked, start):
            # "Asked about the bill, McConnell said this:": "asked" opening the sentence is
            # put to the speaker, it is not the sentence's speech verb
            found = found[1:]
        if self.lang == "en":  # "an image posted by his aide Sam Kerr, Riley called Ward "…"":
            # a participle with its agent describes a noun; it is not the sentence's verb
            found = [c for c in found if not _BY_AGENT.match(self.masked, c.end)] or found
        cue = found[-1]
        clause = self.masked[start : cue.start]
        if not re.search(r"[;:]|\s[—–]\s", clause) and not self._own_subject(cue, end):
            # "X said the NHS will … and accused the government of its "…"": X did both
            cue = next((c for c in found if not c.source), cue)
        return self._around_cue(start, end, cue)

    def _own_subject(self, cue: speech.Cue, end: int) -> bool:
        """True when an English verb right before the quote ("said that "…"") has a subject of
        its own after the last comma: "…, hours after President Trump said that "…"" (not
        "…, which states that "…"")."""
        if self.lang != "en" or not _CONTENT_OPENING.fullmatch(self.masked, cue.end, end):
            return False
        if _PRONOUN_VERB.search(self.masked, max(0, cue.start - 8), cue.start):
            return True  # "… that just hours earlier he said he "wouldn't sign"": his
        floor = self.masked.rfind(",", 0, cue.start) + 1
        return any(floor <= m.start < cue.start for m in self.speakers.mentions)

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
            owner = _OWNER.search(self.text, cue.start, cue.end)
            if owner is not None:  # «По её словам, …»: the person "её" means; "его" with no
                # man named before, the body last named ("телеканал «Сурия». По его данным")
                gender = POSSESSIVES[owner.group().lower()]
                meant = self.speakers.pronoun(cue.start, gender)
                bodies = [m for m in self.speakers.orgs if m.end <= cue.start]
                if meant is None and gender == "masc" and bodies:
                    return Speaker(bodies[-1].name, "ORG")
                return meant
            return self.speakers.resolve(cue.end, after_end, cue.start, gender)
        before = self.masked[start : cue.start]
        clause_start = start
        for match in re.finditer(r"[;:]|\s[—–]\s", before):
            clause_start = start + match.end()
        infinitive = _TOOK_TO.search(self.masked, clause_start, cue.start)
        if self.lang == "en" and infinitive is not None:
            # "The provocateur took to Twitter this week to ask:": the one who took to it
            taker = self.speakers.resolve_subject(clause_start, infinitive.start(), gender)
            if taker is not None:
                return taker
        subject = self.speakers.resolve_subject(clause_start, cue.start, gender)
        if subject is not None:
            return subject
        content = _CONTENT_PRONOUN.match(self.masked, cue.end) if self.lang == "en" else None
        if content is not None:  # "… and said he thought the Senate's bill was "…"": he
            return self.speakers.pronoun(content.start(1), PRONOUNS[content.group(1).lower()])
        told = _OBJECT_VERB.fullmatch(self.text[cue.start : cue.end])
        if self.lang == "en" and _NO_INVERSION.fullmatch(self.text[cue.start : cue.end]):
            return None  # '"…," called CNN "fake news"': CNN is called, it does not speak
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

    def _about_this(self, end: int, limit: int) -> Speaker | None:
        """«…». Об этом заявил журналистам глава МИД Сергей Лавров.: the Russian sentence
        after a quote that says who said "this" (``end``: the quote's end; ``limit``: its
        paragraph's)."""
        lead = _ABOUT_THIS.match(self.masked, end, limit) if self.lang == "ru" else None
        if lead is None:
            return None
        stop = speech.sentences(self.masked, lead.start(1), limit)
        return self._around_cue(lead.start(1), stop[0][1]) if stop else None

    def _clause_end(self, start: int, limit: int) -> int:
        for match in _CLAUSE_END["en" if self.lang == "en" else "ru"].finditer(
            self.masked, start, limit
        ):
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

    def _headline(self, at: int, end: int) -> Speaker | None:
        """English: the speaker a headline's shorthand gives a quote in it at ``at``..``end``:
        the words before its colon, or the subject right after a quote opening it
        (:mod:`headlines`)."""
        lead = headlines.colon_lead(self.text, at, self.speakers.mentions)
        found = self.speakers.resolve(*lead, len(self.text)) if lead is not None else None
        if lead is not None and (found is None or found.type != "PER"):
            # "WH Defends Briefing: '…'" over "Press Secretary Sean Spicer defended …": the
            # lead says who the headline's shorthand is
            colon = self.text.find(": ", lead[0], at)
            doer = headlines.lead_doer(self.text, colon, self.speakers.mentions)
            if doer is not None and (found is None or doer.name != found.name):
                found = Speaker(doer.name, doer.type)
        if found is None:
            person = headlines.subject_after(self.text, end, self.speakers.persons)
            found = Speaker(person.name, "PER") if person is not None else None
        if found is None or found.type is None:  # "49ers safety on Pence's walkout: '…'"
            person = headlines.described_in_lead(self.text, at, self.speakers.persons)
            found = Speaker(person.name, "PER") if person is not None else found
        return found if found is not None and found.type is not None else None

    def _signed_after(self, end: int, limit: int) -> Speaker | None:
        """'"…" Dr. Stephen C. Shannon, President and CEO, American Association of …': the
        paragraph ends with a person's name and titles after the quote, no verb (a release)."""
        person = next((m for m in self.speakers.persons if end <= m.start < limit), None)
        if (
            person is not None
            and _DASHED_LEAD.fullmatch(self.text[end : person.start])
            and self.text[person.end : limit].strip(" .")[:1] in ("", ",")
        ):
            return Speaker(person.name, "PER")  # '"…" — columnist Philip Klein'
        if person is None or not _SIGNED_LEAD.fullmatch(self.text[end : person.start]):
            return None
        title = headlines.headline(self.text)
        if title is not None and end <= title[1]:
            return None  # "Trump on 'Killer' Putin, 'You Think …'": Title Case, no signature
        tail = self.text[person.end : limit].strip()
        if tail[:1] not in ",." or tail.count(".") > 3:
            return None
        if any(w[0].islower() and w not in _SMALL for w in _TAIL_WORD.findall(tail)):
            return None  # "Dr Kale said …": a sentence, not a signature
        return Speaker(person.name, "PER")

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
