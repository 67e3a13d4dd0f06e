"""Who an article names outside its quotations, and who a pronoun or a missed name means.

:class:`People` holds one article's entity mentions (repaired for attribution by
:mod:`aggregator.compare.persons`), the persons and organisations named outside quotations, the
roles the article gave people and the speakers heard so far, with the lookups over them: the
person named at or between offsets, the main person, the last one named, the person "he"/"она"
refers to (gender from honorifics and names), a name the tagger missed, whether a quotation is
a name. :class:`aggregator.compare.speakers.Speakers` builds on it to resolve a speaker phrase.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from aggregator.compare.headlines import headline
from aggregator.compare.names import (
    PREPOSITIONS,
    TITLE_NOUNS,
    lemma,
    looks_like_name,
    maybe_nominative,
    name_gender,
    name_runs,
    nominative,
    repair_surnames,
    untagged_subjects,
    women_by_verb,
)
from aggregator.compare.persons import repair_mentions
from aggregator.compare.roles import person_roles, role_word, titles_next
from aggregator.language.entities import Mention
from aggregator.language.not_names_en import NOT_NAMES
from aggregator.language.persons_en import repair_names
from aggregator.language.titles import FEMININE_TITLES, MASCULINE_TITLES, alternation
from aggregator.language.translit import latin_key

_HONORIFIC = re.compile(rf"\b({alternation(FEMININE_TITLES | MASCULINE_TITLES)})\.?\s+$")
WORD = re.compile(r"[\w’'-]+")
_EN_PRONOUN = re.compile(r"\b(?:he|his|him|she|her)\b", re.I)
_EN_GENDERS = {"he": "masc", "his": "masc", "him": "masc", "she": "femn", "her": "femn"}
SEXES = ("masc", "femn")
_RELATIVE_OPEN = re.compile(r",\s+(?:who|whose|whom|which)\s")
# An English sentence opening with a prepositional phrase, its subject after the comma.
_FRONTED_PHRASE = re.compile(
    r"\s*(?:In|On|At|After|Before|During|With|Without|From|Under|Despite|Following|Since"
    r"|Amid|Through|Unlike|Like|Besides|Beyond|According\s+to"
    # a participle or subordinate clause: "Asked about …, McConnell said", "When …, she"
    r"|Asked|Pressed|Questioned|Speaking|Responding|Writing|Addressing|Citing|Referring"
    r"|When|While|Although|Though|Because|Once|Unless|Until|As|If)\s"
)
# A fronted phrase whose names are governed, never the subject after its comma: a preposition
# or a participle ("Speaking to the BBC's Laura Kuenssberg, he said": he is not Kuenssberg).
_GOVERNING_FRONT = re.compile(
    r"\s*(?:In|On|At|After|Before|During|With|Without|From|Under|Despite|Following|Amid"
    r"|According\s+to|Asked|Pressed|Questioned|Interviewed|Told|[A-Z][a-z]+ing)\s"
)
# A broadcast named where a medium goes: after an outlet's possessive ("NBC's", "CBS News'"),
# "on" or "told", or before "host", "show" … ("appeared on "Face the Nation" Sunday").
_MEDIUM_BEFORE = re.compile(r"(?:[A-Z][\w.]*['’]s?|\b(?:on|told))\s*$")
_MEDIUM_AFTER = re.compile(
    r"[.,]?[\"”’']?\s+(?:host|anchor|co-host|program|programme|show|segment|episode|broadcast)\b"
)
_TITLE_WORD = re.compile(r"[A-Z0-9][\w'’&.-]*|the|a|an|of|on|with|and|for|in|at|to|&")


def programme(text: str, start: int, end: int, words: str) -> bool:
    """True when English words in quote marks (``text[start:end]`` with the marks) are the title
    of a programme named as the medium someone spoke on: Title Case, six words at most, after
    an outlet's possessive, "on" or "told", or before "host", "show" …; not in a headline."""
    split = words.strip(" .,").split()
    title = headline(text)
    if not 0 < len(split) <= 6 or not split[0][:1].isupper() or (title and start < title[1]):
        return False
    if not all(_TITLE_WORD.fullmatch(w) for w in split):
        return False
    before = text[max(0, start - 30) : start]
    return bool(_MEDIUM_BEFORE.search(before) or _MEDIUM_AFTER.match(text, end))


