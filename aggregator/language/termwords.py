"""A sentence in, its content words out: each word's language, surface form and term key.

The key is what counts as "the same term": for a Russian word its dictionary form (the
pymorphy3 lemma: «Лаврова», «Лавровым» -> «лавров»), for any other word its Snowball stem
(PyStemmer's C stemmer: "agencies", "agency" -> "agenc"). A word's language is its script: a
word with Cyrillic letters is Russian, any other is read as English (the outlets compared are
English and Russian; one article may mix both). pymorphy3 is slow (a few hundred microseconds
a new word on a busy machine), so the background corpus is counted by written form
(``surfaces``), which needs no lemma, and only an event's own words are lemmatised.

Stop words (English and Russian function words, reporting verbs such as "said" / «сказал») are
dropped by their written form (the Russian list holds every form of the pronouns, of «быть»,
«который», «этот», «весь», «свой» and of the reporting verbs, from pymorphy3's paradigms) and,
for Russian, by lemma too. Numbers, punctuation and one-letter words are not terms either. Each
of them yields ``None`` so that a caller building two-word phrases knows the run broke.

The analysers load once per process (``functools.cache``); per-word results are kept in a
bounded cache, so a word is lemmatised once per process.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aggregator.language import ner_ru

_ENGLISH_STOP = """
    a about above after again against ago all almost also although am among an and any are
    around as at be because been before being below between both but by can could did do does
    doing done down during each either else ever every few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just least less
    let many may me might more most much must my myself neither no nor not now of off often on
    once one only or other others our ours ourselves out over own per quite rather same she
    should since so some such than that the their theirs them themselves then there therefore
    these they this those though through thus to too under until up upon us very via was we
    were what whatever when where whether which while who whom whose why will with within
    without would yet you your yours yourself said says say saying told tells mr mrs ms dr
    it's that's there's he's she's they're we're i'm isn't aren't wasn't weren't won't can't
    didn't doesn't don't hasn't haven't wouldn't couldn't shouldn't we'll we've they've i've
    two three four five six seven eight nine ten first second new also another still
"""
# written forms: the common function words, then every form of the pronouns, «быть», «который»,
# «этот», «весь», «свой» and the reporting verbs, from pymorphy3's paradigms
_RUSSIAN_STOP = """
    и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по только
    ее её мне было вот от меня еще ещё нет о об обо из ему теперь когда даже ну ли если уже или
    ни быть был него до вас нибудь уж вам ведь там потом себя ничего ей может они тут где есть
    надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда
    кто этот того потому этого какой совсем ним здесь этом почти мой тем чтобы нее сейчас были
    куда зачем всех никогда можно при хоть после над больше тот через эти нас про всего них
    какая много эту моя впрочем том нельзя такой им более всегда между также это этих который
    которые которая которого которых весь свой наш ваш мочь такой один два три год также
    оно она они мы вы он я ты сказать заявить сообщить отметить говорить являться иметь
    стать другой каждый самый её свой её со ко ото изо либо же бы ли лишь именно пока ещё
    г гг т тыс млн млрд
    будем будете будешь буду будут будучи будь будьте вами ваша ваше вашего вашей вашем вашему
    ваши вашим вашими ваших вашу всей всем всеми всему всея всю вся говорен говорена говоренная
    говоренного говоренное говоренной говоренном говоренному говоренною говоренную говоренные
    говоренный говоренным говоренными говоренных говорено говорены говори говорив говорившая
    говорившего говорившее говорившей говорившем говорившему говорившею говоривши говорившие
    говоривший говорившим говорившими говоривших говорившую говорил говорила говорили говорило
    говорим говорима говоримая говоримо говоримого говоримое говоримой говоримом говоримому
    говоримою говоримую говоримы говоримые говоримый говоримым говоримыми говоримых говорит
    говорите говоришь говорю говоря говорят говорящая говорящего говорящее говорящей говорящем
    говорящему говорящею говорящие говорящий говорящим говорящими говорящих говорящую две двум
    двумя двух другая другие другим другими других другого другое другом другому другою другую е
    есмь ею ея заяви заявив заявившая заявившего заявившее заявившей заявившем заявившему
    заявившею заявивши заявившие заявивший заявившим заявившими заявивших заявившую заявил
    заявила заявили заявило заявим заявимте заявит заявите заявишь заявлен заявлена заявленная
    заявленного заявленное заявленной заявленном заявленному заявленною заявленную заявленные
    заявленный заявленным заявленными заявленных заявлено заявлены заявлю заявят имев имевшая
    имевшего имевшее имевшей имевшем имевшему имевшею имевши имевшие имевший имевшим имевшими
    имевших имевшую имеем имеемая имеемого имеемое имеемой имеемом имеемому имеемою имеемую
    имеемые имеемый имеемым имеемыми имеемых имеет имеете имеешь имей имейте имел имела имели
    имело имею имеют имеющая имеющего имеющее имеющей имеющем имеющему имеющею имеющие имеющий
    имеющим имеющими имеющих имеющую имея ими каждая каждого каждое каждой каждом каждому каждою
    каждую каждые каждым каждыми каждых какие каким какими каких какого какое каком какому какою
    какую кем кого ком кому которое которой котором которому которую которым которыми мной мною
    мог моги могите могла могли могло могу могут могущая могущего могущее могущей могущем
    могущему могущею могущие могущий могущим могущими могущих могущую могшая могшего могшее
    могшей могшем могшему могшею могши могшие могший могшим могшими могших могшую можем можете
    можешь нам нами наша наше нашего нашей нашем нашему наши нашим нашими наших нашу нем нему
    нею ними одна одни одним одними одних одно одного одной одном одному одною одну отметив
    отметившая отметившего отметившее отметившей отметившем отметившему отметившею отметивши
    отметившие отметивший отметившим отметившими отметивших отметившую отметил отметила отметили
    отметило отметим отметимте отметит отметите отметишь отметь отметьте отметят отмечен
    отмечена отмеченная отмеченного отмеченное отмеченной отмеченном отмеченному отмеченною
    отмеченную отмеченные отмеченный отмеченным отмеченными отмеченных отмечено отмечены отмечу
    самая самого самое самой самом самому самою самую самые самым самыми самых свое своего своей
    своем своему своею свои своим своими своих свою своя скажем скажемте скажет скажете скажешь
    скажи скажите скажу скажут сказав сказавшая сказавшего сказавшее сказавшей сказавшем
    сказавшему сказавшею сказавши сказавшие сказавший сказавшим сказавшими сказавших сказавшую
    сказал сказала сказали сказало сказан сказана сказанная сказанного сказанное сказанной
    сказанном сказанному сказанною сказанную сказанные сказанный сказанным сказанными сказанных
    сказано сказаны собой собою сообщат сообщен сообщена сообщенная сообщенного сообщенное
    сообщенной сообщенном сообщенному сообщенною сообщенную сообщенные сообщенный сообщенным
    сообщенными сообщенных сообщено сообщены сообщи сообщив сообщившая сообщившего сообщившее
    сообщившей сообщившем сообщившему сообщившею сообщивши сообщившие сообщивший сообщившим
    сообщившими сообщивших сообщившую сообщил сообщила сообщили сообщило сообщим сообщимте
    сообщит сообщите сообщишь сообщу став ставшая ставшего ставшее ставшей ставшем ставшему
    ставшею ставши ставшие ставший ставшим ставшими ставших ставшую стал стала стали стало
    станем станемте станет станете станешь стану станут стань станьте суть та такая такие таким
    такими таких такого такое таком такому такою такую те тебе теми тех тобой тобою той тому
    трем тремя трех ту чаво че чему чо шо эта этим этими этой этому этою являвшаяся являвшегося
    являвшееся являвшейся являвшемся являвшемуся являвшеюся являвшиеся являвшийся являвшимися
    являвшимся являвшись являвшихся являвшуюся являемся являетесь является являешься являйся
    являйтесь являлась являлись являлось являлся являюсь являются являющаяся являющегося
    являющееся являющейся являющемся являющемуся являющеюся являющиеся являющийся являющимися
    являющимся являющихся являющуюся являясь
