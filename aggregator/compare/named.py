"""The named entities of one event's articles, each under the name the event gives it.

Each article is tagged in its language (``CompareArticle.language``; when unknown, Russian if
its letters are mostly Cyrillic, else English) by :func:`aggregator.language.entities.
document_entities`, headline included; then :func:`merge_entities` joins the articles' entities
across the event, so "Sergei Lavrov" in one outlet, "Sergey Lavrov" in another and "Сергей
Лавров" in a third are one person with one name; then ``same_names`` joins a country's forms and
a body named with and without its country ("Russian Federation" is "Russia").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aggregator.compare.same_names import renamed, same_names
from aggregator.language.entities import Entity, document_entities, merge_entities
from aggregator.records import ArticleEntity, CompareArticle

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")


def article_language(article: CompareArticle) -> str:
    """Two-letter language of an article for the taggers ("en", "ru", ...)."""
    if article.language:
        return article.language.split("-")[0].split("_")[0].lower()
    sample = f"{article.title} {article.text[:2000]}"
    return "ru" if len(_CYRILLIC.findall(sample)) > len(_LATIN.findall(sample)) else "en"


def event_entities(articles: Sequence[CompareArticle]) -> list[ArticleEntity]:
    """Every article's entities (article order; most mentioned first) under the event's names."""
    found: list[list[Entity]] = [
        document_entities(a.text or a.lede, article_language(a), title=a.title) for a in articles
    ]
    merged = merge_entities(found)
    out: list[ArticleEntity] = []
    for article, entities in zip(articles, found, strict=True):
        joined: dict[str, ArticleEntity] = {}
        for entity in entities:
            event = merged[entity.key]
            previous = joined.get(event.key)
            surfaces = entity.surfaces
            mentions = entity.mentions
            if previous is not None:  # two spellings in one article, one entity of the event
                surfaces = tuple(dict.fromkeys(previous.surfaces + surfaces))
                mentions += previous.mentions
            joined[event.key] = ArticleEntity(
                article_id=article.article_id,
                outlet=article.outlet,
                name=event.name,
                type=event.type,
                key=event.key,
                mentions=mentions,
                surfaces=surfaces,
            )
        out.extend(sorted(joined.values(), key=lambda e: (-e.mentions, e.name)))
    return renamed(out, same_names((e.name, e.type, e.mentions) for e in out))
