"""`aggregator cluster --explain`: one stored article -> the text that says why it went where
it did (its candidate events, the thresholds, each part of every score).

Reads the store through ``cluster.explain_article``; writes nothing. An article with versions in
other languages is in its event with them whatever its own figures say (docs/translations.md):
the text says so, so "no candidate events" or "below the thresholds" beside a ``*`` is not a
riddle.
"""

from __future__ import annotations

from aggregator.config import Settings
from aggregator.pipeline.cluster import (
    cluster_settings,
    explain_article,
    translation_group_events,
)


def render_explanation(settings: Settings, article_id: int) -> str:
    """One article's candidate events, the thresholds, and each part of every score, as text."""
    lines: list[str] = []
    echo = lines.append

    doc, key, candidates = explain_article(settings, article_id)
    rules = cluster_settings(settings)
    weight = rules.embedding_weight if settings.cluster_embeddings else 0.0
    echo(f"article {doc.article_id} [{doc.outlet}] {doc.title!r}")
    echo(f"  published {doc.published:%Y-%m-%dT%H:%M:%SZ}  event {key or '(none)'}")
    echo(
        f"thresholds: join_threshold {rules.join_threshold:.4f}; join_links "
        f"{rules.join_links} at merge_threshold {rules.merge_threshold:.4f}; copy_threshold "
        f"{rules.copy_threshold:.4f}; link_margin {rules.link_margin:g} (merges only); "
        f"across languages bridge_threshold {rules.bridge_threshold:.4f} with >= "
        f"{rules.bridge_keys} shared keys"
    )
    similarity = "TF-IDF cosine"
    if weight:
        similarity = f"{1 - weight:g} x TF-IDF cosine + {weight:g} x embedding cosine"
    echo(
        "linkage = sum over the article's mutual-neighbour links into the event of their "
        f"similarity ({similarity}) / possible links"
    )
    for cand in candidates:
        mark = "*" if cand.event_key == key else " "
        echo(
            f" {mark} {cand.event_key:<12} linkage {cand.score:.4f} = terms "
            f"{cand.term_part:.4f} + embedding {cand.embedding_part:.4f}  "
            f"({cand.mutual_stories} of {cand.possible_links} possible links)"
        )
        echo(
            f"      merge weight {cand.score + cand.margin_part:.4f} = linkage "
            f"{cand.score:.4f} + margin {cand.margin_part:.4f}"
        )
        echo(f"      decision: {cand.decision}")
        echo(
            f"      best article {cand.best_article:.4f}  centroid cosine {cand.cosine:.4f}  "
            f"headline similarity {cand.title_similarity:.4f} (shown, not used)"
        )
        echo(f"      shared: {', '.join(cand.shared_terms[:8])}")
        if cand.bridge_keys:
            echo(
                f"      cross-lingual: bridge score {cand.bridge_score:.4f} over "
                f"{len(cand.bridge_keys)} shared keys: {'; '.join(cand.bridge_keys[:8])}"
            )
        echo(f"      {cand.headline}")
    if not candidates:
        echo("  no candidate events in its time window")
    group = translation_group_events(settings, article_id)
    if group:
        versions = ", ".join(
            f"article {member}{' (original)' if n == 0 else ''} in {event or '(none)'}"
            for n, (member, event) in enumerate(group)
        )
        echo(
            "translations: the versions of one document in several languages are put in one "
            f"event, whatever their own figures say (docs/translations.md): {versions}"
        )
    return "\n".join(lines)
