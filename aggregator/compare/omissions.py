"""What most other outlets of an event have and one outlet lacks (``event`` module docstring:
the consensus rule, and what counts as present)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence

from aggregator.compare.same_names import country, country_forms, same_body
from aggregator.language.translit import latin_key
from aggregator.records import ArticleEntity, CompareArticle, Omission

_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d{2,}(?:\.\d+)?")
#: a number of four digits from 1800 to 2099 written without separators: a year ("in 2018")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_ACRONYM = re.compile(r"(?:[A-ZА-ЯЁ]\.?){2,5}")
_SAID = (
    r"(?:(?:has|have|had|also)\s+)?(?:said|says|told|tells|stated|states|announced|added|"
    r"warned|claimed|confirmed|denied|insisted|noted|replied|responded|denounced|called|urged|"
    r"vowed)"
)


def entity_forms(named: Sequence[ArticleEntity]) -> dict[str, set[str]]:
    """The event's name of each entity -> its name and every form an article wrote it in; a
    country's also every form of ``same_names.COUNTRIES`` ("Russian Federation" is "Russia")."""
    forms: dict[str, set[str]] = {}
    for entity in named:
        found = forms.setdefault(entity.name, {entity.name})
        found.update(entity.surfaces)
        if entity.type != "PER":
            found.update(country_forms(country(entity.name) or ""))
    return forms


def omissions(
    by_outlet: dict[str, list[CompareArticle]],
    outlets: list[str],
    entities: dict[str, Counter[str]],
    speakers: dict[str, Counter[str]],
    forms: dict[str, set[str]],
    full_text: Callable[[CompareArticle], str],
    credits: Collection[str] = (),
    selves: Mapping[str, Collection[str]] | None = None,
) -> list[Omission]:
    """Items most other outlets have and one outlet lacks (see the module docstring); the
    news organisations of ``credits`` are sources credited, never omitted entities or speakers;
    ``selves``: an outlet's slug -> its own names, which it is never charged with (``_itself``).
    A year is no number item (see ``_YEAR``): "2018" beside a date is context, not a figure."""
    if len(outlets) < 3:
        return []
    raw = {o: "\n".join(full_text(a) for a in by_outlet[o]) for o in outlets}
    texts = {o: text.casefold() for o, text in raw.items()}
    written = {o: _NUMBER.findall(texts[o]) for o in outlets}
    every_number = {o: {n.replace(",", "") for n in written[o]} for o in outlets}
    numbers = {
        o: {n.replace(",", "") for n in written[o] if not _YEAR.fullmatch(n)} for o in outlets
    }
    found: list[Omission] = []
    for outlet in outlets:
        if all(a.summary_only for a in by_outlet[outlet]):
            continue
        others = [o for o in outlets if o != outlet]
        needed = max(2, (len(others) + 1) // 2)
        kinds: tuple[tuple[str, Mapping[str, Collection[str]]], ...] = (
            ("entity", entities),
            ("speaker", speakers),
            ("number", numbers),
        )
        for kind, have in kinds:
            items: Counter[str] = Counter(item for o in others for item in have[o])
            mine = every_number[outlet] if kind == "number" else have[outlet]
            for item, count in items.items():
                if count < needed or item in mine:
                    continue
                if kind != "number" and item in credits:
                    continue
                if kind != "number" and _itself(forms.get(item, {item}), selves, outlet):
                    continue
                if kind == "entity" and any(
                    _written(raw[outlet], texts[outlet], f) for f in forms.get(item, {item})
                ):
                    continue
                if kind == "speaker" and _speaks(raw[outlet], forms.get(item, {item})):
                    continue
                present = tuple(o for o in others if item in have[o])
                found.append(Omission(outlet, kind, item, present))
    found.sort(key=lambda m: (outlets.index(m.outlet), m.kind, m.item))
    return found


def _itself(
    forms: Collection[str], selves: Mapping[str, Collection[str]] | None, outlet: str
) -> bool:
    """Whether a form of the item is one of the outlet's own names, as written (Latin key) or
    as the same body ("Russian Foreign Ministry" is the "Ministry of Foreign Affairs of the
    Russian Federation")."""
    names = (selves or {}).get(outlet, ())
    keys = {latin_key(name) for name in names}
    return any(
        latin_key(form) in keys or any(same_body(form, name) for name in names) for form in forms
    )


def _speaks(text: str, forms: Collection[str]) -> bool:
    """Whether the text has the speaker say something in so many words, in English ("the
    Foreign Office said", "said the Foreign Office", "according to the Foreign Office", "the
    Bank of Russia left its rate at 16%, saying …" in one sentence): a quote finder's miss is
    no omission."""
    for form in forms:
        if form not in text:
            continue  # not written at all: no pattern to compile (a new one costs ~1 ms)
        name = re.escape(form)
        said = rf"(?<!\w){name}\s+{_SAID}\b|\b{_SAID}\s+(?:the\s+)?{name}(?!\w)"
        according = rf"\baccording to\s+(?:the\s+)?{name}(?!\w)"
        saying = rf"(?<!\w){name}(?!\w)[^.!?\n]{{0,200}},\s+(?:\w+\s+)?(?:saying|citing)\b"
        if re.search(f"{said}|{according}|{saying}", text):
            return True
    return False


def _written(text: str, folded: str, form: str) -> bool:
    """Whether ``form`` occurs in the text as whole words; an acronym in capitals as written
    ("US" is not "us")."""
    if _ACRONYM.fullmatch(form):
        return _has_words(text, form)
    return _has_words(folded, form.casefold())


def _has_words(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as whole words ("UN" is not in "until")."""
    if phrase not in text:
        return False  # not written at all: no pattern to compile
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
