"""The faster taggers find exactly the spans the libraries' own calls find.

English: ``ner_decode`` (spaCy's recogniser decoded in bulk) against ``nlp(text).ents``, one
text at a time and in batches, and ``ner_embed``'s token vectors against thinc's (equal but for
the last bits: numpy's matrix products, not thinc's). Russian:
``ner_ru_tagger`` (natasha's network and CRF run directly, on one BLAS thread) against natasha's
``Doc`` with segmentation, and its scores and tags against slovnet's. On the shared data
(AGGREGATOR_SHARED_DATA), the first 80 crossling-dev articles of the language too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from razdel import tokenize

from aggregator.language import ner_embed, ner_en, ner_ru
from aggregator.language.ner_decode import decoder
from aggregator.language.ner_embed import embedder, one_blas_thread
from aggregator.language.ner_ru_tagger import tokens_of

ENGLISH = [
    "",
    "  \n ",
    "Boris",
    "Boris Johnson",
    "Boris Johnson met Emmanuel Macron in Paris on Tuesday.\n\nThe Foreign Office said the"
    " talks with the European Union would continue in Brussels next week.",
    "Russia's foreign minister, Sergei Lavrov, told reporters in Ankara that NATO and the"
    ' United Nations had been warned. "We will respond," Lavrov said.\n\nMr Lavrov flew on'
    " to Cairo, where he met Egypt's president, Abdel Fatah al-Sisi, and the Arab League.",
    "STORM CIARAN: Cornwall and Devon braced for 90mph gusts as the Met Office issued an amber"
    " warning; National Rail said trains from London Paddington would be cancelled.",
]
RUSSIAN = [
    "",
    "Министр иностранных дел России Сергей Лавров провёл переговоры в Анкаре с главой МИД"
    " Турции. По словам Лаврова, Москва готова к диалогу с Евросоюзом и НАТО.",
    "«Газпром» и концерн «Фольксваген» (Volkswagen) подписали соглашение в Санкт-Петербурге.\n"
    "— Мы готовы, — заявила Мария Захарова.",
]


def _shared_texts(lang: str) -> list[str]:
    data = os.environ.get("AGGREGATOR_SHARED_DATA")
    path = Path(data or "/nonexistent") / "crossling-dev" / "articles.jsonl"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [r["text"] for r in rows if r["language"] == lang][:80]  # a sample, for time


def test_english_spans_equal_spacys_own_one_by_one() -> None:
    for text in ENGLISH:
        assert ner_en.raw_spans(text) == ner_en.spacy_spans(text), text


def test_english_spans_are_the_same_in_a_batch_as_alone() -> None:
    texts = ENGLISH * 2
    alone = [decoder(ner_en.model()).spans([t])[0] for t in texts]
    assert decoder(ner_en.model()).spans(texts) == alone
    assert any(alone)  # the texts do have entities


def test_english_token_vectors_equal_thincs_to_the_last_bits() -> None:
    # numpy's products sum in another order than thinc's BLIS: equal within float32 rounding
    nlp = ner_en.model()
    tok2vec = decoder(nlp).tok2vec
    ours = embedder(tok2vec)
    assert ours is not None  # the installed model has the shape ner_embed reproduces
    for text in [t for t in ENGLISH if t.strip()] + _shared_texts("en")[:40]:
        doc = nlp.make_doc(text)
        theirs = tok2vec.predict([doc])
        with one_blas_thread():
            vectors = ours(doc)
        assert vectors.shape == theirs.shape
        assert np.allclose(vectors, theirs, rtol=1e-4, atol=1e-4), text[:80]


def test_english_token_vectors_do_not_depend_on_the_texts_repeats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the first layer runs once a distinct token: a token's vector must not change with how
    # many distinct tokens its text has (OpenBLAS multiplies very few rows another way)
    nlp = ner_en.model()
    ours = embedder(decoder(nlp).tok2vec)
    assert ours is not None
    words = "the talks would continue in Brussels next week with Russia".split()
    texts = [" ".join(words[:k] * (60 // k)) for k in (1, 2, 3, 5, 10)] + ENGLISH[4:]
    with one_blas_thread():
        once = [ours(nlp.make_doc(text)) for text in texts]
        monkeypatch.setattr(ner_embed, "FEW_DISTINCT", 10**9)  # every token through it
        every = [ours(nlp.make_doc(text)) for text in texts]
    for text, a, b in zip(texts, once, every, strict=True):
        assert np.array_equal(a, b), text[:80]


def test_english_lower_layer_equals_spacys_to_the_last_bits() -> None:
    found = decoder(ner_en.model())
    vectors = np.random.default_rng(0).normal(size=(7, 64)).astype("float32")
    ours, theirs = found._lower(vectors), found.lower.predict(vectors)
    assert ours.shape == theirs.shape
    assert np.array_equal(ours[0], theirs[0])  # the padding row
    assert np.allclose(ours, theirs, rtol=1e-5, atol=1e-5)


def test_english_decoding_follows_the_models_scores_inside_an_entity() -> None:
    spans = ner_en.raw_spans(ENGLISH[4])
    assert (0, len("Boris Johnson"), "PERSON") in spans  # Begin, then Last: a two-token entity


@pytest.mark.skipif(
    not _shared_texts("en"), reason="AGGREGATOR_SHARED_DATA does not point at crossling-dev"
)
def test_english_spans_equal_spacys_own_on_real_articles() -> None:
    texts = _shared_texts("en")
    ours = decoder(ner_en.model()).spans(texts[:40]) + [ner_en.raw_spans(t) for t in texts[40:]]
    assert ours == [ner_en.spacy_spans(t) for t in texts]


def test_russian_spans_equal_natashas_doc() -> None:
    for text in RUSSIAN + _shared_texts("ru"):
        assert ner_ru.raw_spans(text) == ner_ru.doc_spans(text), text[:80]
    assert ner_ru.raw_spans(RUSSIAN[1])


def test_russian_network_and_crf_equal_slovnets_bit_for_bit() -> None:
    tagger = ner_ru._tagger()
    crf = tagger.model.head.crf
    for text in RUSSIAN[1:] + _shared_texts("ru")[:40]:
        ids = np.array([tagger.ids(token.text) for token in tokenize(text)])
        word_id, shape_id = ids[None, :, 0], ids[None, :, 1]
        mask = word_id == tagger.pad_id
        with ner_ru._threads().limit(limits=1, user_api="blas"):
            theirs = tagger.model(word_id, shape_id, mask)
            ours = tagger.network(word_id, shape_id)
        assert np.array_equal(ours, theirs[0]), text[:80]
        assert tagger.viterbi(ours, ~mask[0]) == crf.decode(theirs, ~mask)[0].tolist()


def test_russian_crf_follows_the_mask_as_slovnet_does() -> None:
    tagger = ner_ru._tagger()
    rng = np.random.default_rng(0)
    emissions = rng.normal(size=(1, 12, len(tagger.columns))).astype("float32")
    mask = np.ones((1, 12), dtype=bool)
    mask[0, 5] = mask[0, 9:] = False  # padded or masked words
    expected = tagger.model.head.crf.decode(emissions, mask)[0].tolist()
    assert tagger.viterbi(emissions[0], mask[0]) == expected


def test_russian_tokens_equal_razdels() -> None:
    # razdel's rules join atoms with no space between them: marks, numbers, hyphens, smileys
    glued = "ΔP mβж, yahoo! 3,5 млн; 1/2 — кто-то :-) x_y ?! «Мир»—всем... 2.5%"
    for text in [*RUSSIAN, *_shared_texts("ru"), glued, "", "  "]:
        ours = [(t.start, t.stop, t.text) for t in tokens_of(text)]
        assert ours == [(t.start, t.stop, t.text) for t in tokenize(text)], text[:80]
