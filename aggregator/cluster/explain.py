"""Why an article went where it did: its candidate events and the figures the decision used.

Input: a ``state.ClusterState`` and one ``ClusterDoc`` (clustered or not). Output:
``Candidate`` records, best first, whose ``score`` (the average linkage ``assign`` compares with
its thresholds) is split into the parts that make it: ``term_part`` (TF-IDF cosines) plus
``embedding_part`` (sentence-embedding cosines, when on); ``margin_part`` is what the link
margin adds when events merge; ``decision`` says which threshold it passes. Candidates come in
the order ``assign`` ranks them (``_rank``: on an exactly equal linkage the older event first).
Pure: reads the state, changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from aggregator.cluster import score
from aggregator.cluster.index import dot, pack, top_terms
from aggregator.cluster.records import Candidate
from aggregator.cluster.settings import ClusterSettings
from aggregator.cluster.text import language_of_doc, readable
from aggregator.language.bridge import bridge_words
from aggregator.records import ClusterDoc

if TYPE_CHECKING:
    from aggregator.cluster.state import ClusterState


def decision(
    linkage: float, links: int, margin: float, copy: bool, settings: ClusterSettings
) -> str:
    """Which rule a candidate's figures pass, in the words of the thresholds."""
    if copy:
        return f"near-copy: best article cosine >= copy_threshold {settings.copy_threshold:.3f}"
    if linkage >= settings.join_threshold:
        return f"joins: linkage >= join_threshold {settings.join_threshold:.3f}"
    if score.joins(linkage, links, settings):
        return (
            f"joins: {links} mutual links >= join_links {settings.join_links} and linkage >= "
            f"merge_threshold {settings.merge_threshold:.3f}"
        )
    if linkage + margin >= settings.merge_threshold:
        return (
            f"may merge: linkage + margin >= merge_threshold {settings.merge_threshold:.3f} "
            "(merges weigh whole events)"
        )
    return "below the thresholds"


def explain_candidates(state: ClusterState, doc: ClusterDoc, limit: int = 10) -> list[Candidate]:
    """Candidate events for ``doc`` with the components of their scores, best first."""
    settings = state.settings
    graph = state._graph
    docs = state._docs
    stories = graph.stories
    k = settings.neighbours
    vec = state.vector(doc)
    top = state._heaviest(vec)
    sims = state._similar_docs(vec, top, doc.published, doc.article_id, pack(vec))
    stored = docs.get(doc.article_id)
    own: Mapping[int, float]
    if stored is not None:
        own = stories[stored.story].neighbours
        mutual = graph.mutual(stories[stored.story])
    else:  # the links the article would get: its nearest stories that would take it back
        nearest = graph.story_sims(sims, -1)
        own = dict(sorted(nearest.items(), key=lambda kv: (-kv[1], kv[0]))[:k])
        mutual = {
            sid: sim
            for sid, sim in own.items()
            if len(stories[sid].neighbours) < k or sim >= stories[sid].floor
        }
    best_aid = max(sims, key=lambda a: (sims[a], -a), default=None)
    copy_event = None
    if best_aid is not None and sims[best_aid] >= settings.copy_threshold:
        copy_event = stories[docs[best_aid].story].event
    by_event: dict[str, list[float]] = {}
    for aid, sim in sims.items():
        by_event.setdefault(stories[docs[aid].story].event, []).append(sim)
    if stored is not None:
        by_event.setdefault(stories[stored.story].event, [])
    bridge = state.bridge
    language = language_of_doc(doc)
    raw = bridge.keys_of(doc.article_id, doc.title, doc.text, language)
    if bridge.active:  # events in other languages sharing the article's bridge keys
        for aid in bridge.sharing(raw, language):
            if aid in docs and state._near(doc.published, docs[aid].published):
                by_event.setdefault(stories[docs[aid].story].event, [])
    out = []
    for key, event_sims in by_event.items():
        event = graph.events[key]
        linked = {s: v for s, v in mutual.items() if stories[s].event == key}
        possible = score.possible_links(1, len(event.stories), k)
        term = embedding = margin = 0.0
        for sid, sim in linked.items():
            part = _embedding_part(state, doc.article_id, stories[sid].members, sims)
            term += sim - part
            embedding += part
            margin += score.link_weight(sim, own, stories[sid].neighbours, settings) - sim
        total = graph.total(event)
        headline = state.label(key).headline
        linkage = (term + embedding) / possible
        found = bridge.against(raw, language, graph.members(key)) if bridge.active else None
        out.append(
            Candidate(
                key,
                linkage,
                len(linked),
                max(event_sims, default=0.0),
                dot(vec, total) / math.sqrt(max(dot(total, total), 1e-9)),
                fuzz.token_set_ratio(doc.title, headline) / 100.0,
                readable(
                    (t for t in top_terms(vec, 10) if t in total),
                    (doc.title, doc.text, headline),
                ),
                headline,
                term_part=term / possible,
                embedding_part=embedding / possible,
                margin_part=margin / possible,
                possible_links=possible,
                decision=decision(
                    linkage, len(linked), margin / possible, key == copy_event, settings
                ),
                bridge_score=found.score if found else 0.0,
                bridge_keys=_spelled(found.shared, doc, language, state, key) if found else (),
            )
        )
    out.sort(key=lambda c: _rank(c, graph.events[c.event_key].order))
    return out[:limit]


def _rank(cand: Candidate, order: int) -> tuple[float, float, float, int]:
    """Best first, as ``assign`` chooses: the higher linkage, and on an exactly equal linkage
    the older event (created first; ``EventGraph.linkage``). Candidates without a link (linkage
    0, which ``assign`` never joins on) follow by bridge score, then best article cosine, then
    age. Event keys are never compared as text ("e10" is not older than "e9")."""
    if cand.score > 0:
        return (-cand.score, 0.0, 0.0, order)
    return (0.0, -cand.bridge_score, -cand.best_article, order)


def _embedding_part(
    state: ClusterState, article_id: int, members: list[int], sims: Mapping[int, float]
) -> float:
    """The embedding share (weight times cosine) of the link to a story: taken on the member
    pair the link's similarity comes from (the closest member), 0 with embeddings off or
    missing."""
    vectors = state._embeddings
    if vectors is None or article_id not in vectors:
        return 0.0
    mine = vectors[article_id]
    scored = [m for m in members if m in vectors]
    if not scored:
        return 0.0
    closest = max(scored, key=lambda m: (sims.get(m, -1.0), -m))
    return state.settings.embedding_weight * float(mine @ vectors[closest])


def _spelled(
    keys: tuple[str, ...], doc: ClusterDoc, language: str, state: ClusterState, event: str
) -> tuple[str, ...]:
    """Each shared bridge key with the words the article and the event's other-language
    articles (headline and opening) wrote it as: ``"lavr: Лаврова / Lavrov"``."""
    mine = bridge_words(doc.title, doc.text, language)
    theirs: dict[str, list[str]] = {}
    for aid in state._graph.members(event):
        other = state.bridge.language.get(aid)
        if other is None or other == language:
            continue
        item = state._docs[aid]
        for key, words in bridge_words(item.title, item.lead, other).items():
            seen = theirs.setdefault(key, [])
            seen.extend(w for w in words if w not in seen)
    out = []
    for key in keys:
        left = ", ".join(mine.get(key, [])[:2]) or "?"
        right = ", ".join(theirs.get(key, [])[:2]) or "?"
        out.append(f"{key}: {left} / {right}")
    return tuple(out)
