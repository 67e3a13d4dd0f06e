"""English clauses around a quote read for its speaker: a verb going on after an earlier quote
of the sentence ("… while complaining … and demanded Republicans "…""), the subject of the last
clause before a colon (", when Schumer singled out the two picks: "…""), and the one a sentence
before says "was asked" something, whose answer the quote is (docs/quotes.md rule 15); and
words named as someone's right before the quote ("directives from Xi to "…"", "Reagan's
wisecrack – "…"", "fired from NBC for '…'": rules 13 and 15).
:class:`ClauseReading` adds these lookups to :class:`~aggregator.compare.attribution.Attribution`;
:mod:`aggregator.compare.quotes` decides when each applies."""

from __future__ import annotations

import re

from aggregator.compare import speech
from aggregator.compare.attribution import Attribution
from aggregator.compare.names import PRONOUNS
from aggregator.compare.people import Speaker
from aggregator.compare.quote_marks import Marked

_GOES_ON = re.compile(r"[\s,]*(?:while|and|but|as|then|before|after)\s", re.I)
# A capitalised word that may be a name (not a day or a month).
_NAME_WORD = re.compile(
    r"\b(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December)\b)[A-Z]"
)
_OPENS = re.compile(r"[\s,;—–-]*(?:[A-Z][\w.]*\s+)*")
_CLAUSE_OPENING = re.compile(r"(?:when|as|and|but|while|after|before|so|then)\s+", re.I)
# The last clause before a quote, opening with "he"/"she" and a verb: "… amid reports he held
# back aid - as he brands the move "…"" (after a comma, a dash, a semicolon or "that").
_PRONOUN_CLAUSE = re.compile(
    r"(?:^|,\s+|;\s+|\s[—–-]\s+|\bthat\s+)(?:(?:when|as|and|but|while|so|because|since)\s+)?"
    r"(?P<pronoun>[Hh]e|[Ss]he)\s+[a-z][\w’'-]*[^,;—–\"“”]*$"
)
# "he was asked whether …", "Khan was asked about …": the one who answers next.
_WAS_ASKED = re.compile(
    r"(?P<who>\b(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w’'-]+|\b[Hh]e|\b[Ss]he)\s+(?:was|had\s+been)\s+"
    r"(?:also\s+|later\s+|then\s+)?asked\b"
)

# Words someone gave, named by who gave them, right before the quote: "directives from Xi to
# "…"", "a promise by the governor that "…"".
_WORDS_FROM = re.compile(
    r"\b(?:directives?|orders?|instructions?|calls?|appeals?|demands?|pledges?|promises?|"
    r"vows?|warnings?|remarks?|comments?|messages?|words|plea|urging)\s+(?:from|by)\s+"
    r"(?P<who>[^,;:.!?\"“”]{2,60}?)\s+(?:to|that|for)?\s*$",
    re.I,
)
# Words named as someone's by a possessive right before the quote: "Ronald Reagan's 1986
# wisecrack – "…"", "the FBI's announcement that it is examining emails that "…"", "His
# answer: "…"" (the noun at most two words after the possessive, no sentence end after it).
_WORDS_OF = re.compile(
    r"(?P<who>\b(?:[A-Z][\w.&-]*\s+){0,4}[A-Z][\w.&-]*['’]s|\b(?:[Hh]is|[Hh]er))\s+"
    r"(?:[\w-]+\s+){0,2}?(?:wisecracks?|quips?|remarks?|comments?|words|statements?|"
    r"announcements?|claims?|assertions?|insistence|admissions?|warnings?|promises?|pledges?|"
    r"vows?|pleas?|messages?|tweets?|posts?|answers?|responses?|reply|replies|retorts?|"
    r"slogans?|mottos?|lines?|arguments?|accusations?|denials?|boasts?|verdict|advice|"
    r"explanation|description|characteri[sz]ation|assessment|response|calls?|demands?|appeals?|"
    r"requests?|threats?)\b"
    r"(?P<rest>[^.!?;\"“”]{0,150})$"
)
# "…, whose dying words "…"", "Reyes, whose message was "…"": the person named before "whose".
_WHOSE_WORDS = re.compile(
    r"(?P<who>(?:[A-Z][\w.&'’-]*\s+){0,4}[A-Z][\w.&'’-]*),\s+whose\s+(?:[\w-]+\s+){0,2}?"
    r"(?:words|remarks?|comments?|statements?|messages?|tweets?|posts?|answers?|replies|reply|"
    r"pleas?|warnings?|slogans?|mottos?|lines?)\s*(?:(?:were|was|are|is)\s*)?[:,]?\s*$"
)
# A sanction with its reason in quotes: the body that gave it ("Matt Lauer fired from NBC for
# '…'", "suspended by Twitter over "…"").
_SANCTION = re.compile(
    r"\b(?:fired|dismissed|suspended|sacked|terminated|expelled|ousted|banned|disciplined)\s+"
    r"(?:from|by)\s+(?P<who>[^,;:.!?\"“”]{2,60}?)\s+(?:for|over)\s*$",
    re.I,
)


