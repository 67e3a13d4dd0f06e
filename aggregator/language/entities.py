"""Named people, organisations and places in English and Russian text, with canonical names.

``find_mentions(text, lang)`` returns every mention (offsets, the surface as written, a type
``PER``/``ORG``/``LOC`` and the canonical name within the text); ``document_entities`` counts
them per canonical name; ``merge_entities`` joins the entities of several articles of one event
(spelling variants and languages meet on the Latin-script key of :mod:`translit`).

Method, in order (models: :mod:`ner_en` for English, :mod:`ner_ru` for Russian):

1. A library tagger finds the spans: spaCy's small English model, natasha's news tagger for
   Russian. Their types are mapped to PER/ORG/LOC (spaCy: PERSON, ORG, GPE/LOC/FAC; NORP,
   dates, numbers and works of art are dropped).
2. Each span is cleaned: a leading "the", titles ("President", "Mr", "министр"), a possessive
   "'s" and edge punctuation are cut; forms of address ("Ladies", "Дамы", "Вы"), pronouns and
   capitalised common words are dropped. English spans are also repaired where the small model
   is surely wrong (:mod:`ner_en`): a name after "Dr"/"Mr" is a person, an acronym or a name
   after "the" is no person, acronyms of common things ("HPV", "GP") are no body, a name cut
   at "and" is joined ("Society of Obstetricians and Gynecologists of Canada"), a credit is
   split at "/", and datelines and abbreviated states are places (:mod:`datelines`); a
   title-case headline is read in sentence case (:mod:`headlines`); where a name ends is
   repaired (:mod:`bounds_en`: "Washington, D.C.", "UN Security Council on Sudan", words a page
   glued on); a name the text once shows to be a person's or a place's has that type at every
   mention (:mod:`usage_en`: "President Trump … Trump's", "in Senkata, which").
3. The canonical name of a mention is its lemma (Russian: "Лаврова" -> "Лавров", "Джоном Керри"
   -> "Джон Керри"; English: as written, without the cuts above). A person's partial name
   resolves to the one full name in the text that ends with it ("Lavrov" -> "Sergei Lavrov",
   "Mr Lavrov" likewise, and initials: "С. В. Лавров"; "Sergei" of "Sergei and Yulia
   Skripal" -> "Sergei Skripal", :mod:`coordinated`), also where the tagger called the
   surname a place that no gazetteer knows ("after Mansour visited Moscow"); an ambiguous
   surname (two Johnsons) stays as it is.
4. One name, one type per text: the type most of its mentions got wins (ties: PER, then ORG,
   then LOC), so the tagger's stray "Lavrov"/ORG follows "Sergei Lavrov"/PER.
5. ``key`` is ``latin_key(name)``: equal for "Лавров", "Lavrov"; and for "Sergei"/"Sergey";
   a place or body whose names differ by translation is keyed by its English name in
   ``exonyms.txt`` (``bridge.name_key``: "Красное море" and "Red Sea", "ООН" and "UN").

Limits: the small models (fast, CPU) often miss organisations with common-word names ("Left
Front") and names in lower case; a canonical name is per text, merged by ``merge_entities``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from aggregator.language import gazetteer
from aggregator.language.acronyms import acronym_links, spell_out
from aggregator.language.translit import latin_key

TYPES = ("PER", "ORG", "LOC")
# A company's legal suffix: "McKinsey & Co" is also written "McKinsey".
_COMPANY_SUFFIX = re.compile(
    r"(?<=\w)(?: ?& ?Co\.?| (?:Ltd|Limited|Inc|plc|PLC|LLC|Corp|AG|SA)\.?)$"
)
_TYPE_ORDER = {t: k for k, t in enumerate(TYPES)}
_CYRILLIC_NAME = re.compile(r"[\u0400-\u04ff]")
# Keys this close (rapidfuzz ratio, 0-100) name one entity across the articles of an event.
FUZZY_KEY_RATIO = 90


@dataclass(frozen=True)
class Mention:
    """One mention of a named entity in a text."""

    start: int  # character offsets in the text passed in
    end: int
    surface: str  # as written (cleaned of titles, "the", possessive 's)
    type: str  # PER | ORG | LOC
    name: str  # canonical name within the text
    key: str  # latin_key(name)


@dataclass(frozen=True)
class Entity:
    """One named entity of a text (or of an event, after ``merge_entities``)."""

    name: str
    type: str
    key: str
    mentions: int
    surfaces: tuple[str, ...]  # distinct forms as written, most frequent (then first) first


def find_mentions(text: str, lang: str) -> list[Mention]:
    """Every entity mention in ``text`` (language ``en`` or ``ru``; others give ``[]``).

    The last few hundred texts are remembered: the comparison tags each article for its
    entities and again for its quotes' speakers, and the tagger is the costly part."""
    return list(_mentions(text, lang))


