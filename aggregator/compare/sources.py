"""An event's entities, speakers and texts in, the names that are news organisations out.

A news agency or outlet named in an article ("…, Reuters reported", "according to data
compiled by Reuters", "she told BBC Radio Cornwall", «сообщает ТАСС») is credited as a source:
it says where the outlet got a fact, not who or what the event is about. So it is never
counted as something an outlet *omitted* (``compare.event``): an outlet that wrote the same
fact from its own reporting, or credited another agency, left nothing out. It stays an entity
of the article (``entities``, ``comparison.entities``) under its type.

A name is a news organisation when it is not a person's or a place's (type ``ORG``, or a
speaker of no other type) and

* it is, or starts with, one of the news agencies and outlets below, in English or Russian,
  matched by Latin-script key (``translit.latin_key``: "Рейтер" and "Reuters", "ТАСС" and
  "TASS"; "BBC Radio Cornwall" and "Reuters Health" start with one and a broadcasting word:
  "Sputnik V", a vaccine, does not); or
* an article of the event calls it one: a news descriptor right before or after one of the
  forms the articles wrote it in ("the Interfax news agency", "state news agency Tass", "the
  Kommersant newspaper", "broadcaster ZDF", «агентство Bloomberg», «газета "Ведомости"»,
  «телеканал CNN»).

The event's own outlets are not special: "told the BBC" in the BBC's own story is a credit of
the same kind, and an outlet only that one outlet names is no omission anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from aggregator.language.translit import latin_key
from aggregator.records import ArticleEntity, Quote

# News agencies and outlets as articles credit them (one a line; English, then Russian names).
_NAMES = """
    Reuters|Рейтер|Рейтерс|Associated Press|AP|AFP|Agence France-Presse|Франс Пресс|
    Франс-Пресс|Bloomberg|Блумберг|Bloomberg News|Xinhua|Синьхуа|dpa|Deutsche Presse-Agentur|
    EFE|ANSA|Kyodo|Kyodo News|Yonhap|Anadolu|Anadolu Agency|PA Media|Press Association|
    Europa Press|Agence Europe|UPI|United Press International|Dow Jones|
    TASS|ТАСС|ИТАР-ТАСС|ITAR-TASS|RIA Novosti|РИА Новости|Interfax|Интерфакс|
    Interfax-Ukraine|Интерфакс-Украина|Sputnik|Спутник|RBC|РБК|Ukrinform|Укринформ|UNIAN|
    УНИАН|BelTA|БелТА|Kazinform|Казинформ|Regnum|Регнум|
    BBC|Би-би-си|Би-Би-Си|BBC News|Guardian|The Guardian|Observer|The Observer|RT|
    Russia Today|Раша Тудэй|CNN|Си-эн-эн|Fox News|NBC|NBC News|CBS|CBS News|ABC News|
    MSNBC|NPR|PBS|Sky News|ITV|ITV News|Channel 4 News|Al Jazeera|Аль-Джазира|Al Arabiya|
    Euronews|Евроньюс|Deutsche Welle|DW|France 24|ZDF|ARD|Radio Liberty|Радио Свобода|
    Radio Free Europe|Voice of America|Голос Америки|
    New York Times|The New York Times|Нью-Йорк таймс|Washington Post|The Washington Post|
    Вашингтон пост|Wall Street Journal|The Wall Street Journal|Уолл-стрит джорнал|
    Financial Times|The Financial Times|Файнэншл таймс|Times|The Times|Telegraph|
    The Telegraph|Daily Telegraph|The Daily Telegraph|Independent|The Independent|
    Daily Mail|Mail Online|MailOnline|The Sun|Daily Mirror|The Economist|Economist|
    Politico|Axios|Le Monde|Le Figaro|Der Spiegel|Spiegel|Bild|Die Welt|El País|
    Corriere della Sera|Haaretz|Times of Israel|Kyiv Independent|Kyiv Post|Meduza|Медуза|
    Novaya Gazeta|Новая газета|Kommersant|Коммерсант|Vedomosti|Ведомости|Izvestia|Известия|
    Rossiyskaya Gazeta|Российская газета|Komsomolskaya Pravda|Комсомольская правда|
    Moskovsky Komsomolets|Московский комсомолец|Lenta.ru|Лента.ру|Gazeta.ru|Газета.ру|
    RIA|РИА|Rossiya 24|Россия 24|Channel One|Первый канал|NTV|НТВ|
    Ekho Moskvy|Эхо Москвы|Dozhd|Дождь|TV Rain|Ukrainska Pravda|Украинская правда|
    Fontanka|Фонтанка|Interfax.ru|BNO News|Newsweek|Forbes|Форбс
