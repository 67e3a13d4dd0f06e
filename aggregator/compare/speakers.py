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
5. English descriptions a reader resolves from context: a spokesperson speaks for the body named
   with them or opening the sentence before ("said a spokeswoman"), never for a person unless
   named as one; "the 31-year-old", "the mother-of-two" is the person last named; "the German
   chancellor" no one was given is the person opening the sentence before; "It also said" is
   the body last heard;
6. otherwise a short description as written ("a spokesperson"), with no type.

Organisation and person names inside quotations are not candidates for pronouns and roles. The
article's mentions and the lookups over them (pronouns, missed names, the main person) are in
:mod:`aggregator.compare.people`; who a sentence is about (its opening subject, the sentence
before a quote, the body opening the article) in :mod:`aggregator.compare.subjects`.
"""

from __future__ import annotations

import functools
import itertools
import re

from aggregator.compare import documents, referents
from aggregator.compare import roles as role_rules
from aggregator.compare.canonical import full_name
from aggregator.compare.names import (
    DOCUMENTS,
    INSTITUTIONS,
    POSSESSIVES,
    PRONOUNS,
    lemma,
    maybe_nominative,
)
from aggregator.compare.people import SEXES, WORD, Speaker
from aggregator.compare.roles import (
    OWNED_ROLES,
    acronym_source,
    dative,
    description,
    known_org,
    place_body,
    publisher,
    role_core,
    role_holder,
    role_holder_ahead,
    role_word,
)
from aggregator.compare.subjects import EPITHET, Subjects
from aggregator.language.entities import Mention
from aggregator.language.gazetteer import SEATS

# A speech verb sharing the subject of the verb before it: a participle after a comma
# (", saying"), a verb after "and" ("criticized Trump and warned").
_SHARED_SUBJECT = re.compile(r"(?<=,\s)[a-z]+ing\b|(?<=\sand\s)[a-z]+")
_PRONOUN_BEFORE = re.compile(r"\b(he|she)\s+(?:also\s+|then\s+|later\s+)?$", re.I)
_OF_PLACE = re.compile(r"(?:of|from|at)\s", re.I)
# A member's party and state, whose comma cuts no phrase: "(R., Ky.)", "(D-Calif.)".
_PARTY_STATE = re.compile(r"\(\s*[RDI]\.?(?:-|–|,\s?)\s?[A-Z][A-Za-z.]{0,12}\s*\)")
_ADVERBS = frozenset("also then later further again however still and but has had".split())
_ISSUED_FROM = re.compile(
    r"\b(?:statement|letter|tweet|memo|release|message|post)\s+(?:from|by)\s+(?:the\s+)?\Z", re.I
)
_SPOKES = re.compile(r"spokes\w*|representatives?")
# A private person described, not named: "the 31-year-old", "the mother-of-two".
_DESCRIBED = re.compile(
    r"(?:the\s+)?(?:\d+-year-old(?:\s+[a-z]+)?|(?P<kin>mother|mum|grandmother|widow|father|dad"
    r"|grandfather|widower)(?:-of-\w+|\s+of\s+\w+)?|pensioner|teenager)"
)
# An office one person holds, named by its title ("the German chancellor", "the prime minister"),
# or a US politician by state and party ("the New York Democrat", "the Arkansas Republican").
_OFFICE = re.compile(
    r"the(?:\s+[a-z]+){0,2}\s+(?:chancellor|president|minister|secretary|premier|leader|mayor"
    r"|governor|senator|chairman|chairwoman|ceo|founder|coach|manager|captain|ambassador"
    r"|democrat|republican|congressman|congresswoman|lawmaker|legislator|nominee|candidate)"
)
# A body described, not named: "a leading charity", "the health watchdog".
_UNNAMED_BODY = re.compile(
    r"an?(?:\s+[a-z]+){0,2}\s+(?:charity|watchdog|regulator|union|think\s+tank|campaign\s+group"
    r"|pressure\s+group)(?:\s+(?:has|have|had))?"
)
_FEMININE_KIN = frozenset("mother mum grandmother widow".split())
_RELATIVE = re.compile(r"котор\w+\s|(?:who|whose|which)\s", re.I)


class Speakers(Subjects):
    """Speaker resolution over one article (see the module docstring)."""

    def resolve(
        self, start: int, end: int, at: int, gender: str | None = None, *, subject: bool = False
    ) -> Speaker | None:
        """The speaker that ``text[start:end]`` names, read at offset ``at`` (see docstring).
        ``subject``: the phrase stands before its verb, so the person nearest the verb wins
        ("Bonhams' head of whisky, Martin Green, said")."""
        phrase = self.text[start:end]
        if not phrase.strip():
            return None
        inside = [m for m in self.mentions if start <= m.start < end]
        if gender == "plur":  # "сообщили РИА Новости в министерстве": the one "в" it
            placed = [m for m in inside if m.type in ("ORG", "LOC") and self._locative(m)]
            if placed:
                return Speaker(placed[0].name, placed[0].type)
        free = self._free(inside, "PER", start)
        english = self.lang == "en"  # "Mr Patel's lawyer", "his wife": not him
        if english and (kin := referents.relative(self.text, start, end, free, self.persons)):
            return kin
        owners = {m.name for m in free if self._owner(m, gender)}
        if owners:  # "заявил помощник Хиллари Клинтон": the aide, not Clinton
            free = [m for m in free if m.name not in owners]
            if not free:
                return self._owned(at, gender, owners)
        inside_persons = [m for m in inside if m.type == "PER"]
        if free:
            return Speaker((free[-1] if subject else free[0]).name, "PER")
        places = [m for m in inside if m.type == "LOC"] if self.lang == "en" else []
        ministry = place_body(self.text, places[0], end) if places else None
        if ministry is not None:  # "Ukraine's foreign ministry said": not the country at large
            return Speaker(ministry, "ORG")
        source = acronym_source(phrase, self.mentions) if self.lang == "en" else None
        if source is not None:  # "according to UN estimates": the UN, not its Security Council
            return Speaker(source, "ORG")
        words = [w.lower() for w in WORD.findall(phrase)]
        pronoun = next((w for w in (words[0], words[-1]) if w in PRONOUNS), None) if words else None
        if pronoun is not None and len(words) <= 6:
            return self.pronoun(at, PRONOUNS[pronoun])
        if [w for w in words if w not in _ADVERBS] in (["it"], ["оно"]):
            # "It said", "It also accused": the organisation or report last heard
            return next((sp for _, sp in reversed(self.heard) if sp.type == "ORG"), None)
        roles = [w for w in words if role_word(w, self.lang)]
        if self.lang == "en":  # "the Foreign Office" holds no role; "one official" is new
            roles = referents.role_words(phrase, words, inside, start)
        if words and words[0] in POSSESSIVES and len(words) <= 3 and not roles:
            return self.pronoun(at, POSSESSIVES[words[0]])  # "His report said:"
        private = _DESCRIBED.fullmatch(" ".join(words)) if self.lang == "en" else None
        if private is not None:
            # "The 31-year-old told the YEP", "the mother-of-two said": the person last named
            if private.group("kin"):
                gender = "femn" if private.group("kin") in _FEMININE_KIN else "masc"
            return self.pronoun(at, gender, any_gender=gender not in SEXES)
        spokes = any(_SPOKES.fullmatch(r) for r in roles) and not inside_persons  # unnamed
        spokes = spokes and all(_SPOKES.fullmatch(r) or r in INSTITUTIONS for r in roles)
        core = role_core(words, self.lang)  # "министр в интервью «Ведомостям»": "министр"
        unheard = self.lang == "en" and (not roles or referents.new_referent(words, roles))
        given = [r for r in self.roles if start <= r[2].start < end] if unheard else self.roles
        holder = role_holder(given, core, at, gender, self._gender, self.lang)
        if holder is None and self.lang == "en" and roles and not inside_persons and not unheard:
            holder = role_holder_ahead(self.roles, core, at, gender, self._gender)
        if holder is not None and not (spokes and not self.given(holder, roles)):
            return Speaker(holder.name, "PER")
        lead = words[: words.index(roles[0])] if roles else words
        if self.lang == "ru" and roles and len(core) - len(lead) <= 3 and role_rules.leads(lead):
            # "Ветеран футбола уверен, что …", "Тем не менее супруга убеждена": a role no one
            # was given, said of the person the last sentence was about, as "он"/"она" is;
            # "отметила представитель Philips": the Philips person just heard
            if not inside:
                meant = self.pronoun(at, gender, any_gender=gender not in SEXES)
                if meant is not None:
                    return meant
            elif (
                person := role_rules.org_person(inside, at, self._heard(at, gender), self.orgs)
            ) is not None:
                return Speaker(person, "PER")
        only_places = all(m.type == "LOC" for m in inside)  # "the Minnesota senator"
        if self.lang == "en" and only_places and _OFFICE.fullmatch(" ".join(words)):
            # "Angela Merkel spoke after the summit. The German chancellor said:": her; "Amy
            # Klobuchar withdrew … The Minnesota senator told MSNBC": the person last named
            office_holder = self.subject_before(at, "PER") or (
                self.last_person(at) if inside else None
            )
            if office_holder is not None:
                return office_holder
        bodies = [m for m in inside if not self._addressee(m)]  # not "сообщили «Коммерсанту»"
        org = self._first_free(bodies, "ORG", start) or self._first_free(bodies, "LOC", start)
        if org is None and self.lang == "en":  # "a statement from Buckingham Palace said"
            org = next((m for m in bodies if self._issued_by(m)), None)
        if org is None and spokes:  # "a spokesman for Powys Local Health Board"
            org = next((m for m in inside if m.type == "ORG"), None)
        if org is not None and self.lang == "en" and self._person_of(roles, words, org):
            # "The Microsoft founder added" after Bill Gates spoke: him, not the company
            return self.heard[-1][1]
        if org is not None and (
            org.type == "ORG"
            or org.name in SEATS
            or self._locative(org)
            or subject
            or (self.lang == "en" and self._issued_by(org))
        ):
            # (a seat of government speaks for it, and so does a place issuing a document: "a
            # statement from Buckingham Palace said")
            return Speaker(org.name, "ORG" if self._issued_by(org) else org.type)
        # a name the tagger missed, alone or after a role it names ("the deputy governor,
        # Alexei Zorin, told"; no one was given that role before)
        named = self._name_run(start, end, inside, after_role=bool(roles))
        if named is not None:
            return named
        heard = [(offset, sp.name, sp.type) for offset, sp in self.heard]
        orgs = [m for m in self.orgs if not self._addressee(m)]
        known = known_org(core, at, orgs, self.mentions, heard, self._nouns)
        if known is not None:
            return Speaker(known, "ORG")
        if self.lang == "en" and not inside and _UNNAMED_BODY.fullmatch(" ".join(words)):
            # a lede's "…, a leading charity has warned." then "Asthma UK said": the body named
            # next (within a short paragraph's length)
            following = next((m for m in self.orgs if at <= m.start < at + 400), None)
            if following is not None:
                return Speaker(following.name, "ORG")
        # "the statement": its publisher, else the body last heard; "a joint statement": neither
        fresh = words[:1] in (["a"], ["an"]) and len(words) <= 3  # (not "a letter from X")
        if any(lemma(w) in DOCUMENTS for w in words) and not fresh:
            published = publisher(self.text, self.mentions, self.lang)
            if published is not None:
                return Speaker(*published)
            noun = next((w for w in reversed(words) if lemma(w) in DOCUMENTS), "")
            brought = (
                documents.brought_in(self.text, self.mentions, noun, at, self.in_quote)
                if self.lang == "en"
                else None
            )
            if brought is not None:
                return Speaker(*brought)
            owned = not inside and re.search(r"['’]s\s+[\w-]+\s*$", phrase) is not None
            if len(words) <= 3 or owned:  # (or "the government watchdog's ruling")
                spoke = [sp for offset, sp in self.heard if sp.type == "ORG" and offset < at]
                if spoke:
                    return spoke[-1]
                opener = self._lead_body(at)
                if opener is not None:  # "МИД России выразил сожаление …" opening the article
                    return opener
        if spokes and not inside and len(words) <= 3:
            # '"…", said a spokeswoman.' after "The Department of Health backed NHS London.":
            # the body the sentence before was about
            body = self.subject_before(at)
            if body is not None:
                return body
        if self.lang == "en" and not inside and EPITHET.fullmatch(" ".join(words)):
            # "Joe Walsh spoke first. The veteran campaigner said:": newswriting names a person
            # again by a description; the one the sentence before is about, or the one person
            # it names
            meant = self.subject_before(at, "PER") or self.only_person_before(at)
            if meant is not None:
                return meant
        described = description(phrase, self.lang)
        return Speaker(described, None) if described is not None else None

    def _issued_by(self, mention: Mention) -> bool:
        """True for a body or place named as a document's issuer: "a statement from …"."""
        return mention.type in ("ORG", "LOC") and (
            _ISSUED_FROM.search(self.text, max(0, mention.start - 40), mention.start) is not None
        )

    def _owner(self, mention: Mention, gender: str | None) -> bool:
        """True for a Russian person named after a role held for them ("помощник Хиллари
        Клинтон", "советник Дональда Трампа Стивен Миллер"): in the genitive, of the other
        gender than the verb, or with the role holder's name right after."""
        before = WORD.findall(self.text[max(0, mention.start - 30) : mention.start])
        if self.lang != "ru" or not before or lemma(before[-1]) not in OWNED_ROLES:
            return False
        after = next((m for m in self.persons if m.start >= mention.end), None)
        if after is not None and not self.text[mention.end : after.start].strip():
            return True
        other = gender in SEXES and self._gender(mention) not in (None, gender)
        return other or not maybe_nominative(mention.surface)

    def _owned(self, at: int, gender: str | None, owners: set[str]) -> Speaker | None:
        """The holder of a role held for ``owners``, named by the role alone: the person the
        article gave that role, else the person the last sentence was about (not an owner)."""
        roles = [r for r in self.roles if r[2].name not in owners and r[0] < at]
        if roles:
            return Speaker(roles[-1][2].name, "PER")
        meant = self.pronoun(at, gender) if gender in SEXES else None
        return meant if meant is not None and meant.name not in owners else None

    def _addressee(self, mention: Mention) -> bool:
        """True for a Russian organisation named in the dative: the outlet spoken to
        ("«Главреду» сообщила пресс-служба", "рассказал «Ведомостям»"), not a speaker."""
        return self.lang == "ru" and dative(mention.surface.split()[0])

    @functools.cached_property
    def _nouns(self) -> dict[str, str]:
        return role_rules.introducing_nouns(self.text, self.orgs)

    def canonical(self, speaker: Speaker, at: int) -> Speaker:
        """A resolved speaker's name as the article writes it in full (:func:`full_name`)."""
        return full_name(speaker, at, self.text, self.lang, self.mentions, self.orgs, self.persons)

    def cited(self, start: int, end: int) -> Speaker | None:
        """Who "цитирует A B" cites: the person named in ``text[start:end]`` or by a role before
        the outlet ("французского лидера агентство AFP"), else the last organisation with words
        before it (the outlet quoting comes first: "РИА Новости пресс-службу МЧС"); None
        otherwise ("цитирует Интерфакс")."""
        inside = [m for m in self.mentions if start <= m.start < end]
        persons = [m for m in inside if m.type == "PER"]
        if persons:
            return Speaker(persons[0].name, "PER")
        bodies = [
            m for m in inside if m.type in ("ORG", "LOC") and self.text[start : m.start].strip()
        ]
        if not bodies:
            return None
        # "цитирует французского лидера агентство AFP": the role named before the outlet
        lead = self.resolve(start, bodies[-1].start, start)
        if lead is not None and lead.type == "PER":
            return lead
        return Speaker(bodies[-1].name, bodies[-1].type)

    def resolve_subject(self, start: int, end: int, gender: str | None) -> Speaker | None:
        """The speaker named by the words before a speech verb (``text[start:end]``).

        The words just before the verb after the last comma win ("after meeting Mark Rutte,
        the US President said" is the president); when the verb follows a comma, the subject
        is the first part naming a person ("Peter Gordon, the chairman of Glenfiddich, said",
        "Bonhams' head of whisky, Martin Green, said"); otherwise the whole phrase."""
        near = _PRONOUN_BEFORE.search(self.text, start, end) if self.lang == "en" else None
        if near is not None:  # "the predecessor he referred to as": he, not a name before him
            return self.pronoun(near.start(1), PRONOUNS[near.group(1).lower()])
        phrase = _PARTY_STATE.sub(lambda m: " " * len(m.group()), self.text[start:end])
        cuts = [start] + [start + m.end() for m in re.finditer(r",\s*", phrase)]
        last = cuts[-1]
        # "Biden pushed back against … Trump's trial, saying "…"", "Rouhani criticized Trump and
        # warned "…"": a participle or a second verb shares the clause's subject, its first
        # person, not the one nearest the verb (the object of the verb before)
        nearest = not (self.lang == "en" and _SHARED_SUBJECT.match(self.text, end))
        if len(cuts) > 1 and _OF_PLACE.match(self.text, last):
            # "Dr Rebecca Fitzgerald, of the Medical Research Council in Cambridge said": the
            # part after the comma says where the person works (its closing comma lost)
            found = self.resolve(cuts[-2], last, end, gender, subject=True)
            if found is not None and found.type == "PER":
                return found
        relative = next((c for c in cuts[1:] if _RELATIVE.match(self.text, c)), None)
        english = self.lang == "en" and relative is not None and not self.text[last:end].strip()
        if english and relative is not None and cuts[1:2] == [relative]:
            # "The Minnesota senator, who is white, told MSNBC": the subject before "who"
            found = self.resolve(start, relative, end, gender, subject=True)
            if found is not None and found.type is not None:
                return found
        if relative is not None and self.lang == "ru":
            # "Помощник Клинтон …, который в среду посетил Белград, заявил": the subject is
            # before the relative clause, not the place in it
            found = self.resolve(start, relative, end, gender, subject=True)
            if found is not None:
                return found
        if self.text[last:end].strip() and len(cuts) > 1:
            found = self.resolve(last, end, end, gender, subject=nearest)
            if found is not None:
                return found
        elif len(cuts) > 2:
            chunks = list(itertools.pairwise(cuts))
            for k, (lo, hi) in enumerate(chunks):  # a part that is a name and nothing else
                name = self.text[lo:hi].strip(" ,")
                if any(m.type == "PER" and m.surface == name for m in self.mentions):
                    return self.resolve(lo, hi, end, gender, subject=True)
                apposed = [m for m in self.orgs if m.surface == name and lo <= m.start < hi]
                persons = [m for m in self.persons if start <= m.start < end]
                if apposed and k and not persons and self._role_in(*chunks[k - 1]):
                    # "The US ambassador to the UN, Nikki Haley, said" (the name tagged ORG)
                    return Speaker(apposed[0].name, apposed[0].type)
                named = [m for m in self.mentions if m.surface == name and lo <= m.start < hi]
                role_after = k + 1 < len(chunks) and self._role_in(*chunks[k + 1])
                if named and not persons and role_after:
                    # "Kemi Badenoch, the Conservative leader, said" (the name tagged a place):
                    # a name a person's role describes is that person, not the party in the role
                    return Speaker(named[0].name, "PER")
            for lo, hi in chunks:
                if self._free([m for m in self.mentions if lo <= m.start < hi], "PER", lo):
                    return self.resolve(lo, hi, end, gender, subject=nearest)
        body = None if nearest or self.lang != "en" else self.opening_body(start, end)
        return body or self.resolve(start, end, end, gender, subject=nearest)

    def _role_in(self, start: int, end: int) -> bool:
        """True when English ``text[start:end]`` holds a word naming a person's role."""
        return self.lang == "en" and any(
            role_word(w.lower(), self.lang) and w.lower() not in INSTITUTIONS
            for w in WORD.findall(self.text[start:end])
        )

    def _person_of(self, roles: list[str], words: list[str], org: Mention) -> bool:
        """True when ``words`` are "the <organisation> <person's role>" ("the Microsoft
        founder", "the club's manager": someone known) and the last speaker heard is a person."""
        people = [r for r in roles if r not in INSTITUTIONS and not _SPOKES.fullmatch(r)]
        last = self.heard[-1][1] if self.heard else None
        if not people or words[0] != "the" or words[-1] not in people:
            return False  # "A Department of Health source said": no one heard before
        return last is not None and last.type == "PER"