@functools.lru_cache(maxsize=256)
def _mentions(text: str, lang: str) -> tuple[Mention, ...]:
    from aggregator.language.coordinated import share_surnames  # (it imports this module)

    raw = _raw_mentions(text, lang)
    found = sorted(raw + propagate(text, raw), key=lambda m: m.start)
    return tuple(resolve_names(share_surnames(text, found)))


def propagate(text: str, found: Sequence[Mention]) -> list[Mention]:
    """Untagged occurrences of names the tagger found elsewhere in ``text`` (whole words).

    A small model misses some mentions of a name it tagged elsewhere ("Lavrov met ..." at the
    start of a sentence); the forms looked for are the surfaces found and the last word of a
    person's full name ("Lavrov" of "Sergei Lavrov", a partial mention of its own).
    """
    forms: dict[str, Mention] = {}
    for m in found:
        forms.setdefault(m.surface, m)
    for m in found:
        words = m.surface.split(maxsplit=1)
        if m.type == "ORG" and (suffix := _COMPANY_SUFFIX.search(m.surface)):
            stem = m.surface[: suffix.start()]  # "McKinsey" of "McKinsey & Co"
            forms.setdefault(stem, Mention(0, 0, stem, m.type, m.name, m.key))
        core = words[-1].lstrip('«„“"')  # "японского МИДа"; not "министерства энергетики"
        if m.type != "PER" and len(words) > 1 and words[0].islower() and core[:1].isupper():
            forms.setdefault(core, Mention(0, 0, core, m.type, m.name, m.key))
        if m.type == "PER" and " " in m.surface:
            last = m.surface.rsplit(" ", 1)[1]
            if len(last) > 2 and last[0].isupper() and last not in forms:
                forms[last] = Mention(0, 0, last, "PER", last, latin_key(last))
    if not forms:
        return []
    taken = [(m.start, m.end) for m in found]
    out = []
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    for start, end, form in find_words(text, ordered, not_before="'’-", not_after="-"):
        if any(start < e and s < end for s, e in taken):
            continue
        out.append(replace(forms[form], start=start, end=end))
    return out


def find_words(
    text: str, forms: Sequence[str], *, not_before: str = "", not_after: str = ""
) -> list[tuple[int, int, str]]:
    r"""(start, end, form) of each whole-word occurrence of ``forms`` in ``text``, as
    ``re.finditer(r"(?<![\w<not_before>])(?:form1|form2|...)(?![\w<not_after>])", text)``
    finds them (the forms escaped): leftmost first, and where several forms fit at one place,
    the first in ``forms``; matches do not overlap. With ``str.find`` instead of a pattern
    compiled anew for every text (compiling was a tenth of the framing stage's Python time)."""
    if not all(forms):  # an empty form matches everywhere: the pattern's own way
        pattern = "|".join(re.escape(f) for f in forms)
        before, after = re.escape(not_before), re.escape(not_after)
        found = re.finditer(rf"(?<![\w{before}])(?:{pattern})(?![\w{after}])", text)
        return [(m.start(), m.end(), m.group()) for m in found]
    fits: dict[int, tuple[int, str]] = {}  # start -> (end, the first form that fits there)
    for form in forms:
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            if at not in fits and _bounded(text, at, end, not_before, not_after):
                fits[at] = (end, form)
            at = text.find(form, at + 1)
    out = []
    done = 0
    for start in sorted(fits):
        if start >= done:
            end, form = fits[start]
            out.append((start, end, form))
            done = end
    return out


def _bounded(text: str, start: int, end: int, not_before: str, not_after: str) -> bool:
    r"""Whether ``text[start:end]`` is a whole word: no word character (as ``\w``: letters,
    digits, "_") nor one of ``not_before`` just before it, nor of ``not_after`` just after."""
    if start > 0:
        ch = text[start - 1]
        if ch.isalnum() or ch == "_" or ch in not_before:
            return False
    if end < len(text):
        ch = text[end]
        if ch.isalnum() or ch == "_" or ch in not_after:
            return False
    return True


