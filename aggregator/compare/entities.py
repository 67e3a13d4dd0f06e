"""Text in, named people, organisations and places out (a transparent capitalisation heuristic).

Method, in order:

1. A *name* is a run of capitalised words ("Sergei Lavrov", "Foreign Ministry"), which may be
   joined by a few lowercase connectors inside ("Ministry of Foreign Affairs", "Bank of
   England"). A possessive "'s" is dropped ("Lavrov's" -> "Lavrov").
2. Capitalised function words, pronouns, months and days are cut from the ends of a run ("The
   Kremlin" -> "Kremlin", "On Monday" -> nothing).
3. Titles in front of a person's name are dropped ("Foreign Minister Sergei Lavrov" ->
   "Sergei Lavrov") unless the run ends in an organisation word ("Foreign Ministry" stays).
4. A one-word name at the start of a sentence counts only when the same word also appears
   capitalised mid-sentence in the text (so "Officials" opening a sentence is not a name, while
   "Lavrov" opening one is, when he is also named elsewhere).
5. One-word names that are the last word of exactly one longer name are merged into it
   ("Lavrov" -> "Sergei Lavrov"); long forms that share a surname and have near-identical first
   names are merged too ("Sergey Lavrov" / "Sergei Lavrov"), keeping the commoner spelling.
   ``entity_aliases`` does this over any set of names, so a caller can merge across the
   articles of one event.

Limits: there is no type (person, organisation, place are not told apart); all-caps acronyms
count ("NATO", "UN"); capitalised common words mid-sentence ("the West", "Government") count;
names written in lower case or in Cyrillic are not handled for sentence-start filtering beyond
the same rules; a surname shared by two people in one event is left unmerged (ambiguous).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz

# Capitalised words that are never names on their own (function words, pronouns, time words).
_STOP_CAPITALISED_TEXT = """
    a an the and but or nor so yet for of in on at to by from with as if when while after before
    under over about against between through during despite without within among near into
    since until though although because however meanwhile moreover also still then there here
    this that these those it its he she they we i you his her their our my your him them us me
    what which who whom whose where why how yes no not all some many most more few any every
    each both either neither one two three four five six seven eight nine ten first last next
    new mr mrs ms dr sir lord lady madam
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november december
    read watch listen follow subscribe sign photo video image copyright getty reuters ap afp
    do does did is are was were be been has have had will would can could should must might
    """
STOP_CAPITALISED = frozenset(_STOP_CAPITALISED_TEXT.split())

# Words that, at the front of a capitalised run, are a title rather than part of a name.
_TITLES_TEXT = """
    president prime minister foreign defence defense interior finance deputy vice secretary
    general state chancellor ambassador spokesman spokeswoman spokesperson senator governor
    mayor king queen prince princess pope chairman chairwoman chair chief director head leader
    commander colonel major lieutenant captain sergeant admiral marshal justice judge professor
    dr mr mrs ms sir lord lady dame rev reverend minister's official envoy representative
    russian ukrainian british american us uk eu german french chinese israeli palestinian
    iranian turkish polish kremlin un nato former acting prof health home justice education
    trade energy transport environment culture
    """
TITLES = frozenset(_TITLES_TEXT.split())

# A run ending in one of these names an organisation, so its leading words are kept.
_ORG_WORDS_TEXT = """
    ministry office department council commission committee government embassy service agency
    union nations party parliament assembly court bank corporation company group police army
    forces navy kremlin duma senate congress house university institute foundation organisation
    organization alliance federation republic league news times guardian bbc
    """
ORG_WORDS = frozenset(_ORG_WORDS_TEXT.split())

# One-word names accepted even when they only ever open a sentence.
_KNOWN_NAMES_TEXT = """
    Russia Ukraine Moscow Kyiv Kiev London Britain Washington America China Beijing Europe
    Nato NATO EU UN US UK Kremlin Israel Gaza Iran Syria Turkey Germany France Poland Belarus
    India Japan Brussels Paris Berlin Crimea Donbas Donbass Minsk Ankara Tehran
    """
KNOWN_NAMES = frozenset(_KNOWN_NAMES_TEXT.split())

# Lowercase words allowed inside a name between capitalised words ("and" is not: it joins two
# names more often than it sits inside one).
CONNECTORS = frozenset(
    {"of", "for", "the", "de", "der", "den", "da", "di", "du", "le", "la", "von", "van", "al"}
    | {"bin", "ibn"}
)

_TOKEN = re.compile(r"[^\W\d_][^\W_]*(?:['’\-.][^\W_]+)*(?:['’]s)?|[.!?]+|\S", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")


def name_entities(text: str, *, aliases: Mapping[str, str] | None = None) -> Counter[str]:
    """Names in ``text`` with their mention counts, merged to their long forms.

    ``aliases`` (from ``entity_aliases``) maps short or variant forms to the form to count
    them under; by default the aliases found within ``text`` itself are used.
    """
    raw = Counter(name for name, _ in name_mentions(text))
    mapping = entity_aliases(raw) if aliases is None else aliases
    merged: Counter[str] = Counter()
    for name, count in raw.items():
        merged[mapping.get(name, name)] += count
    return merged


def name_mentions(text: str) -> list[tuple[str, int]]:
    """Every name in ``text`` (before alias merging) with its character offset, in text order."""
    runs = _capitalised_runs(text)
    mid_sentence = {words[0] for words, _, at_start in runs if not at_start and len(words) == 1}
    mid_sentence |= {w for words, _, at_start in runs if not at_start for w in words}
    mentions: list[tuple[str, int]] = []
    for words, offset, at_start in runs:
        name = _clean_run(words)
        if not name:
            continue
        if (
            at_start
            and len(name) == 1
            and name[0] == words[0]
            and name[0] not in mid_sentence
            and name[0] not in KNOWN_NAMES
        ):
            continue
        mentions.append((" ".join(name), offset))
    return mentions


def name_in_phrase(phrase: str) -> str | None:
    """The last name in a short phrase ("Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov").

    Unlike ``name_mentions`` a one-word name at the start counts: the phrase is not a sentence.
    """
    names = [_clean_run(words) for words, _, _ in _capitalised_runs(phrase)]
    names = [n for n in names if n]
    return " ".join(names[-1]) if names else None


def is_organisation(name: str) -> bool:
    """True when a name ends in an organisation word, has an acronym, or is a known place."""
    words = name.split()
    return (
        words[-1].lower() in ORG_WORDS
        or name in KNOWN_NAMES
        or any(len(w) > 1 and w.isupper() for w in words)  # "Welsh NHS", "CQC"
    )


def entity_aliases(names: Iterable[str]) -> dict[str, str]:
    """Map each short or variant name to the long form it is merged into (see module doc).

    ``names`` may be a Counter (its counts choose the commoner spelling) or any iterable.
    """
    counts = names if isinstance(names, Counter) else Counter(names)
    long_forms = sorted({n for n in counts if " " in n})
    aliases: dict[str, str] = {}
    # Variant spellings of one person: same surname, near-identical first names.
    by_surname: dict[str, list[str]] = {}
    for name in long_forms:
        by_surname.setdefault(name.rsplit(" ", 1)[1], []).append(name)
    canonical: dict[str, str] = {}
    for group in by_surname.values():
        group.sort(key=lambda n: (-counts[n], n))
        for k, name in enumerate(group):
            canonical[name] = next(
                (
                    head
                    for head in group[:k]
                    if canonical[head] == head
                    and fuzz.ratio(name.rsplit(" ", 1)[0], head.rsplit(" ", 1)[0]) >= 75
                ),
                name,
            )
    aliases.update({n: c for n, c in canonical.items() if n != c})
    # Surname alone -> the one long form ending in it (ambiguous surnames stay as they are).
    for surname, group in by_surname.items():
        heads = {canonical[n] for n in group}
        if len(heads) == 1 and surname in counts:
            aliases[surname] = heads.pop()
    return aliases


def _capitalised_runs(text: str) -> list[tuple[list[str], int, bool]]:
    """(words, offset of the first word, starts a sentence) of each capitalised run."""
    runs: list[tuple[list[str], int, bool]] = []
    words: list[str] = []
    pending: list[str] = []
    start = 0
    at_start = True
    run_at_start = True
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0].isupper() and token[0].isalpha():
            if not words:
                start, run_at_start = match.start(), at_start
            words.extend(pending)
            pending = []
            words.append(_POSSESSIVE.sub("", token))
            at_start = False
            if _POSSESSIVE.search(token):
                runs.append((words, start, run_at_start))
                words = []
            continue
        if words and token.lower() in CONNECTORS and len(pending) < 2:
            pending.append(token)
            continue
        if words:
            runs.append((words, start, run_at_start))
            words, pending = [], []
        at_start = token in {".", "!", "?", "…"} or (token[-1] in ".!?" and not token[0].isalnum())
        if token in {'"', "“", "«", "‘", "'", "(", "—", "-", ":", "„"}:
            at_start = True
    if words:
        runs.append((words, start, run_at_start))
    return runs


def _clean_run(words: list[str]) -> list[str]:
    """Cut stop words from both ends and titles from the front of one capitalised run."""
    words = [w.rstrip(".") if not _is_initial(w) else w for w in words]
    while words and (words[0].lower() in STOP_CAPITALISED or words[0].lower() in CONNECTORS):
        words = words[1:]
    while words and (words[-1].lower() in STOP_CAPITALISED or words[-1].lower() in CONNECTORS):
        words = words[:-1]
    if not words:
        return []
    if words[-1].lower() not in ORG_WORDS:
        trimmed = list(words)
        while len(trimmed) > 1 and (
            trimmed[0].lower() in TITLES or trimmed[0].lower() in CONNECTORS
        ):
            trimmed = trimmed[1:]
        if len(trimmed) < len(words) and trimmed[0].lower() not in TITLES:
            words = trimmed
    if "of" in words[2:]:
        # "Cynthia Bower of CQC" names a person and her body; "Bank of England" one body.
        cut = words.index("of", 2)
        if words[cut - 1].lower() not in ORG_WORDS | TITLES:
            words = words[:cut]
    if all(w.lower() in TITLES for w in words) and not (
        words[-1].lower() in ORG_WORDS or words[-1].isupper()
    ):
        return []  # a bare role ("Foreign Minister") or adjective ("Russian"), not a name
    return words


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[1] == "." and word[0].isupper()
