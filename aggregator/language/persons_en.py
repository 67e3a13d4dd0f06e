"""English persons' names the tagger cut, ran on or missed, repaired: mentions in, mentions out.

These repairs are about where a person's name is and what it is, not about who speaks. A reader
of "Calgary police drug unit staff Sgt. Mike Bossley said" knows "Sgt." is a rank and the person
is Mike Bossley; of "On Friday Charlamagne Tha God pressed …" that the name runs on over "God".
:func:`repair_names`:

* adds an English person the tagger missed, a common first name of one sex and a capitalised
  word after it on the same line that is no function word ("Heather Nauert withdraws …" in a
  Title Case headline; never over a paragraph break, never a body's or a place's name, "Prince
  Edward Island", "Gary Lomb School", nor after "the", and without a possessive "'s");
* drops a one-word person that is an abbreviated rank or title standing before a name ("Sgt.",
  "Det.", "Const.", "Gov.", "Rep."), or an office before its "of" phrase and a name ("the
  college's Dean of Students Jay Ellison");
* runs a name the tagger cut at the full stop after its initials on to the surname ("Chris
  J.L.M" -> "Chris J.L.M. Meijer");
* cuts the field of an office off the front of a name ("Communications Tom Baker" of "Director
  of Communications Tom Baker" -> "Tom Baker");
* runs a name cut at a short particle on over the capitalised word after it ("Charlamagne Tha"
  -> "Charlamagne Tha God").

Where it runs: :func:`aggregator.language.ner_en.mentions` applies it last, so an English
text's names are finished where the entities are made: the entity export, the comparison's
``entities`` and ``omitted`` and speaker attribution read the same names (a quote's
``speaker_key`` is a key of its article's entities), and it runs once. Speaker attribution
(``compare.people``) applies it also to a Russian text's mentions, whose Latin-script names
only it can change. What is about quote speakers stays in ``compare.persons``: a party's
adjective ("Democrat") is no speaker, a lone surname is the person named in full, Russian
surnames as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from aggregator.language.entities import Mention
from aggregator.language.genders import FEMININE_EN, MASCULINE_EN, name_gender
from aggregator.language.joins_en import BODY_HEADS
from aggregator.language.titles import (
    ABBREVIATED_TITLES,
    NAME_TITLES_EN,
    POLICE_RANKS,
    ROLE_WORDS_EN,
)
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
# Two capitalised words with spaces between, never a line break (a name never runs over a
# paragraph: "… From Race\n\nHeather Quillan"); a lookahead, so that a pair that is no name
# ("Race Heather") does not take the first name of the next.
_FIRST_LAST = re.compile(
    r"(?<![\w’'.-])(?=([A-Z][a-z]+)[^\S\n]+([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)(?![\w’'.-]))"
)


def missed_first_names(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """English people the tagger missed (a Title Case headline: "Heather Nauert withdraws from
    …"): a common first name of one sex and a capitalised word after it on the same line that
    is no function word, outside every mention."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for match in _FIRST_LAST.finditer(text):
        first, last = match.group(1).lower(), match.group(2)
        if (first not in FEMININE_EN and first not in MASCULINE_EN) or first in _WORD_NAMES:
            continue
        start, end = match.start(1), match.end(2)
        if last.endswith(("’s", "'s")):
            end, last = end - 2, last[:-2]  # "Theresa May’s": the name
        if last.lower() in _NOT_SURNAMES or any(start < e and s < end for s, e in taken):
            continue
        if _the_before(text, start) or _longer_name(text, last, end):
            continue
        name = text[start:end]
        out.append(Mention(start, end, name, "PER", name, latin_key(name)))
        taken.append((start, end))
    return out


# The head of a body's or a place's name, a name's suffix: "Prince Edward Island", "Stoneman
# Douglas High School", "Joshua Tree National Park", "Donald Trump Jr" are no missed name
_NOT_NAME_HEADS = BODY_HEADS | frozenset(
    """island islands river lake lakes street road avenue county valley park bay beach hills
    mountain mountains airport station bridge square jr sr""".split()
)
# A title is no surname: "Marine General Smith" (but "King", "Judge", "Bishop" may be one)
_NOT_SURNAMES = NOT_NAME_WORDS | (NAME_TITLES_EN - {"king", "judge", "bishop", "lord", "earl"})
_WORDS_AFTER = re.compile(r"(?:[^\S\n]+[A-Z][\w’'-]*\.?){1,2}")
_THE = re.compile(r"(?<![\w-])the[^\S\n]+\Z", re.I)


def _the_before(text: str, start: int) -> bool:
    """True after "the": no one is "the Christian Right"."""
    return _THE.search(text, max(0, start - 5), start) is not None


def _longer_name(text: str, last: str, end: int) -> bool:
    """True when a first name and the word after it are part of a body's or a place's name:
    that word, or one of the two capitalised words after it, is the head of one ("Joshua Tree
    National Park")."""
    after = _WORDS_AFTER.match(text, end)
    words = [last, *(after.group().split() if after else [])]
    return any(word.rstrip(".").lower() in _NOT_NAME_HEADS for word in words)


_INITIALS_END = re.compile(r"(?<![\w.])(?:[A-Z]\.)*[A-Z]$")
_SURNAME_AFTER = re.compile(r"\.[^\S\n]?([A-Z][\w’'-]+)")


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
_OFFICE_OF = re.compile(rf"\b(?:{ROLE_WORDS_EN})[^\S\n]+of[^\S\n]+\Z", re.I)


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