def _raw_mentions(text: str, lang: str) -> list[Mention]:
    if not text.strip():
        return []
    if lang == "en":
        from aggregator.language import ner_en

        return ner_en.mentions(text)
    if lang == "ru":
        from aggregator.language import ner_ru

        return ner_ru.mentions(text)
    return []


def document_entities(text: str, lang: str, *, title: str = "") -> list[Entity]:
    """The entities of one article, most mentioned first; a Russian headline is tagged too, an
    English one (misleading capitals: "UK The UK") only counts the body's names it writes."""
    mentions = find_mentions(text, lang)
    if title.strip() and lang == "ru":  # (headline_ru imports this module)
        from aggregator.language import headline_ru

        mentions = resolve_names(mentions + headline_ru.headline_mentions(title, text))
    elif title.strip():
        mentions.extend(headline_mentions(title, mentions))
    return count_entities(mentions)


def headline_mentions(title: str, body: Sequence[Mention]) -> list[Mention]:
    """The body's entities where ``title`` writes them (whole words, longest form first)."""
    forms: dict[str, Mention] = {}
    for m in body:
        forms.setdefault(m.surface, m)
        if m.type == "PER" and " " in m.surface:
            forms.setdefault(m.surface.rsplit(" ", 1)[1], m)
    taken: list[tuple[int, int]] = []
    out = []
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        for start, end, _ in find_words(title, [form]):
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            m = forms[form]
            out.append(Mention(start, end, form, m.type, m.name, m.key))
    return out


