"""People's titles and roles: the word lists every stage reads them from.

Entity extraction (:mod:`ner_en` cuts titles off the front of a name; a title makes a span a
person) and speaker attribution (``compare``: a role phrase means the person given that role, an
honorific says a person's sex, an abbreviated rank does not end a sentence) read the same
vocabulary; each list below says what it is for. Words are lower case, abbreviations without
their full stop; :func:`alternation` writes a set as a regular-expression alternation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Honorifics written before an English name ("Dr Hamish Meldrum", "Baroness Hale").
HONORIFICS = frozenset("mr mrs ms miss dr sir dame lord lady prof professor baroness".split())
# Titles before a name that say the person's sex ("Mrs Smith" is a woman, "Sir Keir" a man).
FEMININE_TITLES = frozenset("mrs ms miss lady dame baroness queen".split())
MASCULINE_TITLES = frozenset("mr sir lord king".split())
# Ranks and titles written abbreviated with a full stop ("Mr.", "Sgt.", "Cllr."): such a stop
# ends no sentence.
ABBREVIATED_TITLES = frozenset(
    "mr mrs ms dr st gen col lt sgt rev prof jr sr det const cpl insp supt capt maj gov rep sen "
    "atty hon cllr fr cmdr adm sec amb pres sens reps asst dep commr brig pvt msgr messrs".split()
)
# British police ranks, written in capitals before a name ("PC Smith", "DI Jones").
POLICE_RANKS = frozenset("pc dc ds di".split())

# English words in front of a name that are a title or role, not part of the name.
NAME_TITLES_EN = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady rev rev. st. president
    vice prime minister ministers secretary chancellor senator sen. rep. governor gov. mayor
    ambassador spokesman spokeswoman spokesperson general gen. colonel col. captain capt.
    lieutenant sergeant admiral commander chief director chairman chairwoman judge justice
    king queen prince princess pope premier foreign defence defense interior finance deputy
    home health state former acting late detective inspector officer constable professor
    baroness baron earl viscount archbishop bishop cardinal rabbi imam sergeant sgt sgt.
    pc det. supt superintendent coun coun. couns couns. cllr councillor coroner surgeon ag
    """.split()
)
# English roles a person is given in apposition (", the chief executive", ", a spokeswoman"):
# prefixes, each may run on ("spokes" -> "spokesman").
APPOSITION_ROLES_EN = (
    "chief director head chair founder president spokes professor minister secretary leader "
    "manager editor author elder mother father wife husband son daughter mayor senator governor "
    "ambassador"
).split()

# Role words of an English speaker phrase ("the minister", "a spokesperson"), as a
# regular-expression alternation (one word, or "prime minister").
ROLE_WORDS_EN = (
    "minister|president|secretary|spokesman|spokeswoman|spokesperson|ambassador|chancellor|"
    "envoy|premier|prime minister|leader|chief|head|mayor|governor|official|representative|"
    "diplomat|commander|general|senator|director|chairman|chairwoman|chair|prosecutor|mp|mep|"
    "admiral|colonel|marshal|sheriff|bishop|archbishop|rabbi|imam|patriarch|"
    "negotiator|adviser|advisor|aide|king|queen|pope|judge|lawyer|professor|ceo|founder|"
    "economist|analyst|expert|researcher|scientist|doctor|police|officer|coach|manager|captain|"
    "worker|resident|volunteer|witness|source|embassy|ministry|government|office|agency|lady|"
    "council|committee|court|army|military|company|spokespeople|officials|sources|residents|"
    # US and UK offices of political copy (issue 14, fifth AllSides round)
    "speaker|congressman|congresswoman|lawmaker|legislator|attorney|counsel|commissioner|"
    "administrator|superintendent|treasurer|comptroller|whip|nominee|candidate|lieutenant|"
    "detective|inspector|investigator|trooper|strategist|pollster|executive|dean|chaplain|"
    "pastor|reverend|assemblyman|assemblywoman|councilman|councilwoman|councillor|councilor|"
    "delegate|"
    # schools (issue 14, sixth AllSides round: "the Florida principal who told a parent")
    "principal|headteacher|headmaster|headmistress|teacher|provost|rector"
)
# Abbreviated titles written before a name, and the role word each stands for ("Sen." is a
# senator, "Atty. Gen." an attorney general, "Lt. Gov." a lieutenant governor).
TITLE_ABBREVIATIONS_EN = {
    "sen": "senator",
    "sens": "senator",
    "rep": "representative",
    "reps": "representative",
    "gov": "governor",
    "lt": "lieutenant",
    "atty": "attorney",
    "gen": "general",
    "sec": "secretary",
    "amb": "ambassador",
    "pres": "president",
    "supt": "superintendent",
    "adm": "admiral",
    "capt": "captain",
    "col": "colonel",
    "sgt": "sergeant",
    "maj": "major",
    "cmdr": "commander",
    "det": "detective",
    "insp": "inspector",
    "prof": "professor",
    "rev": "reverend",
    "asst": "assistant",
    "dep": "deputy",
    "commr": "commissioner",
    "cllr": "councillor",
    "const": "constable",
    "cpl": "corporal",
    "brig": "brigadier",
}
# Russian role words (lemmas) of a speaker phrase («министр», «пресс-секретарь», «глава»).
ROLE_LEMMAS_RU = frozenset(
    "министр глава президент премьер премьер-министр председатель представитель "
    "пресс-секретарь спикер посол директор руководитель губернатор мэр генсек секретарь "
    "замминистра заместитель депутат сенатор советник помощник лидер канцлер дипломат "
    "командующий генерал прокурор судья адвокат эксперт аналитик политолог профессор "
    "начальник вице-премьер вице-президент шеф президента официальный адмирал полковник "
    "маршал патриарх митрополит омбудсмен уполномоченный постпред врач главврач специалист "
    "учёный ученый исследователь автор создатель сотрудник медик хирург политик ветеран "
    "экономист юрист защитник скульптор художник писатель поэт режиссёр режиссер актёр актер "
    "актриса певец певица композитор архитектор тренер священник протоиерей архиепископ "
    "епископ академик космонавт астронавт командир супруга супруг жена муж вдова "
    "парламентарий чиновник предприниматель предпринимательница владелец владелица "
    "бизнесмен гендиректор замглавы заммэра зампред муфтий банкир финансист инвестор "
    "миллиардер основатель основательница совладелец акционер правозащитник правозащитница "
    "руководительница чиновница журналист журналистка блогер демограф".split()
)
# Professions named by their ending ("нарколог", "эпидемиолог"; "toxicologist", "physician").
ROLE_ENDINGS_RU = re.compile(r"(?:олог|ист|иатр|ач)$")
ROLE_ENDINGS_EN = r"\w+(?:ologist|ician|ist)"


def alternation(words: Iterable[str]) -> str:
    """``words`` capitalised as a regular-expression alternation, longest first ("Mrs|Mr")."""
    return "|".join(sorted((re.escape(w.capitalize()) for w in words), key=lambda w: (-len(w), w)))
