"""Roles and bodies in speaker phrases: who "the minister", "представитель ведомства" or "the
committee" is in one article.

Used by :mod:`aggregator.compare.speakers`. An article gives people roles before or after their
name ("Foreign Minister Sergei Lavrov", "депутат горсовета Киева, глава комиссии … Александр
Бригинец", "Sergei Lavrov, Russia's foreign minister,"); a later phrase naming a role ("the
minister said", "добавил депутат") means the latest person given that role, or for a short
person phrase that matches no given role ("отметил представитель ведомства") the latest person
given any role. A body noun ("the ministry", "ведомство") means the organisation named with that
noun, or the organisation last heard speaking.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence

from aggregator.compare.names import (
    DOCUMENTS,
    GENERIC_ORGS,
    INSTITUTIONS,
    PUBLISHED,
    lemma,
)
from aggregator.language.acronyms import is_acronym
from aggregator.language.entities import Mention
from aggregator.language.morph_ru import parses
from aggregator.language.titles import (
    ROLE_ENDINGS_EN,
    ROLE_ENDINGS_RU,
    ROLE_LEMMAS_RU,
    ROLE_WORDS_EN,
    TITLE_ABBREVIATIONS_EN,
)

_WORD = re.compile(r"[\w’'-]+")
_ARTICLE = re.compile(r"^(?:the|a|an|one|another|his|her|their|its)\s+", re.I)
_QUOTED = re.compile(r"«[^«»\n]{0,60}»|\"[^\"\n]{0,60}\"|“[^”\n]{0,60}”")
# Where a role phrase before a name stops: a sentence end, a colon, a bracket, a dash clause.
# Russian role phrases run over commas ("депутат горсовета Киева, глава комиссии … Бригинец").
_ROLE_STOP_EN = re.compile(r"[.;:!?\"“”«»(]|,\s|\s[—–]\s")
_ROLE_STOP_RU = re.compile(r"[.;:!?(]|\s[—–]\s")

Role = tuple[int, frozenset[str], Mention]
_ISSUED = re.compile(
    r"\b(?:has\s+|have\s+)?(?:issued|released|published|put\s+out)\s+(?:a|an|its|their|the)\s+"
    r"(?:[\w-]+\s+)?(?:statement|report|study|letter|review|survey)\b"
)
_SPOKE = re.compile(r"\b(?:said|says|told|tells|added|asked|wrote|tweeted)\b")
_ROLE_WORD_EN = re.compile(ROLE_WORDS_EN)
_ROLE_ENDING_EN = re.compile(ROLE_ENDINGS_EN)
# Words making a role another one under it: the vice president is not "the president".
_SUBORDINATE = frozenset("vice deputy assistant under lieutenant".split())
_FUNCTION_WORDS = frozenset("the a an and of for в во и а но на с со к о по".split())


@functools.lru_cache(maxsize=65536)
def role_word(word: str, lang: str) -> bool:
    """True for a word naming a person's role ("minister", "нарколог", "специалист-нарколог")."""
    if lang == "ru":  # "специалист-нарколог": either part
        return any(
            lemma(part) in ROLE_LEMMAS_RU or ROLE_ENDINGS_RU.search(lemma(part)) is not None
            for part in word.split("-")
            if len(part) > 3 or lemma(part) in ROLE_LEMMAS_RU
        )
    return _ROLE_WORD_EN.fullmatch(word) is not None or (
        _ROLE_ENDING_EN.fullmatch(word) is not None and word.islower()
    )


# Words that may open a sentence before a role noun: "Тем не менее супруга убеждена".
_LEADS = frozenset(
    "тем не менее однако при этом в то же время между кроме того также а но и".split()
)
_NOUN_BEFORE = re.compile(r"([\w-]+)\s+[«\"„“]?$")


def leads(words: Sequence[str]) -> bool:
    """True for Russian words that may stand before a role no one was given: "тем не менее",
    or adjectives ("российский министр", "бывший премьер")."""
    return all(w in _LEADS or parses(w)[0].tag.POS in ("ADJF", "PRTF") for w in words)


def introducing_nouns(text: str, orgs: Sequence[Mention]) -> dict[str, str]:
    """Each organisation's name -> the noun introducing it first ("издание Politico",
    "авиакомпания «Аэрофлот»"): the lemma of the word before it."""
    out: dict[str, str] = {}
    for org in orgs:
        before = _NOUN_BEFORE.search(text, max(0, org.start - 40), org.start)
        if before is not None:
            out.setdefault(org.name, lemma(before.group(1)))
    return out


