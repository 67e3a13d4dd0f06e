"""natasha's Russian NER tagger (slovnet's news model), called with less work around the network.

``NewsNERTagger(text)`` tokenises with razdel through slovnet's own token records, encodes each
word afresh, pads a batch of one, runs the network, decodes the CRF with a loop of ten numpy
calls a token, turns the tags into strings and back, and finds each token in the text again.
Here the network (navec embeddings, three convolutions, the projection) makes slovnet's
matrix products on the same arrays, on one BLAS thread, without its transposes and copies; and
around it:

* razdel's tokens are used as they come, with their offsets, made with less work around its
  rules (``tokens_of``);
* a word's ids (navec's vocabulary, the word's shape) are remembered per word;
* the CRF's Viterbi decoding makes slovnet's sums in slovnet's order, in float32, so it picks
  the same tags, with fewer numpy calls per token (ties go to the first tag, as ``argmax``);
* the tags become spans by slovnet's own rules (``bio_spans``: an I- tag only extends an open
  span, whatever its type).

``tests/language/test_ner_decode.py`` checks that the spans equal natasha's own on real
articles.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Span = tuple[int, int, str]  # character start, end, natasha type
Splitter = Callable[[str], list[int]]  # a token's text -> where to cut it (offsets in it)


@dataclass(frozen=True)
class Piece:
    """A part of a razdel token cut by a ``Splitter`` (razdel's own tokens have these fields)."""

    start: int
    stop: int
    text: str


class Tagger:
    """The parts of a loaded natasha ``NewsNERTagger`` this module calls."""

    def __init__(self, ner: Any) -> None:
        infer = ner.infer
        self.model = infer.model
        words, shapes = infer.encoder.words_vocab, infer.encoder.shapes_vocab
        self.pad_id = words.pad_id
        tags = list(infer.decoder.tags_vocab.items)
        self.parts = [tag.split("-", 1)[0] if "-" in tag else tag for tag in tags]
        self.types = [tag.split("-", 1)[1] if "-" in tag else "" for tag in tags]
        self.transitions = self.model.head.crf.transitions.array
        self.columns = np.arange(len(tags))
        from slovnet.shape import word_shape

        @functools.lru_cache(maxsize=200_000)
        def ids(word: str) -> tuple[int, int]:
            return words.encode(word.lower()), shapes.encode(word_shape(word))

        self.ids = ids

    def spans(self, text: str, split: Splitter | None = None) -> list[Span]:
        """The spans natasha's tagger finds in ``text`` (the caller limits the BLAS threads).
        With ``split``, a token is first cut where it says (words glued by a page's text
        extraction: "ПутинаВо"), each part a token of its own."""
        tokens: list[Any] = tokens_of(text)
        if split is not None:
            tokens = [piece for token in tokens for piece in _cut(token, split)]
        if not tokens:
            return []
        ids = np.array([self.ids(token.text) for token in tokens])
        word_id, shape_id = ids[None, :, 0], ids[None, :, 1]
        pad_mask = word_id == self.pad_id
        if pad_mask.any():  # a word spelt "<pad>": slovnet's own call, which masks it
            emissions = self.model(word_id, shape_id, pad_mask)[0]
        else:
            emissions = self.network(word_id, shape_id)
        tags = self.viterbi(emissions, ~pad_mask[0])
        return self._spans(tokens, tags)

    def network(self, word_id: Any, shape_id: Any) -> Any:
        """The tag scores of each token (tokens x tags), as slovnet's model computes them for a
        batch of one without padding, its arrays kept token-major: the same matrix products on
        the same windows (so the same numbers), without its transposes, padding copies and
        masking."""
        x = self.model.emb(word_id, shape_id)[0]  # tokens x features
        for layer in self.model.encoder.layers:
            conv, norm = layer.conv, layer.norm
            filters, channels, kernel = conv.weight.shape
            padded = np.zeros((len(x) + 2 * conv.padding, channels), dtype=x.dtype)
            padded[conv.padding : conv.padding + len(x)] = x
            step, unit = padded.strides
            windows = np.lib.stride_tricks.as_strided(
                padded,
                shape=(len(padded) - kernel + 1, channels, kernel),
                strides=(step, unit, step),
                writeable=False,
            ).reshape(-1, channels * kernel)
            weight = conv.weight.array.reshape(filters, channels * kernel)
            x = np.matmul(windows, weight.T) + conv.bias.array
            x = x.clip(0)
            x = (x - norm.mean.array) / norm.std.array * norm.weight.array + norm.bias.array
        return self.model.head.proj(x)

    def viterbi(self, emissions: Any, mask: Any) -> list[int]:
        """slovnet's ``CRF.decode`` for one sequence: the same float32 sums in the same order
        (score of the previous tag + transition, then + emission), the first best on ties."""
        score = emissions[0]
        history = []
        columns = self.columns
        for index in range(1, len(emissions)):
            step = score[:, None] + self.transitions
            step += emissions[index]
            best = step.argmax(0)
            history.append(best)
            if mask[index]:
                score = step[best, columns]
        size = int(mask.sum()) - 1
        tag = int(score.argmax())
        tags = [tag]
        for best in reversed(history[:size]):
            tag = int(best[tag])
            tags.append(tag)
        tags.reverse()
        return tags

    def _spans(self, tokens: list[Any], tags: list[int]) -> list[Span]:
        out = []
        kind = ""
        start = stop = 0
        for token, tag in zip(tokens, tags, strict=False):
            part = self.parts[tag]
            if part == "O":
                if kind:
                    out.append((start, stop, kind))
                    kind = ""
            elif part == "B":
                if kind:
                    out.append((start, stop, kind))
                kind, start, stop = self.types[tag], token.start, token.stop
            elif part == "I":
                stop = token.stop
        if kind:
            out.append((start, stop, kind))
        return out


def tokens_of(text: str) -> list[Piece]:
    """razdel's tokens of ``text``, as ``list(razdel.tokenize(text))`` gives them (the same
    starts, stops and texts), in four fifths of the time. razdel cuts the text into atoms
    (words, numbers, single marks) and asks its rules whether to join two atoms only where no
    space parts them; here its rules are asked, with the same atoms around, only there, and
    a token's text is read from the text, not found in it again."""
    from razdel import tokenize
    from razdel.segmenters.tokenize import ATOM, Atom, TokenSplit

    found = list(ATOM.finditer(text))
    if not found:
        return []
    made: dict[int, Any] = {}

    def atoms(first: int, stop: int) -> list[Any]:  # razdel's atoms first..stop-1
        for k in range(max(0, first), min(stop, len(found))):
            if k not in made:
                m = found[k]
                made[k] = Atom(m.start(), m.end(), m.lastgroup, m.group())
        return [made[k] for k in range(max(0, first), min(stop, len(found)))]

    out = []
    start, stop = found[0].span()
    for k in range(1, len(found)):
        if found[k].start() == stop:  # no space: razdel's rules, on razdel's window of three
            split = TokenSplit(atoms(k - 3, k), "", atoms(k, k + 3))
            split.buffer = text[start:stop]
            if tokenize.join(split):
                stop = found[k].end()
                continue
        out.append(Piece(start, stop, text[start:stop]))
        start, stop = found[k].span()
    out.append(Piece(start, stop, text[start:stop]))
    return out


def _cut(token: Any, split: Splitter) -> list[Any]:
    """``token`` as it is, or its parts where ``split`` cuts it."""
    points = split(token.text)
    if not points:
        return [token]
    edges = [0, *points, len(token.text)]
    return [
        Piece(token.start + a, token.start + b, token.text[a:b])
        for a, b in itertools.pairwise(edges)
    ]