def count_entities(mentions: Iterable[Mention]) -> list[Entity]:
    """Mentions grouped by canonical name (key and type), most mentioned first."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    for mention in mentions:
        groups.setdefault((mention.key, mention.type), []).append(mention)
    out = []
    for (key, kind), group in groups.items():
        names = Counter(m.name for m in group)
        surfaces = Counter(m.surface for m in group)
        out.append(
            Entity(
                name=_commonest(names),
                type=kind,
                key=key,
                mentions=len(group),
                surfaces=tuple(sorted(surfaces, key=lambda s: -surfaces[s])),  # ties: text order
            )
        )
    out.sort(key=lambda e: (-e.mentions, e.name))
    return out


def merge_entities(groups: Sequence[Sequence[Entity]]) -> dict[str, Entity]:
    """Join the entities of several articles: key of each input entity -> event-level entity.

    Entities merge when their keys are equal or nearly so (ratio >= ``FUZZY_KEY_RATIO``, and
    for persons the same surname), and a surname alone or with initials merges into the one
    full person name of the event it fits (``fuller_key``). The merged name is the most
    mentioned spelling in Latin script when there is one (the English name of an entity
    English and Russian articles name: "Red Sea", not "Красное море"), else the most mentioned
    spelling; the type is the one most mentions had.
    """
    totals: dict[str, list[Entity]] = {}
    for group in groups:
        for entity in group:
            totals.setdefault(entity.key, []).append(entity)
    weight = {key: sum(e.mentions for e in items) for key, items in totals.items()}
    keys = sorted(totals, key=lambda k: (-weight[k], -len(k), k))
    kinds_of = {key: _kind(items) for key, items in totals.items()}
    parent: dict[str, str] = {}
    heads: list[str] = []
    for key in keys:
        head = next((h for h in heads if _same_entity(key, h, kinds_of)), None)
        if head is None:
            heads.append(key)
            parent[key] = key
        else:
            parent[key] = head
    # surnames alone and initials + surname -> the one full person name they fit
    persons = [h for h in heads if kinds_of[h] == "PER" and not _partial(h)]
    for head in heads:
        if not _partial(head) or kinds_of[head] not in ("PER", "ORG"):
            continue
        target = fuller_key(head, persons)
        if target is not None:
            for key, value in parent.items():
                if value == head:
                    parent[key] = target
    # an acronym heard alone in one article is the body another spelt out ("RSF")
    forms = {h: [f for k in parent if parent[k] == h for e in totals[k] for f in e.surfaces]
             for h in heads if kinds_of[h] == "ORG"}  # fmt: skip
    links = acronym_links(forms)
    parent = {key: links.get(value, value) for key, value in parent.items()}
    merged: dict[str, list[Entity]] = {}
    for key, head in parent.items():
        merged.setdefault(head, []).extend(totals[key])
    out: dict[str, Entity] = {}
    for head, items in merged.items():
        names: Counter[str] = Counter()
        surfaces: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        for entity in items:
            names[entity.name] += entity.mentions
            kinds[entity.type] += entity.mentions
            for surface in entity.surfaces:
                surfaces[surface] += 1
        latin = Counter({n: c for n, c in names.items() if not _CYRILLIC_NAME.search(n)})
        name = _commonest(latin or names)  # the English name when the event has both
        event_entity = Entity(
            name=name,
            type=_commonest(kinds, order=_TYPE_ORDER),
            key=head,
            mentions=sum(e.mentions for e in items),
            surfaces=tuple(s for s, _ in sorted(surfaces.items(), key=lambda i: (-i[1], i[0]))),
        )
        for key, value in parent.items():
            if value == head:
                out[key] = event_entity
    return out


def resolve_names(mentions: Sequence[Mention]) -> list[Mention]:
    """Partial person names to the full name, then one type per name (steps 3-4 above)."""
    full = {m.key: m for m in mentions if m.type == "PER" and not _partial(m.key)}
    fuller = functools.cache(lambda key: fuller_key(key, full))  # (once a name, not a mention)
    out = []
    for m in mentions:
        # a surname the tagger called a place ("after Mansour visited Moscow") is the person,
        # unless a place we know ("Washington" beside "Denzel Washington") or a "McDonald's"
        person_like = m.type in ("PER", "ORG") or m.surface not in gazetteer.NAMES
        if person_like and _partial(m.key) and m.surface[-2:] not in ("'s", "’s"):
            target = fuller(m.key)
            if target is not None:
                m = replace(m, name=full[target].name, key=target, type="PER")
            elif m.type == "ORG" and sum(f.endswith(" " + m.key) for f in full) > 1:
                m = replace(m, type="PER")  # "Koch" of Charles and David Koch: a person
        out.append(m)
    out = spell_out(out)
    kinds: dict[str, Counter[str]] = {}
    for m in out:
        kinds.setdefault(m.key, Counter())[m.type] += 1
    chosen = {key: _commonest(counts, order=_TYPE_ORDER) for key, counts in kinds.items()}
    return [m if m.type == chosen[m.key] else replace(m, type=chosen[m.key]) for m in out]


def fuller_key(key: str, candidates: Iterable[str]) -> str | None:
    """The one full person name (key) that a surname or initials + surname key stands for.

    The surname must be equal (else, for surnames of five letters or more with no equal one,
    nearly equal: "mansur"/"mansour"), and initials must begin the full name's first words
    ("s v lavrov" fits "sergei viktorovich lavrov" and "sergei lavrov"); None when no name or
    two names fit ("Johnson" with Boris and Lyndon Johnson).
    """
    words = key.split()
    surname, initials = words[-1], words[:-1]

    def fits(other: list[str]) -> bool:  # a patronymic's initial may have no word to match
        firsts = other[:-1]
        return all(f.startswith(i) for i, f in zip(initials, firsts, strict=False))

    full = [c.split() for c in candidates if c != key and not _partial(c)]
    found = {" ".join(c) for c in full if c[-1] == surname and fits(c)}
    if not found and len(surname) >= 5:
        found = {
            " ".join(c)
            for c in full
            if len(c[-1]) >= 5 and fuzz.ratio(c[-1], surname) >= FUZZY_KEY_RATIO and fits(c)
        }
    return found.pop() if len(found) == 1 else None


def _partial(key: str) -> bool:
    """A surname alone, or initials and a surname ("lavrov", "s v lavrov")."""
    words = key.split()
    return len(words) == 1 or all(len(w) <= 2 for w in words[:-1])


def _same_entity(key: str, head: str, kinds_of: dict[str, str]) -> bool:
    if key == head:
        return True
    kind, head_kind = kinds_of[key], kinds_of[head]
    if (kind == "PER") != (head_kind == "PER"):
        return False
    if kind == "PER" and key.rsplit(" ", 1)[-1] != head.rsplit(" ", 1)[-1]:
        return False
    if len(key) < 5 or len(head) < 5:  # "UN" and "US" are one edit apart
        return False
    return fuzz.ratio(key, head) >= FUZZY_KEY_RATIO


def _kind(items: Sequence[Entity]) -> str:
    kinds: Counter[str] = Counter()
    for entity in items:
        kinds[entity.type] += entity.mentions
    return _commonest(kinds, order=_TYPE_ORDER)


def _commonest(counts: Counter[str], *, order: dict[str, int] | None = None) -> str:
    rank = order or {}
    return min(counts, key=lambda item: (-counts[item], rank.get(item, 0), -len(item), item))