def role_core(words: Sequence[str], lang: str) -> list[str]:
    """A Russian role or body phrase after a speech verb without the circumstances after it
    ("министр в интервью «Ведомостям»", "политик журналистам в Госдуме", "издание со ссылкой на
    источники": "министр", "политик", "издание"): cut at "в"/"на"/"со" or a word that can only
    be a dative; other phrases unchanged."""
    if lang != "ru":
        return list(words)
    bodies = GENERIC_ORGS | INSTITUTIONS  # "пишет издание со ссылкой на источники"
    first = next((k for k, w in enumerate(words) if role_word(w, lang) or lemma(w) in bodies), None)
    if first is None:
        return list(words)
    for k in range(first + 1, len(words)):
        if words[k] in _CIRCUMSTANCE or dative(words[k]):
            return list(words[:k])
    return list(words)


_CIRCUMSTANCE = frozenset("в во на со перед после".split())


@functools.lru_cache(maxsize=65536)
def dative(word: str) -> bool:
    """True for a Russian word every reading of which is a dative ("журналистам")."""
    found = parses(word) if re.search(r"[а-яё]", word) else ()
    return bool(found) and all("datv" in p.tag.grammemes for p in found)


# Titles written before a person known by one name only ("Pope Francis", "King Salman").
_ONE_NAME_TITLE = re.compile(r"\b(?:Pope|King|Queen|Prince|Princess|Emir|Sheikh)\s+$")
# An English office written as a title right before a surname alone ("President Trump",
# "Speaker Pelosi", "Sen. Schumer"): US copy names its people so after the first mention.
_TITLE_BEFORE = re.compile(
    r"\b(?:President|Speaker|Leader|Secretary|Senator|Sen\.|Governor|Gov\.|Mayor|Chancellor"
    r"|Minister|Premier|Chairman|Chairwoman|Director|Ambassador|Judge|Justice|Rep\.|Reps\."
    r"|Representative|Congressman|Congresswoman|Commissioner|Sheriff|Attorney\s+General"
    r"|Atty\.\s+Gen\.|Sec\.|Whip|Councilman|Councilwoman|Assemblyman|Assemblywoman|Sens\.)\s+$"
)
# An abbreviated title before a name ("Sen.", "Atty. Gen."), read as the role word it stands
# for: its full stop ends no clause, and "the senator said" means the person so titled.
_TITLE_ABBREVIATION = re.compile(
    r"\b("
    + "|".join(w.capitalize() for w in sorted(TITLE_ABBREVIATIONS_EN, key=len, reverse=True))
    + r")\.(?=\s)"
)


def _spelt_out(text: str) -> str:
    """``text`` with its abbreviated English titles written as role words ("Lt. Gov." ->
    "lieutenant governor"), so a role phrase runs over their full stops."""
    return _TITLE_ABBREVIATION.sub(lambda m: TITLE_ABBREVIATIONS_EN[m.group(1).lower()], text)


def person_roles(text: str, lang: str, persons: Sequence[Mention]) -> list[Role]:
    """(offset, role words, person) for each person the article gives a role: the words just
    before the name (after the previous person, within the clause; Russian titles in quote marks
    skipped) or in apposition after it."""
    out = []
    previous_end = 0
    stop = _ROLE_STOP_RU if lang == "ru" else _ROLE_STOP_EN
    width = 12 if lang == "ru" else 6
    for k, person in enumerate(persons):
        nxt = persons[k + 1] if k + 1 < len(persons) else None
        if lang == "ru" and nxt is not None and not text[person.end : nxt.start].strip():
            continue  # "Советник Дональда Трампа Стивен Миллер": the role is Miller's
        floor, previous_end = max(previous_end, person.start - 120), person.end
        titled = _ONE_NAME_TITLE.search(text, floor, person.start) or (
            lang == "en" and _TITLE_BEFORE.search(text, floor, person.start)
        )
        if " " not in person.name and not titled:
            continue  # (but "Pope Francis", "President Trump": a title before a single name)
        before = text[floor : person.start]
        # «Оранжевое Настроение»: a title, not a clause end; "Lt. Gov.": no clause end either
        before = _QUOTED.sub(" ", before) if lang == "ru" else _spelt_out(before)
        parts = stop.split(before)
        if lang == "en" and len(parts) > 1 and not parts[-1].strip() and before.endswith(", "):
            # "The minister, Lesley Griffiths, visited": the role before the apposed name
            parts = parts[:-1] if text[person.end : person.end + 1] == "," else parts
        before = " ".join(parts[-1].split()[-width:])
        after = text[person.end : person.end + 80]
        apposition = re.match(r",\s+([^,.;:()]{3,70})[,.;]|\s+([A-Z]{2,4})\b", after)
        appended = apposition.group(apposition.lastindex or 0) if apposition else ""
        if lang == "en" and _SPOKE.search(appended):
            appended = ""  # '"…" than Harris, the president said': a speaker after a comma
        words: set[str] = set()
        for chunk in (before, appended):
            chunk_words = [lemma(w) for w in _WORD.findall(chunk)]
            chunk_words += [lemma(p) for w in chunk_words if "-" in w for p in w.split("-")]
            if any(role_word(w, lang) for w in chunk_words):
                words.update(chunk_words)
        if words:
            out.append((person.start, frozenset(words), person))
    return out