"""
STOPWORDS = frozenset(_ENGLISH_STOP.split()) | frozenset(_RUSSIAN_STOP.split())

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|[^\w\s]|\d+")
_CYRILLIC = re.compile(r"[а-яё]")
_CACHE_WORDS = 200_000


@dataclass(frozen=True)
class ContentWord:
    """One content word of a sentence: its language, lower-cased surface form and term key."""

    language: str  # "ru" or "en"
    surface: str
    key: str


def content_words(sentence: str) -> Iterator[ContentWord | None]:
    """The words of ``sentence`` in order; ``None`` for a stop word, number, punctuation mark
    or one-letter word (each of which breaks a run of adjacent content words)."""
    for match in _TOKEN.finditer(sentence):
        yield word_of(match.group())


def surfaces(sentence: str) -> Iterator[str | None]:
    """The written forms of the content words of ``sentence`` (lower case), ``None`` where
    ``content_words`` has ``None``, save a Russian word whose lemma alone is a stop word."""
    for match in _TOKEN.finditer(sentence):
        yield _surface(match.group())


@functools.lru_cache(maxsize=_CACHE_WORDS)
def _surface(token: str) -> str | None:
    surface = token.lower().replace("’", "'").replace("ё", "е")
    if not surface[0].isalpha() or len(surface) < 2 or surface in STOPWORDS:
        return None
    return surface


@functools.lru_cache(maxsize=_CACHE_WORDS)
def word_of(token: str) -> ContentWord | None:
    """``token`` (one word as written) as a content word, or ``None`` when it is no term."""
    surface = _surface(token)
    if surface is None:
        return None
    if _CYRILLIC.search(surface):
        lemma = _russian_lemma(surface)
        return None if lemma in STOPWORDS else ContentWord("ru", surface, lemma)
    return ContentWord("en", surface, _english_stemmer().stemWord(surface))


def _russian_lemma(surface: str) -> str:
    # a hyphenated word is lemmatised part by part («военно-морской», «Северо-Западный»)
    morph = ner_ru.morph()  # one analyser per process, shared with the entity lemmas
    return "-".join(
        morph.parse(part)[0].normal_form.replace("ё", "е") for part in surface.split("-")
    )


@functools.cache
def _english_stemmer() -> Any:
    import snowballstemmer  # the C stemmer of PyStemmer when installed, as in cluster.text

    return snowballstemmer.stemmer("english")
