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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aggregator.compare.names import lemma, name_gender, name_runs, nominative
from aggregator.language.entities import Mention
from aggregator.language.translit import latin_key

_PRONOUNS = {
    "he": "masc",
    "she": "femn",
    "он": "masc",
    "она": "femn",
}
_POSSESSIVES = {"his": "masc", "her": "femn", "его": "masc", "её": "femn", "ее": "femn"}
_PREPOSITIONS = {
    "en": {
        "with",
        "to",
        "by",
        "from",
        "about",
        "for",
        "of",
        "against",
        "at",
        "on",
        "after",
        "before",
        "than",
        "like",
        "meeting",
        "met",
        "and",
    },
    "ru": {
        "с",
        "со",
        "от",
        "к",
        "ко",
        "о",
        "об",
        "про",
        "для",
        "на",
        "у",
        "до",
        "после",
        "между",
        "и",
        "перед",
        "против",
    },
}
_ROLE_WORDS_EN = (
    "minister|president|secretary|spokesman|spokeswoman|spokesperson|ambassador|chancellor|"
    "envoy|premier|prime minister|leader|chief|head|mayor|governor|official|representative|"
    "diplomat|commander|general|senator|director|chairman|chairwoman|chair|prosecutor|mp|mep|"
    "negotiator|adviser|advisor|aide|king|queen|pope|judge|lawyer|professor|ceo|founder|"
    "economist|analyst|expert|researcher|scientist|doctor|police|officer|coach|manager|captain|"
    "worker|resident|volunteer|witness|source|embassy|ministry|government|office|agency|"
    "council|committee|court|army|military|company|spokespeople|officials|sources|residents"
)
_ROLE_LEMMAS_RU = {
    "министр",
    "глава",
    "президент",
    "премьер",
    "премьер-министр",
    "председатель",
    "представитель",
    "пресс-секретарь",
    "спикер",
    "посол",
    "директор",
    "руководитель",
    "губернатор",
    "мэр",
    "генсек",
    "секретарь",
    "замминистра",
    "заместитель",
    "депутат",
    "сенатор",
    "советник",
    "помощник",
    "лидер",
    "канцлер",
    "дипломат",
    "командующий",
    "генерал",
    "прокурор",
    "судья",
    "адвокат",
    "эксперт",
    "аналитик",
    "политолог",
    "профессор",
    "начальник",
    "вице-премьер",
    "вице-президент",
    "шеф",
    "президента",
    "официальный",
}
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Lady|Dame|Lord|Baroness|King|Queen)\.?\s+$")
_FEMININE_TITLES = {"mrs", "ms", "miss", "lady", "dame", "baroness", "queen"}
_WORD = re.compile(r"[\w’'-]+")
_ARTICLE = re.compile(r"^(?:the|a|an|one|another|his|her|their|its)\s+", re.I)


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
        self.mentions = [m for m in mentions if m.type in ("PER", "ORG", "LOC")]

        def inside(m: Mention) -> bool:
            return any(s <= m.start < e for s, e in quoted)

        self.persons = [m for m in self.mentions if m.type == "PER" and not inside(m)]
        self.orgs = [m for m in self.mentions if m.type == "ORG" and not inside(m)]
        self.roles = self._roles()
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
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        free = self._free(inside, "PER", start)
        if free:
            return Speaker((free[-1] if subject else free[0]).name, "PER")
        words = [w.lower() for w in _WORD.findall(phrase)]
        pronoun = (
            next((w for w in (words[0], words[-1]) if w in _PRONOUNS), None) if words else None
        )
        if pronoun is not None and len(words) <= 6:
            return self.pronoun(at, _PRONOUNS[pronoun])
        roles = [w for w in words if self._role_word(w)]
        if words and words[0] in _POSSESSIVES and len(words) <= 3 and not roles:
            return self.pronoun(at, _POSSESSIVES[words[0]])  # "His report said:"
        role = self._role_of(words, at)
        if role is not None:
            return role
        org = self._first_free(inside, "ORG", start) or self._first_free(inside, "LOC", start)
        if org is not None and (org.type == "ORG" or self._locative(org)):
            return Speaker(org.name, org.type)
        if not any(self._role_word(w) for w in words):
            named = self._name_run(start, end, inside)
            if named is not None:
                return named
        known = self._known_org(words, at)
        if known is not None:
            return known
        return self._description(phrase)

    def _name_run(self, start: int, end: int, inside: Sequence[Mention]) -> Speaker | None:
        """A name the tagger missed ("Iryna, 54, told"), matched to a person the article
        named when the surnames agree."""
        phrase = self.text[start:end]
        for lo, hi in name_runs(phrase):
            if any(m.start < start + hi and start + lo < m.end for m in inside):
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
            return Speaker(run, "PER" if gender else None)
        return None

    def pronoun(self, at: int, gender: str | None) -> Speaker | None:
        """The person "he"/"she"/"он"/"она" at ``at`` refers to (subject of the last sentence
        naming someone of that gender), or None."""
        earlier = [m for m in self.persons if m.end <= at and self._gender(m) in (None, gender)]
        if not earlier:
            return None
        last = earlier[-1]
        sentence_start = max(
            self.text.rfind(". ", 0, last.start), self.text.rfind("\n", 0, last.start)
        )
        same = [m for m in earlier if m.start > sentence_start]
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
            if not before or before[-1].lower().strip(",") not in _PREPOSITIONS.get(self.lang, {}):
                out.append(mention)
        return out

    def _locative(self, mention: Mention) -> bool:
        """True for "в Кремле" / "в Киеве" (the place stands for its government)."""
        before = self.text[max(0, mention.start - 4) : mention.start].split()
        return self.lang == "ru" and bool(before) and before[-1].lower() in ("в", "во")

    def _description(self, phrase: str) -> Speaker | None:
        cleaned = re.sub(r"\s+", " ", phrase).strip(" ,;:—–-")
        cleaned = re.split(r"\s(?:in|at|from|for|of|on|with|who|which|cited|quoted)\s", cleaned)[0]
        bare = _ARTICLE.sub("", cleaned)
        if not bare or len(bare.split()) > 5 or not (bare != cleaned or bare[0].isupper()):
            return None
        if not self._role_word(bare.split()[-1].lower()):
            return None
        return Speaker(bare, None)

    # --- roles -----------------------------------------------------------------------------

    def _role_word(self, word: str) -> bool:
        if self.lang == "ru":
            return lemma(word) in _ROLE_LEMMAS_RU
        return re.fullmatch(_ROLE_WORDS_EN, word) is not None

    def _roles(self) -> list[tuple[int, frozenset[str], Mention]]:
        """(offset, role words, person) for each person the article gives a role: the words
        just before the name ("Foreign Minister Sergei Lavrov", "глава МИД России Сергей
        Лавров") or in apposition after it ("Sergei Lavrov, Russia's foreign minister,")."""
        out = []
        previous_end = 0
        for person in self.persons:
            floor, previous_end = max(previous_end, person.start - 80), person.end
            if " " not in person.name:
                continue
            before = self.text[floor : person.start]
            before = re.split(r"[.;:!?\"“”«»(]|,\s|\s[—–]\s", before)[-1]
            before = " ".join(before.split()[-6:])
            after = self.text[person.end : person.end + 80]
            apposition = re.match(r",\s+([^,.;:()]{3,70})[,.;]|\s+([A-Z]{2,4})\b", after)
            appended = apposition.group(apposition.lastindex or 0) if apposition else ""
            words: set[str] = set()
            for chunk in (before, appended):
                chunk_words = [lemma(w) for w in _WORD.findall(chunk)]
                if any(self._role_word(w) for w in chunk_words):
                    words.update(chunk_words)
            if words:
                out.append((person.start, frozenset(words), person))
        return out

    def _role_of(self, words: Sequence[str], at: int) -> Speaker | None:
        lemmas = [lemma(w) for w in words]
        heads = [w for w in lemmas if self._role_word(w)]
        if not heads:
            return None
        stems = {w[:5] for w in lemmas}
        best: tuple[bool, int, int, Mention] | None = None
        for offset, role_words, person in self.roles:
            if offset >= at:
                continue
            overlap = len(stems & {w[:5] for w in role_words})
            # "министр" after "глава МИД Сергей Лавров": a person given another role may do
            candidate = (heads[-1] in role_words, overlap, offset, person)
            if best is None or candidate[:3] >= best[:3]:
                best = candidate
        if best is None or not (best[0] or len(words) <= 3):
            return None
        return Speaker(best[3].name, "PER")

    def _known_org(self, words: Sequence[str], at: int) -> Speaker | None:
        """ "the ministry said" -> the organisation named earlier whose name has that noun."""
        lemmas = {lemma(w) for w in words} - {"the", "a", "в", "во"}
        if not lemmas:
            return None
        for org in reversed(self.orgs):
            names = {lemma(w) for w in _WORD.findall(org.name)}
            if org.start < at and lemmas & names and len(lemmas) <= 3:
                return Speaker(org.name, "ORG")
        return None