# Roles held for someone named after them in the genitive: "помощник Хиллари Клинтон".
OWNED_ROLES = frozenset(
    "помощник советник пресс-секретарь представитель заместитель супруга супруг жена муж "
    "вдова сын дочь адвокат соратник спичрайтер".split()
)


# English role words that name the same role ("the attorney" for "lawyer Michael Cohen").
_SAME_ROLE = {
    "attorney": "lawyer",
    "congressman": "representative",
    "congresswoman": "representative",
    "congressmember": "representative",
}


def role_holder(
    roles: Sequence[Role],
    words: Sequence[str],
    at: int,
    gender: str | None,
    gender_of: Callable[[Mention], str | None],
    lang: str,
) -> Mention | None:
    """The person a role phrase (``words``, read at ``at``) means, or None."""
    lemmas = [_SAME_ROLE.get(lemma(w), lemma(w)) for w in words]
    heads = [w for w in lemmas if role_word(w, lang)]
    if not heads:
        return None
    stems = {w[:5] for w in lemmas}
    best: tuple[bool, bool, int, int, Mention] | None = None
    for offset, role_words, person in roles:
        if offset >= at:
            continue
        # the verb's gender must agree, unless the very role was given ("заключил
        # инженер-эколог" for "Эрнеста Блэчли, инженера-эколога", a name the tagger left in
        # the genitive, which reads as a woman's)
        agrees = gender not in ("masc", "femn") or gender_of(person) in (None, gender)
        overlap = len(stems & {w[:5] for w in role_words})
        # "министр" after "глава МИД Сергей Лавров": a person given another role may do
        head = heads[-1]  # "телеастролог" for the "астролог" of the article
        given = {_SAME_ROLE.get(w, w) for w in role_words}  # an attorney is a lawyer
        same = any(head.endswith(w) or w.endswith(head) for w in given if len(w) > 4)
        exact = head in role_words or same
        if exact and lang == "en" and role_words & _SUBORDINATE - set(lemmas):
            exact = False  # "the president said" is not "Vice President Kamala Harris"
        if not (agrees or exact):
            continue
        candidate = (exact, agrees, overlap, offset, person)
        if best is None or candidate[:4] >= best[:4]:
            best = candidate
    if best is None or not (best[0] or (len(words) <= 3 and heads[-1] not in INSTITUTIONS)):
        return None  # "the committee said" is no person, unless one was given that role
    return best[4]


def role_holder_ahead(
    roles: Sequence[Role],
    words: Sequence[str],
    at: int,
    gender: str | None,
    gender_of: Callable[[Mention], str | None],
    ahead: int = 300,
) -> Mention | None:
    """English: the person the next sentences (``ahead`` characters) give the role of ``words``
    when no one had it before ``at``: "The Florida principal who … has been fired. William
    Latson, principal of …" (news leads describe a person before naming them)."""
    holder = role_holder(roles, words, at + ahead, gender, gender_of, "en")
    return holder if holder is not None and holder.start >= at else None


def known_org(
    words: Sequence[str],
    at: int,
    orgs: Sequence[Mention],
    mentions: Sequence[Mention],
    heard: Sequence[tuple[int, str, str | None]],
    nouns: Mapping[str, str] | None = None,
) -> str | None:
    """ "the ministry said" -> the organisation named earlier whose name has that noun, or that
    the article introduced with it (``nouns``: "издание Politico" -> "издание"); a bare body
    noun ("ведомство") -> the organisation last heard speaking, else the last one named."""
    lemmas = {lemma(w) for w in words} - _FUNCTION_WORDS  # "и" names no "… Церкви и общества"
    if not lemmas:
        return None
    earlier = [org for org in orgs if org.start < at]
    later = [m for m in mentions if m.type == "ORG" and m.start >= at]
    for org in [*reversed(earlier), *later]:  # (later: named further on, even in a quote)
        names = {lemma(w) for w in _WORD.findall(org.name)} | {(nouns or {}).get(org.name, "")}
        shared = lemmas & names & INSTITUTIONS if org.start >= at else lemmas & names
        if shared and len(lemmas) <= 3:
            return org.name
    if earlier and lemmas & GENERIC_ORGS and len(lemmas) <= 2:
        spoke = [name for offset, name, kind in heard if kind == "ORG" and offset < at]
        return spoke[-1] if spoke else earlier[-1].name  # "the ministry", "ведомство"
    return None


