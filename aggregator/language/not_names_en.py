"""Capitalised English words that name no person, body or place in a given text (for :mod:`ner_en`).

* ``NOT_NAMES``: words that are never a name alone: forms of address, pronouns, days and
  months, nationalities, and common nouns of groups and fields that a sentence opens with
  ("Officials said", "Society has changed", "Media requires JavaScript").
* ``in_text(text)``: the capitalised names this text shows to be no entity: acronyms it spells
  out as common words or as a programme ("human papillomavirus (HPV)", "dihydromyricetin, or
  DHM") and the common ones no text need spell out ("GP", "DNA"); and titles of works,
  products, studies and programmes, known by the words around them ("a drug called Tamiflu",
  "Ampligen®", "the new film, Iron Lady", "the INTERHEART study", "'Mudpuddle Farm' books",
  "his Care in Crisis campaign"). The caller drops every mention of them.
"""

from __future__ import annotations

import re

_NOT_NAMES_TEXT = """
    ladies gentlemen sir madam colleagues friends dear you we i he she they it this that
    mr mrs ms dr president minister monday tuesday wednesday thursday friday saturday sunday
    today yesterday tomorrow january february march april may june july august september
    october november december god thank thanks please hello gmt bst utc est cet cest edt pst
    ministers minister officials official police mps mp mum dad mummy daddy aides
    m.d md ph.d phd mba msph mph children
    welsh scots scottish irish british english french dutch swiss greek czech thai
    arabs kurds jews muslims christians uighurs uyghurs
    society media government household households staff experts researchers scientists
    doctors nurses patients residents parents teachers analysts critics campaigners
    authorities healthcare tech det const cpl insp supt capt sgt cllr cmdr pvt kiwi kiwis
    aussie aussies
    """
NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())

# Acronyms of common things (conditions, tests, jobs, units) that the model tags as bodies.
COMMON_ACRONYMS = frozenset(
    """GP GPs A&E HIV AIDS DNA RNA MRI PTSD HPV IVF BMI CEO ICU ADHD OCD PET THC CBD TV
    SUV GDP VAT IQ ATM SMS MS MI SC QC KC DSP TB MDMA LSD""".split()
)
# Brands of goods the news names most (drugs, devices): products, not bodies or people.
PRODUCTS = frozenset(
    """Botox Xbox iPhone iPhones iPad iPads PlayStation Kindle Panadol Calpol Nurofen Lemsip
    Tylenol Advil Tamiflu Viagra Prozac Ritalin Valium Xanax Band-Aid Band-Aids""".split()
)
# A share's exchange and ticker in brackets ("(AMEX:HEB)"): the ticker is no name.
_TICKER = re.compile(r"\((?:NYSE|NASDAQ|Nasdaq|AMEX|LSE|TSX|ASX)\s?:\s?([A-Z.]{1,6})\)")
_VITAMIN = re.compile(r"\b[Vv]itamin [A-K]\d{0,2}\b")
_JOINERS = frozenset({"of", "and", "for", "the", "&", "on", "in"})
_DEFINED = re.compile(r"\(([A-Z]{2,6})\)")  # (its words before it: checked in code)
_OR_ACRONYM = re.compile(r" or ([A-Z]{2,6})\b")
_AFTER_WORD = re.compile(r"(?<=\w)\s+$")
# Words that make a name a programme, survey or event rather than a body.
TITLE_WORDS = frozenset(
    "programme program survey strategy campaign olympics games prize award awards".split()
)

# Capitalised words, with "of", "in", "the"... between them.
_NAME = r"[A-Z][\w'’&!-]*(?:\s+(?:(?:of|on|in|the|to|and|a)\s+)*[A-Z0-9][\w'’&!-]*)*"
# A work's or a product's kind right before its name, after a determiner ("a drug called
# Tamiflu", "the new film, Iron Lady", "the drug Tamiflu").
# (the kinds as one branch per first letter, the word's start checked after the letter: the
# same matches as ``\b(?:drug|medicine|…)``, the engine skipping to those letters)
_KIND_BEFORE = re.compile(
    r"(?:d(?<!\wd)(?:rug|ocumentary)|m(?<!\wm)(?:edicine|ovie|usical)|p(?<!\wp)roduct"
    r"|b(?<!\wb)(?:rand|ook)|f(?<!\wf)ilm|s(?<!\ws)(?:ong|itcom)|a(?<!\wa)lbum|n(?<!\wn)ovel)"
    r"(?:,?\s+(?:called|named|titled|entitled))?,?\s+[‘'\"“]?(" + _NAME + ")"
)
_KIND_WORDS = """drug medicine product brand film movie song album book novel musical sitcom
    documentary""".split()