class ClauseReading(Attribution):
    """The clause lookups of the module docstring."""

    def _shared_subject(self, start: int, end: int) -> Speaker | None:
        """The speaker of the last quote when ``start``..``end`` (from its end to the next quote,
        one sentence) goes on with a conjunction and a speech verb before anyone is named
        (" but added that the White House had "…""), else None."""
        last = self.found[-1] if self.found else None
        gap = self.masked[start:end]
        if last is None or last.speaker is None or "\n" in gap or not _GOES_ON.match(gap):
            return None
        stripped = gap.rstrip()
        if speech.sentences(self.masked, start, end, self.text)[1:] or (
            stripped.endswith((".", "!", "?"))
            and not speech.abbreviation(self.masked, start + len(stripped))
        ):
            return None  # (a sentence ends before the quote, even right before it)
        cue = next(iter(speech.cues(self.masked, start, end, self.lang)), None)
        if cue is None or _NAME_WORD.search(self.masked, start, cue.start):
            return None  # (a name, even one the tagger missed, before the verb: its subject)
        return last.speaker

    def _ended(self, end: int, at: int) -> bool:
        """True when the quote closing at ``end`` ended its sentence, the words up to ``at``
        opening a new one: a stop inside the marks, a capital after them ('"… not words."
        Labour's Yvette Cooper hit back: "…"')."""
        return self.text[end - 2 : end - 1] in (".", "!", "?") and (
            self.masked[end:at].lstrip()[:1].isupper()
        )

    def _clause_subject(self, start: int, end: int) -> Speaker | None:
        """The person or body opening the last clause of ``start``..``end`` (after its last
        comma and a conjunction: ", when Schumer singled out …:"), or None."""
        comma = self.masked.rfind(", ", start, end)
        at = comma + 2 if comma >= 0 else start
        opening = _CLAUSE_OPENING.match(self.masked, at, end)
        return self.speakers.sentence_subject(opening.end() if opening else at, end)

    def _pronoun_clause(self, start: int, end: int) -> Speaker | None:
        """English: the person "he"/"she" means when it is the subject of the last clause of
        ``start``..``end`` (right before the quote), or None: "Pelosi opened an inquiry into
        Trump - as he brands the move "…"" is Trump's, not the sentence's first subject's."""
        clause = _PRONOUN_CLAUSE.search(self.masked, start, end) if self.lang == "en" else None
        if clause is None:
            return None
        word = clause.group("pronoun")
        return self.speakers.pronoun(clause.start("pronoun"), PRONOUNS[word.lower()])

    def _new_subject(self, start: int, end: int) -> set[str]:
        """Names of the people opening ``start``..``end`` (after a comma, titles allowed) before a
        lower-case word, the subject of a verb of their own: ', Trump blasted Obama for'."""
        return {
            m.name
            for m in self.speakers.persons
            if start <= m.start < end
            and _OPENS.fullmatch(self.masked[start : m.start])
            and re.match(r"\s+[a-z]", self.masked[m.end : end])
        }

    def _asked(self, paragraph: int, at: int) -> Speaker | None:
        """The person the sentence or two before ``at`` (in its paragraph or the one before)
        says was asked something: their answer follows ("Trump was meeting Khan when he was
        asked whether the governor should resign."), or None."""
        floor = self.paras[max(0, paragraph - 1)][0]
        before = speech.sentences(self.masked, floor, at, self.text)[-3:]
        for s_start, s_end in reversed(before):
            asked = _WAS_ASKED.search(self.masked, s_start, s_end)
            if asked is None:
                continue
            who = self.speakers.resolve(asked.start("who"), asked.end("who"), asked.start())
            return who if who is not None and who.type == "PER" else None
        return None

    def _nickname(self, quote: Marked) -> bool:
        """English: one capitalised word in quote marks right before a person's name ("Trump
        slams 'Little' Adam Schiff as '…'"): part of the name, no quotation between clauses."""
        return (
            self.lang == "en"
            and quote.text[:1].isupper()
            and " " not in quote.text.strip()
            and self.text[quote.end : quote.end + 1] == " "
            and any(m.start == quote.end + 1 for m in self.speakers.persons)
        )

    def _owned_words(self, start: int, quote: Marked, limit: int) -> Speaker | None:
        """English: whose words the noun before a quote says they are ("pointed to Trump's call
        for "…" to be publicly identified, NBC News reported": Trump's), when the sentence goes
        on after the quote before its attribution (no speech cue up to the next comma), or
        None: the report at the sentence's end is the whole sentence's source."""
        comma = self.masked.find(",", quote.end, limit)
        going_on = self.masked[quote.end : comma if comma >= 0 else limit]
        if self.lang != "en" or not going_on.strip() or speech.has_cue(going_on, "en"):
            return None
        return self._words_from(start, quote.start)

    def _words_from(self, start: int, end: int) -> Speaker | None:
        """English: the person or body whose words the noun right before the quote says they
        are ("originated in directives from Xi to "…"": Xi), or the body that gave a sanction
        for the quoted reason ("fired from NBC for '…'"), or None."""
        if self.lang != "en":
            return None
        given = _WORDS_FROM.search(self.masked, start, end)
        given = given or _SANCTION.search(self.masked, start, end)
        given = given or _WHOSE_WORDS.search(self.masked, start, end)
        if given is None:
            owned = _WORDS_OF.search(self.masked, start, end)
            if owned is None:
                return None
            rest = owned.group("rest")
            if (":" in rest and rest.strip() != ":") or self.speakers.named_between(
                owned.start("rest"), end
            ):
                return None  # "Trump praises Kanye West's words at the White House: "…"": his
            who = owned.group("who")
            cut = (
                owned.start("who") + len(who) - (2 if who.endswith("s") and who[-2] in "'’" else 0)
            )
            found = self.speakers.resolve(owned.start("who"), cut, owned.start())
            return found if found is not None and found.type in ("PER", "ORG") else None
        found = self.speakers.resolve(given.start("who"), given.end("who"), given.start())
        return found if found is not None and found.type in ("PER", "ORG") else None