def org_person(
    inside: Sequence[Mention], at: int, heard: Sequence[Mention], orgs: Sequence[Mention]
) -> str | None:
    """ "отметила представитель Philips": the person last heard speaking (``heard``: their
    first mentions, gender agreeing) when the article introduced them with the one organisation
    the phrase names ("директор … Philips … Елена Сябренко"); else None."""
    names = {m.name for m in inside if m.type == "ORG"}
    if len(names) != 1 or len(inside) != 1 or not heard:
        return None
    person = heard[-1]
    near = [m for m in orgs if m.name in names and 0 < person.start - m.end <= 150]
    return person.name if near else None


def description(phrase: str, lang: str) -> str | None:
    """A short description of an unnamed speaker as written ("a spokesperson", "исследование"),
    or None when the phrase is no role or document."""
    cleaned = re.sub(r"\s+", " ", phrase).strip(" ,;:—–-")
    cleaned = re.split(r"\s(?:in|at|from|for|of|on|with|who|which|cited|quoted)\s", cleaned)[0]
    cleaned = re.sub(r"^(?:but|and|so|yet|however|а|но|и)\s+", "", cleaned, flags=re.I)
    bare = _ARTICLE.sub("", cleaned)
    if not bare or len(bare.split()) > 5:
        return None
    head = bare.split()[-1].lower()
    if not (role_word(head, lang) or lemma(head) in DOCUMENTS):
        return None
    if lang == "ru" and " " not in bare:
        bare = lemma(bare)  # "в исследовании" -> "исследование"
    return bare


def publisher(text: str, mentions: Sequence[Mention], lang: str) -> tuple[str, str] | None:
    """(name, type) of who published the report or statement the article quotes ("Published
    by the NHS South of England, the report", "a report by Amnesty International", "доклад
    ВОЗ"; English also "Rolls-Royce issued a statement"), or None."""
    for match in PUBLISHED.finditer(text):
        after = [
            m
            for m in mentions
            if 0 <= m.start - match.end() <= 25
            and len(text[match.end() : m.start].split()) <= 2
            and "," not in text[match.end() : m.start]
        ]  # "signed by Representative Henry Waxman"
        if after and after[0].type in ("ORG", "PER"):
            return after[0].name, after[0].type
    for match in _ISSUED.finditer(text) if lang == "en" else ():
        before = [m for m in mentions if 0 <= match.start() - m.end <= 5]  # the subject
        if before and before[-1].type in ("ORG", "PER"):
            return before[-1].name, before[-1].type
    return None


def titles_next(text: str, mention: Mention, others: Sequence[Mention]) -> bool:
    """True when ``mention`` and a role word stand right before the next of ``others``
    ("Manchester United manager Alex Ferguson": the club, not the subject)."""
    nxt = next((m for m in others if m.start > mention.end), None)
    words = text[mention.end : nxt.start].split() if nxt is not None else []
    return 0 < len(words) <= 3 and any(role_word(w, "en") for w in words)


_PLACE_BODY = re.compile(r"(['’]s)?((?:\s+[a-z][a-z'’]*){1,3})")


def place_body(text: str, place: Mention, end: int) -> str | None:
    """The body a country's possessive names before ``end`` ("Ukraine's foreign ministry",
    "China's commerce ministry", "Russia's army"; also "the Fairview County sheriff's office"):
    the place with its institution, else None.
    Such a body speaks for the government, not the country at large."""
    match = _PLACE_BODY.match(text, place.end, end)
    if match is None:
        return None
    words = match.group(2).split()
    at = next((k for k, word in enumerate(words) if word in INSTITUTIONS), None)
    if at is None or not all(word.startswith("spokes") for word in words[at + 1 :]):
        return None  # "Britain's police chief" is a person; a ministry spokesman its ministry
    # "the Fairview County sheriff's office", "Minneapolis police": the place's body too
    return f"{place.name}{match.group(1) or ''} {' '.join(words[: at + 1])}"


_FIGURES = frozenset("estimates estimate figures data statistics count tally numbers".split())


def acronym_source(phrase: str, mentions: Sequence[Mention]) -> str | None:
    """ "according to UN estimates", "WHO figures": the body an English acronym opening the
    phrase names, when the rest is what it published; its canonical name when the text tags
    it, else the acronym. Not a longer name that shares the acronym ("UN Security Council")."""
    words = _WORD.findall(phrase)
    if not words or len(words) > 3 or not is_acronym(words[0]):
        return None
    if not all(w.lower() in DOCUMENTS or w.lower() in _FIGURES for w in words[1:]):
        return None
    named = next((m for m in mentions if m.surface == words[0] and m.type == "ORG"), None)
    return named.name if named is not None else words[0]