_KIND_AFTER_WORDS = """book series show range campaign study newsletter programme program film
    movie song album novel article report trial""".split()
_DETERMINER = re.compile(r"(?:\b(?:the|a|an|his|her|its|their|new|hit))\s+(?:[a-z-]+\s+){0,2}$")
# A trade mark ("Ampligen®").
_MARKED = re.compile(r"(?<![\w'’])(" + _NAME + r")[®™]")
# A quoted name with its kind after it ("'Mudpuddle Farm' children's books", "“Reckless
# Medicine” article"); a study named in capitals ("the INTERHEART study").
_KIND_AFTER = re.compile(
    r"[‘'\"“](" + _NAME + r")[’'\"”]\s+(?:[a-z’'-]+\s+)?(?:books?|series|show|range|campaign|"
    r"study|newsletter|programme|program|film|movie|song|album|novel|article|report)\b"
    r"|\b([A-Z]{6,})\s+(?:study|trial)\b"
)


def in_text(text: str) -> set[str]:
    """The capitalised names of ``text`` that it shows to be no entity (see the module)."""
    out = common_acronyms(text) | PRODUCTS
    out.update(match.group(1) for match in _TICKER.finditer(text))
    if "itamin" in text:
        out.update(match.group() for match in _VITAMIN.finditer(text))
    names = []
    if any(word in text for word in _KIND_WORDS):  # (a plain search first: much faster)
        names += [m.group(1) for m in _KIND_BEFORE.finditer(text) if _after_determiner(text, m)]
    if any(word in text for word in _KIND_AFTER_WORDS):
        names += [m.group(1) or m.group(2) for m in _KIND_AFTER.finditer(text)]
    if "®" in text or "™" in text:
        names += [m.group(1) for m in _MARKED.finditer(text)]
    for name in names:
        out.add(name.removeprefix("The "))
        out.update((name + "®", name + "™"))  # (the cleaned surface keeps the mark)
    return out


def _after_determiner(text: str, match: re.Match[str]) -> bool:
    return _DETERMINER.search(text, max(0, match.start() - 40), match.start()) is not None


def common_acronyms(text: str) -> set[str]:
    """Acronyms the text spells out as common words or as a programme or survey: "motor
    neurone disease (MND)", "human papillomavirus (HPV)", "dihydromyricetin, or DHM", "the
    National Child Measurement Programme (NCMP)"; and the common ones no text need spell out
    ("GP", "DNA", "PTSD")."""
    out = set(COMMON_ACRONYMS)
    for match in _DEFINED.finditer(text):  # "… words (ACRONYM)"
        if not _AFTER_WORD.search(text, max(0, match.start() - 8), match.start()):
            continue
        acronym = match.group(1)
        before = text[max(0, match.start() - 120) : match.start()].split()
        if before and before[-1].isalpha() and before[-1].islower():
            out.add(acronym)  # the words right before it are common words
            continue
        if before and _spelt_in_one_word(before[-1], acronym):
            out.add(acronym)  # a chemical's name: "Paramethoxymethamphetamine (PMMA)"
            continue
        words = [w for w in before if w not in _JOINERS][-len(acronym) :]
        if len(words) != len(acronym):
            continue
        if "".join(w[0] for w in words).upper() != acronym.upper():
            continue
        if all(w.islower() for w in words) or TITLE_WORDS.intersection(w.lower() for w in words):
            out.add(acronym)
    out.update(  # "dihydromyricetin, or DHM"
        match.group(1)
        for match in _OR_ACRONYM.finditer(text)
        if re.search(r"[a-z],?$", text[max(0, match.start() - 2) : match.start()])
    )
    return out


def _spelt_in_one_word(word: str, acronym: str) -> bool:
    """Whether one long word holds the acronym's letters in order, as a chemical's name does."""
    if len(word) < 12 or not word.isalpha() or not word[1:].islower():
        return False
    at = 0
    for letter in acronym.lower():
        at = word.lower().find(letter, at) + 1
        if not at:
            return False
    return True
