"""Who a sentence is about, as a reader keeps track of it: the person or organisation a sentence
opens with ("Health committee chair Michelle Gildernew gave …", "He agreed …"), the one opening the
sentence before a quote, the body the article's first sentence opens with ("МИД России выразил
сожаление …"). :class:`aggregator.compare.speakers.Speakers` builds on these to resolve "said a
spokeswoman", "the German chancellor said" and a statement with no named publisher."""

from __future__ import annotations

import re

from aggregator.compare.headlines import headline
from aggregator.compare.names import POSSESSIVES, PRONOUNS
from aggregator.compare.org_names import HEADLINE_VERBS
from aggregator.compare.people import People, Speaker
from aggregator.compare.roles import role_holder_ahead, role_word
from aggregator.language.entities import Mention

_LEAD_PREPOSITION = re.compile(
    r"(?<![\w-])(?:in|on|at|after|by|в|во|на|из|с|со|у|по|для|от|о|об|при|к)(?![\w-])", re.I
)
_OPENING_PRONOUN = re.compile(
    r"(?:(?:still|but|and|yet|however|later),?\s+)?(he|she|his|her)\s", re.I
)
# A subordinate clause opening an English sentence before its subject: "When she takes office
# in July, Ketchum will be …", "After the vote, …" (at most fifteen words up to its comma).
_FRONTED_CLAUSE = re.compile(
    r"(?:when|as|after|before|while|although|though|if|since|because|once|until|despite|"
    r"with|in|on|at|during|following|asked|speaking)\b[^,.;:!?\"“”]{1,100}?,\s+",
    re.I,
)
# A person named again by a description: "the veteran campaigner", "the talk radio
# provocateur" (one to four lower-case words after "the", the last no plural).
EPITHET = re.compile(r"the(?:\s+[a-z][a-z-]*){0,3}\s+[a-z-]*(?:[^s\W]|ss|us)")
_OWNED_PERSON = re.compile(r"['’]s?(?:\s+[a-z][a-z-]*){0,4},?\s+")
_SENTENCE_STOP = re.compile(r"[.!?][\"”’']?\s+")
_TITLE_CASE_RUN = re.compile(r"(?:\s+[A-Z][a-z]+)+")


class Subjects(People):
    """The subjects of an article's sentences (see the module docstring)."""

    def opening_body(self, start: int, end: int) -> Speaker | None:
        """English: the organisation ``text[start:end]`` opens with ("The House Judiciary
        Committee released a report on the case against Trump, saying": the committee, whose
        participle "saying" is, not the person named after it), or None."""
        first = next((m for m in self.mentions if start <= m.start < end), None)
        lead = self.text[start : first.start].strip().lower() if first is not None else "-"
        if first is None or first.type != "ORG" or lead not in ("", "the"):
            return None
        return Speaker(first.name, "ORG")

    def sentence_subject(self, start: int, end: int) -> Speaker | None:
        """The person or organisation a sentence opens with (a few words of title before the
        name at most: "Health committee chair Michelle Gildernew gave …"; in English also "he"
        or "she"), or None."""
        start += len(self.text[start:end]) - len(self.text[start:end].lstrip())  # (a blank line)
        fronted = _FRONTED_CLAUSE.match(self.text, start, end) if self.lang == "en" else None
        if fronted is not None and len(fronted.group().split()) <= 15:
            start = fronted.end()  # "When she takes office in July, Ketchum will be": Ketchum
        opening = _OPENING_PRONOUN.match(self.text, start, end)
        if opening is not None and self.lang == "en":
            # "Still, he agreed … and had this advice for parents: "…"": he is the subject;
            # "His bearing rarely shows." is about him too
            word = opening.group(1).lower()
            return self.pronoun(start, PRONOUNS.get(word) or POSSESSIVES[word])
        inside = [m for m in self.mentions if start <= m.start < end and m.type in ("PER", "ORG")]
        if not inside:
            return None
        first = inside[0]
        # "Представитель Роскосмоса Александр Воробьёв даёт объяснение": the person
        # "Labour's Yvette Cooper hit back:", "Unite's general secretary, Sharon Graham, said":
        # the person the body's possessive names (a role at most between)
        between = self.text[first.end : inside[1].start] if len(inside) > 1 else ""
        if first.type == "ORG" and len(inside) > 1 and inside[1].type == "PER":
            owned = self.lang == "en" and _OWNED_PERSON.fullmatch(between) is not None
            first = inside[1] if owned or not between.strip() else first
        lead = self.text[start : inside[0].start]
        if "," in lead or len(lead.split()) > 4 or _LEAD_PREPOSITION.search(lead):
            return None
        held = self._titled_holder(first, end) if first.type == "ORG" else None
        return held or Speaker(first.name, first.type)

    def _titled_holder(self, body: Mention, end: int) -> Speaker | None:
        """English: the person a body's title after it names, up to a headline's verb
        ("Justice Department Inspector General Finds '…'" over "… Inspector General Michael
        Horowitz": Horowitz, given that role in the lead), or None."""
        run = _TITLE_CASE_RUN.match(self.text, body.end, end) if self.lang == "en" else None
        words = [w.lower() for w in run.group().split()] if run is not None else []
        cut = next((k for k, w in enumerate(words) if w in HEADLINE_VERBS), 0)
        if not cut or not all(role_word(w, "en") for w in words[:cut]):
            return None
        holder = role_holder_ahead(self.roles, words[:cut], body.start, None, self._gender, 600)
        return Speaker(holder.name, "PER") if holder is not None else None

    def _lead_body(self, at: int) -> Speaker | None:
        """The organisation the article's first sentence opens with, when it is before ``at``
        (whose statement the article reports: "МИД России выразил сожаление …"), or None."""
        lines = re.finditer(r"[^\n]*\S[^\n]*", self.text)
        first = next(lines, None)
        lead = first is not None and self.lang == "en" and headline(self.text) is not None
        if lead:
            first = next(lines, None)  # the lead under a headline opens the article
        if first is None:
            return None
        stop = _SENTENCE_STOP.search(self.text, first.start(), first.end())
        if (stop.end() if lead and stop else first.end()) > at:
            return None  # (under a headline, its first sentence before ``at`` is enough)
        subject = self.sentence_subject(first.start(), stop.end() if stop else first.end())
        return subject if subject is not None and subject.type == "ORG" else None

    def subject_before(self, at: int, kind: str = "ORG") -> Speaker | None:
        """The organisation (``kind`` "ORG") or person ("PER") opening the sentence before the
        one at ``at`` (in its paragraph or the one before; quotations left out), or None."""
        floor = self.text.rfind("\n", 0, max(0, self.text.rfind("\n", 0, at))) + 1
        ends = [floor + m.end() for m in _SENTENCE_STOP.finditer(self.text[floor:at])]
        ends = [e for e in ends if not self.in_quote(e - 1)]
        if not ends:
            return None
        subject = self.sentence_subject(([floor, *ends])[-2], ends[-1])
        return subject if subject is not None and subject.type == kind else None

    def only_person_before(self, at: int) -> Speaker | None:
        """The one person the sentence before the one at ``at`` names (outside quotations),
        else None."""
        stops = [m.end() for m in re.finditer(r"[.!?][\"”’']?\s+", self.text[:at])]
        if len(stops) < 1:
            return None
        floor = stops[-2] if len(stops) > 1 else 0
        names = {m.name for m in self.persons if floor <= m.start < stops[-1]}
        return Speaker(names.pop(), "PER") if len(names) == 1 else None