"""
# Words that make a listed name a part of it ("BBC Radio Cornwall", "Reuters Health")
_BRANCHES = """
    news radio tv television world service health online channel international arabic russian
    english america africa europe uk us breaking business sport sports digital радио новости
"""
_THE = re.compile(r"^the ", re.IGNORECASE)
# A news descriptor just before a name ("news agency Tass", «агентство Bloomberg») ...
_BEFORE = re.compile(
    r"(?<!\w)(?:(?:news|press|wire) agency|newspaper|daily|tabloid|broadcaster|magazine|"
    r"news (?:channel|site|website|outlet|portal|service)|(?:tv|television) (?:channel|station)|"
    r"radio station|wire service|(?:информ)?агентств\w*|газет\w*|телеканал\w*|"
    r"радиостанци\w*|издани\w*|телекомпани\w*|журнал(?:а|у|ом|е)?)"
    r"\s+(?:the\s+)?[«\"“„']?",
    re.IGNORECASE,
)
# ... or just after it ("the Interfax news agency", "the Kommersant newspaper"): a closing
# mark, a possessive or a space, then the descriptor. Written with the first character taken
# first, whichever it is, so that the engine skips to where one stands: the same matches as
# ``[»"”']?(?:['’]s)?\s+(?:…)\b``, in half the time.
_AFTER = re.compile(
    r"[»\"”'’\s](?:(?<=[»\"”'])(?:['’]s)?\s+|(?<=['’])s\s+|(?<=\s)\s*)"
    r"(?:(?:news|press|wire) agency|newspaper|tabloid|broadcaster|"
    r"magazine|news (?:channel|site|website|outlet|portal)|(?:tv|television) (?:channel|station)|"
    r"radio station|wire service)\b",
    re.IGNORECASE,
)
_WINDOW = 80  # characters of text read beside a descriptor: longer than any outlet's name


@cache
def _keys() -> tuple[frozenset[str], frozenset[str]]:
    names = {_THE.sub("", n.strip()) for n in _NAMES.split("|") if n.strip()}
    branches = frozenset(latin_key(word) for word in _BRANCHES.split())
    return frozenset(latin_key(name) for name in names), branches


@lru_cache(maxsize=100_000)
def listed_news_organisation(name: str) -> bool:
    """Whether ``name`` is one of the listed news agencies and outlets, or one of them followed
    by a broadcasting word ("BBC Radio Cornwall"); matched by Latin-script key."""
    key = latin_key(_THE.sub("", name.strip()))
    names, branches = _keys()
    if key in names:
        return True
    words = key.split(" ")
    return any(
        " ".join(words[:cut]) in names and words[cut] in branches for cut in range(1, len(words))
    )


def described_as_news_organisation(forms: Iterable[str], texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` puts a news descriptor right before or after one of ``forms``
    (see the module docstring); case is ignored in the descriptor, not in the name."""
    return _described(forms, _beside_descriptors(texts))


def _beside_descriptors(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """The text just after each descriptor that comes before a name, and just before each one
    that comes after a name: read once an event, then each name is a string comparison."""
    after: list[str] = []
    before: list[str] = []
    for text in texts:
        after += [text[m.end() : m.end() + _WINDOW] for m in _BEFORE.finditer(text)]
        before += [text[max(0, m.start() - _WINDOW) : m.start()] for m in _AFTER.finditer(text)]
    return after, before


def _described(forms: Iterable[str], beside: tuple[list[str], list[str]]) -> bool:
    after, before = beside
    for form in {f for f in forms if len(f) > 1}:
        size = len(form)
        for window in after:
            if window.startswith(form) and not window[size : size + 1].isalnum():
                return True
        for window in before:
            if window.endswith(form) and not window[-size - 1 : -size].isalnum():
                return True
    return False


def news_organisations(
    entities: Iterable[ArticleEntity], quotes: Iterable[Quote], texts: Iterable[str]
) -> frozenset[str]:
    """The event's names (entities' names and speakers) that are news organisations."""
    beside = _beside_descriptors(texts)
    forms: dict[str, set[str]] = {}
    for entity in entities:
        if entity.type == "ORG":
            forms.setdefault(entity.name, {entity.name}).update(entity.surfaces)
    found = {
        name
        for name, written in forms.items()
        if any(listed_news_organisation(f) for f in written) or _described(written, beside)
    }
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None or speaker in found or quote.speaker_type in ("PER", "LOC"):
            continue
        if listed_news_organisation(speaker) or _described({speaker}, beside):
            found.add(speaker)
    return frozenset(found)