# Words no name opens with: a quotation opening so is words ("for political purposes").
# One capitalised English word that is no one's name: a quantifier or number opening a sentence
# ("Some said"), a nationality or faith ("her Catholic faith"), a title cut short ("Jr").
_NO_NAME_WORDS = frozenset(
    "no some more most many few all both several two three four five six seven eight nine ten "
    "american americans russian russians turkish chinese german germans iranian israeli "
    "mexican canadian european african asian catholic catholics christian jewish muslim "
    "protestant evangelical president jr sr jan feb aug sept oct nov dec he's she's".split()
)
_NOT_NAMES = NOT_NAMES - {"may", "june", "august"}  # (Theresa May)
_CLAUSE_OPENERS = frozenset("for to of in on at with by from that if because as".split())
_LOCATIVE = re.compile(
    r"(?<![\w-])(?:в|во)\s+(?:(?:пресс-служб|руководств|администраци|аппарат|правлени|штаб"
    r"|офис)\w*\s+)?[«\"„]?$",
    re.I,
)


@dataclass(frozen=True)
class Speaker:
    """Who spoke: a canonical entity name and type (PER/ORG/LOC), or a description (type None)."""

    name: str
    type: str | None


class People:
    """The people and organisations one article names (see the module docstring)."""

    def __init__(
        self, text: str, lang: str, mentions: Sequence[Mention], quoted: Sequence[tuple[int, int]]
    ) -> None:
        self.text = text
        self.lang = lang
        self.mentions = repair_surnames(
            untagged_subjects(text, [m for m in mentions if m.type in ("PER", "ORG", "LOC")])
            if lang == "ru"
            else mentions
        )
        typed = [m for m in self.mentions if m.type in ("PER", "ORG", "LOC")]
        if lang != "en":  # (an English text's names come repaired from the tagger: ner_en)
            typed = repair_names(text, typed)  # the Latin-script names of a Russian text
        self.mentions = repair_mentions(text, typed)
        self.women: set[str] = set()  # told by their verb ("Кая Каллас выступила")
        if lang == "ru":
            self.mentions, self.women = women_by_verb(text, self.mentions)

        def inside(m: Mention) -> bool:  # a name filling its marks («Аэрофлоте») is not
            return any(s <= m.start < e and m.end - m.start < 0.8 * (e - s - 2) for s, e in quoted)

        self.persons = [m for m in self.mentions if m.type == "PER" and not inside(m)]
        self.orgs = [m for m in self.mentions if m.type == "ORG" and not inside(m)]
        self.roles = person_roles(text, lang, self.persons)
        self.heard: list[tuple[int, Speaker]] = []  # speakers attributed so far, by offset
        self.quoted = quoted
        self._lowered: frozenset[str] | None = None

    def is_name(self, start: int, end: int, words: str) -> bool:
        """True when a quotation is a name: an organisation or work the tagger found filling
        it, or words in marks right after a title noun ("the newspaper", "акции", "фонд").
        Each span is answered once (the reader asks it of every quotation for every quote)."""
        key = (start, end, words)
        if key not in self._names:
            self._names[key] = self._is_name(start, end, words)
        return self._names[key]

    @functools.cached_property
    def _names(self) -> dict[tuple[int, int, str], bool]:
        return {}

    @functools.cached_property
    def _by_start(self) -> tuple[list[int], list[Mention]]:
        """The mentions in order of their start, and those starts (for bisection)."""
        ordered = sorted(self.mentions, key=lambda m: m.start)
        return [m.start for m in ordered], ordered

    def _is_name(self, start: int, end: int, words: str) -> bool:
        starts, ordered = self._by_start
        inside = ordered[bisect.bisect_left(starts, start) : bisect.bisect_right(starts, end)]
        covered = sum(m.end - m.start for m in inside if m.end <= end)
        clause = self.lang == "en" and words[:1].islower()  # 'if These Allegations Are True'
        if covered >= 0.8 * len(words) and len(words.split()) <= 5 and not clause:
            return True
        lead = self.text[max(0, start - 30) : start]
        before = WORD.findall(lead) if not re.search(r"[.!?:]\s*$", lead) else []
        opener = words.split()[0].lower() if words.split() else ""
        if self.lang == "en" and opener in _CLAUSE_OPENERS:
            return False  # his campaign "for political purposes": words, not the campaign's name
        if self.lang == "en" and programme(self.text, start, end, words):
            return True  # told NBC's "Meet the Press": a show, not words
        if clause and len(words.split()) >= 3:
            return False  # a federal agency "do what needs to be done": words, not its name
        return bool(before) and len(words.split()) <= 6 and lemma(before[-1]) in TITLE_NOUNS

    def _heard(self, at: int, gender: str | None) -> list[Mention]:
        """First mentions of the persons heard speaking before ``at`` whose gender agrees."""
        names = [sp.name for offset, sp in self.heard if offset < at and sp.type == "PER"]
        firsts = {m.name: m for m in reversed(self.persons)}
        return [
            firsts[n]
            for n in names
            if n in firsts and (gender not in SEXES or self._gender(firsts[n]) in (None, gender))
        ]

    def given(self, person: Mention, roles: Sequence[str]) -> bool:
        """True when the article gave ``person`` one of ``roles``."""
        return any(p.name == person.name and set(roles) & words for _, words, p in self.roles)

    def in_quote(self, at: int) -> bool:
        """True when offset ``at`` is inside a quotation."""
        return any(s <= at < e for s, e in self.quoted)

    def _common(self, run: str) -> bool:
        """True for one English word the text also writes in lower case ("Hospital staff
        told": a common noun opening a sentence, not a missed name), or that is no name."""
        if self.lang != "en" or " " in run.strip():
            return False
        word = run.strip().lower()
        if word in _NO_NAME_WORDS or word in _NOT_NAMES or re.search(r"\d", word):
            return True  # "Catholic", "Some", "Sgt", "COVID-19": no name
        if self._lowered is None:
            self._lowered = frozenset(re.findall(r"(?<![\w’'-])[a-z][a-z’'-]+", self.text))
        return run.strip().lower() in self._lowered

    def named_at(self, at: int) -> Speaker | None:
        """The person whose mention starts at ``at`` (outside quotations), or None."""
        return next((Speaker(m.name, "PER") for m in self.persons if m.start == at), None)

    def named_between(self, start: int, end: int) -> set[str]:
        """Canonical names of the people named in ``text[start:end]`` outside quotations."""
        return {m.name for m in self.persons if start <= m.start < end}

    def _name_run(
        self, start: int, end: int, inside: Sequence[Mention], *, after_role: bool = False
    ) -> Speaker | None:
        """A name the tagger missed ("Iryna, 54, told"), matched to a person the article
        named when the surnames agree. ``after_role``: the phrase names a role too, so a run is a
        name only after its last role word ("Deputy Governor Alexei Zorin" -> "Alexei Zorin",
        "Foreign Secretary" -> none) or, with no role word in it, of two words or more."""
        phrase = self.text[start:end]
        for lo, hi in name_runs(phrase):
            if after_role:
                words = phrase[lo:hi].split()
                titled = [k for k, w in enumerate(words) if role_word(w.lower(), self.lang)]
                if titled:  # "Deputy Governor Alexei Zorin": the words after the last role
                    for word in words[: titled[-1] + 1]:
                        lo = phrase.index(word, lo) + len(word)
                    lo = hi - len(phrase[lo:hi].lstrip())
                if lo >= hi or (not titled and len(words) < 2):
                    continue
            if any(m.start < start + hi and start + lo < m.end for m in inside):
                continue
            if not looks_like_name(phrase[lo:hi]) or self._common(phrase[lo:hi]):
                continue
            run = nominative(phrase[lo:hi]) if self.lang == "ru" else phrase[lo:hi]
            last = latin_key(run.split()[-1])
            known = [p for p in self.persons if latin_key(p.name.split()[-1]) == last]
            if known:
                return Speaker(known[-1].name, "PER")
            gender = name_gender(run) if self.lang == "ru" else None
            mention = Mention(start + lo, start + hi, phrase[lo:hi], "PER", run, latin_key(run))
            self.persons.append(mention)
            self.persons.sort(key=lambda m: m.start)
            # after a role ("the deputy governor, Alexei Zorin") the run is a person
            return Speaker(run, "PER" if gender or after_role else None)
        return None

    def glued_name(self, start: int, end: int) -> Speaker | None:
        """The speaker of a pull quote: the name opening its byline, cut where the page glued
        the role on ("Dr Harry BurnsChief Medical Officer" -> "Harry Burns")."""
        glue = re.search(r"[a-z][A-Z]", self.text[start:end])
        stop = start + glue.start() + 1 if glue else end
        named = self._name_run(start, stop, [])
        return Speaker(named.name, "PER") if named is not None else None

    def main_person(self) -> Speaker | None:
        """The person an article is about: named at least three times outside quotations and
        twice as often as anyone else; None when there is no such person."""
        counts: dict[str, int] = {}
        for m in self.persons:
            counts[m.name] = counts.get(m.name, 0) + 1
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
            return None
        return Speaker(ranked[0][0], "PER")

    def last_person(self, at: int) -> Speaker | None:
        """The person named last before ``at`` outside quotations."""
        earlier = [m for m in self.persons if m.end <= at]
        return Speaker(earlier[-1].name, "PER") if earlier else None

    def pronoun(self, at: int, gender: str | None, *, any_gender: bool = False) -> Speaker | None:
        """The person "he"/"she"/"он"/"она" at ``at`` refers to (subject of the last sentence
        naming someone of that gender, or of any with ``any_gender``), or None. In English, one
        person named earlier in the pronoun's own sentence is that person unless a title says
        otherwise ("Kale proposes …, which he called": a first name ending in "a" is no proof
        of a woman)."""
        governed = range(0)
        if self.lang == "en":
            floor = max(self.text.rfind(". ", 0, at), self.text.rfind("\n", 0, at))
            front = _GOVERNING_FRONT.match(self.text, floor + 1)
            if front and not any(front.start() <= m.start < front.end() for m in self.mentions):
                governed = range(floor + 1, max(floor + 1, self.text.find(",", floor + 1, at)))
            here = [m for m in self.persons if floor < m.start and m.end <= at]
            here = [m for m in here if m.start not in governed]
            titled = {
                self._gender(m)
                for m in here
                if _HONORIFIC.search(self.text, max(0, m.start - 12), m.start)
            }
            if len({m.name for m in here}) == 1 and titled <= {None, gender}:
                agreed = self._agreeing(floor, here[0], gender)
                return agreed or Speaker(here[0].name, "PER")
        earlier = [
            m
            for m in self.persons
            if m.end <= at
            and (any_gender or self._gender(m) in (None, gender))
            and m.start not in governed
        ]
        if self.lang == "en":  # "The manager, who has a daughter Lexie, said …. She said": not
            # a person named inside a relative clause
            earlier = [m for m in earlier if not self._relative(m)] or earlier
        if not earlier:
            return None
        last = earlier[-1]
        sentence_start = max(
            self.text.rfind(". ", 0, last.start), self.text.rfind("\n", 0, last.start)
        )
        same = [m for m in earlier if m.start > sentence_start]
        if self.lang == "ru":  # the subject is in the nominative ("юбилею Бориса Николаевича")
            same = [m for m in same if maybe_nominative(m.surface)] or same
        else:  # "Manchester United manager Alex Ferguson": the club the tagger took for a person
            same = [m for m in same if not titles_next(self.text, m, same)] or same
            # "In a letter to Director Joseph Maguire, the lawyer, Andrew Bakaj, wrote": the
            # subject comes after the phrase the sentence opens with
            fronted = _FRONTED_PHRASE.match(self.text, sentence_start + 1)
            comma = self.text.find(",", sentence_start + 1, last.end) if fronted else -1
            same = [m for m in same if m.start > comma] or same
        sure = [m for m in same if gender is not None and self._gender(m) == gender]
        subject = self._first_free(sure, "PER") or self._first_free(same, "PER") or last
        return Speaker(subject.name, "PER")

    def _relative(self, mention: Mention) -> bool:
        """True when an English mention stands inside a relative clause opened after a comma
        (", who also has a three-year-old daughter Lexie,") that is still open at it."""
        before = self.text[max(0, mention.start - 80) : mention.start]
        opened = list(_RELATIVE_OPEN.finditer(before))
        return bool(opened) and not re.search(r"[,.;:!?]", before[opened[-1].end() :])

    def _agreeing(self, floor: int, person: Mention, gender: str | None) -> Speaker | None:
        """English: whom an earlier "his"/"he" of the same gender in the sentence (from
        ``floor``) means, when ``person`` named after it is not known to be of that gender
        ("His words to second grader Layla Salas came when he …": his, not hers), else None."""
        if gender is None or self._gender(person) == gender:
            return None
        for match in _EN_PRONOUN.finditer(self.text, floor + 1, person.start):
            if _EN_GENDERS[match.group().lower()] == gender:
                return self.pronoun(match.start(), gender)
        return None

    def _gender(self, mention: Mention) -> str | None:
        """The gender of a person mention: an honorific before it, else :func:`name_gender`."""
        if mention.name in self.women:
            return "femn"
        title = _HONORIFIC.search(self.text, max(0, mention.start - 8), mention.start)
        if title is not None:
            return "femn" if title.group(1).lower() in FEMININE_TITLES else "masc"
        return name_gender(mention.name)

    def _first_free(self, mentions: Sequence[Mention], kind: str, floor: int = 0) -> Mention | None:
        """The first mention of ``kind`` not governed by a preposition after ``floor``."""
        free = self._free(mentions, kind, floor)
        return free[0] if free else None

    def _free(self, mentions: Sequence[Mention], kind: str, floor: int) -> list[Mention]:
        """The mentions of ``kind`` not governed by a preposition after ``floor``."""
        out = []
        for mention in (m for m in mentions if m.type == kind):
            before = self.text[max(floor, mention.start - 20) : mention.start].split()
            if not before or before[-1].lower().strip(",") not in PREPOSITIONS.get(self.lang, {}):
                out.append(mention)
        return out

    def _locative(self, mention: Mention) -> bool:
        """True for "в Кремле" / "в Киеве" (the place stands for its government), "в
        пресс-службе «Лаборатории Касперского»" (the body's office)."""
        before = self.text[max(0, mention.start - 40) : mention.start]
        return self.lang == "ru" and _LOCATIVE.search(before) is not None
