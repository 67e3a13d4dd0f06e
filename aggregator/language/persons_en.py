"""English persons' names the tagger cut, ran on or missed, repaired: mentions in, mentions out.

These repairs are about where a person's name is and what it is, not about who speaks. A reader
of "Calgary police drug unit staff Sgt. Mike Bossley said" knows "Sgt." is a rank and the person
is Mike Bossley; of "On Friday Charlamagne Tha God pressed …" that the name runs on over "God".
:func:`repair_names`:

* adds an English person the tagger missed, a common first name of one sex and a capitalised
  word after it that is no function word ("Heather Nauert withdraws …" in a Title Case
  headline);
* drops a one-word person that is an abbreviated rank or title standing before a name ("Sgt.",
  "Det.", "Const.", "Gov.", "Rep."), or an office before its "of" phrase and a name ("the
  college's Dean of Students Jay Ellison");
* runs a name the tagger cut at the full stop after its initials on to the surname ("Chris
  J.L.M" -> "Chris J.L.M. Meijer");
* cuts the field of an office off the front of a name ("Communications Tom Baker" of "Director
  of Communications Tom Baker" -> "Tom Baker");
* runs a name cut at a short particle on over the capitalised word after it ("Charlamagne Tha"
  -> "Charlamagne Tha God").

Where it runs: speaker attribution (``compare.persons.repair_mentions``) applies it to the
mentions of :func:`aggregator.language.entities.find_mentions` before its own repairs; the
entity export reads ``find_mentions`` without it. The rules match Latin-script names only, so a
Russian text's mentions pass through unchanged but for the Latin-script names in it. What is
about quote speakers stays in ``compare.persons``: a party's adjective ("Democrat") is no
speaker, a lone surname is the person named in full, Russian surnames as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from aggregator.language.entities import Mention
from aggregator.language.genders import FEMININE_EN, MASCULINE_EN, name_gender
from aggregator.language.titles import ABBREVIATED_TITLES, POLICE_RANKS, ROLE_WORDS_EN
from aggregator.language.translit import latin_key

# Words that are no name and open none, English and Russian: function words, pronouns, titles,
# days and months (also read by ``compare.names.name_runs``, for names missed in either language)
NOT_NAME_WORDS = frozenset(
    "the a an one his her its their this that these those он она они мы вы я как по об в во "
    "на также однако при и но а he she they we it speaking asked in on at after but and or so "
    "yet however meanwhile also then there today yesterday now last next later earlier "
    "according as while when if although though mr mrs ms miss dr prof sir dame lady lord "
    "rev gen col г-н г-жа "
    # days and months ("appeared on "Face the Nation" Sunday morning and said"); not May,
    # June or August, which are names too
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "july september october november december".split()
)
_TITLE_ABBREVIATIONS = ABBREVIATED_TITLES | POLICE_RANKS


def repair_names(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` with the persons the tagger missed added (in text order), ranks and offices
    standing before a name dropped, and persons' names cut or run on repaired (see the module
    docstring)."""
    mentions = sorted([*mentions, *missed_first_names(text, mentions)], key=lambda m: m.start)
    return [
        _run_on(text, _office_cut(text, _initialled(text, m)))
        for m in mentions
        if not _title(text, m)
    ]


# First names that are also common words ("Grace", "Rose Garden", "Mark", "Bill"): no proof of a
# person by themselves.
_WORD_NAMES = frozenset("grace rose dawn ruby hazel joy mark bill frank will jack pat ray".split())
_FIRST_LAST = re.compile(
    r"(?<![\w’'.-])([A-Z][a-z]+)\s+([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)(?![\w’'.-])"
)


