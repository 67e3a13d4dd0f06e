"""Who a speaker phrase means, as a reader would tell: a named entity, a pronoun, a role.

Input: the article text, its language and its entity mentions (:mod:`aggregator.language.entities`,
canonical names and types PER/ORG/LOC). ``Speakers.resolve(start, end, at)`` reads the phrase
``text[start:end]`` standing next to a speech cue and returns a :class:`Speaker`:

1. a person named in the phrase (the first not governed by a preposition: "Lavrov, speaking
   to Blinken, said" is Lavrov) -> that person's canonical name ("Lavrov" -> "Sergei Lavrov",
   "Лаврова" -> "Сергей Лавров");
2. a role ("the foreign minister", "министр", "глава МИД") -> the person the article gave that
   role earlier ("Foreign Minister Sergei Lavrov", "Sergei Lavrov, Russia's foreign minister",
   "глава МИД России Сергей Лавров"), the latest one when several;
3. an organisation named in the phrase ("the Kremlin", "в Кремле", "a Kremlin spokesperson");
4. ``he``/``she``/``он``/``она`` -> the subject of the last sentence naming a person of that
   gender (Russian gender from the surname or first name by pymorphy3, and from the verb:
   "заявила" is feminine; English pronouns take the last named person, gender unknown);
5. otherwise a short description as written ("a spokesperson"), with no type.

Organisation and person names inside quotations are not candidates for pronouns and roles.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from aggregator.compare import roles as role_rules
from aggregator.compare.names import (
    DOCUMENTS,
    POSSESSIVES,
    PREPOSITIONS,
    PRONOUNS,
    TITLE_NOUNS,
    lemma,
    looks_like_name,
    maybe_nominative,
    name_gender,
    name_runs,
    nominative,
    repair_surnames,
)
from aggregator.compare.persons import org_run, repair_mentions, spelt_out
from aggregator.compare.roles import (
    description,
    known_org,
    person_roles,
    publisher,
    role_holder,
    role_word,
    titles_next,
)
from aggregator.language.entities import Mention
from aggregator.language.translit import latin_key

_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Lady|Dame|Lord|Baroness|King|Queen)\.?\s+$")
_FEMININE_TITLES = {"mrs", "ms", "miss", "lady", "dame", "baroness", "queen"}
_LEAD_PREPOSITION = re.compile(
    r"(?<![\w-])(?:in|on|at|after|by|в|во|на|из|с|со|у|по|для|от|о|об|при|к)(?![\w-])", re.I
)
_WORD = re.compile(r"[\w’'-]+")
_OPENING_PRONOUN = re.compile(r"(?:(?:still|but|and|yet|however|later),?\s+)?(he|she)\s", re.I)
# Words that may open a sentence before a role noun: "Тем не менее супруга убеждена".
_LEADS = frozenset(
    "тем не менее однако при этом в то же время между кроме того также а но и".split()
)
_SEXES = ("masc", "femn")
_OF_PLACE = re.compile(r"(?:of|from|at)\s", re.I)


@dataclass(frozen=True)
class Speaker:
    """Who spoke: a canonical entity name and type (PER/ORG/LOC), or a description (type None)."""

    name: str
    type: str | None


class Speakers:
    """Speaker resolution over one article (see the module docstring)."""

    def __init__(
        self, text: str, lang: str, mentions: Sequence[Mention], quoted: Sequence[tuple[int, int]]
    ) -> None:
        self.text = text
        self.lang = lang
        self.mentions = repair_surnames(
            [m for m in mentions if m.type in ("PER", "ORG", "LOC")] if lang == "ru" else mentions
        )
        self.mentions = repair_mentions(
            text, [m for m in self.mentions if m.type in ("PER", "ORG", "LOC")]
        )

        def inside(m: Mention) -> bool:
            return any(s <= m.start < e for s, e in quoted)

        self.persons = [m for m in self.mentions if m.type == "PER" and not inside(m)]
        self.orgs = [m for m in self.mentions if m.type == "ORG" and not inside(m)]
        self.roles = person_roles(text, lang, self.persons)
        self.heard: list[tuple[int, Speaker]] = []  # speakers attributed so far, by offset

    # --- resolution ------------------------------------------------------------------------

    def resolve(
        self, start: int, end: int, at: int, gender: str | None = None, *, subject: bool = False
    ) -> Speaker | None:
        """The speaker that ``text[start:end]`` names, read at offset ``at`` (see docstring).
        ``subject``: the phrase stands before its verb, so the person nearest the verb wins
        ("Bonhams' head of whisky, Martin Green, said")."""
        phrase = self.text[start:end]
        if not phrase.strip():
            return None
        inside = [m for m in self.mentions if start <= m.start < end]
        if gender == "plur":  # "сообщили РИА Новости в министерстве": the one "в" it
            placed = [m for m in inside if m.type in ("ORG", "LOC") and self._locative(m)]
            if placed:
                return Speaker(placed[0].name, placed[0].type)
        free = self._free(inside, "PER", start)
        if free:
            return Speaker((free[-1] if subject else free[0]).name, "PER")
        words = [w.lower() for w in _WORD.findall(phrase)]
        pronoun = next((w for w in (words[0], words[-1]) if w in PRONOUNS), None) if words else None
        if pronoun is not None and len(words) <= 6:
            return self.pronoun(at, PRONOUNS[pronoun])
        if words in (["it"], ["оно"]):  # "It said": the organisation or report last heard
            return next((sp for _, sp in reversed(self.heard) if sp.type == "ORG"), None)
        roles = [w for w in words if role_word(w, self.lang)]
        if words and words[0] in POSSESSIVES and len(words) <= 3 and not roles:
            return self.pronoun(at, POSSESSIVES[words[0]])  # "His report said:"
        holder = role_holder(self.roles, words, at, gender, self._gender, self.lang)
        if holder is not None:
            return Speaker(holder.name, "PER")
        lead = words[: words.index(roles[0])] if roles else words
        if self.lang == "ru" and roles and len(words) - len(lead) <= 3 and set(lead) <= _LEADS:
            # "Ветеран футбола уверен, что …", "Тем не менее супруга убеждена": a role no one
            # was given, said of the person the last sentence was about, as "он"/"она" is;
            # "отметила представитель Philips": the Philips person just heard
            if not inside:
                meant = self.pronoun(at, gender, any_gender=gender not in _SEXES)
                if meant is not None:
                    return meant
            elif (
                person := role_rules.org_person(inside, at, self._heard(at, gender), self.orgs)
            ) is not None:
                return Speaker(person, "PER")
        org = self._first_free(inside, "ORG", start) or self._first_free(inside, "LOC", start)
        if org is not None and (org.type == "ORG" or self._locative(org) or subject):
            return Speaker(org.name, org.type)
        # a name the tagger missed, alone or after a role it names ("the deputy governor,
        # Alexei Zorin, told"; no one was given that role before)
        named = self._name_run(start, end, inside, after_role=bool(roles))
        if named is not None:
            return named
        heard = [(offset, sp.name, sp.type) for offset, sp in self.heard]
        known = known_org(words, at, self.orgs, self.mentions, heard)
        if known is not None:
            return Speaker(known, "ORG")
        if any(lemma(w) in DOCUMENTS for w in words):
            published = publisher(self.text, self.mentions, self.lang)
            if published is not None:
                return Speaker(*published)
            if len(words) <= 3:  # "according to the statement": the body last heard speaking
                spoke = [sp for offset, sp in self.heard if sp.type == "ORG" and offset < at]
                if spoke:
                    return spoke[-1]
        described = description(phrase, self.lang)
        return Speaker(described, None) if described is not None else None

    def canonical(self, speaker: Speaker, at: int) -> Speaker:
        """A resolved speaker's name as the article writes it in full: an organisation's name
        the tagger cut short (:func:`persons.org_run`, English, at its mention nearest before
        ``at``), an acronym the article spelt out ("a spokesman for the MoJ" -> "Ministry of
        Justice"); a gloss in brackets cut off ("Ульрих Маурер (Ulrich Maurer")."""
        name = speaker.name
        if speaker.type == "ORG":
            same = [m for m in self.mentions if m.type == "ORG" and m.name == name]
            if self.lang == "en" and same:
                earlier = [m for m in same if m.start < at]
                name = org_run(self.text, (earlier or same)[-1], self.mentions)
            name = spelt_out(self.text, name)
        return Speaker(name.split("(")[0].strip() or name, speaker.type)

    def cited(self, start: int, end: int) -> Speaker | None:
        """Who "цитирует A B" cites: the person named in ``text[start:end]``, else the last
        organisation with words before it (the outlet quoting comes first: "РИА Новости
        пресс-службу МЧС"); None otherwise ("цитирует Интерфакс")."""
        inside = [m for m in self.mentions if start <= m.start < end]
        persons = [m for m in inside if m.type == "PER"]
        if persons:
            return Speaker(persons[0].name, "PER")
        bodies = [
            m for m in inside if m.type in ("ORG", "LOC") and self.text[start : m.start].strip()
        ]
        return Speaker(bodies[-1].name, bodies[-1].type) if bodies else None

    def resolve_subject(self, start: int, end: int, gender: str | None) -> Speaker | None:
        """The speaker named by the words before a speech verb (``text[start:end]``).

        The words just before the verb after the last comma win ("after meeting Mark Rutte,
        the US President said" is the president); when the verb follows a comma, the subject
        is the first part naming a person ("Peter Gordon, the chairman of Glenfiddich, said",
        "Bonhams' head of whisky, Martin Green, said"); otherwise the whole phrase."""
        phrase = self.text[start:end]
        cuts = [start] + [start + m.end() for m in re.finditer(r",\s*", phrase)]
        last = cuts[-1]
        if len(cuts) > 1 and _OF_PLACE.match(self.text, last):
            # "Dr Rebecca Fitzgerald, of the Medical Research Council in Cambridge said": the
            # part after the comma says where the person works (its closing comma lost)
            found = self.resolve(cuts[-2], last, end, gender, subject=True)
            if found is not None and found.type == "PER":
                return found
        if self.text[last:end].strip() and len(cuts) > 1:
            found = self.resolve(last, end, end, gender, subject=True)
            if found is not None:
                return found
        elif len(cuts) > 2:
            chunks = list(itertools.pairwise(cuts))
            for lo, hi in chunks:  # a part that is a name and nothing else
                name = self.text[lo:hi].strip(" ,")
                if any(m.type == "PER" and m.surface == name for m in self.mentions):
                    return self.resolve(lo, hi, end, gender, subject=True)
            for lo, hi in chunks:
                if self._free([m for m in self.mentions if lo <= m.start < hi], "PER", lo):
                    return self.resolve(lo, hi, end, gender, subject=True)
        return self.resolve(start, end, end, gender, subject=True)

    def sentence_subject(self, start: int, end: int) -> Speaker | None:
        """The person or organisation a sentence opens with (a few words of title before the
        name at most: "Health committee chair Michelle Gildernew gave …"; in English also "he"
        or "she"), or None."""
        opening = _OPENING_PRONOUN.match(self.text, start, end)
        if opening is not None and self.lang == "en":
            # "Still, he agreed … and had this advice for parents: "…"": he is the subject
            return self.pronoun(start, PRONOUNS[opening.group(1).lower()])
        inside = [m for m in self.mentions if start <= m.start < end and m.type in ("PER", "ORG")]
        if not inside:
            return None
        first = inside[0]
        # "Представитель Роскосмоса Александр Воробьёв даёт объяснение": the person
        if first.type == "ORG" and len(inside) > 1 and inside[1].type == "PER":
            first = inside[1] if not self.text[first.end : inside[1].start].strip() else first
        lead = self.text[start : first.start]
        if "," in lead or len(lead.split()) > 4 or _LEAD_PREPOSITION.search(lead):
            return None
        return Speaker(first.name, first.type)

    def is_name(self, start: int, end: int, words: str) -> bool:
        """True when a quotation is a name: an organisation or work the tagger found filling
        it, or words in marks right after a title noun ("the newspaper", "акции", "фонд")."""
        covered = sum(m.end - m.start for m in self.mentions if start <= m.start and m.end <= end)
        if covered >= 0.8 * len(words) and len(words.split()) <= 5:
            return True
        lead = self.text[max(0, start - 30) : start]
        before = _WORD.findall(lead) if not re.search(r"[.!?:]\s*$", lead) else []
        return bool(before) and len(words.split()) <= 6 and lemma(before[-1]) in TITLE_NOUNS

    def _heard(self, at: int, gender: str | None) -> list[Mention]:
        """First mentions of the persons heard speaking before ``at`` whose gender agrees."""
        names = [sp.name for offset, sp in self.heard if offset < at and sp.type == "PER"]
        firsts = {m.name: m for m in reversed(self.persons)}
        return [
            firsts[n]
            for n in names
            if n in firsts and (gender not in _SEXES or self._gender(firsts[n]) in (None, gender))
        ]

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
            if not looks_like_name(phrase[lo:hi]):
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
        if self.lang == "en":
            floor = max(self.text.rfind(". ", 0, at), self.text.rfind("\n", 0, at))
            here = [m for m in self.persons if floor < m.start and m.end <= at]
            titled = {
                self._gender(m)
                for m in here
                if _HONORIFIC.search(self.text, max(0, m.start - 12), m.start)
            }
            if len({m.name for m in here}) == 1 and titled <= {None, gender}:
                return Speaker(here[0].name, "PER")
        earlier = [
            m
            for m in self.persons
            if m.end <= at and (any_gender or self._gender(m) in (None, gender))
        ]
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
        sure = [m for m in same if gender is not None and self._gender(m) == gender]
        subject = self._first_free(sure, "PER") or self._first_free(same, "PER") or last
        return Speaker(subject.name, "PER")

    def _gender(self, mention: Mention) -> str | None:
        """The gender of a person mention: an honorific before it, else :func:`name_gender`."""
        title = _HONORIFIC.search(self.text, max(0, mention.start - 8), mention.start)
        if title is not None:
            return "femn" if title.group(1).lower() in _FEMININE_TITLES else "masc"
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
        """True for "в Кремле" / "в Киеве" (the place stands for its government)."""
        before = self.text[max(0, mention.start - 4) : mention.start].split()
        return self.lang == "ru" and bool(before) and before[-1].lower() in ("в", "во")