def missed_first_names(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """English people the tagger missed (a Title Case headline: "Heather Nauert withdraws from
    …"): a common first name of one sex and a capitalised word after it that is no function
    word, outside every mention."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for match in _FIRST_LAST.finditer(text):
        first, last = match.group(1).lower(), match.group(2)
        if (first not in FEMININE_EN and first not in MASCULINE_EN) or first in _WORD_NAMES:
            continue
        if last.lower() in NOT_NAME_WORDS or any(
            match.start() < e and s < match.end() for s, e in taken
        ):
            continue
        name = match.group()
        out.append(Mention(match.start(), match.end(), name, "PER", name, latin_key(name)))
    return out


_INITIALS_END = re.compile(r"(?<![\w.])(?:[A-Z]\.)*[A-Z]$")
_SURNAME_AFTER = re.compile(r"\.\s?([A-Z][\w’'-]+)")


def _initialled(text: str, mention: Mention) -> Mention:
    """A person cut at the full stop after initials ("Chris J.L.M" of "Chris J.L.M. Meijer")
    runs on to the surname."""
    if mention.type != "PER" or not _INITIALS_END.search(mention.surface):
        return mention
    after = _SURNAME_AFTER.match(text, mention.end)
    if after is None:
        return mention
    name = f"{mention.name}. {after.group(1)}"
    surface = text[mention.start : after.end()]
    return replace(mention, end=after.end(), surface=surface, name=name, key=latin_key(name))


# An office "of" a field before a name: "Director of" (Communications Tom Baker).
_OFFICE_OF = re.compile(rf"\b(?:{ROLE_WORDS_EN})\s+of\s+\Z", re.I)


def _office_cut(text: str, mention: Mention) -> Mention:
    """An English person of three words or more after "<office> of" whose first word is no
    first name ("Communications Tom Baker" of "Director of Communications Tom Baker"): the
    field of the office, then the name."""
    words = mention.surface.split()
    if mention.type != "PER" or len(words) < 3 or name_gender(words[0]) is not None:
        return mention
    if not _OFFICE_OF.search(text, max(0, mention.start - 40), mention.start):
        return mention
    start = mention.start + len(words[0]) + 1
    name = text[start : mention.end]
    return replace(mention, start=start, surface=name, name=name, key=latin_key(name))


# A capitalised word after a name cut short, then a lower-case word: "Charlamagne Tha" + "God
# pressed" (no weekday or month, no Title Case headline's verb in "-s").
_CUT_NAME_END = re.compile(
    r" (?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July"
    r"|August|September|October|November|December)([A-Z][a-z]+(?<!s))(?= [a-z])"
)


def _run_on(text: str, mention: Mention) -> Mention:
    """An English person of two words or more whose last is a short particle ("Charlamagne
    Tha" of "Charlamagne Tha God"): the tagger cut the name; it runs on over the capitalised
    word after it when a lower-case word follows that."""
    words = mention.surface.split()
    short = len(words) > 1 and len(words[-1]) <= 3 and words[-1][1:].islower()
    after = _CUT_NAME_END.match(text, mention.end) if mention.type == "PER" and short else None
    if after is None or not re.fullmatch(r"[A-Za-z .'’-]+", mention.surface):
        return mention
    name = f"{mention.name} {after.group(1)}"
    surface = text[mention.start : after.end()]
    return replace(mention, end=after.end(), surface=surface, name=name, key=latin_key(name))


# "of Students Jay", "of the Faculty Ana": an office's "of" phrase, then a name.
_OF_NAMED = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w&-]*\s+){1,3}[A-Z][a-z]")


def _title(text: str, mention: Mention) -> bool:
    """True for a one-word "person" that is a rank before a name: "Sgt." in "Sgt. Mike"."""
    if mention.type != "PER" or " " in mention.surface:
        return False
    if re.fullmatch(ROLE_WORDS_EN, mention.surface.lower()) and _OF_NAMED.match(text, mention.end):
        return True  # "the college's Dean of Students Jay Ellison": an office before a name
    if mention.surface.lower().rstrip(".") not in _TITLE_ABBREVIATIONS:
        return False
    return re.match(r"\.?\s+[A-Z]", text[mention.end : mention.end + 4]) is not None
